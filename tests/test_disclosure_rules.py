"""acro's dominance and degrees-of-freedom rules, and the exact audit of secondary suppression
(issue 16). Sources: acro ``default.yaml`` / ``acro_tables.agg_nk`` / ``agg_p_percent`` /
``acro_regression`` (SACRO project, v0.4.12 and later) and Hundepool et al. (2012), ch. 4-5."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from mia_helpers.disclosure import (
    DEFAULT_DOF_THRESHOLD,
    DEFAULT_NK_K,
    DEFAULT_NK_N,
    DEFAULT_PRATIO_P,
    checking_record,
    contribution_columns,
    contributions,
    feasible_intervals,
    reset_record,
    suppress,
    write_record,
)
from mia_helpers.export_check import check_table, scan


@pytest.fixture(autouse=True)
def _fresh_record():
    reset_record()
    yield
    reset_record()


def test_defaults_are_acros() -> None:
    # acro/default.yaml: safe_nk_n 2, safe_nk_k 0.90, safe_pratio_p 0.10, safe_dof_threshold 10
    assert (DEFAULT_NK_N, DEFAULT_NK_K, DEFAULT_PRATIO_P, DEFAULT_DOF_THRESHOLD) == (
        2, 0.9, 0.1, 10)


# --- dominance ---------------------------------------------------------------------------------


def _spells(rng: np.random.Generator) -> pd.DataFrame:
    """Person-spell rows: group a has one person with a huge duration (a planted dominance
    leak), group b twenty persons of similar durations spread over several spells."""
    a = pd.DataFrame({"group": "a", "person_id": np.arange(12),
                      "days": np.r_[5000.0, np.full(11, 10.0)]})
    b = pd.DataFrame({"group": "b", "person_id": np.repeat(np.arange(100, 120), 2),
                      "days": rng.integers(40, 60, 40).astype(float)})
    return pd.concat([a, b], ignore_index=True)


def test_contributions_add_up_a_persons_rows_first() -> None:
    d = pd.DataFrame({"g": ["x"] * 4, "person_id": [1, 1, 2, 3], "days": [30.0, 40, 50, 5]})
    c = contributions(d, ["g"], "days")
    total, tops = contribution_columns("days")
    assert c.loc[0, total] == 125 and c.loc[0, tops].tolist() == [70.0, 50.0]


def test_nk_rule_hides_a_mean_dominated_by_one_person() -> None:
    d = _spells(np.random.default_rng(1))
    t = d.groupby("group").agg(n_persons=("person_id", "nunique"), mean_days=("days", "sum"))
    t["mean_days"] = t["mean_days"] / t["n_persons"]
    t = t.reset_index().merge(contributions(d, ["group"], "days"), on="group")
    p = suppress(t, count_cols=["n_persons"], value_cols={"mean_days": "n_persons"},
                 magnitudes={"mean_days": "days"}, name="durations")
    # a: 5000 / 5110 = 0.98 > 0.9 of the total in the two largest contributions
    assert p.reason["mean_days"].tolist() == ["nk-rule", ""]
    assert not any(c.startswith("_contrib_") for c in p.data.columns)  # evidence not published
    rec = checking_record().iloc[0]
    assert rec["nk-rule"] == 1 and rec["status"] == "review"


def test_p_ratio_rule_with_acros_formula() -> None:
    # contributions 100, 95, 3, 3, ...: (total - 100 - 95) / 100 = 0.06 < 0.1 fails the p-ratio;
    # with nk_k = 0.99 the N-K rule passes (195 / 201 = 0.97), so only the p-ratio hides it
    tops = pd.DataFrame({"g": ["x", "y"], "n": [12, 12], "total": [201.0, 1200.0]})
    total, cols = contribution_columns("v")
    tops[total] = [201.0, 1200.0]
    tops[cols[0]] = [100.0, 110.0]
    tops[cols[1]] = [95.0, 105.0]
    p = suppress(tops, count_cols=["n"], value_cols={"total": "n"}, magnitudes={"total": "v"},
                 nk_k=0.99)
    assert p.reason["total"].tolist() == ["p-ratio", ""]
    # acro's defaults (N=2, K=0.9): a p-ratio failure implies an N-K failure
    # ((total-t1-t2) < 0.1 t1 <= 0.1 total), so the N-K rule names it
    reset_record()
    p = suppress(tops, count_cols=["n"], value_cols={"total": "n"}, magnitudes={"total": "v"})
    assert p.reason["total"].tolist() == ["nk-rule", ""]


def test_one_contributor_and_zero_totals_fail_like_in_acro() -> None:
    total, cols = contribution_columns("v")
    t = pd.DataFrame({"n": [10, 10, 10], "s": [50.0, 0.0, 80.0], total: [50.0, 0.0, 80.0],
                      cols[0]: [50.0, 0.0, 20.0], cols[1]: [0.0, 0.0, 20.0]})
    p = suppress(t, count_cols=["n"], value_cols={"s": "n"}, magnitudes={"s": "v"})
    assert p.reason["s"].tolist()[:2] != ["", ""] and p.reason["s"].tolist()[2] == ""
    reset_record()
    p = suppress(t, count_cols=["n"], value_cols={"s": "n"}, magnitudes={"s": "v"},
                 zeros_are_disclosive=False)
    assert p.reason["s"].tolist()[1] == ""


def test_a_value_computed_on_a_dominated_magnitude_is_hidden_too() -> None:
    d = _spells(np.random.default_rng(2))
    t = d.groupby("group").agg(n=("person_id", "nunique"), days=("days", "sum")).reset_index()
    t["days_per_person"] = t["days"] / t["n"]
    t = t.merge(contributions(d, ["group"], "days"), on="group")
    p = suppress(t, count_cols=["n"], value_cols={"days": "n", "days_per_person": "days"},
                 magnitudes={"days": "days"})
    assert p.reason.loc[0, "days"] == "nk-rule"
    assert p.reason.loc[0, "days_per_person"] == "derived"


def test_magnitude_errors_name_the_problem() -> None:
    t = pd.DataFrame({"n": [10], "s": [5.0]})
    with pytest.raises(ValueError, match="contribution columns"):
        suppress(t, count_cols=["n"], value_cols={"s": "n"}, magnitudes={"s": "v"})
    with pytest.raises(ValueError, match="negative"):
        contributions(pd.DataFrame({"g": [1], "person_id": [1], "v": [-3.0]}), ["g"], "v")


# --- residual degrees of freedom -------------------------------------------------------------


def _model_table() -> pd.DataFrame:
    return pd.DataFrame({"model": ["big", "tiny"], "term": ["x", "x"], "n": [400, 14],
                         "n_persons": [400, 14], "df_resid": [396, 4],
                         "estimate": [0.3, 1.2], "ci_low": [0.1, -2.0],
                         "ci_high": [0.5, 4.4]})


def test_estimates_of_a_model_with_few_residual_dof_are_suppressed() -> None:
    t = _model_table()
    p = suppress(t, count_cols=["n_persons"], value_cols=["estimate", "ci_low", "ci_high"],
                 dof="df_resid", name="model")
    assert p.reason.loc[1, ["estimate", "ci_low", "ci_high"]].tolist() == ["dof"] * 3
    assert not p.mask.loc[0].any()
    rec = checking_record().iloc[0]
    assert rec["dof"] == 3 and rec["dof_min"] == 4 and "dof=4 < 10" in rec["summary"]


def test_export_check_refuses_a_planted_model_with_few_dof(tmp_path) -> None:
    t = _model_table()
    assert [r for r, _ in check_table(t, 10)] == ["dof"]
    assert check_table(t.iloc[[0]], 10) == []
    p = suppress(t, count_cols=["n_persons"], value_cols=["estimate", "ci_low", "ci_high"],
                 dof="df_resid")
    assert check_table(p.render(), 10) == []  # the protected table passes
    run = tmp_path / "run"
    run.mkdir()
    t.to_csv(run / "model.csv", index=False)
    res = scan(run, 10)
    assert [f.rule for f in res.findings] == ["dof"]


# --- exact audit of the complement rule -----------------------------------------------------


def test_greedy_complement_alone_would_leak_and_the_audit_hides_more() -> None:
    # cells 1, 10, 50 of a group whose total (61) the reader knows: the greedy rule hides
    # 1 and 10; as x >= 10 (else it would read <10), 1 + x = 11 gives the small cell exactly
    t = pd.DataFrame({"g": ["a"] * 3, "n": [1, 10, 50]})
    p = suppress(t, count_cols=["n"], groups={"n": ["g"]})
    assert p.reason["n"].tolist() == ["primary", "complement", "complement"]
    iv = feasible_intervals(p, groups={"n": ["g"]}, table=t)
    small = iv[iv["reason"] == "primary"].iloc[0]
    assert small["low"] <= 1 and small["high"] >= 9 and iv["protected"].all()


def test_unprotectable_group_fails_the_record_and_export_check(tmp_path) -> None:
    # two small cells 9 + 9 of a known total 18: each is exactly 9, whatever is hidden
    t = pd.DataFrame({"g": ["a", "a"], "n": [9, 9]})
    suppress(t, count_cols=["n"], groups={"n": ["g"]}, name="nine and nine")
    assert checking_record().iloc[0]["status"] == "fail"
    write_record(tmp_path / "disclosure_record.json")
    (tmp_path / "t.csv").write_text("g,n\na,<10\na,<10\n")
    res = scan(tmp_path, 10)
    assert [f.rule for f in res.findings] == ["disclosure_record"]


def _reader_interval(shown: pd.DataFrame, col_tot: np.ndarray, m: int, i: int, j: int
                     ) -> tuple[float, float]:
    """Written apart from the package: the reader's LP from the rendered table alone. The last
    column of ``shown`` is the row total. Unknowns are the marked cells; '<m' lies in
    [1, m-1], 'x' in [m, inf); each row's cells add up to its total, each column's to the known
    column total (unless that total is small: then no table publishes it)."""
    r, c = shown.shape
    idx = {}
    bounds = []
    for a in range(r):
        for b in range(c):
            v = shown.iat[a, b]
            if isinstance(v, str):
                idx[(a, b)] = len(bounds)
                bounds.append((1, m - 1) if v.startswith("<") else (m, None))
    eqs, rhs = [], []

    def equation(cells: list[tuple[int, int, float]], const: float) -> None:
        row = np.zeros(len(bounds))
        known = const
        for a, b, sign in cells:
            if (a, b) in idx:
                row[idx[(a, b)]] += sign
            else:
                known -= sign * float(shown.iat[a, b])
        eqs.append(row)
        rhs.append(known)

    for a in range(r):
        equation([(a, b, 1.0) for b in range(c - 1)] + [(a, c - 1, -1.0)], 0.0)
    for b in range(c - 1):
        if not 0 < col_tot[b] < m:  # a small column total would itself be hidden
            equation([(a, b, 1.0) for a in range(r)], float(col_tot[b]))
    k = idx[(i, j)]
    out = []
    for s in (1, -1):
        cost = np.zeros(len(bounds))
        cost[k] = s
        res = linprog(cost, A_eq=np.array(eqs), b_eq=np.array(rhs), bounds=bounds,
                      method="highs")
        assert res.status == 0
        out.append(s * res.fun)
    return out[0], out[1]


@given(cells=st.lists(st.lists(st.sampled_from([0, 1, 2, 3, 5, 8, 9, 10, 11, 14, 20, 35, 60]),
                               min_size=3, max_size=3), min_size=2, max_size=4),
       min_cell=st.sampled_from([5, 10]))
@settings(max_examples=40, deadline=None)
def test_no_hidden_small_count_of_a_two_way_table_is_narrowed(cells: list[list[int]],
                                                             min_cell: int) -> None:
    """Property (hypothesis, random 2-4 x 3 tables): with the row totals published (unless
    hidden) and the column totals known, a reader who solves the linear system of the rendered table cannot
    narrow any '<min_cell' cell below [1, min_cell - 1] except the cells the record lists (no
    suppression inside the table can widen them: their column total is known), and the
    record marks the table 'fail' exactly when the reader pins one of them to one value."""
    reset_record()
    vals = np.array(cells)
    cols = ["a", "b", "c"]
    t = pd.DataFrame(vals, columns=cols)
    t["total"] = vals.sum(axis=1)
    t["block"] = "all"
    p = suppress(t, count_cols=[*cols, "total"], min_cell=min_cell,
                 relations=[("total", cols, True)], groups={c: ["block"] for c in cols})
    status = checking_record().iloc[-1]["status"]
    shown = p.render()[[*cols, "total"]]
    narrowed = []
    for i in range(len(t)):
        for j, c in enumerate([*cols, "total"]):
            if isinstance(shown.iat[i, j], str) and shown.iat[i, j].startswith("<"):
                lo, hi = _reader_interval(shown, vals.sum(axis=0).astype(float), min_cell, i, j)
                if lo > 1 + 1e-7 or hi < min_cell - 1 - 1e-7:
                    narrowed.append((i, c, lo, hi))
    rec = checking_record().iloc[-1]
    listed = set(rec["narrowed"]) | set(rec["unresolved"])
    assert {f"{c} (row {i + 1})" for i, c, _, _ in narrowed} == listed, (narrowed, listed)
    exact = [x for x in narrowed if x[3] - x[2] < 1 - 1e-7]
    assert (status == "fail") == bool(exact), (narrowed, status)


def test_a_fitted_model_reports_n_minus_parameters_and_a_tiny_one_is_hidden() -> None:
    """The package's binary GLM carries acro's residual degrees of freedom (observations minus
    estimated parameters, statsmodels' ``df_resid``) into ``.tidy()``; a planted model on 12
    rows with 4 parameters (8 dof) has its estimates hidden, one on 400 rows does not."""
    import statsmodels.api as sm

    from mia_helpers import core

    rng = np.random.default_rng(5)
    tables = []
    for n_rows in (12, 400):
        X = np.column_stack([np.ones(n_rows), rng.normal(size=(n_rows, 3))])
        y = (rng.random(n_rows) < 0.5).astype(float)
        fit = core.fit_binary(X, y, names=["const", "a", "b", "c"])
        ref = sm.GLM(y, X, family=sm.families.Binomial()).fit()
        assert fit.df_resid == int(ref.df_resid) == n_rows - 4
        tables.append(fit.tidy().assign(model=f"rows {n_rows}"))
    t = pd.concat(tables, ignore_index=True)
    assert [r for r, _ in check_table(t[["model", "term", "estimate", "df_resid"]], 10)] == [
        "dof"]
    p = suppress(t, count_cols=[], value_cols=["estimate", "ci_low", "ci_high"],
                 dof="df_resid", name="planted models")
    small = t["df_resid"] < 10
    assert p.mask.loc[small, "estimate"].all() and not p.mask.loc[~small, "estimate"].any()
    assert checking_record().iloc[-1]["summary"].endswith("dof=8 < 10 (estimates of those "
                                                          "rows suppressed)")


@pytest.mark.parametrize("min_cell", [10, 20])
def test_split_in_two_leaves_every_split_part_its_interval(min_cell):
    """A count published here and, split in two, in another table (chapter 2: pooled and by
    sex). For every total n and split (a, n - a) the split table shows a, n - a with the
    primary and complement rules; where this table publishes n, the reader's interval of each
    small part (by LP) must still be [1, min_cell - 1]; where n is hidden it is an "x" (at
    least min_cell). Without the rule, n = min_cell + 1 split into two small parts already
    narrows them."""
    m = min_cell
    totals = np.arange(m, 3 * m)
    t = pd.DataFrame({"n": totals, "e": np.zeros(len(totals), int), "v": 1.0})
    p = suppress(t, count_cols=["n", "e"], min_cell=m, value_cols={"v": ["n"]},
                 split_in_two=["n"])
    for i, n in enumerate(totals):
        shown = p.reason["n"].iat[i] == ""
        assert shown == (not m < n < 2 * m - 1), n
        assert (p.reason["v"].iat[i] == "") == shown  # the value follows its hidden count
        for a in range(1, n):
            # the split table's markers: small parts "<m"; one small part beside a large one
            # hides the large one too (complement), as suppress does in a group of two
            why = np.array(["primary" if 0 < k < m else "" for k in (a, n - a)], dtype=object)
            if (why == "primary").sum() == 1:
                why[why == ""] = "complement"
            for j in np.flatnonzero(why == "primary"):
                other = 1 - j
                ob = (1, m - 1) if why[other] == "primary" else (
                    (m, None) if why[other] else (n - a if j == 0 else a,) * 2)
                tb = (n, n) if shown else (m, np.inf)
                # x_j = total - x_other, both within their bounds (one equation: closed form)
                iv = (max(1, tb[0] - (np.inf if ob[-1] is None else ob[-1])),
                      min(m - 1, tb[1] - ob[0]))
                assert iv[0] <= 1 + 1e-7 and iv[1] >= m - 1 - 1e-7, (n, a, iv)


def test_split_in_two_hides_the_published_parts_that_bound_the_total_from_below():
    """With n = 30 hidden by the split rule, its 25 events published would tell n >= 25, and two
    "<20" parts of n would lie in [6, 19]: the events are hidden with n (at min_cell 20)."""
    t = pd.DataFrame({"n": [30, 30, 60], "e": [25, 12, 45]})
    p = suppress(t, count_cols=["n", "e"], min_cell=20, relations=[("n", ["e"], False)],
                 split_in_two=["n"])
    assert list(p.reason["n"]) == ["complement", "complement", ""]
    assert p.reason["e"].iat[0] == "complement" and p.reason["e"].iat[1] == "primary"
    with pytest.raises(ValueError, match="split_in_two"):
        suppress(t, count_cols=["n"], min_cell=20, split_in_two=["e"])


def test_a_row_whose_group_key_is_no_group_belongs_to_no_group():
    """groups: a row whose key is NO_GROUP has no known total (chapter 2's KHB table by sex for
    a cell whose pooled count the pooled tables hide): the audit reports nothing narrowed;
    with the key, the total 29 would bound both small cells to [10, 19]. A missing key still
    forms a group of its own (its total is known as any other)."""
    from mia_helpers.disclosure import NO_GROUP

    t = pd.DataFrame({"k": [12, 17, 50, 60], "g": ["a", "a", "b", "b"]})
    known = suppress(t, count_cols=["k"], min_cell=20, groups={"k": ["g"]}, name="known")
    assert checking_record()["narrowed"].iloc[-1]  # 12 + 17 = 29 published: narrowed
    missing = t.assign(g=t["g"].where(t["k"] > 20))
    suppress(missing, count_cols=["k"], min_cell=20, groups={"k": ["g"]}, name="missing")
    assert checking_record()["narrowed"].iloc[-1]
    t["g"] = t["g"].where(t["k"] > 20, NO_GROUP)
    free = suppress(t, count_cols=["k"], min_cell=20, groups={"k": ["g"]}, name="free")
    assert not checking_record()["narrowed"].iloc[-1]
    assert list(free.reason["k"]) == list(known.reason["k"]) == ["primary", "primary", "", ""]
