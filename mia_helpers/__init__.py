"""Helper package of the MIA literate research report.

One module per job (book/design.md section 7):

- :mod:`mia_helpers.codes` - the code lists of every register (origins, positions, measures...).
- :mod:`mia_helpers.quarters` - quarter indices (2005Q1 = 0) to and from labels.
- :mod:`mia_helpers.synthetic` - the quarterly microsimulation that writes synthetic registers
  and the true effects (``truth/``).
- :mod:`mia_helpers.schemas` - pandera schemas and the register validation rules.
- :mod:`mia_helpers.panel` - DuckDB construction of the person-quarter panel.
- :mod:`mia_helpers.disclosure` - statistical disclosure control of published tables.
- :mod:`mia_helpers.disclosure_vocabulary` - which columns count persons or identify them
  (shared by ``disclosure`` and ``export_check``).
- :mod:`mia_helpers.export_check` - ``export-check``: the output check before anything leaves.
- :mod:`mia_helpers.params` - parsing (YAML 1.2 core) and type/range rules of parameters.
- :mod:`mia_helpers.files` - atomic writes, completion markers, locks, input fingerprints.
- :mod:`mia_helpers.cli` - ``python -m mia_helpers ...``, one module per subcommand.
"""

__version__ = "0.1.0"

import os as _os

if _os.environ.get("MIA_PROTECT_WARNINGS"):  # a worker of a chapter that protects its warnings
    from mia_helpers.disclosure import PROTECT_ENV as _ENV
    from mia_helpers.disclosure import protect_warnings as _protect

    _protect(int(_os.environ[_ENV]))
