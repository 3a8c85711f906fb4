"""fix36: how bad input and parameters are reported.

1. the remedy for a too-short window suggests only windows the data can give;
2. the day/month swap hint of ``end_before_start`` also on a register with other problems;
3. one person id written as a spreadsheet writes whole numbers gives one note, not three;
4. an invalid value of a known parameter names that parameter, its value, its range and the
   remedy, without the whole parameter list."""

from __future__ import annotations

import pytest

import mia_helpers.notebook_run
from mia_helpers import cli


@pytest.fixture
def no_execution(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("a kernel was started although the parameters were refused")

    monkeypatch.setattr(mia_helpers.notebook_run, "execute", boom)


# --- 4. an invalid parameter value ----------------------------------------------------------

@pytest.mark.parametrize(("name", "value", "range_"), [("min_cell", "0", "integer >= 1"),
                                                       ("caliper", "-1", "number > 0")])
def test_an_invalid_value_names_the_parameter_its_range_and_remedy_only(
        name, value, range_, capsys, no_execution, tmp_path):
    rc = cli.main(["chapter", "activation_effects", "-p", name, value,
                   "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2
    flat = " ".join(err.split())
    assert f"parameter {name!r} must be {range_}" in flat and f"got {value}" in flat, err
    assert "what to do: give a value as stated (the default: " in flat, err
    # the other parameters are not listed (the whole list hid the one line that mattered)
    assert "valid parameters" not in err, err
    for other in ("data_dir =", "seed =", "estimand =", "window_start ="):
        assert other not in err, err
    assert len(err.strip().splitlines()) == 1, err


def test_an_unknown_parameter_still_lists_the_valid_ones(capsys, no_execution, tmp_path):
    rc = cli.main(["chapter", "activation_effects", "-p", "min_cells", "5",
                   "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2 and "valid parameters" in err and "min_cell = 10" in err


# --- 2. the day/month swap hint on a register with other problems ---------------------------

def _registrations(tmp_path, other_problem: bool):
    from test_analyst19_adapt import _delivery

    # read day-first ('%d/%m/%Y'): 1 December to 6 March is reversed; month-first (US dates),
    # 12 January to 3 June is in order
    regs = [{"ID": "1", "BEGIN": "01/12/2008", "EINDE": "06/03/2008", "REDEN": "Werk"},
            {"ID": "2", "BEGIN": "15/02/2008", "EINDE": "10/08/2008",
             "REDEN": "Onbekend" if other_problem else "Werk"}]
    return _delivery(tmp_path, registrations=regs)


@pytest.mark.parametrize("other_problem", [False, True])
def test_the_swap_hint_is_given_with_and_without_other_problems(tmp_path, other_problem):
    """Without other problems the register's keys are checked by ``key_errors``; with an
    unmapped code they were checked by ``partial_key_errors``, which lost the hint."""
    from mia_helpers.adapters import adapt
    from mia_helpers.adapters.core import swap_hint

    with pytest.raises(Exception) as err:  # RegisterError, or ExtractProblemsError with both
        adapt(_registrations(tmp_path, other_problem), tmp_path / "out")
    text = str(err.value)
    assert "end_before_start" in text, text
    assert swap_hint(1) in text, text
    assert ("unmapped_code" in text) is other_problem
    assert "1 of these spell(s) have dates read day-first" in swap_hint(1)


# --- 3. one defective person id, one note -----------------------------------------------------

def _measures(*ids: str) -> list[dict]:
    return [{"ID": i, "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"} for i in ids]


def test_a_spreadsheet_id_gives_one_note_naming_file_column_rows_and_remedy(tmp_path):
    """'1,0' beside '1' (in the same register and in persons) gave three notes: the
    spreadsheet note, a note on two spellings within the register and one across registers,
    both of which only pointed to the first."""
    from test_analyst19_adapt import _delivery

    from mia_helpers.adapters import adapt

    res = adapt(_delivery(tmp_path, measures=_measures("1", "1,0")), tmp_path / "out")
    said = [n for n in res.notes if "'1,0'" in n]
    assert len(said) == 1, res.notes
    note = " ".join(said[0].split())
    for part in ("register 'vdab_measures'", "raw file acties.csv", "source column 'ID'",
                 "1 id(s) written as a spreadsheet writes whole numbers (1 row(s))",
                 "read as the number 1, the same person as '1' in 'vdab_measures'",
                 "what to do: export the person id column again as text"):
        assert part in note, (part, note)


def test_a_leading_zero_beside_a_spreadsheet_id_keeps_its_own_note(tmp_path):
    """Two defects, two notes: '1,0' (a spreadsheet) and '001' (leading zeros)."""
    from test_analyst19_adapt import _delivery

    from mia_helpers.adapters import adapt

    res = adapt(_delivery(tmp_path, measures=_measures("1", "1,0", "001")), tmp_path / "out")
    sheet = [n for n in res.notes if "'1,0'" in n]
    zeros = [n for n in res.notes if "'001'" in n]
    assert len(sheet) == 1 and sheet[0].startswith("note: person ids of register"), res.notes
    assert len(zeros) == 2, res.notes  # within vdab_measures, and across registers
    within = next(n for n in zeros if n.startswith("note: register 'vdab_measures'"))
    assert "1 person id(s) written in more than one way (2 row(s)), e.g. '001' and '1'" \
        in within
    assert all("'1,0'" not in n and "spreadsheet" not in n for n in zeros), zeros
