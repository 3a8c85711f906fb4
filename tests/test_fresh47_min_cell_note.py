"""fresh47: `chapter A -p min_cell 1` ran the whole chapter (with computed Monte Carlo
studies, far longer than a chapter) and only then said that its outputs cannot leave
("this run's min_cell 1 hides nothing"). A user who meant a disclosure-controlled run learns
it before the work starts: the command prints a note naming the parameter and the remedy
first (min_cell 1 stays valid for work inside the secure environment)."""

from __future__ import annotations

from mia_helpers import chapters, cli
from mia_helpers.chapters import ChapterRun, min_cell_note


def test_the_note_names_the_parameter_and_the_remedy():
    text = min_cell_note("activation_inflow", [("min_cell", "1")])
    assert "min_cell" in text and "-p min_cell 2 or more" in text, text
    params = chapters.read_parameters(chapters.resolve_chapter("activation_inflow")[1])
    assert f"(the default is {params['min_cell'].default})" in text, text  # read, not typed
    assert min_cell_note("activation_inflow", [("min_cell", "2")]) == ""
    assert min_cell_note("activation_inflow", []) == ""
    assert min_cell_note("heart_transplant", [("min_cell", "1")]) != ""


def test_the_command_prints_it_before_the_run(tmp_path, monkeypatch, capsys):
    import mia_helpers.cli.chapter as cc

    seen = {}

    def fake_run(name, given, out_dir, notebooks, progress=True, no_solutions=False):
        seen["stderr before the run"] = capsys.readouterr().err
        return ChapterRun(tmp_path / "c.ipynb", tmp_path / "c.html", {"min_cell": 1})

    monkeypatch.setattr(cc, "run_chapter", fake_run)
    monkeypatch.setattr(cc, "chapter_note", lambda *a, **k: "")
    assert cli.main(["chapter", "03_activation_inflow", "-p", "min_cell", "1",
                     "--out", str(tmp_path)]) == 0
    assert "note:" in seen["stderr before the run"], seen
    assert "-p min_cell 2 or more" in seen["stderr before the run"], seen
