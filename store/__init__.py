"""``python -m store``: the command line of the data layer (a thin entry point; the commands live in
:mod:`cli.store`)."""
