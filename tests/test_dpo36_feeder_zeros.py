"""dpo36: chapter 5's feeder table publishes no 0 first starts of a term of fewer than
``min_cell`` persons ("0 of the 4 newcomers with an NT2 course started": each of the 4 did
not), on the chapter's path ``newcomers.feeder_table`` -> ``feeder_against_steps`` ->
``feeder_against_profile`` -> ``record_published``."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from test_x13 import _feeder, _people, _profile

from mia_helpers import disclosure
from mia_helpers import newcomers as nc
from mia_helpers.disclosure import checking_record, record_published, totals_as_last_resort
from mia_helpers.linked_tables import (
    feeder_against_profile,
    feeder_against_steps,
    feeder_zeros_of_small_terms,
)

ROOT = Path(__file__).resolve().parents[1]
MIN_CELL = 10
REFERENCE = {"origin": "eastern_eu", "sex": "male", "education": "mid", "dutch": "good",
             "residence_ground": "eu"}


@pytest.fixture(autouse=True)
def _fresh_record():
    disclosure.reset_record()
    yield
    disclosure.reset_record()


def _periods() -> pd.DataFrame:
    """Non-working newcomers, one period each: 5 "tiny" origin newcomers on ground "work"
    (none started), 4 of them the only ones with an NT2 course; larger groups with starts."""
    p = _people([
        ({"origin": "tiny", "sex": "male", "education": "mid", "dutch": "good",
          "residence_ground": "work"}, 5, 0),
        ({"origin": "maghreb", "sex": "female", "education": "high", "dutch": "none",
          "residence_ground": "family"}, 60, 30),
        ({"origin": "maghreb", "sex": "male", "education": "high", "dutch": "good",
          "residence_ground": "family"}, 60, 30),
        ({"origin": "eastern_eu", "sex": "male", "education": "mid", "dutch": "good",
          "residence_ground": "eu"}, 200, 80),
    ])
    p["nt2_before"] = 0
    p.loc[p.index[:4], "nt2_before"] = 1  # 4 of the 5 tiny newcomers: 0 starts
    return p


def _fit(periods: pd.DataFrame) -> SimpleNamespace:
    """A stand-in for the fitted feeder model (the tidy columns feeder_table reads)."""
    terms = ["nt2_before"] + [f"{v}[{lv}]" for v, ref in REFERENCE.items()
                              for lv in sorted(set(periods[v].astype(str)) - {ref})]
    tidy = pd.DataFrame({"term": terms, "exp_estimate": 1.1, "exp_ci_low": 0.8,
                         "exp_ci_high": 1.5, "p_value": 0.4, "identified": True,
                         "df_resid": 500})
    return SimpleNamespace(tidy=lambda level: tidy.copy(), not_identified={},
                           levels={v: [ref] for v, ref in REFERENCE.items()})


def _profile_of(periods: pd.DataFrame) -> disclosure.Protected:
    """Chapter 1's sample profile of the same newcomers (no one left out)."""
    rows = [("resident", "belgian", "native", 900, 50.0, 30.0, 100.0)]
    for origin, g in periods.groupby("origin"):
        n = len(g)
        rows.append(("newcomer", origin, "first", n,
                     round(100 * (g["sex"] == "female").sum() / n, 1),
                     round(100 * (g["education"] == "high").sum() / n, 1),
                     round(100 * g["dutch"].isin(["good", "native"]).sum() / n, 1)))
    return _profile(rows)


def _chapter_path(periods: pd.DataFrame, steps: pd.DataFrame) -> disclosure.Protected:
    """Chapter 5's cell (notebooks/05_newcomer_integration.md) on the stand-in model."""
    with totals_as_last_resort(["n_persons"]):
        feeder = nc.feeder_table(_fit(periods), periods, min_cell=MIN_CELL, record=False)
    feeder = feeder_against_steps(feeder, periods, steps, min_cell=MIN_CELL)
    return record_published(feeder_against_profile(feeder, periods, _profile_of(periods),
                                                   MIN_CELL))


def test_feeder_table_alone_shows_the_zero():
    """The fingerprinted feeder_table (unchanged) shows the zeros: the linked steps must
    hide them."""
    periods = _periods()
    d = nc.feeder_table(_fit(periods), periods, min_cell=MIN_CELL, record=False
                        ).data.set_index("term")
    assert d.loc["nt2_before", "n_events"] == 0 and pd.isna(d.loc["nt2_before", "n_persons"])
    assert d.loc["origin[tiny]", "n_events"] == 0


