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


def test_coverage_sentence_agrees_with_a_single_shown_row():
    # item b: at min_cell 1 a count of 1 is shown; the sentence said "1 measure start ...
    # fall in a quarter in which their person ... does not hold them"
    from mia_helpers import describe
    from mia_helpers.disclosure import suppress

    def prot(meas, abb):
        log = pd.DataFrame({"table": ["vdab_registrations", "vdab_measures", "abb_inburgering"],
                            "rule": "no_ksz_row_in_quarter", "rows": [0, meas, abb]})
        return suppress(log, count_cols=["rows"], min_cell=1, name="test log")

    one = describe.register_coverage_sentence(prot(1, 0), [], 1)
    assert one.startswith("1 measure start in the window falls in a quarter in which its "
                          "person has no KSZ row")
    assert "does not hold it " in one
    many = describe.register_coverage_sentence(prot(1, 1), [], 1)
    assert "inburgering step in the window fall in a quarter in which their person" in many
    assert "does not hold them" in many
    big = describe.register_coverage_sentence(prot(1407, 0), [], 1)
    assert big.startswith("1,407 measure starts in the window fall in")


def test_manifest_hashes_the_exclusion_log(tmp_path):
    # item c: Appendix B's manifest hashed panel.parquet but not exclusion_log.csv
    import hashlib

    from mia_helpers import manifest as M

    d = tmp_path / "data"
    d.mkdir()
    pd.DataFrame({"x": [1.0]}).to_parquet(d / "panel.parquet")
    without = M.data_fingerprints(d)["fingerprint"]
    (d / "exclusion_log.csv").write_text("table,rule,rows\npersons,orphan_id,0\n")
    f = M.data_fingerprints(d)
    assert f["files"]["exclusion_log.csv"]["sha256"] == hashlib.sha256(
        (d / "exclusion_log.csv").read_bytes()).hexdigest()
    assert f["fingerprint"] != without
    (d / "exclusion_log.csv").write_text("table,rule,rows\npersons,orphan_id,3\n")
    assert M.data_fingerprints(d)["fingerprint"] != f["fingerprint"]
