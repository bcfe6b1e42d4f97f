"""``python -m store COMMAND ...``: see :mod:`cli.store`."""
import sys

from cli.store import main

sys.exit(main())
