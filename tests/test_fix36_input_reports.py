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
    assert "1 of these spells has dates read day-first" in swap_hint(1)


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
                 "1 id written as a spreadsheet writes whole numbers (1 row)",
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
    assert "1 person id written in more than one way (2 rows), e.g. '001' and '1'" \
        in within
    assert all("'1,0'" not in n and "spreadsheet" not in n for n in zeros), zeros


# --- 1. the remedy for a too-short window: only windows the data can give -------------------

def _synth_folder(tmp_path, first: int, last: int):
    """A folder as `synth` records its window (truth/parameters.json; chapters.
    _recorded_window): all the window checks read before any data are."""
    import json

    folder = tmp_path / f"synth_{first}_{last}"
    (folder / "truth").mkdir(parents=True)
    (folder / "_COMPLETE.json").write_text(json.dumps({"command": "synth"}))
    (folder / "truth" / "parameters.json").write_text(
        json.dumps({"window_start": first, "window_end": last}))
    return folder


def _refusal(chapter, given):
    from mia_helpers import chapters

    params = chapters.read_parameters(chapters.resolve_chapter(chapter)[1])
    with pytest.raises(chapters.ChapterError) as err:
        chapters.check_parameters(chapter, params, given)
    return str(err.value)


def _quarters_named(text):
    """The quarter labels a message names after 'to' (its suggested values)."""
    import re

    from mia_helpers.quarters import to_index

    return [to_index(q) for q in re.findall(r"\b(?:to|start|end) (\d{4}Q[1-4])\b", text)]


def test_synthetic_data_get_no_window_before_2005q1():
    """A window of 8 quarters from 2005Q1 on synthetic data was told to start at 2004Q1."""
    from mia_helpers.chapters import check_min_window
    from mia_helpers.files import ParameterError

    with pytest.raises(ParameterError) as err:
        check_min_window("matching_method", ("2005Q1", "2006Q4"), data_dir=None)
    text = str(err.value)
    assert "window_end to 2007Q4 or later" in text, text
    assert "window_start to" not in text and "2004" not in text, text
    assert min(_quarters_named(text)) >= 0, text


def test_an_extract_too_short_for_max_quarter_is_not_told_to_widen_beyond_it(tmp_path):
    """'widen the window to at least 61 quarters' beside data of 48 quarters."""
    folder = _synth_folder(tmp_path, 0, 47)
    text = _refusal("activation_effects", [("data_dir", str(folder)), ("max_quarter", "60")])
    assert "lower it to 47 or less" in text, text
    assert "widen the window" not in text, text
    assert "cover 2005Q1..2016Q4, 48 quarters" in text, text
    assert "cannot give a window of 61 quarters" in text, text


def test_synthetic_data_may_widen_the_window_naming_the_end():
    text = _refusal("activation_effects", [("max_quarter", "60")])
    assert "widen the window to at least 61 quarters: set window_end to 2020Q1 or later" in text


@pytest.mark.parametrize("first, last", [(0, 47), (20, 47), (0, 27)])
def test_the_suggested_window_lies_within_the_data(tmp_path, first, last):
    folder = _synth_folder(tmp_path, first, last)
    from mia_helpers.quarters import to_label

    ws, we = to_label(max(first, 20)), to_label(max(first, 20) + 7)  # 8 quarters in the data
    text = _refusal("matching_method", [("data_dir", str(folder)), ("window_start", ws),
                                        ("window_end", we)])
    named = _quarters_named(text.split("what to do:")[1])
    assert named and all(first <= q <= last for q in named), text
    assert "this chapter needs at least 12" in text


def test_data_shorter_than_the_chapter_needs_are_said_to_be(tmp_path):
    folder = _synth_folder(tmp_path, 20, 27)  # 8 quarters
    text = _refusal("matching_method", [("data_dir", str(folder)), ("window_start", "2010Q1"),
                                        ("window_end", "2011Q4")])
    assert "cover 2010Q1..2011Q4, 8 quarters" in text, text
    assert "this chapter cannot be run on these data" in text, text
    assert "window_end to" not in text and "window_start to" not in text, text


def test_data_long_enough_for_the_horizons_but_not_max_quarter(tmp_path):
    folder = _synth_folder(tmp_path, 20, 31)  # 12 quarters: the fixed horizons' minimum
    text = _refusal("activation_effects", [("data_dir", str(folder)), ("window_start", "2010Q1"),
                                           ("window_end", "2012Q2")])
    assert "set max_quarter to 11 or less with their whole window (window_start 2010Q1, " \
           "window_end 2012Q4)" in text, text
    assert "cannot be run" not in text


def test_chapters_4_and_a_tell_check_min_window_their_data():
    import re

    from mia_helpers import chapters

    for chapter in ("activation_effects", "matching_method"):
        text = chapters.resolve_chapter(chapter)[1].read_text()
        call = re.search(r"check_min_window\((.*?)\)  #", text, flags=re.S)
        assert call and "data_dir=data_dir" in call.group(1), chapter
