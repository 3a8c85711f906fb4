"""fresh50: ``export-check DIR --record DIR/01_panel_construction.html`` wrote the checking
record over the run's HTML and reported "pass" (and ``--record DIR/disclosure_record.json``
over the run's disclosure record). A ``--record`` naming an existing file that is not an
earlier record of export-check is now refused before the check, naming the file and what to
do, and the file is left as it was; an earlier record of export-check is replaced as before,
and a new name is written."""
from __future__ import annotations

import json

import pytest

from mia_helpers import cli


@pytest.fixture
def run(tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "t.csv").write_text("Region,Persons\nAntwerp,40\nGhent,200\n")
    (folder / "page.html").write_text("<html><body><p>Persons: 240</p></body></html>")
    (folder / "disclosure_record.json").write_text(json.dumps(
        {"version": "mia_helpers.disclosure 1", "results": {}}))
    return folder


@pytest.mark.parametrize("name, kind", [("page.html", "no record"),
                                        ("t.csv", "no record"),
                                        ("disclosure_record.json", "a disclosure record")])
def test_a_record_over_a_file_of_the_run_is_refused(run, capsys, name, kind):
    before = (run / name).read_bytes()
    assert cli.main(["export-check", str(run), "--record", str(run / name)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err.startswith(f"error: --record {run / name}: the file exists and is {kind}"), err
    assert "give --record a new file name" in err
    assert (run / name).read_bytes() == before


def test_an_earlier_record_and_a_new_name_are_written(run, tmp_path):
    target = tmp_path / "rec.json"
    assert cli.main(["export-check", str(run), "--record", str(target)]) == 0
    assert json.loads(target.read_text())["status"] == "pass"
    assert cli.main(["export-check", str(run), "--record", str(target)]) == 0  # replaced
