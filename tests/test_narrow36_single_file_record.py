"""``export-check FOLDER/file.ipynb`` wrote a passing ``FOLDER/export_check_results.json``
that could be taken for a check of the whole folder (narrow36). A check of one file now
writes ``export_check_results.<file name>.json`` beside it, whose ``scope`` names the file,
and a check of the folder still writes ``export_check_results.json`` with scope ``folder``
(and lists the file's record apart, not as an output)."""

import json
import subprocess
import sys
from pathlib import Path

import nbformat

from mia_helpers import export_check


def _folder(tmp_path: Path) -> Path:
    run = tmp_path / "run"
    run.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("A note on the method, no counts.")]
    nbformat.write(nb, run / "note.ipynb")
    (run / "other.md").write_text("Another page, no counts.\n", encoding="utf-8")
    return run


def _check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mia_helpers", "export-check", str(path)],
                          capture_output=True, text=True, check=False)


def test_one_file_record_says_it_is_of_that_file_only(tmp_path):
    run = _folder(tmp_path)
    done = _check(run / "note.ipynb")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (run / export_check.RECORD_NAME).exists()  # not the folder's record name
    rec_path = run / "export_check_results.note.ipynb.json"
    assert rec_path.is_file()
    assert export_check.default_record(run / "note.ipynb") == rec_path
    rec = json.loads(rec_path.read_text(encoding="utf-8"))
    assert rec["status"] == "pass"
    assert rec["scope"].startswith("file note.ipynb") and "only" in rec["scope"]
    assert set(rec["file_hashes"]) == {"note.ipynb"}
    assert "note.ipynb only" in done.stdout
    # the folder's check: its own record, the file's record listed apart, not an output
    done = _check(run)
    assert done.returncode == 0, done.stdout + done.stderr
    rec = json.loads((run / export_check.RECORD_NAME).read_text(encoding="utf-8"))
    assert rec["scope"] == "folder"
    assert "record export_check_results.note.ipynb.json" in done.stdout
