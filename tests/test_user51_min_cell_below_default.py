"""user51: ``chapter ... -p min_cell 5`` ran without a word, and ``export-check --min-cell 5``
on its folder printed "min_cell=5: OK": nothing said that 5 is below the book's threshold of
10 (README, book/disclosure.md), so counts of 5 to 9 persons could leave on a green check.
Both commands now print a note first (the value stays valid: an environment whose output
rules set a lower threshold); at the default and above they print none."""
from __future__ import annotations

import pytest

from mia_helpers import chapters, cli
from mia_helpers.chapters import ChapterRun, min_cell_default_note
from mia_helpers.disclosure import DEFAULT_MIN_CELL


def test_the_note_names_the_threshold_the_counts_and_the_remedy():
    default = chapters.read_parameters(
        chapters.resolve_chapter("panel_construction")[1])["min_cell"].default
    assert default == DEFAULT_MIN_CELL
    text = min_cell_default_note("panel_construction", [("min_cell", "5")])
    assert text.startswith(f"parameter 'min_cell' is 5, below the default {default}"), text
    assert f"counts of 5 to {default - 1} persons" in text, text
    assert "export-check passes only at --min-cell 5" in text
    assert f"else run with -p min_cell {default}" in text
    for quiet in ([("min_cell", str(default))], [("min_cell", "12")], [],
                  [("min_cell", "1")]):  # 1: min_cell_note says more (fresh47)
        assert min_cell_default_note("panel_construction", quiet) == "", quiet


def test_the_chapter_command_prints_it_before_the_run(tmp_path, monkeypatch, capsys):
    import mia_helpers.cli.chapter as cc

    seen = {}

    def fake_run(name, given, out_dir, notebooks, progress=True, no_solutions=False):
        seen["err"] = capsys.readouterr().err
        return ChapterRun(tmp_path / "c.ipynb", tmp_path / "c.html", {"min_cell": 5})

    monkeypatch.setattr(cc, "run_chapter", fake_run)
    assert cli.main(["chapter", "panel_construction", "-p", "min_cell", "5",
                     "--out", str(tmp_path)]) == 0
    assert "note: parameter 'min_cell' is 5, below the default" in seen["err"], seen


@pytest.mark.parametrize("min_cell", [5, DEFAULT_MIN_CELL])
def test_export_check_says_a_threshold_below_the_default(tmp_path, capsys, min_cell):
    folder = tmp_path / "own"
    folder.mkdir()
    (folder / "table.csv").write_text("origin,persons\nbelgian,1200\nturkish,40\n")
    capsys.readouterr()
    assert cli.main(["export-check", str(folder), "--min-cell", str(min_cell)]) == 0
    err = capsys.readouterr().err
    note = (f"note: --min-cell 5 is below the default {DEFAULT_MIN_CELL}, the threshold of "
            f"the book's disclosure control: counts of 5 to {DEFAULT_MIN_CELL - 1} persons "
            "pass")
    assert (note in err) == (min_cell < DEFAULT_MIN_CELL), err
