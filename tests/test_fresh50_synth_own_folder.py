"""fresh50: ``synth --out`` naming an analyst's own register folder (six Parquet files
written with pandas, book/design.md section 2.5; no marker) replaced its registers with
synthetic ones, exit status 0 and no word. ``synth`` now refuses a folder holding register
files it did not write, naming them and what to do, and writes nothing; a folder of an
earlier ``synth`` run, finished or interrupted, is written again as before."""
from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from mia_helpers import cli
from mia_helpers.schemas import TABLES

ARGS = ["synth", "--seed", "4092", "--residents", "40", "--newcomers", "10", "--no-truth"]


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fresh50") / "synth"
    assert cli.main([*ARGS, "--out", str(folder)]) == 0
    return folder


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def test_an_own_register_folder_is_refused_and_left_as_it_was(source, tmp_path, capsys):
    own = tmp_path / "own"
    own.mkdir()
    for t in TABLES[:2]:  # some registers suffice: they are not synth's
        shutil.copy(source / f"{t}.parquet", own / f"{t}.parquet")
    before = _digests(own)
    capsys.readouterr()
    assert cli.main([*ARGS[:2], "4093", *ARGS[3:], "--out", str(own)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err.startswith(f"error: --out {own} holds persons.parquet, ksz_positions.parquet "
                          "without the marker synth writes"), err
    assert "what to do: give synth a new folder" in err
    assert _digests(own) == before  # nothing written, no marker left


@pytest.mark.parametrize("marker", ["_COMPLETE.json", "_INCOMPLETE.json"])
def test_a_synth_folder_finished_or_interrupted_is_written_again(source, tmp_path, marker):
    again = tmp_path / "again"
    shutil.copytree(source, again)
    if marker == "_INCOMPLETE.json":  # as an interrupted run leaves it
        (again / "_COMPLETE.json").unlink()
        (again / marker).write_text(json.dumps({"command": "synth --seed 4092 --out x"}))
    assert cli.main([*ARGS[:2], "4094", *ARGS[3:], "--out", str(again)]) == 0
    assert json.loads((again / "_COMPLETE.json").read_text())["command"] == "synth"


def test_adapt_refuses_an_own_register_folder_too(source, tmp_path, capsys):
    """The same for ``adapt --out``: an own folder is left as it was; a folder adapt wrote
    is adapted into again (``adapt --mapping`` of the rehearsal fixture)."""
    from mia_helpers.adapters.fixture import make_fixture

    mapping, _ = make_fixture(tmp_path / "rehearsal", residents=40, newcomers=10, seed=4094)
    own = tmp_path / "own"
    own.mkdir()
    shutil.copy(source / "persons.parquet", own / "persons.parquet")
    before = _digests(own)
    capsys.readouterr()
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(own)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err.startswith(f"error: --out {own} holds persons.parquet without the marker adapt "
                          "writes"), err
    assert _digests(own) == before
    adapted = tmp_path / "adapted"
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(adapted)]) == 0
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(adapted)]) == 0
