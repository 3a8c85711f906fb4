"""user51: ``export-check export2 --released export2`` (the folder being checked given as the
earlier export by mistake) compared every run with itself and passed, comparing nothing with
what had left. A ``--released`` folder that is the checked folder, holds it or lies in it
is refused before the check, naming both and what to do; an earlier export kept apart is
compared as before."""
from __future__ import annotations

import pytest

from mia_helpers import cli

TABLE = "Region,Persons\nAntwerp,40\nGhent,200\n"


def _export(folder, table=TABLE):
    folder.mkdir(parents=True)
    (folder / "t.csv").write_text(table)
    return folder


@pytest.mark.parametrize("released, checked, how", [
    ("export", "export", "is"),
    ("export/old", "export", "lies in"),
    ("export", "export/run", "holds"),
])
def test_the_checked_folder_is_refused_as_released(tmp_path, capsys, released, checked, how):
    _export(tmp_path / "export" / "run")
    (tmp_path / "export" / "old").mkdir()
    rel, path = tmp_path / released, tmp_path / checked
    assert cli.main(["export-check", str(path), "--released", str(rel)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err.startswith(f"error: --released {rel}: {how} the folder being checked "
                          f"({path}), so its runs would be compared with themselves"), err
    assert "give --released the folder of an earlier export as it left" in err
    assert not (path / "export_check_results.json").exists()  # nothing checked


def test_an_earlier_export_beside_it_is_compared(tmp_path, capsys):
    earlier = _export(tmp_path / "released" / "first", "Region,Persons\nAntwerp,45\n"
                      "Ghent,200\n")
    export = _export(tmp_path / "export")
    assert cli.main(["export-check", str(export), "--released", str(earlier)]) == 1
    assert "released_difference" in capsys.readouterr().out
