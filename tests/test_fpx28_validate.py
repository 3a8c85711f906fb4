"""``schemas.validate_register`` checks every rule and raises one error naming each broken rule
(fpx28; before, the first failing rule stopped it, so the ``panel`` command on a hand-built
folder reported one rule per run), and says which checks an earlier failure made impossible."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import codes
from mia_helpers.schemas import RegisterError, validate_register


def _persons(n: int = 8) -> pd.DataFrame:
    """``n`` valid persons rows, built by hand (index labels 100, 101, ...)."""
    return pd.DataFrame({
        "person_id": range(1, n + 1), "sample": codes.SAMPLES[0], "sex": codes.SEXES[0],
        "birth_year": 1980, "origin": codes.ORIGINS[0], "generation": codes.GENERATIONS[0],
        "education": codes.EDUCATIONS[0], "study_field": codes.STUDY_FIELDS[0],
        "dutch_level": codes.DUTCH_LEVELS[0], "household": codes.HOUSEHOLDS[0],
        "children": 1, "parent_employed": True, "parent_education": codes.PARENT_EDUCATIONS[0],
        "school_leaving_quarter": pd.array([8] * n, dtype="Int64"),
        "arrival_quarter": pd.array([None] * n, dtype="Int64"),
        "residence_ground": pd.array([None] * n, dtype=object),
    }, index=range(100, 100 + n))


def _error(df: pd.DataFrame) -> RegisterError:
    with pytest.raises(RegisterError) as info:
        validate_register("persons", df)
    return info.value


def test_the_valid_frame_passes():
    validate_register("persons", _persons())  # the base of the tests below is valid


def test_three_problems_are_named_in_one_error():
    p = _persons()
    p["sex"] = p["sex"].astype(object)
    p.loc[[101, 103], "sex"] = None  # null_value, 2 rows
    p.loc[[102, 104, 105], "origin"] = "Atlantis"  # unknown_code, 3 rows
    p.loc[106, "children"] = 99  # implausible_value, 1 row
    e = _error(p)
    # the first rule is the error's own, as callers read it
    assert (e.rule, e.count) == ("null_value", 2) and e.detail.startswith("column 'sex'")
    assert sorted(e.examples.index) == [101, 103]
    assert [(x.rule, x.count) for x in e.errors] == [
        ("null_value", 2), ("unknown_code", 3), ("implausible_value", 1)]
    msg = str(e)
    assert "and 2 more broken rule(s)" in msg
    assert "breaks rule 'null_value': 2 row(s) (column 'sex'" in msg
    assert "breaks rule 'unknown_code': 3 row(s) (column 'origin'; valid codes:" in msg
    assert "breaks rule 'implausible_value': 1 row(s) (column 'children'" in msg
    assert "found 99" in msg
    # each rule's examples are its own rows (by index label)
    assert sorted(e.errors[1].examples.index) == [102, 104, 105]
    assert list(e.errors[2].examples.index) == [106]
    assert "Atlantis" in msg and "not checked" not in msg


def test_a_missing_column_says_which_checks_were_skipped():
    p = _persons().drop(columns=["birth_year"])
    p.loc[101, "sex"] = "X"  # a check of a present column still runs
    e = _error(p)
    assert (e.rule, e.count) == ("missing_column", 1)
    assert [x.rule for x in e.errors] == ["missing_column", "unknown_code"]
    msg = str(e)
    assert "not checked, because an earlier rule failed" in msg
    assert "every check of the missing column(s) ['birth_year']" in msg
    # the ages need the birth year: their range checks are said to be skipped
    assert "implausible_value in column 'school_leaving_quarter' (an age: its 'birth_year' " \
           "is missing)" in msg
    assert "implausible_value in column 'arrival_quarter'" in msg


def test_a_wrong_type_skips_the_column_s_code_check():
    p = _persons()
    p["sex"] = 1  # integers, not codes
    e = _error(p)
    assert [x.rule for x in e.errors] == ["wrong_dtype"]
    assert "unknown_code in column 'sex' (of a wrong type)" in str(e)


def test_one_broken_rule_keeps_its_message():
    p = _persons()
    p.loc[103, "children"] = -1
    e = _error(p)
    assert e.errors == [e] and "more broken rule" not in str(e)
    assert str(e).startswith("register 'persons' breaks rule 'implausible_value': 1 row(s) "
                             "(column 'children'")


def test_a_caller_that_names_the_file_keeps_the_list():
    """``panel.validate_files`` re-raises with the file and rows named, passing ``more`` and
    ``errors`` on: the list is still shown after the first rule's examples."""
    p = _persons()
    p.loc[101, "sex"] = "X"
    p.loc[102, "children"] = 50
    e = _error(p)
    again = RegisterError(e.table, e.rule, e.count, e.examples,
                          f"{e.detail}; rows 10..17 of the file", file="persons.parquet",
                          more=e.more, errors=e.errors)
    msg = str(again)
    head = msg.split("\n")[0]
    assert "(file persons.parquet)" in head and "rows 10..17 of the file" in head
    assert "and 1 more broken rule(s), listed below" in head
    assert "breaks rule 'implausible_value': 1 row(s) (column 'children'" in msg
    assert len(again.errors) == 2


def test_validate_files_keeps_every_rule(tmp_path):
    """The real re-raise (``panel.validate_files``, file named): every broken rule survives."""
    from mia_helpers.panel import validate_files
    from mia_helpers.quarters import Window
    from mia_helpers.synthetic import write_parquet
    from mia_helpers.synthetic.config import GeneratorConfig
    from mia_helpers.synthetic.population import make_population
    from mia_helpers.synthetic.registers import all_registers
    from mia_helpers.synthetic.simulate import simulate

    cfg, window = GeneratorConfig(), Window()
    pop = make_population(cfg, 11, 60, 0, window)
    regs = all_registers(pop, simulate(pop, cfg, 11, window))
    persons = regs["persons"].copy()
    persons["sex"] = persons["sex"].astype(object)
    persons.loc[persons.index[0], "sex"] = "X"
    persons.loc[persons.index[1], "children"] = 50
    regs["persons"] = persons
    for name, df in regs.items():
        write_parquet(df, tmp_path / f"{name}.parquet")
    with pytest.raises(RegisterError) as info:
        validate_files(tmp_path, window=window)
    err = info.value
    assert str(err.file).endswith("persons.parquet") and len(err.errors) == 2
    assert {e.rule for e in err.errors} == {"unknown_code", "implausible_value"}
    assert "and 1 more broken rule(s), listed below" in str(err).split("\n")[0]
