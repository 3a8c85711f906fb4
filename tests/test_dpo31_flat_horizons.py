"""dpo31: the effects' warning "mo: no interval where the treated or the controls show no
variation (cumulative incidence 0 or 1): now_vs_later matched at horizons 1, 2, ..., 12" was
printed in chapter 5 (seed 3131, 1,500 residents, 500 newcomers, ``min_cell`` 13) beside a
support table giving MO's matched starters as ``<13``: at each horizon all or none of those
few starters (or of their twins) had entered. The horizons are now withheld when printed,
and export-check refuses printed text that still lists them."""
from __future__ import annotations

import warnings
from pathlib import Path

import nbformat

from mia_helpers import core
from mia_helpers import export_check as ec
from mia_helpers.claims import refit_warnings_sentence
from mia_helpers.disclosure import PROTECT_ENV, protect_warnings, withhold_flat_horizons

PRINTED = ("mo: no interval where the treated or the controls show no variation (cumulative "
           "incidence 0 or 1): now_vs_later matched at horizons 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "
           "11, 12; now_vs_later naive at horizons 1, 2")


def test_the_horizons_are_withheld_and_the_kind_still_read():
    out = withhold_flat_horizons(PRINTED)
    assert out == ("mo: no interval where the treated or the controls show no variation "
                   "(cumulative incidence 0 or 1) at some horizons (which withheld)")
    assert "horizons without an interval" in refit_warnings_sentence([out])
    assert withhold_flat_horizons("no interval here") == "no interval here"


def test_protect_warnings_prints_it_withheld(capsys, monkeypatch):
    # the hook and the environment variable are put back after the test
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)
    monkeypatch.setenv(PROTECT_ENV, "")
    protect_warnings(13)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn(PRINTED, core.NotIdentifiedWarning, stacklevel=1)
    err = capsys.readouterr().err
    assert "at some horizons (which withheld)" in err and "horizons 1, 2" not in err


def _notebook(tmp_path: Path, text: str) -> ec.ScanResult:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("fit()")
    cell.outputs = [nbformat.v4.new_output("stream", name="stderr",
                                           text=f"Warning (not identified): {text}\n")]
    nb.cells = [cell]
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, folder / "05.ipynb")
    return ec.scan(folder, 13)


def test_export_check_refuses_the_listed_horizons(tmp_path):
    res = _notebook(tmp_path, PRINTED)
    assert [f.rule for f in res.findings] == ["whole_group"], res.findings
    assert "withhold_flat_horizons" in res.findings[0].detail
    assert _notebook(tmp_path, withhold_flat_horizons(PRINTED)).ok
