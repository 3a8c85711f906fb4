"""Trial fix13 (seed 4242, 2,500 residents, 1,200 newcomers, min_cell 10 and 20): tables and
sentences of chapters 4, 5 and 6 that published, or read, more than their tables let out.
Small hand-made tables with the trial's numbers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers.disclosure import checking_record, reset_record, suppress

ROOT = Path(__file__).resolve().parents[1]


# --- 1. chapter 5: the feeder table against the steps table ----------------------------------

def _periods(counts: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """One person-period per person: ``counts`` ground -> (persons, persons with the event)."""
    rows, pid = [], 0
    for ground, (n, events) in counts.items():
        for k in range(n):
            rows.append({"person_id": pid, "residence_ground": ground, "event": int(k < events)})
            pid += 1
    return pd.DataFrame(rows)


def _feeder(periods: pd.DataFrame, min_cell: int):
    """The feeder table as :func:`mia_helpers.newcomers.feeder_table` protects it (same
    columns, counts and rules), for the ground terms of ``periods`` but the reference."""
    grounds = sorted(set(periods["residence_ground"]) - {"eu_citizen"})
    g = periods.groupby("residence_ground")
    out = pd.DataFrame({
        "term": [f"residence_ground[{x}]" for x in grounds], "reference": "eu_citizen",
        "odds_ratio": 1.1, "ci_low": 0.8, "ci_high": 1.5, "p": 0.4,
        "n_persons": [int(g.get_group(x)["person_id"].nunique()) for x in grounds],
        "n_events": [int(g.get_group(x)["event"].sum()) for x in grounds],
        "identified": True, "not_identified": "", "df_resid": 10_000})
    return suppress(out, count_cols=["n_persons", "n_events"], min_cell=min_cell,
                    value_cols=["odds_ratio", "ci_low", "ci_high", "p"],
                    relations=[("n_persons", ["n_events"], False)], name="feeder model",
                    dof="df_resid")


def _steps(persons: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame({"residence_ground": list(persons), "n_persons": list(persons.values())})


def test_feeder_count_five_short_of_the_steps_count_is_hidden():
    """Trial: "Work" had 125 persons in the steps table and 120 in the feeder table, so 5
    persons (fewer than min_cell) were identifiable as left out of the feeder analysis."""
    from mia_helpers.linked_tables import feeder_against_steps

    reset_record()
    periods = _periods({"eu_citizen": (389, 300), "family": (334, 277), "work": (120, 85)})
    feeder = _feeder(periods, 10)
    assert not feeder.mask.any().any()  # the feeder table alone shows everything
    steps = _steps({"eu_citizen": 389, "family": 334, "work": 125})
    out = feeder_against_steps(feeder, periods, steps, min_cell=10)
    shown = out.data.set_index("term")
    work, family = "residence_ground[work]", "residence_ground[family]"
    assert pd.isna(shown.loc[work, "n_persons"])  # 125 - 120 = 5 no longer by subtraction
    assert shown.loc[work, ["odds_ratio", "ci_low", "ci_high", "p"]].isna().all()
    assert out.reason.loc[out.data["term"] == work, "odds_ratio"].item() == "derived"
    assert shown.loc[family, "n_persons"] == 334 and shown.loc[family, "odds_ratio"] == 1.1
    # what the reader can still deduce: the left-out persons span [1, min_cell - 1]
    n_persons_min = int(shown.loc[work, "n_events"])  # at least the events are at risk
    assert 125 - n_persons_min >= 10 - 1
    # the hidden cell is in the run's checking record, by suppress's own rules
    rec = checking_record().set_index("output")
    linked = [o for o in rec.index if "steps table" in o]
    assert len(linked) == 1 and rec.loc[linked[0], "complement"] >= 1
    assert rec.loc[linked[0], "status"] == "review"
    # the feeder table passed in is not modified
    assert feeder.data.set_index("term").loc[work, "n_persons"] == 120


def test_feeder_against_steps_keeps_what_no_difference_reveals():
    """A difference of min_cell or more, a ground whose steps count is hidden (no total to
    subtract from) and a feeder without ground terms change nothing."""
    from mia_helpers.linked_tables import feeder_against_steps

    periods = _periods({"eu_citizen": (389, 300), "family": (300, 250), "work": (120, 85)})
    feeder = _feeder(periods, 10)
    out = feeder_against_steps(feeder, periods, _steps({"family": 334, "work": "x"}), 10)
    assert not out.mask.any().any()
    assert out.data["n_persons"].tolist() == [300, 120]
    none = feeder.drop([]).data.assign(term=["sex[female]", "dutch[none]"])
    p = type(feeder)(none, feeder.reason, feeder.count_cols, 10, "feeder model")
    assert not feeder_against_steps(p, periods, _steps({"work": 125}), 10).mask.any().any()


def test_feeder_against_steps_names_periods_of_another_table():
    from mia_helpers.linked_tables import feeder_against_steps

    periods = _periods({"eu_citizen": (389, 300), "work": (120, 85)})
    feeder = _feeder(periods, 10)
    other = _periods({"eu_citizen": (389, 300), "work": (110, 85)})
    with pytest.raises(ValueError, match="periods the feeder model was fitted on"):
        feeder_against_steps(feeder, other, _steps({"work": 125}), 10)
    with pytest.raises(ValueError, match="n_persons"):
        feeder_against_steps(feeder, periods, pd.DataFrame({"residence_ground": ["work"]}), 10)


def test_chapter_5_publishes_the_feeder_table_against_the_steps_table():
    text = (ROOT / "notebooks" / "05_newcomer_integration.md").read_text()
    cell = text[text.index("periods = nc.feeder_periods(npanel)"):]
    cell = cell[:cell.index("```")]
    # since dpo37 through steps_and_feeder, which protects the steps table knowing the check
    assert "steps_and_feeder(" in cell and "published" in cell


# --- 2. chapter 5: the contract bound names the grounds it covers ----------------------------

def _contracts(n_contract, persons=(334, 251, 389, 101, 125)):
    steps = pd.DataFrame({"residence_ground": ["family", "asylum", "eu_citizen", "study",
                                               "work"],
                          "n_persons": list(persons), "n_contract": n_contract})
    return claims.contract_claims(steps, ("family", "asylum"))["nc_contract_sentence"]


def test_contract_bound_from_family_alone_does_not_speak_of_them():
    """Trial: "Family migrants and refugees are the obligated grounds: at least 97 contracts
    per hundred of them are signed; ...; the contract count of asylum is hidden ...: the
    obligated grounds sign more often than the others", bounded from family alone."""
    s = _contracts([334, None, 318, 88, 105])
    assert "of them" not in s and "the obligated grounds sign" not in s
    assert s.startswith("at least 97 contracts per hundred persons are signed on the family "
                        "ground; at most 88 per hundred for the grounds without an "
                        "obligation:")
    # not "the others": asylum, hidden, is one (seed13); the hidden count after the verdict,
    # which follows from the bounds (read47)
    assert s.endswith(": the family ground signs more often than the grounds without an "
                      "obligation (the contract count of asylum is hidden by disclosure "
                      "control)")
    # every obligated ground published: the short form stays
    assert _contracts([334, 240, 318, 88, 105]).startswith(
        "at least 95 contracts per hundred of them are signed")


