"""Tests of mia_helpers.subgroups: chapter 2's origin x generation gaps by sex.

Tolerances
----------
- Z_MAX = 3.29: each of the 24 cell x sex coefficients of the largest first-job model must
  lie within 3.29 person-clustered standard errors of the generator's term for that cell and
  sex (two-sided 0.1% per coefficient, about 2.4% that one of 24 fails by chance).
- Z_DIFF = 3.0: the mean women-minus-men difference over the cells with a female-only term
  (true value -0.4) and over the cells without (true value 0) must lie within 3 standard
  errors of its truth (two-sided 0.27% each).
Data: seed 3, 8,000 residents (about 4,000 school leavers), with a female-only term of -0.4
for three non-EU cells; chosen before seeing any result, not tuned.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import disclosure
from mia_helpers import hazard as hz
from mia_helpers import subgroups as sg
from mia_helpers.data import ensure_data, load_parameters
from mia_helpers.synthetic.config import GeneratorConfig

Z_MAX = 3.29
Z_DIFF = 3.0
SHIFTED = ("maghreb:second", "turkish:second", "maghreb:intermediate")
SHIFT = -0.4


@pytest.fixture(scope="module")
def by_sex():
    overrides = {f"job.female_origin_generation.{c}": SHIFT for c in SHIFTED}
    data = ensure_data(seed=3, residents=8000, newcomers=0, overrides=overrides, tag="fem_og",
                       truth=False)  # the truth is the generator's parameters
    periods = {ev: hz.school_leaver_periods(data, ev) for ev in ("job", "stable")}
    return sg.fit_by_sex(periods, ["individual", "household", "parental"]), load_parameters(data)


def test_true_terms_by_sex_add_the_female_term():
    cfg = GeneratorConfig()
    cfg.job.female_origin_generation["maghreb:second"] = -0.3
    t = sg.true_terms_by_sex({"config": cfg.to_dict()}).set_index(["sex", "group"])["truth"]
    og = cfg.job.origin_generation
    assert t["male", "maghreb:second"] == og["maghreb:second"]
    assert t["female", "maghreb:second"] == pytest.approx(og["maghreb:second"] - 0.3)
    assert t["female", "turkish:second"] == og["turkish:second"]


def test_recovers_generator_terms_per_cell_and_sex(by_sex):
    fits, par = by_sex
    t = sg.truth_table(fits, par)
    assert set(t["sex"]) == {"female", "male"} and len(t) == 24
    assert set(sg.TRUTH_TABLE_COLUMNS) <= set(t.columns) and (t["df_resid"] > 1000).all()
    assert t["z_vs_truth"].abs().max() < Z_MAX, t.round(2).to_string()


def test_women_minus_men_shows_the_female_term(by_sex):
    fits, _ = by_sex
    d = sg.women_minus_men(sg.gap_table(fits, min_cell=1), "M3", "job").set_index("group")
    for cells, truth in ((list(SHIFTED), SHIFT), ([g for g in d.index if g not in SHIFTED], 0)):
        sub = d.loc[cells]
        mean = sub["diff"].mean()
        se = np.sqrt((sub["diff_se"] ** 2).sum()) / len(sub)
        assert abs(mean - truth) < Z_DIFF * se, (mean, se, truth)


def test_khb_and_gap_tables_per_sex(by_sex):
    fits, _ = by_sex
    k = sg.khb_table(fits, min_cell=10)
    assert set(k["sex"]) == {"female", "male"} and set(k["event"]) == {"job", "stable"}
    g = sg.gap_table(fits, min_cell=10)
    assert set(g["model"]) == {"M0", "M1", "M2", "M3"}
    # disclosure: every published estimate rests on at least min_cell persons and events
    shown = pd.to_numeric(g["estimate"], errors="coerce").notna()
    assert (g.loc[shown, "n_persons"] >= 10).all() and (g.loc[shown, "n_events"] >= 10).all()
    hidden = sg.gap_table(fits, min_cell=10**6)
    assert pd.to_numeric(hidden["estimate"], errors="coerce").isna().all()


def test_bad_sex_values_raise():
    pp = pd.DataFrame({"sex": ["female", "x"]})
    with pytest.raises(ValueError, match="'job'.*'x'"):
        sg.split_by_sex({"job": pp})
    with pytest.raises(ValueError, match="no 'sex' column"):
        sg.split_by_sex({"job": pp.drop(columns="sex")})


def test_a_control_not_identified_within_a_sex_skips_that_decomposition(by_sex, monkeypatch):
    fits, _ = by_sex

    def refuse(*args, **kwargs):
        raise ValueError("KHB: terms {'x': 'no events'} are not identified; ...")

    monkeypatch.setattr(sg, "khb", refuse)
    periods = fits["female"]["periods"]
    with pytest.warns(UserWarning, match="no KHB decomposition"):
        again = sg.fit_by_sex({"job": pd.concat([periods["job"], fits["male"]["periods"]["job"]])},
                              ["individual"])
    assert again["female"]["khb"] == {} and "job" in again["female"]["not_decomposed"]
    with pytest.warns(UserWarning, match="no sex and event could be decomposed"):
        empty = sg.khb_table(again)
    assert empty.empty and "gap" in empty.columns
    assert set(empty.attrs["not_decomposed"]) == {"female, job", "male, job"}


def test_display_tables_follow_the_gap_table(by_sex):
    fits, par = by_sex
    g = sg.gap_table(fits, level=0.9, min_cell=10)
    wide = sg.gap_display(g, ["M0", "M3"])
    assert list(wide.columns) == ["event", "group", "Women, M0", "Women, M3", "Men, M0",
                                  "Men, M3"]
    assert set(wide["event"]) == {"job", "stable"}
    # one cell read back: exp of the estimate and interval, two decimals
    r = g[(g["model"] == "M3") & (g["sex"] == "male") & (g["event"] == "job")
          & (g["group"] == "maghreb:second")].iloc[0]
    cell = wide[(wide["event"] == "job")
                & (wide["group"] == "maghreb:second")]["Men, M3"].iloc[0]
    assert cell == (f"{np.exp(r['estimate']):.2f} [{np.exp(r['ci_low']):.2f}, "
                    f"{np.exp(r['ci_high']):.2f}]")
    with pytest.raises(ValueError, match="M9"):
        sg.gap_display(g, ["M9"])
    d = sg.sex_difference_table(g, ["M0", "M3"], level=0.9)
    one = sg.non_eu_sex_difference(g, "M3", "stable", level=0.9)
    row = d[(d["model"] == "M3") & (d["event"] == "stable")].iloc[0]
    assert row["mean"] == one["mean"] and row["ci_high"] == one["ci_high"]
    k = sg.khb_display(sg.khb_table(fits, min_cell=10))
    assert "explained_part" in k and "explained" not in k
    assert "note" in k  # why a share is "–" (e.g. the gap's interval includes zero)


def test_truth_coverage_counts_published_cells_only():
    t = pd.DataFrame({"estimate": 0.5, "ci_low": [0.0, 0.0, 0.0], "ci_high": [1.0, 1.0, 1.0],
                      "truth": [0.5, 2.0, 0.5], "n_persons": [50, 50, 5],
                      "n_events": [20, 20, 5], "df_resid": 500})
    assert sg.truth_coverage(t, min_cell=10) == (1, 2)
    assert sg.truth_coverage(t.drop(columns="truth")) is None


#: a truth table whose cells the old figure rule (persons and events each >= min_cell) would
#: all show: turkish women have 25 persons and 20 events, so only 5 without an event (the
#: complement rule hides them); the men's model has 8 residual degrees of freedom (dof rule)
GUARD = pd.DataFrame({
    "sex": ["female", "female", "female", "male"],
    "group": ["maghreb:second", "turkish:second", "subsaharan:second", "maghreb:second"],
    "estimate": [-0.5, -0.2, -0.3, -0.4], "se": 0.1,
    "ci_low": [-0.7, -0.4, -0.5, -0.6], "ci_high": [-0.3, 0.0, -0.1, -0.2],
    "n_persons": [50, 25, 60, 60], "n_events": [20, 20, 30, 30],
    "df_resid": [500, 500, 500, 8], "truth": [-0.5, -0.2, -0.3, -0.4]})


def test_figure_and_sentence_show_exactly_the_cells_the_gap_table_publishes():
    """Tester's finding: the by-sex truth figure and its coverage sentence kept every cell with
    min_cell persons and events, while the gap table also hides cells with few persons
    without the event and models with few residual degrees of freedom. One rule now: the
    figure, the sentence and the table agree cell by cell."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mia_helpers.disclosure import suppress_small_cells
    from mia_helpers.hazard import CELL_RULES
    from mia_helpers.labels import label

    table = suppress_small_cells(GUARD, min_cell=10, value_cols=["estimate", "ci_low",
                                                                 "ci_high"], **CELL_RULES)
    published = GUARD[pd.to_numeric(table["estimate"], errors="coerce").notna()]
    assert list(published["group"]) == ["maghreb:second", "subsaharan:second"]
    shown = sg.published_truth_rows(GUARD, min_cell=10)
    assert shown.index.equals(published.index)
    assert sg.truth_coverage(GUARD, min_cell=10) == (2, 2)
    assert "in every one of the 2 published cells" in sg.truth_coverage_sentence(GUARD, 0.95, 10)
    fig = sg.plot_truth_by_sex(GUARD, min_cell=10)
    women, men = fig.axes[:2]
    drawn = [t.get_text() for t in women.get_yticklabels()]
    assert drawn == [label(g) for g in published["group"]]
    assert not men.containers  # the men's model fails the dof rule: nothing drawn
    plt.close(fig)
    # without df_resid the table cannot be checked: refused, not shown
    with pytest.raises(ValueError, match="df_resid"):
        sg.truth_coverage(GUARD.drop(columns="df_resid"))


