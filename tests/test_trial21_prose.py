"""Book prose against its own tables on seed 9393 at min_cell 12 (trial session 21).

Each test rebuilds, on small hand-made inputs, the situation of the run (or of the brief's
known items), so that it fails on the old code.
"""

from __future__ import annotations

import pandas as pd
from test_prose_any_seed import _profile, _shares, _stable

from mia_helpers import claims


def _log(stays: object, censored: object = 10269) -> pd.DataFrame:
    # describe.exclusion_log appends " (kept)" to the SPELL_STAYS rule
    rows = [("persons", "no_ksz_quarter_in_window", 0, 30000),
            ("vdab_registrations", "orphan_id", 0, 54053),
            ("vdab_registrations", "censored_at_window_end (kept)", censored, None),
            ("vdab_registrations", "no_ksz_row_in_quarter (kept)", stays, None),
            ("vdab_measures", "duplicate_measure", 0, None)]
    return pd.DataFrame(rows, columns=["table", "rule", "rows", "of_rows"])


def test_exclusion_sentence_does_not_say_agree_beside_unplaced_registrations():
    # item a: registrations starting in a quarter without a KSZ row (SPELL_STAYS, shown
    # "(kept)") are a disagreement of VDAB and KSZ; the sentence said "the registers agree"
    s = claims.panel_claims(_log(1238), _profile(), _shares(), _stable())
    text = s["panel_exclusion_sentence"]
    assert "registers agree" not in text
    assert text.startswith("no rule excludes a record, but 1,238 VDAB registrations start")
    one = claims.panel_claims(_log(1), _profile(), _shares(), _stable())
    assert "1 VDAB registration starts in" in one["panel_exclusion_sentence"]
    hidden = claims.panel_claims(_log(float("nan")), _profile(), _shares(), _stable())
    assert "registers agree" not in hidden["panel_exclusion_sentence"]
    assert "hidden by disclosure control" in hidden["panel_exclusion_sentence"]
    # censored spells alone are no disagreement (this run: 10,269 censored, 0 unplaced)
    ok = claims.panel_claims(_log(0), _profile(), _shares(), _stable())
    assert ok["panel_exclusion_sentence"].startswith("no rule excludes a record: the "
                                                     "registers agree")
