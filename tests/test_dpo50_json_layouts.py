"""dpo50: a table written by pandas' ``DataFrame.to_json`` in its default layout passed unread.

``to_json()`` writes ``orient="columns"`` by default, ``{"persons": {"A": 40, "B": 3}}``: each
column a JSON object keyed by the row labels. export-check read the inner object as a one-row
table of scalars whose columns were the row labels (whole numbers there are not read as
counts: a one-row table of scalars is a file's settings), so 3 persons in B passed, and a
share of 2.5 % of 40 persons too. ``orient="values"`` (rows without a header, the label
first) passed likewise; it is refused now (``unreadable_table``: what each column counts is
not said), its whole numbers read as counts besides. The split, records, index and table
layouts were read already.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from mia_helpers.export_check import scan

SMALL = pd.DataFrame({"origin": ["A", "B", "C"], "persons": [40, 3, 50]}).set_index("origin")
SHARE = pd.DataFrame({"origin": ["A", "B", "C"], "n": [40, 300, 50],
                      "share_employed_pct": [50.0, 50.0, 2.0]}).set_index("origin")


def _write(tmp_path, table: pd.DataFrame, orient: str):
    path = tmp_path / "t.json"
    (table.reset_index() if orient == "values" else table).to_json(path, orient=orient)
    return scan(tmp_path, 10)


@pytest.mark.parametrize("orient", ["columns", "values", "split", "records", "index", "table"])
@pytest.mark.parametrize(("table", "rule"), [(SMALL, "small_count"), (SHARE, "share_count")])
def test_every_layout_of_to_json_is_read(tmp_path, orient, table, rule):
    """"columns" (the default) and "values" passed before dpo50."""
    res = _write(tmp_path, table, orient)
    rules = {f.rule for f in res.findings}
    if orient == "values":  # no header: the share is not known as one
        assert "unreadable_table" in rules and (rule == "share_count" or rule in rules), rules
    else:
        assert rule in rules, (orient, res.findings)


def test_rows_without_a_header_are_refused_whatever_their_numbers(tmp_path):
    safe = SHARE.assign(share_employed_pct=[50.0, 50.0, 40.0])
    res = _write(tmp_path, safe, "values")
    assert [f.rule for f in res.findings] == ["unreadable_table"], res.findings
    assert "without a header" in res.findings[0].detail


@pytest.mark.parametrize("orient", ["columns", "split", "records", "index", "table"])
def test_every_layout_of_a_safe_table_passes(tmp_path, orient):
    safe = SHARE.assign(share_employed_pct=[50.0, 50.0, 40.0])
    res = _write(tmp_path, safe, orient)
    assert res.ok, (orient, res.findings)


def test_objects_of_settings_keyed_by_name_are_no_columns(tmp_path):
    """Rows keyed by their label with named fields (``orient="index"``, a manifest's files
    with their hashes) are read as rows, not again as columns of counts: a quarter 4 is no
    count of persons."""
    rows = {"A": {"n_persons": 40, "quarter": 4}, "B": {"n_persons": 50, "quarter": 5}}
    files = {"x.csv": {"sha256": "ab" * 32, "size": 1234}, "y.csv": {"sha256": "cd" * 32,
                                                                     "size": 5}}
    for obj in (rows, {"outputs": files}):
        (tmp_path / "t.json").write_text(json.dumps(obj))
        res = scan(tmp_path, 10)
        assert res.ok, res.findings
