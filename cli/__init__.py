"""The command line of the data layer, behind ``python -m store`` (see :mod:`cli.store`)."""
