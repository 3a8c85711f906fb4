"""fresh50: ``export-check export2/ --released /path/to/extract`` (the data folder given by
mistake for the earlier export) was accepted and the check passed, comparing nothing. A
``--released`` folder holding the files of a data folder (registers, panel, adapt's or
synth's records), which no export that passed the check holds, is refused before the check,
naming them; an earlier export is compared as before."""
from __future__ import annotations

import shutil

from mia_helpers import cli

TABLE = "Region,Persons\nAntwerp,40\nGhent,200\n"


def _export(folder, table=TABLE):
    folder.mkdir(parents=True)
    (folder / "t.csv").write_text(table)
    return folder


def test_a_data_folder_is_refused_as_released(tmp_path, capsys):
    export = _export(tmp_path / "export")
    data = tmp_path / "extract"
    data.mkdir()
    for name in ("persons.parquet", "adapt_log.csv"):
        (data / name).write_bytes(b"PAR1")
    assert cli.main(["export-check", str(export), "--released", str(data)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err.startswith(f"error: --released {data}: holds adapt_log.csv, persons.parquet, "
                          "files of a data folder"), err
    assert "give the folder of an earlier export as it left" in err
    assert not (export / "export_check_results.json").exists()  # nothing checked


def test_an_earlier_export_is_still_compared(tmp_path, capsys):
    earlier = _export(tmp_path / "earlier", "Region,Persons\nAntwerp,45\nGhent,200\n")
    export = _export(tmp_path / "export")
    assert cli.main(["export-check", str(export), "--released", str(earlier)]) == 1
    assert "released_difference" in capsys.readouterr().out
    shutil.rmtree(earlier)
    _export(earlier)
    assert cli.main(["export-check", str(export), "--released", str(earlier)]) == 0
