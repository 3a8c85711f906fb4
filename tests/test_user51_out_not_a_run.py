"""user51: ``adapt --out export/panel_construction`` (a slip for ``--out extract``) wrote the
six registers, person-level data, into a chapter's run folder and replaced the run's
``manifest.json`` with adapt's, exit status 0 and no word. ``adapt`` and ``synth`` now refuse
an ``--out`` folder holding a chapter run or an export (a run's disclosure record or
notebook, export-check's record; in the folder or in a run folder inside it), naming the
files and what to do, and write nothing there."""
from __future__ import annotations

import hashlib
import json

import pytest

from mia_helpers import cli


def _run_folder(folder):
    """A chapter run folder as the runner leaves it (the files that tell it)."""
    folder.mkdir(parents=True)
    (folder / "01_panel_construction.ipynb").write_text(json.dumps({"cells": []}))
    (folder / "01_panel_construction.html").write_text("<html></html>")
    (folder / "manifest.json").write_text(json.dumps({"parameters": {"min_cell": 10},
                                                      "outputs": {}}))
    (folder / "disclosure_record.json").write_text(json.dumps({"results": {}}))
    return folder


def _digests(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def mapping(tmp_path_factory):
    from mia_helpers.adapters.fixture import make_fixture

    return make_fixture(tmp_path_factory.mktemp("user51") / "rehearsal", residents=40,
                        newcomers=10, seed=4162)[0]


@pytest.mark.parametrize("inside", ["panel_construction", ""])
def test_adapt_refuses_a_run_folder_or_an_export(mapping, tmp_path, capsys, inside):
    export = tmp_path / "export"
    _run_folder(export / "panel_construction")
    out = export / inside if inside else export
    before = _digests(export)
    capsys.readouterr()
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(out)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    shown = "" if inside else "panel_construction/"
    assert err.startswith(f"error: --out {out} holds the outputs of a chapter run or an "
                          f"export ({shown}01_panel_construction.ipynb, {shown}"
                          "disclosure_record.json)"), err
    assert "what to do: give adapt a folder of its own for the data" in err
    assert _digests(export) == before  # the run's manifest kept, no register written


def test_synth_refuses_a_run_folder(tmp_path, capsys):
    run = _run_folder(tmp_path / "export" / "ch1")
    (tmp_path / "export" / "export_check_results.json").write_text("{}")
    before = _digests(run)
    capsys.readouterr()
    assert cli.main(["synth", "--seed", "4163", "--residents", "40", "--newcomers", "10",
                     "--no-truth", "--out", str(run)]) == 2
    err = capsys.readouterr().err
    assert "holds the outputs of a chapter run or an export" in err
    assert "give synth a folder of its own" in err
    assert _digests(run) == before


def test_an_adapted_folder_is_adapted_into_again(mapping, tmp_path):
    """The folder adapt wrote (registers, manifest, log; no run) is still written again."""
    out = tmp_path / "extract"
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(out)]) == 0
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(out)]) == 0
