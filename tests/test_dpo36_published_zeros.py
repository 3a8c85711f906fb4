"""dpo36: chapter 1's tables publish no 0 beside a group of fewer than ``min_cell`` persons
(or records) that they hide as small: "0 of the 5 persons of group G had a stable start" tells
each of the 5 (``zeros_of_small_groups`` / ``suppress(zeros=)``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import describe, disclosure

MIN_CELL = 10
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fresh_record():
    disclosure.reset_record()
    yield
    disclosure.reset_record()


def _log(tmp_path, permits: int, outside: int = 0):
    """An exclusion log with a permit register of ``permits`` delivered rows."""
    rows = [
        ("vdab_registrations", "orphan_id", 0, 2442),
        ("vdab_registrations", "outside_window", 30, 2442),
        ("vdab_registrations", "left_truncated_spell", 40, 2442),
        ("vdab_registrations", "censored_at_window_end (kept)", 40, None),
        ("wse_permits", "orphan_id", 0, permits),
        ("wse_permits", "outside_window", outside, permits),
        ("wse_permits", "no_ksz_row_in_quarter", 0, None),
    ]
    pd.DataFrame(rows, columns=["table", "rule", "rows", "of_rows"]).to_csv(
        tmp_path / "exclusion_log.csv", index=False)
    return tmp_path


def test_exclusion_log_hides_zero_rows_of_a_small_register(tmp_path):
    prot = describe.exclusion_log(_log(tmp_path, permits=4), min_cell=MIN_CELL)
    d, why = prot.data, prot.reason
    permits = (d["table"] == "wse_permits").to_numpy()
    assert d.loc[permits, "of_rows"].isna().all()  # 4 rows delivered: small
    assert d.loc[permits, "rows"].isna().all()  # each 0 of the 4 rows: hidden
    assert why.loc[permits, "rows"].ne("").all()
    # a register of many rows keeps its zero (0 of 2,442 is no group disclosure)
    reg = (d["table"] == "vdab_registrations") & (d["rule"] == "orphan_id")
    assert d.loc[reg, "rows"].iat[0] == 0


def test_exclusion_log_keeps_zero_rows_of_a_large_register(tmp_path):
    prot = describe.exclusion_log(_log(tmp_path, permits=1373), min_cell=MIN_CELL)
    d = prot.data
    permits = (d["table"] == "wse_permits").to_numpy()
    assert (d.loc[permits, "rows"] == 0).all()


def test_stable_definitions_hide_no_start_of_a_small_group(small_data, tmp_path):
    """A group of 5 panel persons none of whom had a stable start: its persons are hidden as
    small, and so is its 0 persons with a stable start."""
    folder = tmp_path / "data"
    shutil.copytree(small_data, folder)
    panel = pd.read_parquet(folder / "panel.parquet",
                            columns=["person_id", "stable_job_start"])
    ever = panel.groupby("person_id")["stable_job_start"].any()
    tiny = ever[~ever].index[:5]
    assert len(tiny) == 5
    persons = pd.read_parquet(folder / "persons.parquet")
    persons["probe"] = "rest"
    persons.loc[persons["person_id"].isin(tiny), "probe"] = "tiny"
    persons.to_parquet(folder / "persons.parquet")
    raw = describe.stable_definition_comparison(folder, (4,), by="probe", min_cell=1).data
    raw = raw.set_index("probe")
    assert raw.loc["tiny", "persons"] == 5
    assert raw.loc["tiny", "persons_with_stable_start"] == 0  # what the rule reads
    t = describe.stable_definition_comparison(folder, (4,), by="probe", min_cell=MIN_CELL)
    d = t.data.set_index("probe")
    assert pd.isna(d.loc["tiny", "persons"])
    assert pd.isna(d.loc["tiny", "persons_with_stable_start"])


def _support(starters: int, dropped: int):
    from mia_helpers.disclosure import suppress

    return suppress(pd.DataFrame({"measure": ["workplace_learning_ibo"],
                                  "n_treated": [starters], "n_pool": [5000],
                                  "n_matched": [starters - dropped], "n_dropped": [dropped]}),
                    count_cols=["n_treated", "n_pool", "n_matched", "n_dropped"],
                    min_cell=MIN_CELL, name="support (test)")


def test_caliper_exercise_hides_zero_dropped_of_few_starters():
    """6 starters (hidden as small in the support table): a caliper at which 0 of them are
    dropped tells each of the 6 found a twin; the 0 is hidden."""
    from mia_helpers import effect_tables

    rows = pd.DataFrame({"caliper": [2.0, 0.01], "n_dropped": [0, 3],
                         "n_treated_q5": [0, 3], "att_pp_q5": [1.0, 2.0]})
    t = effect_tables.caliper_table(rows, _support(6, 1), "workplace_learning_ibo", None,
                                    quarter=5, min_cell=MIN_CELL)
    assert pd.isna(t.data["n_dropped"].iat[0]) and t.reason["n_dropped"].iat[0] != ""
    assert pd.isna(t.data["n_treated_q5"].iat[0])
    # many starters: a 0 dropped is no group disclosure and stays
    t = effect_tables.caliper_table(rows.assign(n_dropped=[0, 45], n_treated_q5=[300, 290]),
                                    _support(400, 30), "workplace_learning_ibo", None,
                                    quarter=5, min_cell=MIN_CELL)
    assert t.data["n_dropped"].iat[0] == 0


def test_effects_by_group_hide_zero_treated_of_a_small_group():
    """Appendix C's effects by age group: a group of 4 matched patients with 0 treated left
    at 12 months tells each of the 4 left follow-up (died or censored) before: hidden."""
    from mia_helpers.heart import published_effects

    rows = []
    for g, ns in {"all": [60, 50, 40], "old": [56, 47, 40], "young": [4, 3, 0]}.items():
        for h, n in zip([1, 6, 12], ns, strict=True):
            for est in ("now_vs_later", "now_vs_never"):
                rows.append(dict(group=g, estimand=est, estimator="matched", horizon=h,
                                 n_treated=n, treated_outcome=0.5, control_outcome=0.4,
                                 att_pp=1.0, att_rel=0.1, se=0.1, ci_low=0.0, ci_high=2.0))
    eff = pd.DataFrame(rows)
    matched = pd.Series({"all": 60, "old": 56, "young": 4})
    out = published_effects(eff, matched, [1, 6, 12], MIN_CELL)
    young = out[(eff["group"] == "young") & (eff["horizon"] == 12)]
    assert len(young) == 2
    assert not young["n_treated"].astype(str).isin(["0", "0.0"]).any()
    assert not young["att_pp"].astype(str).eq("1.0").any()  # the estimates beside it go too
    # a large group's counts stay
    assert out.loc[(eff["group"] == "all") & (eff["horizon"] == 12), "n_treated"].astype(
        str).eq("40").all()


def _leaver_periods(tiny: str) -> dict[str, pd.DataFrame]:
    """One person-period per school leaver: cell ``tiny`` has 5 persons and no first job;
    the reference 400 (200 entrants), every other cell 50 (20 entrants); the stable-job risk
    set is the first-job one with half the entrants."""
    import numpy as np

    from mia_helpers import hazard as hz

    job, stable = [], []
    for g in hz.origin_generation_levels():
        n, e = (5, 0) if g == tiny else (400, 200) if g == hz.REFERENCE_GROUP else (50, 20)
        ids = [f"{g}#{i}" for i in range(n)]
        job.append(pd.DataFrame({"person_id": ids, hz.KEY: g, "event": np.arange(n) < e}))
        stable.append(pd.DataFrame({"person_id": ids, hz.KEY: g,
                                    "event": np.arange(n) < e // 2}))
    return {"job": pd.concat(job, ignore_index=True),
            "stable": pd.concat(stable, ignore_index=True)}


def test_chapter2_risk_sets_and_nested_table_hide_no_entrants_of_a_small_cell():
    from mia_helpers import hazard as hz

    tiny = hz.origin_generation_levels()[3]
    periods = _leaver_periods(tiny)
    risk = hz.risk_set_table(periods, min_cell=MIN_CELL)
    d = risk.data.copy()
    d.index = d.index.astype(str)
    for ev in ("job", "stable"):
        assert pd.isna(d.loc[tiny, f"n_persons_{ev}"])  # 5 persons: small
        assert pd.isna(d.loc[tiny, f"n_entered_{ev}"]), ev  # 0 of 5 entered: hidden
    other = hz.origin_generation_levels()[1]
    assert d.loc[other, "n_entered_job"] == 20  # a large cell keeps its counts
    nested = hz.nested_table({}, periods["job"], min_cell=MIN_CELL)
    nested.index = nested.index.astype(str)
    assert str(nested.loc[tiny, "n_events"]) not in ("0", "0.0")
    assert str(nested.loc[other, "n_events"]) == "20"


def test_chapter2_truth_table_hides_no_entrants_of_a_small_cell():
    from mia_helpers import hazard as hz

    levels = hz.origin_generation_levels()
    tiny, other = levels[3], levels[1]
    periods = _leaver_periods(tiny)["job"]
    truth = pd.DataFrame({"group": levels[1:], "estimate": 0.1, "se": 0.2,
                          "ci_low": -0.3, "ci_high": 0.5, "df_resid": 500})
    out = hz.truth_table(truth, periods, MIN_CELL).set_index("group")
    assert str(out.loc[tiny, "n_events"]) not in ("0", "0.0")
    assert str(out.loc[tiny, "n_persons"]) not in ("5", "5.0")
    assert str(out.loc[other, "n_events"]) == "20"
    assert "df_resid" not in out.columns
    text = (ROOT / "notebooks" / "02_school_leaver_entry.md").read_text()
    assert "hz.truth_table(" in text and "tbl-leavers-truth" in text


def test_support_table_hides_zero_dropped_of_a_measure_of_few_starters():
    """A measure started by 6 persons, all matched: its 0 dropped tells each found a twin."""
    from types import SimpleNamespace

    import numpy as np
    from test_nvn24_persons import _Match

    from mia_helpers.effect_tables import support_published

    def match(n_starters: int, n_matched: int) -> _Match:
        person = np.r_[np.arange(n_starters), 1000 + np.arange(200)]
        treated = np.r_[np.ones(n_starters, bool), np.zeros(200, bool)]
        return _Match(person, treated, np.arange(n_matched), np.zeros(len(person), int))

    matches = {"tiny": match(6, 6), "large": match(60, 60)}
    r = SimpleNamespace(matches=matches, support=lambda: pd.concat(
        [m.support.assign(measure=k) for k, m in matches.items()], ignore_index=True))
    d = support_published(r, MIN_CELL).data.set_index("measure")
    assert pd.isna(d.loc["tiny", "n_treated"])  # 6 starters: small
    assert pd.isna(d.loc["tiny", "n_dropped"])  # their 0 dropped: hidden
    assert d.loc["large", "n_dropped"] == 0  # 0 of 60: shown


def test_effects_summary_hides_zero_treated_of_a_measure_of_few_matched():
    """A measure matched for 6 starters, 5 and 3 followed to quarters 4 and 5, none to 8:
    the 0 tells each of the 6 was not followed to quarter 8 (hidden); a measure of 200
    matched keeps a 0."""
    from types import SimpleNamespace

    import numpy as np

    from mia_helpers.effect_tables import summary_table

    rows = []
    for m, ns in {"tiny": (5, 3, 0), "large": (150, 130, 0)}.items():
        for q, n in zip((4, 5, 8), ns, strict=True):
            for est in ("matched", "naive"):
                rows.append({"measure": m, "estimand": "now_vs_never", "estimator": est,
                             "quarter_since_start": q,
                             "att_pp": 5.0 if n else np.nan, "att_rel": 0.1 if n else np.nan,
                             "ci_low": 1.0 if n else np.nan, "ci_high": 9.0 if n else np.nan,
                             "n_treated": n if est == "matched" else 4 * n + 40})
    support = pd.DataFrame({"measure": ["tiny", "large"], "n_matched": [6, 200]})
    t = summary_table(pd.DataFrame(rows), SimpleNamespace(support=lambda: support), (4, 5, 8),
                      min_cell=MIN_CELL)
    d = t.data.set_index(["measure", "quarter_since_start"])
    assert pd.isna(d.loc[("tiny", 8), "n_treated"])
    assert d.loc[("large", 8), "n_treated"] == 0


def test_effects_by_origin_hide_zero_treated_of_a_small_group():
    """Chapter 4's effects by origin group: a group with 5 and 3 matched starters at quarters
    4 and 5 and none at 8: the 0 tells each of those few was not followed to quarter 8."""
    from mia_helpers.origin_effects import origin_table

    rows = []
    for g, ns in {"belgian": (300, 250, 0), "maghreb": (60, 50, 40),
                  "turkish": (5, 3, 0)}.items():
        for q, n in zip((4, 5, 8), ns, strict=True):
            rows.append({"measure": "ibo", "group": g, "quarter_since_start": q,
                         "att_pp": 1.0, "ci_low": 0.0, "ci_high": 2.0, "true_att_pp": 1.0,
                         "n_treated": n})
    t = origin_table(pd.DataFrame(rows), (4, 5, 8), min_cell=MIN_CELL)
    cell = t[(t["group"] == "turkish") & (t["quarter_since_start"] == 8)]
    assert len(cell) == 1
    assert str(cell["n_treated"].iat[0]) not in ("0", "0.0")
    # without the small group: 0 of 300 is no group disclosure and stays
    t = origin_table(pd.DataFrame(rows[:6]), (4, 5, 8), min_cell=MIN_CELL)
    big = t[(t["group"] == "belgian") & (t["quarter_since_start"] == 8)]
    assert str(big["n_treated"].iat[0]) == "0"


def test_ever_never_hides_zero_spells_of_a_small_side():
    """Appendix A's ever-versus-never table: 6, 4 and 0 ever-treated spells observed at three
    horizons: the 0 tells each of those few was not observed that long."""
    from mia_helpers.claims import ever_never_published

    static = pd.DataFrame({"quarter_since_start": [1, 2, 3], "att_pp": [1.0, 2.0, 3.0],
                           "n_treated": [6, 4, 0], "n_control": [500, 400, 300]})
    d = ever_never_published(static, MIN_CELL).data
    assert pd.isna(d["n_treated"].iat[2])
    big = ever_never_published(static.assign(n_treated=[500, 300, 0]), MIN_CELL).data
    assert big["n_treated"].iat[2] == 0


def test_support_summary_hides_zero_dropped_of_few_treated():
    """Appendix C's common support in one row: 7 treated, all matched: the 0 dropped tells
    each of the 7 found a twin."""
    support = pd.DataFrame({"n_treated": [3, 4], "n_matched": [3, 4], "n_dropped": [0, 0]})
    d = describe.support_summary(support, MIN_CELL).data
    assert pd.isna(d["n_treated"].iat[0]) and pd.isna(d["n_dropped"].iat[0])
    big = describe.support_summary(support * 10, MIN_CELL).data
    assert big["n_dropped"].iat[0] == 0


def test_sample_profile_shows_no_zero_share_of_a_small_cell():
    """Guard (found safe, dpo36): chapter 1's sample profile hides a small cell's shares with
    its persons, so its 0 per cent women is never published."""
    import numpy as np

    rows, pid = [], 0
    for n, sample, origin, gen, women in ((200, "resident", "belgian", "native", 100),
                                          (5, "newcomer", "tiny", "first", 0),
                                          (60, "newcomer", "maghreb", "first", 30),
                                          (80, "newcomer", "turkish", "first", 40)):
        for k in range(n):
            rows.append(dict(person_id=pid, sample=sample, origin=origin, generation=gen,
                             sex="female" if k < women else "male",
                             education="high" if k % 2 else "low",
                             dutch_level="good" if k % 3 else "none",
                             school_leaving_quarter=np.nan if k % 2 else 5.0,
                             birth_year=1970 + k % 30))
            pid += 1
    prof = describe.sample_profile(pd.DataFrame(rows), MIN_CELL)
    tiny = prof.data[prof.data["origin"] == "tiny"].iloc[0]
    assert pd.isna(tiny["persons"]) and pd.isna(tiny["women_pct"])
