"""Reader labels and printed tables (mia_helpers.labels)."""

import numpy as np
import pandas as pd
import pytest

from mia_helpers import codes, labels


def test_every_measure_origin_and_generation_has_a_reader_name():
    for code in (*codes.MEASURES, *codes.ORIGINS, *codes.GENERATIONS, *codes.ESTIMANDS,
                 *codes.RESIDENCE_GROUNDS, *codes.NEWCOMER_TREATMENTS):
        assert code in labels.LABELS, code
    assert labels.label("workplace_learning_ibo") == "IBO"
    assert labels.label("training_basic") == "Basic training"


def test_p_values_and_numbers_print_as_a_reader_expects():
    assert labels.format_p(0.0004) == "<0.001"
    assert labels.format_p(0.0123) == "0.012"
    t = pd.DataFrame({"measure": ["training_basic", "workplace_learning_ibo"],
                      "n_treated": [1200, 15], "att_pp": [1.234, -0.04],
                      "p_value": [1e-9, 0.5], "mean_birth_year": [1976.4, 1980.0]})
    f = labels.format_table(t, decimals={"mean_birth_year": 0})
    assert list(f.columns) == ["Measure", "Starters", "Matched (pp)", "p-value",
                               "Mean birth year"]
    assert f.iloc[0].tolist() == ["Basic training", "1,200", "1.2", "<0.001", "1976"]
    assert f.iloc[1].tolist() == ["IBO", "15", "0.0", "0.500", "1980"]  # no "-0.0"


def test_suppressed_cells_and_missing_values_pass_through():
    t = pd.DataFrame({"measure": ["mo", "nt2"], "n_treated": ["<10", 40],
                      "att_pp": ["x", np.nan]})
    f = labels.format_table(t)
    assert f["Starters"].tolist() == ["<10", "40"]
    assert f["Matched (pp)"].tolist() == ["x", "–"]


def test_table_markdown_is_a_numbered_myst_table_without_index():
    t = pd.DataFrame({"measure": ["training_basic"], "n_treated": [12]}).set_index("measure")
    md = labels.table_markdown(t, "Caption.", "tbl-x").data
    assert md.startswith(":::{table} Caption.\n:name: tbl-x\n")
    assert "| Measure | Starters |" in md and "| Basic training | 12 |" in md
    assert "|:---|---:|" in md  # text left, numbers right
    with pytest.raises(ValueError, match="no rows"):
        labels.table_markdown(t.iloc[0:0], "c", "tbl-y")
    with pytest.raises(ValueError, match="without whitespace"):
        labels.table_markdown(t, "c", "tbl y")


def test_effect_table_puts_estimate_interval_and_truth_side_by_side():
    s = pd.DataFrame({"measure": ["workplace_learning_ibo"], "estimand": ["now_vs_later"],
                      "quarter_since_start": [5], "matched_pp": [8.26], "ci_low": [6.0],
                      "ci_high": [10.51], "matched_rel_pct": [20.0], "naive_pp": [15.0],
                      "n_treated": [400], "true_pp": [8.5]})
    e = labels.effect_table(s, level=0.9)
    assert list(e.columns) == ["Measure", "Quarter since start", "Matched (pp) [90 % interval]", "Truth (pp)",
                               "Naive (pp)", "Relative (%)", "Starters"]
    assert e.iloc[0].tolist() == ["IBO", "5", "8.3 [6.0, 10.5]", "8.5", "15.0", "20.0", "400"]
    assert "Truth (pp)" not in labels.effect_table(s.assign(true_pp=np.nan)).columns


def test_dummy_terms_and_pipes_read_well():
    assert labels.label("origin=maghreb") == "Origin: Maghreb"
    assert labels.label("residence_ground[asylum]") == "Residence ground: Asylum"
    md = labels.table_markdown(pd.DataFrame({"|SMD|": [0.5]}), "c", "tbl-p").data
    assert "| \\|SMD\\| |" in md  # escaped, not a column break


def test_origin_generation_cells_read_well():
    assert labels.label("maghreb:second") == "Maghreb (second generation)"
    assert labels.label("belgian:native") == "Belgian (native)"


def test_flags_print_as_words():
    f = labels.format_table(pd.DataFrame({"identified": [True, False]}))
    assert f["Identified"].tolist() == ["yes", "no"]


def test_an_interval_text_is_not_read_as_a_dummy_term():
    """Tables 2.3/2.4 printed "0.51 : 0.45, 0.59" for the cell "0.51 [0.45, 0.59]"."""
    from mia_helpers.labels import label

    assert label("0.51 [0.45, 0.59]") == "0.51 [0.45, 0.59]"
    assert label("origin[maghreb]") == "Origin: Maghreb"
