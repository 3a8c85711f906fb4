"""mend44: beside a released run whose manifest cannot tell a value its chapter used (it
lacks it, ``missing_settings``; or records one this version's chapter does not fix, try43),
the message offered "leave this run out of the export, or have the output checker confirm
from the released run's code (its manifest's git revision) the value it used". export-check
has no way to record such a confirmation (no option, no file it reads: the run stays
refused whatever the checker confirms), so the message now offers only what makes the
export pass, leaving this run out, and says why (the released run cannot be run again)."""

from __future__ import annotations

from test_xcheck39 import CH5, CH6, _found, _run

from mia_helpers.chapters import FIXED_SETTINGS
from mia_helpers.export_check import scan

CH3 = "03_activation_inflow"

REMEDY = ("what to do: leave this run out of the export (the released run cannot be run "
          "again, and export-check takes no value confirmed by hand in place of what its "
          "manifest records)")


def test_beside_a_released_run_without_settings_only_leaving_out_is_offered(tmp_path):
    _run(tmp_path / "rel" / "ch6", CH6)  # released by an older version: no settings
    _run(tmp_path / "new" / "ch5", CH5, arrival_quarters=None, estimand="now_vs_later")
    (found,) = [f for f in scan(tmp_path / "new", min_cell=10,
                                released=[tmp_path / "rel"]).findings
                if f.rule == "missing_settings"]
    assert found.detail.endswith(REMEDY), found.detail
    assert "confirm" not in found.detail.replace("confirmed by hand", ""), found.detail


def test_beside_a_released_run_at_an_edited_value_only_leaving_out_is_offered(tmp_path):
    _run(tmp_path / "rel" / "b", CH6,
         settings={**FIXED_SETTINGS["conclusions"], "grouping": "bogus"})
    _run(tmp_path / "here" / "a", CH3, grouping="codes")
    (found,) = _found(tmp_path / "here", released=[tmp_path / "rel"])
    assert found.detail.endswith(REMEDY.removeprefix("what to do: ")), found.detail
    assert "confirm" not in found.detail.replace("confirmed by hand", ""), found.detail
