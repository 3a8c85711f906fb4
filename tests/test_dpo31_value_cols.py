"""dpo31: ``suppress_small_cells`` without ``value_cols`` left a share beside a ``<N`` count
(``n`` 9 as ``<10`` beside ``share_employed`` 0.333: 3 of 9). The table's value columns now
follow its counts by default, and export-check passes what it produces."""
from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers.disclosure import default_value_cols, suppress_small_cells
from mia_helpers.export_check import check_table

TABLE = pd.DataFrame({"origin": ["belgian", "maghreb", "turkish", "other"],
                      "quarter": [3, 3, 3, 3],
                      "n": [1200, 9, 40, 0], "n_employed": [600, 3, 16, 0],
                      "share_employed": [0.5, 3 / 9, 0.4, np.nan],
                      "mean_wage": ["2100.5", "1900.0", "2000.0", None]})


def test_share_beside_a_small_count_is_hidden_without_value_cols():
    out = suppress_small_cells(TABLE, count_cols=["n", "n_employed"], min_cell=10)
    assert out["n"].tolist()[1] == "<10"
    assert out.loc[1, "share_employed"] == "x" and out.loc[1, "mean_wage"] == "x"
    # 16 employed of 40: nothing small in row 2; the share stays
    assert out.loc[2, "share_employed"] == 0.4 and out.loc[0, "share_employed"] == 0.5
    assert out.loc[1, "quarter"] == 3 and out.loc[1, "origin"] == "maghreb"
    assert pd.isna(out.loc[3, "share_employed"])
    assert "share_count" not in dict(check_table(out[["origin", "n", "share_employed"]], 10))


def test_before_the_mend_export_check_refused_the_share_beside_the_marker():
    # what the function produced before dpo31 (value_cols={} now asks for it explicitly)
    old = suppress_small_cells(TABLE, count_cols=["n", "n_employed"], min_cell=10,
                               value_cols={})
    assert old.loc[1, "share_employed"] == 3 / 9
    found = dict(check_table(old[["origin", "n", "share_employed"]], 10))
    assert found, "export-check must refuse a share beside a '<10' count"


def test_default_value_cols_leaves_counts_keys_labels_and_shares_rule_alone():
    assert default_value_cols(TABLE, ["n", "n_employed"]) == ["share_employed", "mean_wage"]
    assert default_value_cols(TABLE) == ["share_employed", "mean_wage"]
    assert default_value_cols(TABLE, ["n"], shares={"share_employed": ("n_employed", "n")}) \
        == ["n_employed", "mean_wage"]
    assert default_value_cols(TABLE, ["n", "n_employed"], keys=["origin"],
                              sequence=("quarter", ["origin"])) == ["share_employed",
                                                                    "mean_wage"]
    flags = TABLE.assign(identified=[True, False, True, True])
    assert "identified" not in default_value_cols(flags, ["n", "n_employed"])


def test_a_mean_of_a_unit_is_a_value_and_a_key_of_that_unit_is_not():
    t = TABLE.assign(mean_age=[40.1, 35.0, 38.2, np.nan], age=[1, 2, 3, 4])
    cols = default_value_cols(t, ["n", "n_employed"])
    assert "mean_age" in cols and "age" not in cols and "quarter" not in cols
    out = suppress_small_cells(t, count_cols=["n", "n_employed"], min_cell=10)
    assert out.loc[1, "mean_age"] == "x" and out.loc[1, "age"] == 2
