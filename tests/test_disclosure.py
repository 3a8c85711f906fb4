"""Tests of :mod:`mia_helpers.disclosure` (statistical disclosure control, book/design.md section 6)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from frames import assert_frame_equal
from hypothesis import given, settings
from hypothesis import strategies as st

from mia_helpers.disclosure import (
    DisclosureError,
    Protected,
    assert_publishable,
    check_no_person_ids,
    checking_record,
    coarsen_steps,
    reset_record,
    safe_crosstab,
    suppress,
    suppress_small_cells,
    write_record,
)


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "origin": ["belgian", "maghreb", "turkish", "other_non_eu", "eastern_eu"],
            "n": [1200, 9, 10, 0, 1],
            "n_employed": [600, 3, 4, 0, 1],
            "share_employed": [0.5, 3 / 9, 0.4, np.nan, 1.0],
        }
    )


def _numeric(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64")


def test_small_counts_are_replaced_by_marker(table: pd.DataFrame) -> None:
    out = suppress_small_cells(table, count_cols=["n", "n_employed"])
    assert out["n"].tolist() == [1200, "<10", 10, 0, "<10"]
    assert out["n_employed"].tolist() == [600, "<10", "<10", 0, "<10"]


def test_zero_is_published_and_input_is_not_modified(table: pd.DataFrame) -> None:
    before = table.copy()
    out = suppress_small_cells(table, count_cols=["n"])
    assert out.loc[3, "n"] == 0
    assert_frame_equal(table, before)


def test_boundary_min_cell_is_published() -> None:
    t = pd.DataFrame({"n": [9, 10, 11]})
    assert suppress_small_cells(t, min_cell=10)["n"].tolist() == ["<10", 10, 11]
    assert suppress_small_cells(t, min_cell=11)["n"].tolist() == ["<11", "<11", 11]


def test_value_cols_mapping_follows_its_own_count(table: pd.DataFrame) -> None:
    out = suppress_small_cells(
        table, count_cols=["n", "n_employed"], value_cols={"share_employed": "n"}
    )
    # row 2 has n = 10 (published) although n_employed = 4 is suppressed
    assert out["share_employed"].tolist()[:3] == [0.5, "x", 0.4]
    assert out.loc[4, "share_employed"] == "x"
    assert pd.isna(out.loc[3, "share_employed"])


def test_value_cols_list_follows_any_count(table: pd.DataFrame) -> None:
    out = suppress_small_cells(table, count_cols=["n", "n_employed"], value_cols=["share_employed"])
    assert out["share_employed"].tolist()[:3] == [0.5, "x", "x"]


def test_untouched_columns_keep_dtype(table: pd.DataFrame) -> None:
    big = table[table["n"] >= 10]
    out = suppress_small_cells(big, count_cols=["n"], value_cols={"share_employed": "n"})
    assert out["n"].dtype == big["n"].dtype
    assert out["share_employed"].dtype == big["share_employed"].dtype


def test_count_columns_inferred_by_name(table: pd.DataFrame) -> None:
    out = suppress_small_cells(table)
    assert out.loc[1, "n"] == "<10"
    assert out.loc[1, "n_employed"] == "<10"
    with pytest.raises(ValueError, match="pass count_cols"):
        suppress_small_cells(table[["origin", "share_employed"]])


def test_custom_markers_and_min_cell(table: pd.DataFrame) -> None:
    out = suppress_small_cells(
        table,
        count_cols=["n"],
        min_cell=5,
        marker="s",
        value_cols={"share_employed": "n"},
        value_marker="-",
    )
    assert out["n"].tolist() == [1200, 9, 10, 0, "s"]
    assert out.loc[4, "share_employed"] == "-"


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_invalid_min_cell(table: pd.DataFrame, bad: object) -> None:
    with pytest.raises(ValueError, match="min_cell"):
        suppress_small_cells(table, count_cols=["n"], min_cell=bad)  # type: ignore[arg-type]


def test_bad_inputs_raise(table: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="not in table"):
        suppress_small_cells(table, count_cols=["nope"])
    with pytest.raises(ValueError, match="negative"):
        suppress_small_cells(pd.DataFrame({"n": [5, -1]}))
    with pytest.raises(ValueError, match="non-numeric"):
        suppress_small_cells(suppress_small_cells(table, count_cols=["n"]), count_cols=["n"])
    with pytest.raises(ValueError, match="both"):
        suppress_small_cells(table, count_cols=["n"], value_cols={"n": "n"})


def test_person_ids_are_refused() -> None:
    with pytest.raises(DisclosureError, match="person_id"):
        check_no_person_ids(pd.DataFrame({"person_id": [1, 2], "n": [20, 30]}))
    with pytest.raises(DisclosureError, match="index level 'INSZ'"):
        check_no_person_ids(pd.DataFrame({"n": [20]}, index=pd.Index([7], name="INSZ")))
    with pytest.raises(DisclosureError):
        suppress_small_cells(pd.DataFrame({"id": [1], "n": [20]}), count_cols=["n"])
    check_no_person_ids(pd.DataFrame({"n_persons": [20], "origin": ["turkish"]}))


def test_assert_publishable_names_column_and_rows(table: pd.DataFrame) -> None:
    with pytest.raises(DisclosureError, match=r"column 'n' holds 2 counts.*rows \[1, 4\]"):
        assert_publishable(table, count_cols=["n"])
    safe = suppress_small_cells(table, count_cols=["n", "n_employed"])
    assert_publishable(safe, count_cols=["n", "n_employed"])
    assert_publishable(safe)  # count columns inferred by name


def test_safe_crosstab_counts_distinct_persons() -> None:
    # person 1 appears in three quarters of the same cell: counted once
    rows = [(1, "a", "x")] * 3 + [(p, "a", "x") for p in range(2, 13)]  # 12 persons in a/x
    rows += [(p, "a", "y") for p in range(20, 23)]  # 3 persons in a/y
    rows += [(p, "b", "y") for p in range(30, 45)]  # 15 persons in b/y
    df = pd.DataFrame(rows, columns=["person_id", "origin", "position"])
    out = safe_crosstab(df, "origin", "position")
    assert out.loc["a", "x"] == 12
    assert out.loc["a", "y"] == "<10"
    assert out.loc["b", "x"] == 0
    assert out.loc["b", "y"] == 15
    assert_publishable(out, count_cols=list(out.columns))


def test_safe_crosstab_keeps_missing_groups_and_checks_inputs() -> None:
    df = pd.DataFrame(
        {"person_id": range(30), "origin": ["a"] * 15 + [None] * 15, "sex": ["f", "m"] * 15}
    )
    out = safe_crosstab(df, ["origin"], ["sex"], min_cell=5)
    assert int(_numeric(out.stack()).sum()) == 30  # nobody disappears uncounted
    with pytest.raises(ValueError, match="not in data"):
        safe_crosstab(df, "origin", "education")
    with pytest.raises(DisclosureError):
        safe_crosstab(df, "person_id", "sex")


# -- property tests -------------------------------------------------------------------

counts_strategy = st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(counts=counts_strategy, min_cell=st.integers(min_value=1, max_value=25))
def test_no_published_count_is_small(counts: list[int], min_cell: int) -> None:
    t = pd.DataFrame({"n": counts, "mean_wage": np.linspace(1.0, 2.0, len(counts))})
    out = suppress_small_cells(t, min_cell=min_cell, value_cols={"mean_wage": "n"})
    published = _numeric(out["n"])
    shown = published[~np.isnan(published)]
    # the property: no published numeric count is in (0, min_cell)
    assert not ((shown > 0) & (shown < min_cell)).any()
    # and nothing else changed: zeros and large counts are published as they were
    original = np.asarray(counts)
    keep = (original == 0) | (original >= min_cell)
    np.testing.assert_array_equal(published[keep], original[keep])
    assert (out["n"][~keep] == f"<{min_cell}").all()
    # a derived value is published exactly when its count is
    assert (out["mean_wage"][~keep] == "x").all()
    np.testing.assert_array_equal(_numeric(out["mean_wage"])[keep], t["mean_wage"][keep])
    assert_publishable(out, min_cell=min_cell)


@settings(max_examples=50, deadline=None)
@given(
    data=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=80),
            st.sampled_from(["a", "b", "c"]),
            st.sampled_from(["x", "y"]),
        ),
        min_size=1,
        max_size=300,
    ),
    min_cell=st.integers(min_value=1, max_value=12),
)
def test_safe_crosstab_is_always_publishable(
    data: list[tuple[int, str, str]], min_cell: int
) -> None:
    df = pd.DataFrame(data, columns=["person_id", "origin", "position"])
    out = safe_crosstab(df, "origin", "position", min_cell=min_cell)
    assert_publishable(out, count_cols=list(out.columns), min_cell=min_cell)
    expected = df.groupby(["origin", "position"])["person_id"].nunique()
    for (o, p), n in expected.items():
        assert out.loc[o, p] == (n if n >= min_cell else f"<{min_cell}")


# --- numeric suppression, secondary rules, curves, record (issue 16) -------------------------

@pytest.fixture(autouse=True)
def _fresh_record():
    reset_record()
    yield
    reset_record()




def test_protected_is_numeric_with_a_mask_and_renders_markers(table: pd.DataFrame) -> None:
    p = suppress(table, count_cols=["n"], value_cols={"share_employed": "n"})
    assert isinstance(p, Protected)
    assert str(p.data["n"].dtype) == "Int64" and p.data["n"].isna().tolist() == [
        False, True, False, False, True]
    assert p.data["share_employed"].dtype == np.float64  # numbers stay numbers
    assert p.mask["share_employed"].tolist() == [False, True, False, False, True]
    assert p.reason.loc[1, "n"] == "primary" and p.reason.loc[1, "share_employed"] == "derived"
    shown = p.render()
    assert shown["n"].tolist() == [1200, "<10", 10, 0, "<10"]
    assert shown["share_employed"].tolist()[:2] == [0.5, "x"]
    assert "&lt;10" in p._repr_html_()


def test_support_row_of_one_matched_person_is_not_recoverable() -> None:
    # the chapter 5 row: 288 treated, 287 dropped, 1 matched
    t = pd.DataFrame({"measure": ["mo", "nt2"], "n_treated": [288, 500],
                      "n_matched": [1, 480], "n_dropped": [287, 20]})
    p = suppress(t, count_cols=["n_treated", "n_matched", "n_dropped"],
                 relations=[("n_treated", ["n_matched", "n_dropped"], True)])
    assert p.reason.loc[0, "n_matched"] == "primary"
    assert p.reason.loc[0, "n_dropped"] == "complement"  # else 288 - 287 = 1
    assert not p.mask.loc[1].any()


def test_small_remainder_of_a_partial_relation_is_protected() -> None:
    # 106 persons, 103 with the event: the 3 without it are a small cell
    t = pd.DataFrame({"group": ["a", "b"], "n_persons": [106, 400], "n_events": [103, 200]})
    p = suppress(t, count_cols=["n_persons", "n_events"],
                 relations=[("n_persons", ["n_events"], False)])
    assert p.reason.loc[0, "n_events"] == "complement"
    assert not p.mask.loc[1].any()


@given(cells=st.lists(st.integers(0, 60), min_size=2, max_size=8),
       min_cell=st.integers(2, 15))
@settings(max_examples=200, deadline=None)
def test_complement_rule_leaves_no_group_recoverable(cells: list[int], min_cell: int) -> None:
    """Property: within a group whose total is known, either nothing is hidden, or at least two
    cells are hidden (or every positive cell), and the hidden ones add up to min_cell or more
    unless every positive cell is hidden."""
    t = pd.DataFrame({"g": ["a"] * len(cells), "n": cells})
    p = suppress(t, count_cols=["n"], min_cell=min_cell, groups={"n": ["g"]})
    hidden = p.mask["n"].to_numpy()
    vals = np.array(cells)
    small = (vals > 0) & (vals < min_cell)
    assert hidden[small].all()
    if hidden.any():
        all_positive_hidden = hidden[vals > 0].all()
        assert all_positive_hidden or (hidden.sum() >= 2 and vals[hidden].sum() >= min_cell)


def test_share_is_hidden_when_numerator_or_complement_is_small() -> None:
    t = pd.DataFrame({"g": ["a", "b", "c"], "persons": [50, 50, 50],
                      "n_women": [3, 25, 47], "women_pct": [6.0, 50.0, 94.0]})
    p = suppress(t, count_cols=["persons"], shares={"women_pct": ("n_women", "persons")})
    assert p.reason["women_pct"].tolist() == ["share", "", "share"]


def test_successive_horizons_do_not_reveal_the_censored() -> None:
    t = pd.DataFrame({"measure": ["ibo"] * 3 + ["mo"] * 3, "q": [4, 5, 8] * 2,
                      "n_treated": [106, 103, 80, 300, 250, 200], "att": [1.0] * 6})
    p = suppress(t, count_cols=["n_treated"], value_cols=["att"], sequence=("q", ["measure"]))
    assert p.reason["n_treated"].tolist() == ["", "horizon", "", "", "", ""]
    assert not p.mask["att"].any()  # the estimate rests on 103 persons: shown
    # 106 -> 80 differs by 26 from the last published count: shown
    assert p.render()["n_treated"].tolist()[1] == "x"


def test_ledger_hides_a_cell_hidden_in_an_earlier_table() -> None:
    a = pd.DataFrame({"origin": ["x", "y"], "n_persons": [4, 300], "n_total": [400, 900]})
    suppress(a, count_cols=["n_persons"], keys=["origin"], name="first")
    b = pd.DataFrame({"origin": ["x", "y"], "n_persons": [40, 300]})  # same key, now shown?
    p = suppress(b, count_cols=["n_persons"], keys=["origin"], name="second")
    assert p.reason.loc[0, "n_persons"] == "ledger"
    rec = checking_record()
    assert rec["output"].tolist() == ["first", "second"]
    assert rec["primary"].tolist() == [1, 0] and rec["ledger"].tolist() == [0, 1]


def test_record_is_written_as_json(tmp_path) -> None:
    suppress(pd.DataFrame({"n": [3, 30]}), name="t")
    path = write_record(tmp_path / "disclosure_record.json")
    rec = json.loads(path.read_text())
    out = rec["results"]["output_0"]
    assert out["primary"] == 1
    # acro's statuses and rule names: a table with suppressed cells is for review
    assert out["status"] == "review" and out["sdc"]["summary"]["threshold"] == 1
    assert out["sdc"]["cells"]["threshold"] == [[0, 0]]
    assert out["summary"].startswith("review; threshold: 1 cells suppressed")


def test_coarsened_steps_rest_on_min_cell_events() -> None:
    rng = np.random.default_rng(3)
    rows = []
    for g in ("a", "b"):
        at_risk, cum = 200, 0.0
        for u in range(12):
            ev = int(rng.integers(0, 8))
            cum = 1 - (1 - cum) * (1 - ev / at_risk)
            rows.append((g, u, at_risk, ev, cum))
            at_risk -= ev + int(rng.integers(0, 20))
    km = pd.DataFrame(rows, columns=["g", "u", "n_at_risk", "events", "cum_incidence"])
    out = coarsen_steps(km, "u", "cum_incidence", "events", "n_at_risk", by=["g"], min_cell=10,
                        start=0.0)
    assert "events" not in out and "n_at_risk" not in out
    for g, d in out.groupby("g"):
        src = km[(km.g == g) & (km.n_at_risk >= 10)].set_index("u")
        d = d.set_index("u")
        assert d.index.equals(src.index)
        jumps = np.flatnonzero(np.diff(np.r_[0.0, d["cum_incidence"].to_numpy()]) != 0)
        last = -1
        for j in jumps:  # each published step: >= 10 events since the previous step
            assert src["events"].iloc[last + 1: j + 1].sum() >= 10
            assert d["cum_incidence"].iloc[j] == src["cum_incidence"].iloc[j]
            last = j


def test_findings_table_blanks_count_of_suppressed_row():
    """Chapter 6's findings table: a row on 4 persons hides its estimate, interval and its
    n_persons (issue 16: ``n_persons = 4`` was published beside the suppressed estimate)."""
    from mia_helpers import conclusions as cc
    from mia_helpers.export_check import check_table, html_tables

    rows = {f.key: {"estimate": 1.5, "ci_low": 1.1, "ci_high": 2.0, "n_persons": 250,
                    "truth": 1.4} for f in cc.STUDY_FINDINGS}
    rows["feeder_or"]["n_persons"] = 4
    t = cc.findings_table(rows, synthetic=True, min_cell=10)
    r = t.set_index("key").loc["feeder_or"]
    assert pd.isna(r["n_persons"]) and np.isnan([r["estimate"], r["ci_low"],
                                                  r["ci_high"]]).all()
    assert "fewer than 10" in r["note"]
    kept = t.set_index("key").loc["nonEU_gap_job"]
    assert kept["n_persons"] == 250 and kept["estimate"] == 1.5
    # the table as chapter 6 shows it passes the output check
    shown = t.drop(columns=["claim", "mechanism"]).round(2).set_index("key")
    problems = [p for p in check_table(html_tables(shown.to_html())[0])
                if p[0] == "small_count" and "n_persons" in p[1]]
    assert problems == []


# printed text (DPO finding, seed 77: the notebooks' warnings stated "(1 treated in 1 rows)")
WARNINGS_SEEN = (  # as the model fits printed them on a small extract
    "term 'residence_ground[work]' has only treated where it is 1 (1 treated in 1 rows)",
    "term 'u[6]' is not identified for outcome 'mo': 3 of its 144 rows have that outcome",
    "term 'origin[turkish]' has only later starts where it is 1 (2.5 later starts in 2.5 rows)",
    "term 'treated[10]' is not identified: no events (0 events in 25 trials; quasi-complete",
)


def test_small_counts_in_printed_text_are_found_and_redacted() -> None:
    from mia_helpers.disclosure import redact_small_counts, small_counts_in_text

    found = [small_counts_in_text(t, 10) for t in WARNINGS_SEEN]
    assert found == [["1 treated", "1 rows"], ["3 of its 144 rows"],
                     ["2.5 later starts", "2.5 rows"], []]
    red = [redact_small_counts(t, 10) for t in WARNINGS_SEEN]
    assert red[0].endswith("where it is 1 (<10 treated in <10 rows)")
    assert "<10 of its 144 rows" in red[1] and "(<10 later starts in <10 rows)" in red[2]
    assert red[3] == WARNINGS_SEEN[3]  # zero and large counts stay
    assert all(small_counts_in_text(t, 10) == [] for t in red)
    assert small_counts_in_text("12 treated in 40 rows; k = 3 neighbours; 2 of 4 groups", 10) \
        == []
    assert redact_small_counts("(7 treated in 7 rows)", 5) == "(7 treated in 7 rows)"


def test_protect_warnings_prints_the_markers() -> None:
    """In a fresh interpreter (as in a chapter's kernel; pytest records warnings itself)."""
    import os
    import subprocess
    import sys

    code = ("import warnings\nfrom mia_helpers.disclosure import protect_warnings\n"
            "protect_warnings(10)\nprotect_warnings(10)\n"
            f"warnings.warn({WARNINGS_SEEN[0]!r})\n")
    err = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stderr
    # the counts and, since dpo30c, the direction (every one of them treated) are withheld
    assert "where it is 1 (direction withheld)" in err and "1 treated" not in err, err
    assert err.count("Warning: ") == 1 and ".py:" not in err  # once, plain (user30)
    plain = subprocess.run([sys.executable, "-c", code.replace("protect_warnings(10)\n", "")],
                           capture_output=True, text=True, check=True).stderr
    assert "(1 treated in 1 rows)" in plain  # the test can fail: without it the count shows
    # a worker process (joblib) inherits the threshold and redacts when it imports the package
    worker = subprocess.run(
        [sys.executable, "-c", f"import warnings, mia_helpers\nwarnings.warn({WARNINGS_SEEN[1]!r})"],
        capture_output=True, text=True, check=True,
        env={**os.environ, "MIA_PROTECT_WARNINGS": "10"}).stderr
    assert "<10 of its 144 rows" in worker, worker
    with pytest.raises(ValueError):
        from mia_helpers.disclosure import protect_warnings
        protect_warnings(0)


def test_a_threshold_export_check_refuses_is_said_once(monkeypatch) -> None:
    """``min_cell = 1`` (nothing hidden) is allowed for exploring inside the environment, but
    the run says at once that export-check will refuse its outputs (its floor is 2); a worker
    that inherits the threshold does not say it again."""
    import warnings

    from mia_helpers.disclosure import PROTECT_ENV, protect_warnings
    from mia_helpers.export_check import MIN_CELL_FLOOR

    monkeypatch.delenv(PROTECT_ENV, raising=False)
    original = warnings.showwarning
    try:
        with pytest.warns(UserWarning, match=f"refuses a threshold below {MIN_CELL_FLOOR}"):
            protect_warnings(1)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            protect_warnings(1)  # the same run (or a worker): not again
            protect_warnings(MIN_CELL_FLOOR)  # a threshold export-check accepts: silent
    finally:
        warnings.showwarning = original
