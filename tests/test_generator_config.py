"""Every generator parameter sits in the config object, so ``--set`` reaches it (issue 13).

Each test sets one of the parameters that used to be hard-coded in ``synthetic/simulate.py``
or ``synthetic/population.py`` to an extreme value and checks the generated registers show it
exactly (deterministic consequences: no tolerance)."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.quarters import Window
from mia_helpers.synthetic import generate
from mia_helpers.synthetic.config import load_config

SIZE = {"seed": 4, "residents": 400, "newcomers": 100}


def _gen(tmp_path, sets: list[str]) -> tuple:
    out = tmp_path / "d"
    generate(out, config=load_config(sets=sets), truth=False, **SIZE)
    return (pd.read_parquet(out / "persons.parquet"),
            pd.read_parquet(out / "ksz_positions.parquet"))


def test_fte_and_wage_shares_reach_the_registers(tmp_path):
    persons, ksz = _gen(tmp_path, ["job.fte_shares=[0, 0, 1]",
                                   "job.wage_by_education.low=[0, 0, 1]"])
    emp = ksz[ksz["fte_fraction"] > 0]
    assert len(emp) and (emp["fte_fraction"] == 1.0).all()
    low = emp.merge(persons[["person_id", "education"]], on="person_id")
    low = low[low["education"] == "low"]
    assert len(low) and (low["wage_class"] == "high").all()


def test_initial_jobseeker_share_reaches_the_window_start(tmp_path):
    persons, ksz = _gen(tmp_path, ["registration.initial_jobseeker_share=0"])
    adults = persons[persons["school_leaving_quarter"].isna() & (persons["sample"] == "resident")]
    first = ksz[(ksz["quarter"] == Window().start) & ksz["person_id"].isin(adults["person_id"])]
    assert len(first)
    assert not first["position"].isin(["unemployed_benefit", "jobseeker_no_benefit"]).any()


def test_population_tables_reach_the_persons(tmp_path):
    persons, _ = _gen(tmp_path, [
        "population.dutch_by_generation.second=[0, 0, 1, 0]",
        "population.study_field.male=[0, 0, 0, 0, 1]",
        "population.couple_share.other=1.0",
    ])
    second = persons[persons["generation"] == "second"]
    assert len(second) and (second["dutch_level"] == "good").all()
    assert (persons.loc[persons["sex"] == "male", "study_field"] == "business").all()
    others = persons[persons["school_leaving_quarter"].isna()]
    assert (others["household"] == "couple").all()


def test_a_config_table_missing_a_row_is_named(tmp_path):
    cfg = load_config()
    del cfg.population.dutch_by_generation["second"]
    with pytest.raises(ValueError, match=r"lacks rows \['second'\]"):
        generate(tmp_path / "x", config=cfg, truth=False, **SIZE)