def test_contract_bound_on_the_other_grounds_names_only_those_shown():
    s = _contracts([334, None, 318, None, 105])
    assert ("for the published grounds without an obligation" in s
            and "than the published grounds without an obligation" in s)
    s = _contracts([None, None, 318, None, 105])
    assert s.endswith("(of which those shown sign at most 84 contracts per hundred persons)")  # 105 of 125
    s = _contracts([40, None, 318, 88, 105])
    assert ("do not show the family ground signing more often than all grounds without an "
            "obligation") in s


# --- 3. chapter 4: the naive-bias sentence reads only the rows the bias table publishes -----

IBO, BASIC = "workplace_learning_ibo", "training_basic"


def _effects(n_basic_q6: int) -> pd.DataFrame:
    """IBO: naive 10 points above the truth, matched on it; basic training: naive 6 points
    below, matched on it, with ``n_basic_q6`` matched starters at quarter 6."""
    rows = []
    for m, gap, n in ((IBO, 10.0, 300), (BASIC, -6.0, 200)):
        for q in range(1, 9):
            nt = n_basic_q6 if (m == BASIC and q == 6) else n
            for est, value in (("naive", 2.0 + gap), ("matched", 2.0)):
                rows.append({"measure": m, "estimand": "now_vs_later", "estimator": est,
                             "quarter_since_start": q, "att_pp": value, "att_rel": 0.1,
                             "ci_low": value - 3, "ci_high": value + 3, "true_att_pp": 2.0,
                             "n_treated": nt if est == "matched" else 2 * n})
    return pd.DataFrame(rows)


def _effects_claims(tidy: pd.DataFrame, min_cell: int = 10) -> dict:
    support = pd.DataFrame({"measure": [IBO, BASIC], "n_treated": [320, 220],
                            "n_dropped": [20, 20], "dropped_pct": [6.2, 9.1]})
    balance = pd.DataFrame({"risk_set": "pooled", "measure": [IBO, BASIC],
                            "smd_after": [0.02, 0.03]})
    return claims.effects_claims(tidy, support, balance, {}, "now_vs_later", min_cell=min_cell)