def test_sex_difference_sentence_states_numbers_or_their_absence():
    d = pd.DataFrame({"event": ["stable", "stable", "job", "job"],
                      "model": ["M0", "M3", "M0", "M3"], "mean": [-0.2, -0.1, 0.05, 0.01],
                      "ci_low": [-0.4, -0.3, -0.1, -0.2], "ci_high": [0.0, 0.1, 0.2, 0.2],
                      "n_cells": [8, 8, 2, 2]})
    s = sg.sex_difference_sentence(d, 0.9, "M3")
    assert "averaged over 8 published non-EU cells" in s and "-0.20 (interval at 90 per cent: -0.40 to 0.00) raw" in s
    assert "any first job, averaged over 2 published" in s and "log-odds" in s
    assert "log-hazard" in sg.sex_difference_sentence(d, 0.9, "M3", link="cloglog")
    # tester's cases: stable suppressed but job published; NaN intervals; one cell
    only_job = sg.sex_difference_sentence(d.assign(n_cells=[0, 0, 1, 1]), 0.9, "M3")
    assert "first stable job no non-EU cell" in only_job and "in the one published non-EU cell," in only_job
    nan_iv = sg.sex_difference_sentence(d.assign(ci_low=np.nan, ci_high=np.nan,
                                                 mean=[-0.1, np.nan, 0.1, np.nan]), 0.9, "M3")
    assert "nan" not in nan_iv and "-0.10 raw" in nan_iv
    assert "nan" not in sg.sex_difference_sentence(d.assign(n_cells=0, mean=np.nan), 0.9, "M3")


