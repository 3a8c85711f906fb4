"""dpo47: six holes an attack trial found in ``export-check``, each refused now.

1. An interval gives back its group's size: an exact (Clopper-Pearson) or Wilson interval of a
   share is a function of the group's persons ``n`` and the numerator ``x``, so a share with its
   interval beside a count marked small (``<10``) or hidden (``x``) lets ``n`` be solved
   (``interval_of_small``), and so does a share with its interval and no count at all
   (``interval_without_count``).
2. A standard deviation or variance of 0 says that every person of the group has the same
   value, which the mean beside it then gives (``no_variation``).
3. A share of persons whose group is counted nowhere in the export: ``min_cell`` cannot be
   verified (``unreadable_share``).
4. An SVG figure under ``--released`` passed unread, where a PNG is compared byte for byte
   (``released_figure``).
5. The ``effects`` command's rows with their columns renamed passed (``uncontrolled_output``
   knew them by their names only).
6. A run manifest without ``outputs`` beside the runner's HTML alone passed (``edited_output``
   refused it beside the notebook only).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd
import pytest

from mia_helpers.export_check import check_table, scan
from mia_helpers.manifest import write_manifest


def _rules(table: dict) -> list[str]:
    return [r for r, _ in check_table(pd.DataFrame(table), 10)]


def _detail(table: dict, rule: str) -> str:
    return next(d for r, d in check_table(pd.DataFrame(table), 10) if r == rule)


# --- 1. intervals ----------------------------------------------------------------------------

# 4 of 9 persons: share 44.4 %, Wilson 95 % interval 18.9 to 73.3 (n = 9 is the one group size
# that, with x = 4, gives these endpoints to one decimal)
SHARE_CI = {"Group": ["A", "B"], "Persons": ["<10", "200"], "Share entered (%)": ["x", "12.5"],
            "ci_low": ["18.9", "8.6"], "ci_high": ["73.3", "17.8"]}


def test_an_interval_beside_a_small_count_is_refused():
    assert _rules(SHARE_CI) == ["interval_of_small"]
    said = _detail(SHARE_CI, "interval_of_small")
    for word in ("'ci_low'", "'ci_high'", "'Persons'", "row 1", "suppress"):
        assert word in said, said


@pytest.mark.parametrize("lo,hi", [("lower", "upper"), ("lo", "hi"), ("95% CI lower", "95% CI upper")])
def test_an_interval_beside_a_hidden_count_is_refused(lo, hi):
    t = {"Group": ["A", "B"], "Persons": ["x", "200"], "Share entered (%)": ["44.4", "12.5"],
         lo: ["18.9", "8.6"], hi: ["73.3", "17.8"]}
    # dpo53: the share beside x is refused too ("95% CI lower" reads as a share, "%")
    assert set(_rules(t)) == {"share_count", "interval_of_small"}
    t["Share entered (%)"] = ["x", "12.5"]  # the share hidden with its count: the interval
    assert "interval_of_small" in _rules(t)


def test_an_effect_interval_beside_hidden_starters_passes():
    """The chapters' tables of effects print an effect and its interval beside starters
    hidden by secondary suppression (chapter 4's effects by origin); an effect (a difference
    of two groups' shares) gives no one group's size. Beside starters marked small, it is
    refused (with the estimate, derived_of_small)."""
    t = {"Group": ["Belgian", "Turkish"], "Quarter since start": ["4", "4"],
         "Matched (pp)": ["5.4", "3.0"], "CI lower": ["-1.5", "-2.0"],
         "CI upper": ["12.3", "8.0"], "Starters": ["x", "300"]}
    assert _rules(t) == []
    assert _rules(dict(t, Starters=["<10", "300"])) == ["derived_of_small", "interval_of_small"]


def test_an_interval_beside_a_large_count_passes():
    t = dict(SHARE_CI, Persons=["90", "200"])
    t["Share entered (%)"] = ["44.4", "12.5"]
    assert _rules(t) == []


def test_a_hidden_interval_passes():
    t = dict(SHARE_CI, ci_low=["x", "8.6"], ci_high=["x", "17.8"])
    assert _rules(t) == []


def test_a_share_with_its_interval_and_no_count_is_refused():
    t = {"Group": ["A", "B"], "Share entered (%)": ["44.4", "12.5"],
         "ci_low": ["18.9", "8.6"], "ci_high": ["73.3", "17.8"]}
    assert "interval_without_count" in _rules(t)
    said = _detail(t, "interval_without_count")
    assert "'Share entered (%)'" in said and "'ci_low'" in said and "count" in said


def test_an_effect_with_its_interval_and_no_count_is_no_share():
    t = {"Quarter since start (quarters)": ["4", "8"], "Matched (pp)": ["3.1", "4.2"],
         "ci_low": ["1.0", "2.0"], "ci_high": ["5.2", "6.4"]}
    assert _rules(t) == []


# --- 2. no variation -------------------------------------------------------------------------

@pytest.mark.parametrize("col,value", [("SD age (years)", "0.0"), ("Variance", "0"),
                                       ("std_wage", "0.00"), ("Standard deviation", "0")])
def test_a_spread_of_zero_is_refused(col, value):
    t = {"Group": ["A", "B"], "Persons": ["40", "200"], "Mean": ["34.5", "40.1"],
         col: [value, "3.2"]}
    assert _rules(t) == ["no_variation"]
    said = _detail(t, "no_variation")
    assert repr(col) in said and "row 1" in said and "same value" in said


def test_a_spread_above_zero_and_a_standardized_difference_of_zero_pass():
    t = {"Group": ["A", "B"], "Persons": ["40", "200"], "SD age (years)": ["0.4", "3.2"],
         "std_diff": ["0.00", "0.01"]}
    assert _rules(t) == []


# --- 3. shares counted nowhere ---------------------------------------------------------------

def test_a_share_whose_group_is_counted_nowhere_is_refused(tmp_path):
    pd.DataFrame({"Region": ["Antwerp", "Ghent"], "Share entered (%)": [2.5, 40.0]}).to_csv(
        tmp_path / "shares.csv", index=False)
    found = [f for f in scan(tmp_path, 10).findings]
    assert [(f.file, f.rule) for f in found] == [("shares.csv", "unreadable_share")], found
    assert "'Share entered (%)'" in found[0].detail and "min_cell" in found[0].detail


def test_a_share_whose_group_is_counted_in_another_file_is_read_with_it(tmp_path):
    pd.DataFrame({"Region": ["Antwerp", "Ghent"], "Share entered (%)": [30.0, 40.0]}).to_csv(
        tmp_path / "shares.csv", index=False)
    pd.DataFrame({"Region": ["Antwerp", "Ghent"], "Persons": [40, 50]}).to_csv(
        tmp_path / "counts.csv", index=False)
    assert scan(tmp_path, 10).findings == []


# --- 4. SVG figures under --released ---------------------------------------------------------

def _svg(label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><path d="M 0 0 '
            f'L {label} 5"/></svg>')


def _svg_notebook(folder, svg, name="03_activation_inflow.ipynb"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{
            "cell_type": "code", "execution_count": 1, "metadata": {}, "source": "plot()",
            "outputs": [{"output_type": "display_data", "metadata": {},
                         "data": {"image/svg+xml": svg, "text/plain": "<Figure>"}}]}]}))


def test_an_svg_figure_that_differs_from_the_released_one_is_refused(tmp_path):
    _svg_notebook(tmp_path / "rel", _svg("600"))
    _svg_notebook(tmp_path / "here", _svg("601"))
    found = scan(tmp_path / "here", 10, released=[tmp_path / "rel"]).findings
    assert [(f.file, f.rule) for f in found] == [("03_activation_inflow.ipynb",
                                                  "released_figure")], found
    _svg_notebook(tmp_path / "here", _svg("600"))
    assert scan(tmp_path / "here", 10, released=[tmp_path / "rel"]).findings == []


def test_an_svg_in_a_page_is_compared_too(tmp_path):
    for where, label in (("rel", "600"), ("here", "601")):
        (tmp_path / where).mkdir()
        (tmp_path / where / "03_activation_inflow.html").write_text(
            f"<html><body><p>Figure 1</p>{_svg(label)}</body></html>")
    found = scan(tmp_path / "here", 10, released=[tmp_path / "rel"]).findings
    assert [(f.file, f.rule) for f in found] == [("03_activation_inflow.html",
                                                  "released_figure")], found


# --- 5. the effects command's rows renamed ---------------------------------------------------

EFFECTS = {"measure": ["workplace_learning_ibo"] * 2, "estimand": ["now_vs_later"] * 2,
           "quarter_since_start": [1, 1], "estimator": ["naive", "matched"],
           "att_pp": [5.0, 3.3], "att_rel": [0.5, 0.4], "ci_low": [-1.0, -2.0],
           "ci_high": [9.0, 8.0], "n_treated": [40, 40], "se": [2.0, 2.1], "df": [39, 39],
           "point_identified": [True, True], "interval": ["linearized"] * 2,
           "ci_level": [0.95, 0.95]}


@pytest.mark.parametrize("keep", [None, ["Measure", "Estimand", "Quarter", "Estimator", "Effect",
                                         "Relative", "Low", "High", "Starters"]])
def test_the_effects_rows_renamed_are_refused(tmp_path, keep):
    t = pd.DataFrame(EFFECTS)
    t.columns = [f"c{i}" for i in range(t.shape[1])]
    if keep:  # the command's own columns dropped too
        t = t.iloc[:, :9]
        t.columns = keep
    t.to_csv(tmp_path / "renamed.csv", index=False)
    found = scan(tmp_path, 10).findings
    assert "uncontrolled_output" in [f.rule for f in found], found


# --- 6. a manifest without outputs beside the HTML alone -------------------------------------

def test_a_manifest_without_outputs_beside_the_runner_html_is_refused(tmp_path):
    run = tmp_path / "export" / "activation_effects"
    run.mkdir(parents=True)
    page = run / "04_activation_effects.html"
    page.write_text('<html><head><meta name="generator" content="mia_helpers chapter runner">'
                    "</head><body><table><tr><th>Measure</th><th>Starters</th></tr>"
                    "<tr><td>IBO</td><td>168</td></tr></table></body></html>")
    now = datetime.now(UTC)
    write_manifest(run, {"min_cell": 10}, None, now, now, outputs=[page])
    man = json.loads((run / "manifest.json").read_text())
    man.pop("outputs")
    (run / "manifest.json").write_text(json.dumps(man))
    found = [f for f in scan(tmp_path / "export", 10).findings if f.rule == "edited_output"]
    assert [f.file for f in found] == ["activation_effects/manifest.json"], found
    assert "records no SHA-256" in found[0].detail


def test_a_run_manifests_parameters_are_not_the_effects_rows(tmp_path):
    """Chapter 4's manifest records ``estimand`` now_vs_later and ``interval`` linearized
    among its parameters, one row: refused as the effects rows by a first version of this
    mend on the real run folders of chapters 4 and 5."""
    params = {"estimand": "now_vs_later", "interval": "linearized", "bootstrap": 0, "k": 3}
    (tmp_path / "params.json").write_text(json.dumps(params))
    assert "uncontrolled_output" not in [f.rule for f in scan(tmp_path, 10).findings]
