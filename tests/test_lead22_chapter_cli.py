"""The chapter command names the run's record and the export check to run (newuser22: it
printed the notebook and HTML paths only, not the manifest or the disclosure record)."""

from __future__ import annotations

from mia_helpers import cli
from mia_helpers.chapters import ChapterRun


def test_chapter_command_names_the_record_and_the_check(tmp_path, monkeypatch, capsys):
    import mia_helpers.cli.chapter as cc

    out = tmp_path / "run"
    out.mkdir()
    for name in ("manifest.json", "disclosure_record.json"):
        (out / name).write_text("{}")

    def fake_run(name, given, out_dir, notebooks, progress=True):
        return ChapterRun(out / "03_activation_inflow.ipynb", out / "03_activation_inflow.html",
                          {"min_cell": 15})

    monkeypatch.setattr(cc, "run_chapter", fake_run)
    monkeypatch.setattr(cc, "chapter_note", lambda *a, **k: "")
    assert cli.main(["chapter", "03_activation_inflow", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert f"run manifest:      {out / 'manifest.json'}" in text
    assert f"disclosure record: {out / 'disclosure_record.json'}" in text
    assert f"python -m mia_helpers export-check {out} --min-cell 15" in text