def test_khb_table_hides_every_gap_the_gap_table_hides(by_sex):
    """Tester's finding: the by-sex gap table hid a women's cell whose gap the KHB table
    printed (the complement rule on persons without an event was applied to one table only)."""
    fits, _ = by_sex
    for min_cell in (10, 60):
        g = sg.gap_table(fits, min_cell=min_cell)
        k = sg.khb_table(fits, min_cell=min_cell)
        top = g[g["model"] == g["model"].max()]
        hidden = top[pd.to_numeric(top["estimate"], errors="coerce").isna()]
        shown = k[pd.to_numeric(k["gap"], errors="coerce").notna()]
        both = hidden.merge(shown, on=["sex", "event", "group"])
        assert both.empty, both[["sex", "event", "group"]].to_string()


def test_truth_coverage_sentence_never_says_0_of_0():
    t = pd.DataFrame({"estimate": 0.5, "ci_low": [0.0, 0.0], "ci_high": [1.0, 1.0], "truth": [0.5, 2.0],
                      "n_persons": [50, 50], "n_events": [20, 20], "df_resid": 500})
    assert "in 1 of 2 published cells" in sg.truth_coverage_sentence(t, 0.95, 10)
    assert "No cell" in sg.truth_coverage_sentence(t, 0.95, 100)
    assert "real data" in sg.truth_coverage_sentence(t.drop(columns="truth"), 0.95, 10)