def test_bias_sentence_reads_only_the_rows_the_bias_table_publishes():
    """Trial: the sentence that blames selection read every estimate, also those on fewer
    than min_cell matched starters, which the bias table hides."""
    tidy = _effects(n_basic_q6=6)  # basic training: 6 matched starters at quarter 6
    table = claims.bias_table(tidy, "now_vs_later", claims.judged_quarters(tidy), min_cell=10)
    assert pd.isna(table.data.set_index("measure").loc[BASIC, "naive_bias_pp"])
    c = _effects_claims(tidy)
    for key in ("eff_bias_sentence", "eff_bias_summary"):
        # the section names it as not read, with the reason (trial30), and reads no bias of it
        read = c[key].split(" The naive bias of Basic training is not read here")[0]
        assert "Basic training" not in read and "understate" not in c[key], c[key]
        assert "IBO" in c[key]
    assert "Basic training is not read here: its row of the bias table" in c["eff_bias_sentence"]
    assert claims.bias_table_measures(tidy, "now_vs_later", range(4, 9), 10) == [IBO]
    # on enough starters the row is published and the sentence reads it
    c = _effects_claims(_effects(n_basic_q6=150))
    assert "understates the return of Basic training" in c["eff_bias_sentence"]
    # a real extract (no truth): naive against matched, by the same rule
    real = _effects(n_basic_q6=6).assign(true_att_pp=np.nan)
    assert claims.bias_table_measures(real, "now_vs_later", range(4, 9), 10) == [IBO]
    s = _effects_claims(real)["eff_bias_sentence"]
    assert "Basic training" not in s.split(" The naive bias of Basic training is not read")[0]


# --- 4. chapter 4: the origin summary compares what the origin table shows -------------------

def _origin_rows() -> pd.DataFrame:
    """Seed 4242, min_cell 10, IBO: the groups' starters (one fewer per quarter after the fourth,
    so the table shows them at quarter 4 only); the bands follow the groups' sizes at quarter 4, but
    the Belgian band is the widest at quarters 5 to 8, where the table hides every count (and
    6 and 7 are not in the table at all)."""
    # dpo45: Southern and Eastern EU had 14 and 11, whose ``x`` at quarter 5 (13, 10) bounded
    # their one leaver by 4 and 1; the horizon rule now hides such an anchor (and the groups
    # of its quarter), so the small groups are 24 and 19 (2 min_cell - 1), the order kept
    n = {"belgian": 220, "southern_eu": 24, "eastern_eu": 19, "non_eu": 42}
    q4 = {"belgian": 15.6, "southern_eu": 60.7, "eastern_eu": 66.2, "non_eu": 34.3}
    rows = [{"measure": IBO, "group": g, "quarter_since_start": q, "att_pp": 5.0,
             "ci_low": 5.0 - (q4[g] if q == 4 else 90.0 if g == "belgian" else 30.0) / 2,
             "ci_high": 5.0 + (q4[g] if q == 4 else 90.0 if g == "belgian" else 30.0) / 2,
             "true_att_pp": 5.0, "n_treated": n[g] - max(q - 4, 0), "estimator": "matched"}
            for g in n for q in range(1, 9)]
    return pd.DataFrame(rows)


def test_origin_summary_compares_only_the_widths_and_counts_the_table_shows():
    """Trial: wider_for_smaller compared mean counts the origin table hides, at horizons (6,
    7) it does not show, so "(see the table)" could not be checked."""
    from mia_helpers.origin_effects import origin_table

    by = _origin_rows()
    table = origin_table(by, (4, 5, 8), min_cell=10)
    counts = pd.to_numeric(table["n_treated"], errors="coerce")
    assert counts[table["quarter_since_start"] != 4].isna().all()  # shown at quarter 4 only
    c = claims.origin_claims(by, [IBO], min_cell=10, table_quarters=(4, 5, 8))
    assert "with wider intervals for the smaller groups" in c["eff_origin_summary"]
    assert "see the table" not in c["eff_origin_summary"]
    # a pair the table shows crossing (quarter 4): said, and findable in the table
    crossed = by.assign(ci_high=np.where((by["group"] == "belgian")
                                         & (by["quarter_since_start"] == 4), 80.0,
                                         by["ci_high"]))
    c = claims.origin_claims(crossed, [IBO], min_cell=10, table_quarters=(4, 5, 8))
    assert "does not everywhere follow the groups' sizes (see the table)" in c[
        "eff_origin_summary"]
    # nothing the table shows to compare: said so, without a pointer to the table
    c = claims.origin_claims(by, [IBO], min_cell=300, table_quarters=(4, 5, 8))
    assert "too few groups whose starters the table shows" in c["eff_origin_summary"]
    assert "see the table" not in c["eff_origin_summary"]


