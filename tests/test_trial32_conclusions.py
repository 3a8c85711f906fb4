"""Chapter 6's sentence on the relative effects' intervals reads the table (trial32: seed
6262, 2,500 residents, 900 newcomers, min_cell 12: the typed "where the newcomer sample is
small they are wide" spoke of the newcomers' interval beside a table that hid their relative
effect, with no rule for "small" or "wide")."""
from __future__ import annotations

import math
import re
from pathlib import Path

from mia_helpers import conclusions as cc

LEAK = re.compile(r"\bnan\b|\bNone\b|\bnone\b|\binf\b", re.IGNORECASE)
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "06_conclusions.md"


def _rows(newcomers_shown: bool, residents_shown: bool = True) -> dict:
    rows = {f.key: {"estimate": 30.0, "ci_low": 18.5, "ci_high": 43.0, "n_persons": 100,
                    "truth": 17.0} for f in cc.STUDY_FINDINGS}
    rows["ibo_residents_q5"].update(estimate=15.0, ci_low=-4.0, ci_high=34.0)
    rows["ibo_newcomers_q4"].update(estimate=40.0, ci_low=5.0, ci_high=75.0)
    for key, shown in (("ibo_newcomers_q4", newcomers_shown),
                       ("ibo_residents_q5", residents_shown)):
        if not shown:  # the chapter's own table hides it
            rows[key].update(estimate=math.nan, ci_low=math.nan, ci_high=math.nan,
                             note=cc.RELATIVE_HIDDEN)
    return rows


def _clause(**kw: bool) -> str:
    return cc.glue_texts(cc.findings_table(_rows(**kw), synthetic=True))["relative_widths"]


def test_relative_width_clause_follows_the_table():
    assert _clause(newcomers_shown=True) == ("here the residents' interval spans 38 percentage "
                                             "points and the newcomers' 70")
    hidden = _clause(newcomers_shown=False)
    assert hidden == ("here the residents' interval spans 38 percentage points; the "
                      "newcomers' relative effect is not shown")
    neither = _clause(newcomers_shown=False, residents_shown=False)
    assert neither.startswith("neither relative effect is shown here")
    for s in (hidden, neither):
        assert not LEAK.search(s)


def test_notebook_glues_the_clause():
    text = NOTEBOOK.read_text()
    assert "{glue:text}`ch6_relative_widths`" in text
    assert "sample is small they are wide" not in text


def test_width_is_that_of_the_printed_bounds():
    # trial32's run: the bounds printed "-4 % to 34 %" and the clause first read "spans 37"
    rows = _rows(newcomers_shown=False)
    rows["ibo_residents_q5"].update(ci_low=-3.6, ci_high=33.6)
    g = cc.glue_texts(cc.findings_table(rows, synthetic=True))
    assert "(-4 per cent to 34 per cent)" in g["ibo_residents_q5"]
    assert g["relative_widths"].startswith("here the residents' interval spans 38 percentage")
