"""One concept, one name (developers' guide): the package's tables name a standard error
``se`` and an interval's bounds ``ci_low`` / ``ci_high``, in model tables (``.tidy()``) as in
effect tables. The other tools' names (``std_error``, ``conf_low``, ``conf_high``, as R's
broom writes them) may appear only where export-check recognises tables an analyst brings."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OTHER = re.compile(r"\b(?:exp_)?(?:std_error|conf_low|conf_high)\b")
#: the one place allowed to know the other names
ALLOWED = {Path("mia_helpers/export_check.py")}


def _sources():
    for sub, pattern in (("mia_helpers", "*.py"), ("notebooks", "*.md"), ("book", "*.md")):
        yield from (ROOT / sub).rglob(pattern)
    yield ROOT / "README.md"


def test_no_second_name_for_se_and_interval_bounds():
    hits = [f"{p.relative_to(ROOT)}:{i}: {line.strip()}"
            for p in _sources() if p.relative_to(ROOT) not in ALLOWED
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if OTHER.search(line)]
    assert not hits, "\n".join(hits)


def test_model_tidy_uses_the_effect_tables_names():
    from mia_helpers.core.results import TIDY_COLUMNS, coefficient_table
    from mia_helpers.effects import TIDY_COLUMNS as EFFECT_COLUMNS

    t = coefficient_table(["a", "b"], np.array([0.1, -0.2]), np.array([0.05, 0.1]), 0.95,
                          "odds ratio")
    assert {"se", "ci_low", "ci_high"} <= set(t.columns) and list(t.columns) == list(TIDY_COLUMNS)
    assert {"ci_low", "ci_high"} <= set(EFFECT_COLUMNS)
