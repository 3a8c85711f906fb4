"""One rule for the disclosure threshold ``min_cell`` (val46): before, four validators did one
job with different rules (``disclosure`` and ``dynamic``: an int >= 1, so ``10.0`` was
refused; ``labels``: a whole number >= 1, so ``10.0`` was taken; ``export_check``: an int >=
2), and ``hazard.school_leaving_end`` cut ``10.5`` to 10. Now every caller goes through
:func:`mia_helpers.disclosure.check_min_cell`: a whole number >= the caller's floor, an
integral float read as that int; a fraction, NaN, infinity, a boolean or text refused with a
message naming the function, the parameter, the value and the remedy."""
from __future__ import annotations

import argparse
import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers import disclosure, export_check, hazard, labels, subgroups
from mia_helpers.disclosure import check_min_cell, suppress_small_cells
from mia_helpers.dynamic import dynamic_effects, dynamic_match

REFUSED = [0, -3, 10.5, 0.5, True, False, np.bool_(True), float("nan"), float("inf"), "10",
           "ten", None, [10]]


@pytest.mark.parametrize("given", [10, 10.0, np.int64(10), np.int32(10), np.float64(10.0),
                                   np.float32(10.0)])
def test_a_whole_number_is_taken_and_returned_as_int(given):
    got = check_min_cell(given, "here")
    assert got == 10 and type(got) is int


@pytest.mark.parametrize("bad", REFUSED)
def test_what_is_no_count_of_persons_is_refused_naming_where_name_value_and_remedy(bad):
    with pytest.raises(ValueError) as err:
        check_min_cell(bad, "mod.fn")
    text = str(err.value)
    assert text.startswith("mod.fn: min_cell must be a whole number >= 1, got ")
    assert repr(bad) in text and "-p min_cell 10" in text


def test_the_floor_name_and_reason_are_the_caller_s():
    with pytest.raises(ValueError, match=r"^export-check: --min-cell must be a whole number "
                       r">= 2, got 1 \(with 1 no count lies .*--min-cell 10\)$"):
        export_check._check_min_cell(1, "export-check", "--min-cell")
    assert export_check._check_min_cell(2.0) == 2


@pytest.mark.parametrize(("bad", "hint"), [
    (10.5, "give 10 or 11"), ("10", "give the number itself, 10, without quotes"),
    (True, "true/false"), (float("nan"), "not a finite number"), (None, "no value")])
def test_the_message_says_what_is_wrong(bad, hint):
    with pytest.raises(ValueError, match=hint):
        check_min_cell(bad, "x")


# --- every caller applies the same rule -------------------------------------------------

def _table() -> pd.DataFrame:
    return pd.DataFrame({"group": ["a", "b", "c"], "n": [120, 4, 30]})


def test_disclosure_takes_10_0_as_10():
    """Refused before (``isinstance(min_cell, int)``), while labels took it."""
    for fn in (lambda m: suppress_small_cells(_table(), count_cols=["n"], min_cell=m),
               lambda m: disclosure.small_count_matches("3 persons and 12 persons", m),
               lambda m: disclosure.redact_small_counts("3 persons and 12 persons", m)):
        a, b = fn(10), fn(10.0)
        assert (a.equals(b) if isinstance(a, pd.DataFrame) else a == b)


@pytest.mark.parametrize("bad", [10.5, True, "10", float("nan")])
def test_every_caller_refuses_with_the_same_words(bad, tmp_path):
    calls = {
        "disclosure.suppress": lambda: suppress_small_cells(_table(), count_cols=["n"],
                                                            min_cell=bad),
        "disclosure.assert_publishable": lambda: disclosure.assert_publishable(
            _table(), count_cols=["n"], min_cell=bad),
        "labels.min_cell_rule": lambda: labels.min_cell_rule(bad, " a rule."),
        "export_check.scan": lambda: export_check.scan(tmp_path, min_cell=bad),
        "hazard.school_leaving_end": lambda: hazard.school_leaving_end(_leavers(), bad),
        "subgroups.fit_by_sex": lambda: subgroups.fit_by_sex({}, [], min_cell=bad),
    }
    for where, call in calls.items():
        floor = 2 if where.startswith("export_check") else 1
        with pytest.raises(ValueError, match=rf"^{where}: min_cell must be a whole number "
                                             rf">= {floor}, got "):
            call()


def test_export_check_run_check_takes_10_0(tmp_path):
    """run_check and scan refused 10.0 (an int was required); they read it as 10 now."""
    pd.DataFrame({"group": ["a", "b"], "n": [12, 30]}).to_csv(tmp_path / "t.csv", index=False)
    assert export_check.scan(tmp_path, min_cell=10.0).ok
    args = argparse.Namespace(path=tmp_path, min_cell=1.0)
    with pytest.raises(ValueError, match=r"^export-check: --min-cell must be a whole number"):
        export_check.run_check(args)


def _leavers() -> pd.DataFrame:
    return pd.DataFrame({"person_id": range(30), "school_leaving_quarter": range(30)})


def test_school_leaving_end_no_longer_cuts_a_fraction():
    """``int(10.5)`` was 10: a threshold nobody chose."""
    assert hazard.school_leaving_end(_leavers(), 10.0) == hazard.school_leaving_end(_leavers(), 10)
    with pytest.raises(ValueError, match=r"hazard\.school_leaving_end: min_cell .* got 10\.5"):
        hazard.school_leaving_end(_leavers(), 10.5)


@pytest.fixture(scope="module")
def matched():
    rng = np.random.default_rng(46)
    rows = []
    for i in range(300):
        age, started = float(rng.uniform(20, 60)), False
        for m in range(12):
            start = (not started) and bool(rng.random() < 0.05)
            started = started or start
            rows.append({"person": i, "month": m, "start": start, "age": age,
                         "job": bool(rng.random() < 0.1)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dynamic_match(pd.DataFrame(rows), id="person", time="month",
                             treatment_start="start", covariates=["age"], caliper=None, k=2)


def test_dynamic_effects_takes_10_0_and_refuses_10_5_by_the_same_rule(matched):
    args = {"outcome": "job", "horizons": [3], "estimands": ["now_vs_later"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = dynamic_effects(matched, **args, min_cell=10)
        b = dynamic_effects(matched, **args, min_cell=10.0)  # refused before
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(ValueError, match=r"^dynamic_effects: min_cell must be a whole number "
                                         r">= 1, got 10\.5"):
        dynamic_effects(matched, **args, min_cell=10.5)