@pytest.mark.parametrize("steps_hide_work", [False, True])
def test_chapter_path_hides_zero_starts_of_small_terms(steps_hide_work):
    """Every term of fewer than 10 persons with 0 starts: its 0 is hidden, whether or not
    the steps table links its ground (a hidden steps count links nothing)."""
    periods = _periods()
    steps = pd.DataFrame({"residence_ground": ["work", "family", "eu"],
                          "n_persons": [pd.NA if steps_hide_work else 30, 120, 200]})
    out = _chapter_path(periods, steps)
    d, why = out.data.set_index("term"), out.reason.set_index(out.data["term"])
    for term in ("nt2_before", "origin[tiny]", "residence_ground[work]"):
        assert pd.isna(d.loc[term, "n_events"]), term
        assert why.loc[term, "n_events"] != "", term
    # larger groups keep their counts, a 0 among many persons would stay
    assert d.loc["origin[maghreb]", "n_events"] == 60
    assert d.loc["residence_ground[family]", "n_persons"] == 120
    assert "feeder model" in set(checking_record()["output"])
    rendered = out.render().set_index("term")
    assert str(rendered.loc["nt2_before", "n_events"]) not in ("0", "0.0")


def test_zeros_of_small_terms_alone():
    periods = _periods()
    feeder = _feeder(periods.drop(columns=["residence_ground"]))  # test_x13's stand-in
    out = feeder_zeros_of_small_terms(feeder, periods, MIN_CELL)
    d = out.data.set_index("term")
    assert pd.isna(d.loc["origin[tiny]", "n_events"])
    assert (out.reason.set_index(out.data["term"]).loc["origin[tiny]", "n_events"]
            == "complement")
    assert feeder.data.set_index("term").loc["origin[tiny]", "n_events"] == 0  # not modified
    rec = checking_record()
    assert "feeder model: no starts among few persons" in set(rec["output"])


def test_zeros_of_small_terms_refuses_other_periods():
    periods = _periods()
    feeder = _feeder(periods)
    with pytest.raises(ValueError, match="no column 'origin'"):
        feeder_zeros_of_small_terms(feeder, periods.drop(columns=["origin"]), MIN_CELL)
    other = periods.copy()
    other.loc[other["origin"] == "maghreb", "event"] = 0
    with pytest.raises(ValueError, match="in the feeder table but"):
        feeder_zeros_of_small_terms(feeder, other, MIN_CELL)


def test_chapter5_keeps_the_path_through_the_profile_link():
    """feeder_against_profile, which hides the zeros of every term, is the last step before
    the chapter publishes the feeder table."""
    text = (ROOT / "notebooks" / "05_newcomer_integration.md").read_text()
    cell = text[text.index("nc.feeder_table(fit"):]
    cell = cell[:cell.index("```")]
    assert "record_published(feeder_against_profile(" in cell
    # since dpo37 the steps link runs through steps_and_feeder (feeder_against_steps in it)
    assert cell.index("steps_and_feeder(") < cell.index("feeder_against_profile(")
    assert "glue(\"tbl-newcomers-feeder\"" in cell


def test_chapter5_steps_table_hides_zeros_of_a_small_ground():
    """Chapter 5's steps table (notebook cell, mirrored): a ground of 4 newcomers, none with a
    contract, an NT2 course or a measure start: its zeros are hidden."""
    from mia_helpers.disclosure import suppress_small_cells, whole_group_hide, zeros_of_small_groups

    text = (ROOT / "notebooks" / "05_newcomer_integration.md").read_text()
    assert ('zeros=disclosure.zeros_of_small_groups(  # none of a small ground\'s few newcomers'
            in text)
    assert 'steps, ["n_contract", "n_nt2", "n_measure_starts"], "n_persons", min_cell),' in text
    steps = pd.DataFrame({
        "residence_ground": ["asylum", "eu_citizen", "family", "work"],
        "n_persons": [131, 145, 141, 4], "n_contract": [101, 37, 41, 0],
        "n_nt2": [91, 38, 39, 0], "n_measure_starts": [116, 93, 157, 0]})
    steps["contract_pct"] = 100 * steps["n_contract"] / steps["n_persons"]
    counts = ["n_contract", "n_nt2", "n_measure_starts"]
    out = suppress_small_cells(
        steps, min_cell=MIN_CELL, count_cols=["n_persons", *counts],
        value_cols={"contract_pct": "n_contract"},
        relations=[("n_persons", [c], False) for c in ("n_contract", "n_nt2")],
        zeros=zeros_of_small_groups(steps, counts, "n_persons", MIN_CELL),
        hide=whole_group_hide(steps, "n_persons", ["n_contract", "n_nt2"]),
        hide_rule="complement", last_resort=["n_persons"]).set_index("residence_ground")
    for c in counts:
        assert str(out.loc["work", c]) not in ("0", "0.0"), c
    assert str(out.loc["work", "contract_pct"]) not in ("0", "0.0")  # 0 per cent: hidden too
    assert str(out.loc["asylum", "n_contract"]) == "101"
