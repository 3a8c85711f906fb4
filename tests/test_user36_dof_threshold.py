"""user36: ``export-check --dof-threshold 0`` (or a negative number) was taken, and then no
estimate could fail the residual degrees-of-freedom rule (residual dof are >= 0), while the
summary line still read "min_cell=10: OK" like a default check. Tested: the option is
range-checked like ``--min-cell`` (exit status 2 naming it), and a threshold other than the
default is named in the summary line."""

from __future__ import annotations

import pytest

from mia_helpers import cli


def _folder(tmp_path):
    d = tmp_path / "run"
    d.mkdir()
    (d / "table.csv").write_text("origin,n_persons\nbelgian,40\nmaghreb,40\n", encoding="utf-8")
    return d


def test_dof_threshold_below_one_is_refused(tmp_path, capsys):
    d = _folder(tmp_path)
    for value in ("0", "-3"):
        with pytest.raises(SystemExit) as stop:  # argparse's error while parsing
            cli.main(["export-check", str(d), "--dof-threshold", value])
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert "--dof-threshold" in err and "integer >= 1" in err
    assert not (d / "export_check_results.json").exists()  # refused before any check


def test_a_lowered_threshold_is_named_in_the_summary(tmp_path, capsys):
    d = _folder(tmp_path)
    assert cli.main(["export-check", str(d), "--dof-threshold", "5"]) == 0
    assert "min_cell=10, dof_threshold=5: OK" in capsys.readouterr().out
    assert cli.main(["export-check", str(d)]) == 0
    assert "min_cell=10: OK" in capsys.readouterr().out  # the default's line as before
