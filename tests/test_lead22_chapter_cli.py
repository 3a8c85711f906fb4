"""The chapter command names the run's record and the export check to run (newuser22: it
printed the notebook and HTML paths only, not the manifest or the disclosure record)."""

from __future__ import annotations

import sys

from mia_helpers import cli
from mia_helpers.chapters import ChapterRun


def test_chapter_command_names_the_record_and_the_check(tmp_path, monkeypatch, capsys):
    import mia_helpers.cli.chapter as cc

    out = tmp_path / "run"
    out.mkdir()
    for name in ("manifest.json", "disclosure_record.json"):
        (out / name).write_text("{}")

    def fake_run(name, given, out_dir, notebooks, progress=True, no_solutions=False):
        return ChapterRun(out / "03_activation_inflow.ipynb", out / "03_activation_inflow.html",
                          {"min_cell": 15})

    monkeypatch.setattr(cc, "run_chapter", fake_run)
    monkeypatch.setattr(cc, "chapter_note", lambda *a, **k: "")
    assert cli.main(["chapter", "03_activation_inflow", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert f"run manifest:      {out / 'manifest.json'}" in text
    assert f"disclosure record: {out / 'disclosure_record.json'}" in text
    assert f"{sys.executable} -m mia_helpers export-check {out} --min-cell 15" in text


def test_a_run_below_the_export_floor_is_told_so(tmp_path, monkeypatch, capsys):
    import mia_helpers.cli.chapter as cc

    def fake_run(name, given, out_dir, notebooks, progress=True, no_solutions=False):
        return ChapterRun(tmp_path / "c.ipynb", tmp_path / "c.html", {"min_cell": 1})

    monkeypatch.setattr(cc, "run_chapter", fake_run)
    monkeypatch.setattr(cc, "chapter_note", lambda *a, **k: "")
    assert cli.main(["chapter", "03_activation_inflow", "--out", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "min_cell 1 hides nothing" in text and "-p min_cell 2 or more" in text
    assert "export-check" not in text