def test_wider_for_smaller_compares_pairs_at_one_horizon():
    by = _origin_rows()
    assert claims.wider_for_smaller(by, (4,)) is True
    assert claims.wider_for_smaller(by, (5,)) is False  # Belgian widest at quarter 5
    assert claims.wider_for_smaller(by[by["group"] == "belgian"], (4, 5)) is None


# --- 5. chapter 6: chapter 2's person counts only where chapter 2 lets every cell out --------

NON_EU_CELLS = ["maghreb:intermediate", "maghreb:second", "turkish:intermediate",
                "turkish:second", "subsaharan:intermediate", "subsaharan:second",
                "other_non_eu:intermediate", "other_non_eu:second"]


def _risk(hidden_job: tuple[str, ...] = ()):
    """Chapter 2's risk-set table as protected (seed 4242's persons per cell)."""
    from mia_helpers.disclosure import Protected

    cells = ["belgian:native", "eastern_eu:intermediate", *NON_EU_CELLS]
    n = [683, 19, 67, 102, 37, 62, 39, 45, 29, 32]
    data = pd.DataFrame({"n_persons_job": n, "n_persons_stable": n},
                        index=pd.Index(cells, name="origin_generation"))
    reason = pd.DataFrame("", index=data.index, columns=data.columns)
    reason.loc["eastern_eu:intermediate"] = "primary"  # not a non-EU cell: no matter
    for c in hidden_job:
        reason.loc[c, "n_persons_job"] = "primary"
    return Protected(data, reason, list(data.columns), 20, "risk sets")


def _sex_khb(female_job: list) -> pd.DataFrame:
    return pd.DataFrame({"sex": "female", "event": "job", "group": NON_EU_CELLS,
                         "n_persons": female_job})


WOMEN = dict(zip(NON_EU_CELLS, [24, 45, 17, 32, 23, 21, 11, 15], strict=True))


def test_chapter_6_hides_a_sum_of_cells_chapter_2_hides():
    """Trial (min_cell 20): chapter 6 printed 188 non-EU women at risk of a first job while
    chapter 2's KHB table by sex hid four of the eight cells it adds up (17, 23, 11, 15)."""
    from mia_helpers.conclusions import chapter2_counts_hidden

    shown = [24, 45, "<20", 32, "x", 21, "<20", "<20"]
    h = chapter2_counts_hidden(_risk(), _sex_khb(shown), WOMEN)
    assert h == {"nonEU_gap_job": False, "nonEU_gap_stable": False,
                 "explained_intermediate": False, "explained_second": False,
                 "nonEU_women_job": True}
    every = list(WOMEN.values())  # min_cell 10: chapter 2 shows every cell
    assert not any(chapter2_counts_hidden(_risk(), _sex_khb(every), WOMEN).values())
    # no female first-job decomposition in chapter 2: its counts are not published there
    assert chapter2_counts_hidden(_risk(), _sex_khb(every).iloc[:0], WOMEN)["nonEU_women_job"]
    # a cell without women needs no row
    assert not chapter2_counts_hidden(_risk(), _sex_khb(every).iloc[1:],
                                      {**WOMEN, NON_EU_CELLS[0]: 0})["nonEU_women_job"]
    # a non-EU cell hidden in the risk-set table hides the sums it is part of
    h = chapter2_counts_hidden(_risk(("other_non_eu:second",)), _sex_khb(every), WOMEN)
    assert h["nonEU_gap_job"] and h["explained_second"]
    assert not h["nonEU_gap_stable"] and not h["explained_intermediate"]


def test_findings_table_hides_a_chapter_2_count_its_tables_hide():
    from mia_helpers import conclusions as cc

    rows = {f.key: {"estimate": 1.0, "ci_low": 0.5, "ci_high": 1.5, "n_persons": 188}
            for f in cc.STUDY_FINDINGS}
    rows["nonEU_women_job"]["persons_hidden"] = True
    t = cc.findings_table(rows, synthetic=False, min_cell=20).set_index("key")
    assert pd.isna(t.loc["nonEU_women_job", "n_persons"])
    assert t.loc["nonEU_women_job", "estimate"] == 1.0
    assert t.loc["nonEU_gap_job", "n_persons"] == 188


def test_chapter_6_passes_min_cell_to_the_chapter_2_rows():
    text = (ROOT / "notebooks" / "06_conclusions.md").read_text()
    call = text[text.index("cc.school_leaver_rows("):]
    assert "min_cell=min_cell" in call[:call.index(")\n")]