def test_khb_table_persons_cannot_be_subtracted_from_the_pooled_count(by_sex):
    """DPO finding (seed 77, 1,200 residents): the by-sex KHB table published men's persons
    of a cell (10) while chapter 2's risk-set table publishes the cell's pooled persons (18),
    so the hidden women's count was 18 - 10 = 8. For every event and cell, a sex's published
    count subtracted from the pooled one may not leave a small count, and a note of a row
    whose gap is hidden is hidden with it."""
    fits, _ = by_sex
    pooled = {}
    for sex in sg.SEXES:
        for ev in ("job", "stable"):
            c = hz.group_counts(fits[sex]["periods"][ev])
            for g, n in zip(c[hz.KEY].astype(str), c["n_persons"], strict=True):
                pooled[ev, g] = pooled.get((ev, g), 0) + int(n)
    checked = 0
    for min_cell in (10, 60, 120, 200):
        k = sg.khb_table(fits, min_cell=min_cell)
        shown = pd.to_numeric(k["n_persons"], errors="coerce")
        for (ev, g), d in k.assign(shown=shown).groupby(["event", "group"]):
            # a pooled count the pooled tables hide (hazard.POOLED_CELL_RULES' split_in_two)
            # gives the reader nothing to subtract from
            split = pd.DataFrame({"n_persons": [pooled[ev, g]], "n_events": 0})
            if disclosure.suppress(
                    split, count_cols=["n_persons"], min_cell=min_cell,
                    split_in_two=["n_persons"]).mask["n_persons"].iat[0]:
                continue
            for v in d["shown"].dropna():
                other = pooled[ev, g] - v
                assert not 0 < other < min_cell, (min_cell, ev, g, v, pooled[ev, g])
                checked += 1
        hidden_gap = pd.to_numeric(k["gap"], errors="coerce").isna() & (k["gap"] != "–")
        assert not k.loc[hidden_gap & k["n_persons"].astype(str).str.startswith("<"),
                         "note"].astype(str).str.contains("interval").any()
    assert checked > 0


def _reader_interval(names: list[str], bounds: dict, equations: list[tuple[dict, float]],
                     target: str) -> tuple[float, float]:
    """Smallest and largest value of ``target`` a reader can deduce: unknowns ``names`` with
    ``bounds`` and the linear ``equations`` (``{name: coefficient}``, right-hand side), by
    linear programming (independent of mia_helpers.disclosure's own audit)."""
    from scipy.optimize import linprog

    ix = {n: i for i, n in enumerate(names)}
    a = np.zeros((len(equations), len(names)))
    for r, (coef, _) in enumerate(equations):
        for n, v in coef.items():
            a[r, ix[n]] += v
    b = np.array([rhs for _, rhs in equations])
    out = []
    for sign in (1.0, -1.0):
        c = np.zeros(len(names))
        c[ix[target]] = sign
        res = linprog(c, A_eq=a, b_eq=b, bounds=[bounds[n] for n in names], method="highs")
        assert res.status in (0, 3), res.message
        out.append(sign * res.fun if res.status == 0 else sign * np.inf)
    return out[0], out[1]


# the test reads registers and panel only: 2,000 residents is its data set alone, asked for
# without truth tables (0.6 s); 3,000 is the data set other test files read with truth
# (generated once for all of them)
@pytest.mark.parametrize(("residents", "truth"), [pytest.param(2000, False, id="2000"),
                                                  pytest.param(3000, True, id="3000")])
