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
