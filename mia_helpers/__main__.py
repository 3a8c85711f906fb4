"""``python -m mia_helpers``: see :mod:`mia_helpers.cli`."""

from mia_helpers.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
