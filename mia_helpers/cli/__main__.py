"""``python -m mia_helpers.cli``: the same command line as ``python -m mia_helpers`` (user43:
``python -m mia_helpers.cli --help`` stopped with "No module named mia_helpers.cli.__main__";
the package of the subcommands is the name a reader of :mod:`mia_helpers.cli` tries)."""

from mia_helpers.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
