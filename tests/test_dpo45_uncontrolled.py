"""dpo45: outputs export-check cannot control must be refused whatever their visible counts.

The ``effects`` command's CSV (``python -m mia_helpers effects --out``) publishes every
horizon's matched and naive effect unsuppressed: an ``att_pp`` resting on two starters who
entered, beside 40 starters, shows no small number. It was refused only when some other
finding (a small ``n_treated`` or horizon difference) happened to be there, so a run at one
horizon (``--max-quarter 1``), or with large counts, passed.
"""

import pandas as pd
from export_files import run_folders

from mia_helpers.export_check import scan

EFFECTS = dict(measure="workplace_learning_ibo", estimand="now_vs_later",
               quarter_since_start=1, att_pp=[5.0, 3.3], att_rel=0.5, ci_low=-1.0,
               ci_high=9.0, n_treated=40, se=2.0, df=39, point_identified=True,
               interval="linearized", ci_level=0.95, estimator=["naive", "matched"])


def test_effects_csv_without_a_small_count_is_refused(tmp_path):
    pd.DataFrame(EFFECTS).to_csv(tmp_path / "effects.csv", index=False)
    res = scan(tmp_path)
    assert not res.ok
    assert [f.rule for f in res.findings] == ["uncontrolled_output"]


def test_effects_rows_in_markdown_or_json_are_refused_too(tmp_path):
    table = pd.DataFrame(EFFECTS)
    (tmp_path / "effects.md").write_text(table.to_markdown(index=False) + "\n")
    table.to_json(tmp_path / "effects.json", orient="records")
    res = scan(tmp_path)
    assert {f.file for f in res.findings if f.rule == "uncontrolled_output"} == {
        "effects.md", "effects.json"}


def test_a_table_with_some_of_those_columns_is_not_refused_so(tmp_path):
    pd.DataFrame({"measure": ["a", "b"], "n_treated": [40, 50], "att_pp": [1.0, 2.0]}).to_csv(
        tmp_path / "t.csv", index=False)
    assert "uncontrolled_output" not in [f.rule for f in scan(tmp_path).findings]


def test_a_run_below_the_check_threshold_is_refused_without_a_small_count(tmp_path):
    """A chapter run at -p min_cell 5 and checked at 10 passed wherever no count it shows lay
    in 5 to 9: its curves' steps rest on 5 events, its secondary suppression and dominance
    rules ran at 5, and none of that can be seen in the outputs (a figure is a PNG)."""
    run_folders(tmp_path, {"low": 5, "same": 10, "high": 12},
                "origin,n_persons\nbelgian,120\nturkish,40\n")
    res = scan(tmp_path, 10)
    low = [f for f in res.findings if f.rule == "min_cell_above_run"]
    assert [f.file for f in low] == ["low/manifest.json"]
    assert "-p min_cell 10" in low[0].detail
    assert {f.file for f in res.findings} == {"low/manifest.json", "high/manifest.json"}


def test_a_run_at_min_cell_one_is_told_in_the_singular(tmp_path):
    """rev45: the finding read "merged until each rests on 1 events" for a run at 1."""
    run_folders(tmp_path, {"one": 1}, "origin,n_persons\nbelgian,120\nturkish,40\n")
    (low,) = [f for f in scan(tmp_path, 10).findings if f.rule == "min_cell_above_run"]
    assert "merged until each rests on 1 event, its secondary" in low.detail, low.detail
    assert "-p min_cell 10" in low.detail
