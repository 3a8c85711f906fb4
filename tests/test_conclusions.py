"""Tests of mia_helpers.conclusions: the closing chapter's findings table.

Tolerances
----------
- REF = 1e-6: the non-EU gap odds ratio equals a statsmodels binomial GLM fitted on the
  person-quarter rows with the same duration bins (a reference implementation; both converge
  to 1e-8 in the log-odds, so 1e-6 on the ratio is loose enough for the optimiser).
- RECOVERY_SE = 3: the IBO low-link relative risk ratio lies within 3 person-clustered
  standard errors of the generator's exp(low_link) (two-sided 0.27%). Seed 2005, the
  book's default data, not tuned.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from mia_helpers import codes
from mia_helpers import conclusions as cc
from mia_helpers import hazard as hz

# imported before any test patches effects.activation_effects: newcomers binds that function by
# name when first imported, and cc.effect_rows imports it lazily, so a first import inside the
# monkeypatched test below kept the fake for every later test of the process (trial22:
# test_prose's chapter 5 checks raised the fake's NoMatchError when run after this file)
from mia_helpers import newcomers as _newcomers  # noqa: F401
from mia_helpers.data import ensure_data, load_parameters
from mia_helpers.panel import load_panel

REF = 1e-6
RECOVERY_SE = 3.0
SMALL = {"seed": 2005, "residents": 3000, "newcomers": 1500}


@pytest.fixture(scope="module")
def small():
    return ensure_data(**SMALL)


def test_non_eu_gap_matches_statsmodels(small):
    rows = cc.school_leaver_rows(small, ["individual"], level=0.9)
    pp = hz.school_leaver_periods(small, "job")
    origin = pp[hz.KEY].astype(str).str.split(":").str[0]
    keep = (origin == "belgian") | origin.isin(codes.NON_EU_ORIGINS)
    d = pp[keep.to_numpy()]
    bins = np.asarray(hz.DEFAULT_BINS)
    b = bins[np.searchsorted(bins, d["u"].to_numpy(), side="right") - 1]
    # a bin without events has an infinite negative coefficient: its rows add nothing else
    with_events = pd.Series(d["event"].to_numpy()).groupby(b).sum()
    keep_rows = np.isin(b, with_events.index[with_events > 0])
    d, b = d[keep_rows], b[keep_rows]
    dur = pd.get_dummies(pd.Categorical(b)).to_numpy(float)
    non_eu = d[hz.KEY].astype(str).str.split(":").str[0].isin(codes.NON_EU_ORIGINS)
    X = np.column_stack([dur, non_eu.to_numpy(float)])
    fit = sm.GLM(d["event"].to_numpy(float), X, family=sm.families.Binomial()).fit(
        cov_type="cluster", cov_kwds={"groups": d["person_id"].to_numpy()})
    assert rows["nonEU_gap_job"]["estimate"] == pytest.approx(np.exp(fit.params[-1]), rel=REF)
    z = stats.norm.ppf(0.95)
    lo = rows["nonEU_gap_job"]["ci_low"]
    # the interval is at the level asked for (0.9), on the log scale around the estimate
    assert np.log(rows["nonEU_gap_job"]["estimate"] / lo) / z == pytest.approx(
        np.log(rows["nonEU_gap_job"]["ci_high"] / rows["nonEU_gap_job"]["estimate"]) / z)


def test_low_link_rrr_recovers_the_generator(default_study):
    data = default_study.data  # ensure_data(); its panel loaded once (conftest)
    r = cc.inflow_rows(default_study.panel(), level=0.95, parameters=load_parameters(data))
    r = r["ibo_lowlink_rrr"]
    se = (np.log(r["ci_high"]) - np.log(r["ci_low"])) / (2 * stats.norm.ppf(0.975))
    assert abs(np.log(r["estimate"]) - np.log(r["truth"])) < RECOVERY_SE * se


def test_women_row_recovers_the_female_term():
    """Tolerance: RECOVERY_SE. Data: test_subgroups' data set (seed 3, 8,000 residents, a
    female-only term of -0.4 in three non-EU cells)."""
    shifted = ("maghreb:second", "turkish:second", "maghreb:intermediate")
    overrides = {f"job.female_origin_generation.{c}": -0.4 for c in shifted}
    data = ensure_data(seed=3, residents=8000, newcomers=0, overrides=overrides, tag="fem_og",
                       truth=False)  # the truth is the generator's parameter
    rows = cc.add_school_leaver_truth(cc.school_leaver_rows(data, ["individual", "household",
                                                                   "parental"]),
                                      load_parameters(data))
    r = rows["nonEU_women_job"]
    assert r["truth"] == pytest.approx(-0.4 * sum(c in shifted for c in r["cells"])
                                       / len(r["cells"]))
    se = (r["ci_high"] - r["ci_low"]) / (2 * stats.norm.ppf(0.975))
    assert abs(r["estimate"] - r["truth"]) < RECOVERY_SE * se


def _rows(n=100):
    return {f.key: {"estimate": 1.0, "ci_low": 0.5, "ci_high": 2.0, "n_persons": n,
                    "truth": 1.1} for f in cc.STUDY_FINDINGS}


def test_findings_table_real_data_and_suppression():
    t = cc.findings_table(_rows(), synthetic=False)
    assert list(t.columns) == cc.COLUMNS and len(t) == len(cc.STUDY_FINDINGS)
    assert t["truth"].isna().all() and (t["synthetic"] == "estimate").all()
    s = cc.findings_table(_rows(5), synthetic=True, min_cell=10)
    assert s["estimate"].isna().all() and s["note"].str.contains("fewer than 10").all()
    assert set(cc.findings_table(_rows(), synthetic=True)["synthetic"]) <= {
        "by construction", "emerges"}
    with pytest.raises(KeyError, match="no computed row"):
        cc.findings_table({}, synthetic=True)


def test_glue_texts_formats_units():
    t = cc.findings_table(_rows(), synthetic=True)
    g = cc.glue_texts(t)
    assert g["nonEU_gap_job"] == "1.00 (0.50 to 2.00)"
    assert g["ibo_residents_q5"] == "1 per cent (0 per cent to 2 per cent)"
    assert g["ibo_residents_q5_study"] == "24 per cent" and g["nonEU_gap_job_study"] == ""
    assert g["ibo_lowlink_rrr_truth"] == " (generator: 1.10)"


def test_bad_level():
    with pytest.raises(ValueError, match="level"):
        cc.school_leaver_rows("nowhere", ["individual"], level=95)


def test_recovery_sentence_counts_truths_inside_their_intervals():
    """Chapter 6 states how many findings recover the generator's value, computed (it used to
    claim recovery whatever the intervals said); without truth it says there is none."""
    import numpy as np

    from mia_helpers.conclusions import recovery_sentence

    t = pd.DataFrame({"key": ["a", "b", "c"], "estimate": [1.0, 2.0, np.nan],
                      "ci_low": [0.5, 1.9, np.nan], "ci_high": [1.5, 2.1, np.nan],
                      "truth": [1.2, 3.0, 1.0]})
    # c has a generator value but no estimate shown, so it is not among those judged
    # (trial27, seed 8181: "all 3 findings that have one" when 4 rows had a value)
    assert recovery_sentence(t) == ("the interval holds the generator's value for 1 of the 2 "
                                    "findings that have one and an estimate shown (not for b); "
                                    'the finding "c" has no estimate shown to read against the '
                                    "generator's value (its row in the table says why)")
    assert "no finding" in recovery_sentence(t.assign(truth=np.nan))


def test_findings_display_is_a_readable_table():
    """Chapter 6's findings table (issue 18): reader names instead of keys, estimate and
    interval side by side, the generator's value only on synthetic data, suppression shown."""
    from mia_helpers import labels

    numbers, words = cc.findings_display(cc.findings_table(_rows(), synthetic=True), 0.9)
    assert list(numbers.columns) == ["finding", "chapter", "unit", "study_estimate",
                                     "estimate [90 % interval]", "generator", "persons"]
    row = numbers.set_index("finding").loc[labels.label("nonEU_gap_job")]
    assert row["estimate [90 % interval]"] == "1.00 [0.50, 2.00]" and row["generator"] == "1.10"
    assert row["chapter"] == "2" and row["persons"] == "100"
    assert not any(f.key in " ".join(numbers["finding"]) for f in cc.STUDY_FINDINGS)
    assert {"generator parameter", "on synthetic data"} <= set(words.columns)
    real, words_real = cc.findings_display(cc.findings_table(_rows(), synthetic=False), 0.95)
    assert "generator" not in real.columns and "generator parameter" not in words_real.columns
    hidden, _ = cc.findings_display(cc.findings_table(_rows(5), synthetic=True, min_cell=10),
                                    0.95, min_cell=10)
    assert (hidden["persons"] == "<10").all()
    assert hidden["estimate [95 % interval]"].str.startswith("suppressed").all()
    md = labels.table_markdown(real, "Findings.", "tbl-x", codes=[]).data
    assert "| Non-EU school leavers: first job | 2 |" in md


