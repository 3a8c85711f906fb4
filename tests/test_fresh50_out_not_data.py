"""fresh50: ``--out`` naming a file of the data folder replaced it. ``panel --data own --out
own/ksz_positions.parquet`` wrote the panel over the KSZ register and then said the register
"changed while the panel was built; run the build again"; ``effects --data own --out
own/persons.parquet`` wrote its CSV over the persons register with exit status 0. Both now
refuse such an ``--out`` before any work (:func:`mia_helpers.cli._common.check_out_not_data`),
naming it and what to do, and leave the folder as it was; a new file name in the folder is
still written."""
from __future__ import annotations

import hashlib

import pytest
import test_input48_extract_inputs as input48

from mia_helpers import cli

source, extract = input48.source, input48.extract  # input48's fixtures: a small own folder


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("command, name", [("panel", "ksz_positions.parquet"),
                                           ("effects", "persons.parquet"),
                                           ("effects", "panel.parquet"),
                                           ("panel", "_COMPLETE.json")])
def test_an_out_naming_a_file_of_the_data_is_refused(extract, capsys, command, name):
    argv = [command, "--data", str(extract), "--out", str(extract / name)]
    if command == "effects":
        argv += ["--measures", "training_basic"]
    before = _digests(extract)
    assert cli.main(argv) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err.startswith(f"error: --out {extract / name} is {name} of the data folder"), err
    assert "what to do: give another file name" in err
    assert _digests(extract) == before


def test_an_out_inside_truth_is_refused(source, tmp_path, capsys):
    (source / "truth").mkdir(exist_ok=True)
    out = source / "truth" / "effects.csv"
    assert cli.main(["effects", "--data", str(source), "--out", str(out)]) == 2
    assert "lies in truth/ of the data folder" in capsys.readouterr().err
    assert not out.exists()


def test_a_new_name_in_the_data_folder_is_still_written(extract, capsys):
    assert cli.main(["panel", "--data", str(extract), "--out",
                     str(extract / "panel_2005.parquet")]) == 0
    assert (extract / "panel_2005.parquet").is_file()
