"""Allow `python -m generator`."""

import sys

try:
    from .cli import main
except ModuleNotFoundError as missing:  # run by a Python the project was not installed into
    library = (missing.name or "").partition(".")[0]
    if library in ("", "generator"):
        raise  # a module of our own is missing: a bug, not the machine
    sys.exit(f"error: {library}, a library the generator needs, is not installed for this Python "
             f"({sys.executable}): install the project first (python3 -m venv .venv && .venv/bin/pip install -e .) "
             "and run it with .venv/bin/python -m generator")

sys.exit(main())