def test_no_explained_share_of_a_gap_whose_interval_includes_zero(small, monkeypatch):
    """Chapter 6's headline KHB shares follow khb.share_table's rule: a gap whose interval
    includes zero gets no share (NaN, noted), where the old row divided by it (a gap of
    -0.002 gave 4,439 % on seed 2011). The decomposition is replaced by one whose gap's
    interval is [-0.1, 0.1]; the other rows are untouched."""
    from mia_helpers import khb as khb_mod

    real = khb_mod.khb

    def near_zero(*args, **kwargs):
        r = real(*args, **kwargs)
        r.summary.loc[:, ["reduced", "reduced_ci_low", "reduced_ci_high"]] = [0.002, -0.1, 0.1]
        return r

    monkeypatch.setattr(khb_mod, "khb", near_zero)
    rows = cc.school_leaver_rows(small, ["individual"], level=0.9)
    for g in ("intermediate", "second"):
        r = rows[f"explained_{g}"]
        assert np.isnan(r["estimate"]) and r["note"] == khb_mod.NO_SHARE_NOTE
    assert np.isfinite(rows["nonEU_gap_job"]["estimate"])


def test_an_effect_the_data_cannot_estimate_is_a_note_not_a_crash(small, monkeypatch):
    """Chapter 6 on a small extract: when nobody among the newcomers has a twin within the
    caliper, the newcomers' IBO row says so in its note (estimate NaN, 0 persons) and the
    residents' row is still estimated; nobody starting it is said as such; any other error
    still stops."""
    from mia_helpers import effects
    from mia_helpers.matching import NoMatchError, NoStartersError

    real = effects.activation_effects

    def fake(panel, specs, **kw):
        if next(iter(specs.values())).population == "newcomer":
            raise NoMatchError("workplace_learning_ibo", kw.get("caliper"))
        return real(panel, specs=specs, **kw)

    monkeypatch.setattr(effects, "activation_effects", fake)
    rows = cc.effect_rows(load_panel(small), None, max_quarter=5)
    new, res = rows["ibo_newcomers_q4"], rows["ibo_residents_q5"]
    assert np.isnan(new["estimate"]) and new["n_persons"] == 0
    # the words chapters 4 and 5 use for a skipped step (claims.skip_words): one phrasing
    assert new["note"] == ("not estimated: no starter found a statistical twin within the "
                           "caliper of 0.2 SD")
    assert np.isfinite(res["estimate"]) and "note" not in res

    def nobody(panel, specs, **kw):
        raise NoStartersError("workplace_learning_ibo")

    monkeypatch.setattr(effects, "activation_effects", nobody)
    rows = cc.effect_rows(load_panel(small), None, max_quarter=5)
    assert rows["ibo_residents_q5"]["note"] == "not estimated: nobody starts it in this extract"

    def broken(panel, specs, **kw):
        raise ValueError("'workplace_learning_ibo': column 'x' is not in the panel")

    monkeypatch.setattr(effects, "activation_effects", broken)
    with pytest.raises(ValueError, match="column 'x'"):
        cc.effect_rows(load_panel(small), None, max_quarter=5)