def test_pooled_and_by_sex_persons_together_leave_no_hidden_count_narrowed(residents, truth):
    """DPO findings (seed 2005, min_cell 20): with 3,000 residents chapter 2 published the 35
    eastern EU intermediate school leavers in its pooled tables and the same cell by sex as
    two "<20" counts in the KHB table by sex, so each sex lay in [16, 19]; with 2,000 the
    risk-set table hid only the 16 Subsaharan intermediate school leavers, and the exclusion
    table's 1,018 in the risk set minus the published cells gave 16. A reader holding the
    exclusion table, the risk-set table and the KHB table by sex solves one linear system per
    event: every count hidden as small must keep its whole interval [1, min_cell - 1]."""
    min_cell = 20
    data = ensure_data(seed=2005, residents=residents, newcomers=residents // 2,
                       window=("2005Q1", "2016Q4"), truth=truth)
    periods = {ev: hz.school_leaver_periods(data, ev) for ev in ("job", "stable")}
    risk = hz.risk_set_table(periods, min_cell=min_cell).render()
    excl = hz.exclusion_table(periods, min_cell=min_cell).set_index("reason")
    kt = sg.khb_table(sg.fit_by_sex(periods, ["individual"]), min_cell=min_cell)
    checked = 0
    for ev in periods:
        names, bounds, eqs, small = [], {}, [], []

        def term(name, shown, names=names, bounds=bounds, small=small):
            """A published number, or an unknown with the bounds its marker says."""
            if not isinstance(shown, str):
                return float(shown)
            names.append(name)
            bounds[name] = (1, min_cell - 1) if shown.startswith("<") else (min_cell, None)
            if shown.startswith("<"):
                small.append(name)
            return None

        pooled_known, column = 0.0, {}
        for g, n in risk[f"n_persons_{ev}"].items():
            v = term(f"pooled {g}", n)
            if v is None:
                column[f"pooled {g}"] = 1.0
            else:
                pooled_known += v
            e = risk.loc[g, f"n_entered_{ev}"]  # the persons without an event: >= 0
            if not isinstance(e, str):
                names.append(f"rest {g}")
                bounds[f"rest {g}"] = (0, None)
                eqs.append(({**({f"pooled {g}": 1.0} if v is None else {}), f"rest {g}": -1.0},
                            float(e) - (0.0 if v is None else v)))
        eqs.append((column, float(excl.loc["in the risk set", ev]) - pooled_known))
        by = kt[kt["event"] == ev]
        for g, d in by.groupby("group"):
            if len(d) != 2 or g not in risk.index:
                continue
            coef, rhs = {}, 0.0
            for s, n in zip(d["sex"], d["n_persons"], strict=True):
                v = term(f"{s} {g}", n)
                if v is None:
                    coef[f"{s} {g}"] = 1.0
                else:
                    rhs -= v
            pub = risk.loc[g, f"n_persons_{ev}"]  # the pooled cell: an unknown above or known
            if isinstance(pub, str):
                coef[f"pooled {g}"] = -1.0
            else:
                rhs += float(pub)
            if coef:
                eqs.append((coef, rhs))
        for name in small:
            lo, hi = _reader_interval(names, bounds, eqs, name)
            # a small pooled cell shown by sex as two small parts holds at least one woman and
            # one man, so it is at least 2 and each part at most min_cell - 2: the markers of
            # the hidden cells say so among themselves, whatever else is published
            g = name.split(" ", 1)[1]
            both = all(f"{s} {g}" in small for s in sg.SEXES) and f"pooled {g}" in small
            floor = 2 if both and name.startswith("pooled ") else 1
            ceiling = min_cell - 2 if both and not name.startswith("pooled ") else min_cell - 1
            assert lo <= floor + 1e-7 and hi >= ceiling - 1e-7, (ev, name, lo, hi)
            checked += 1
    assert checked >= 4  # small counts exist at these sizes: the check is not vacuous
