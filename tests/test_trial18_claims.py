"""Book prose against its own tables on seed 6464 at min_cell 15 (trial session 18).

Each test rebuilds, on small hand-made tables, the situation the seed-6464 run showed, so that it
fails on the old wording.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims
from test_prose_any_seed import _profile, _shares, _stable


def _log(kept: object) -> pd.DataFrame:
    rows = [("persons", "no_ksz_quarter_in_window", 0, 30000),
            ("vdab_registrations", "orphan_id", 0, 50724),
            ("vdab_registrations", "censored_at_window_end (kept)", kept, None),
            ("vdab_measures", "duplicate_measure", 0, None)]
    return pd.DataFrame(rows, columns=["table", "rule", "rows", "of_rows"])


def test_exclusion_sentence_does_not_call_kept_records_zero():
    # seed 6464: "Here every count is zero: the registers agree" beside the log's 10,527
    # registrations and 723 measures censored at the window end (kept; open spells count there
    # since this session)
    s = claims.panel_claims(_log(10527), _profile(), _shares(), _stable())
    text = s["panel_exclusion_sentence"]
    assert "every count is zero" not in text
    assert text.startswith("no rule excludes a record") and "kept" in text
    # a hidden kept count is not zero either
    hidden = claims.panel_claims(_log(float("nan")), _profile(), _shares(), _stable())
    assert "every count is zero" not in hidden["panel_exclusion_sentence"]
    # with nothing kept the old sentence is still true
    none = claims.panel_claims(_log(0), _profile(), _shares(), _stable())
    assert none["panel_exclusion_sentence"] == "every count is zero: the registers agree"
