"""``files.results_file_problem``: one line naming a results file that cannot serve (user24:
``python -m mia_helpers.montecarlo --out DIR`` ran its studies before failing in the rename, and
``--check`` on a Parquet file with other columns printed pyarrow's schema dump)."""

from __future__ import annotations

import pandas as pd

from mia_helpers.files import results_file_problem

COLS = ("study_key", "replication")


def test_damaged_files_are_named_in_one_line(tmp_path):
    (tmp_path / "empty.parquet").write_bytes(b"")
    (tmp_path / "csv.parquet").write_text("study_key,replication\na,1\n")
    pd.DataFrame({"x": [1]}).to_parquet(tmp_path / "wrong.parquet")
    good = tmp_path / "good.parquet"
    pd.DataFrame({"study_key": ["a"], "replication": [0]}).to_parquet(good)
    (tmp_path / "cut.parquet").write_bytes(good.read_bytes()[:-20])
    for name, words in (("empty", "empty (0 bytes)"), ("csv", "not Parquet, or truncated"),
                        ("cut", "not Parquet, or truncated"),
                        ("wrong", "without the columns study_key, replication")):
        msg = results_file_problem(tmp_path / f"{name}.parquet", COLS)
        assert msg is not None and words in msg and f"{name}.parquet" in msg, msg
        assert "\n" not in msg, msg
    assert results_file_problem(good, COLS, write=True) is None
    # to be written: an existing file is replaced, whatever it holds
    assert results_file_problem(tmp_path / "wrong.parquet", COLS, write=True) is None
    assert results_file_problem(tmp_path / "new" / "x.parquet", COLS, write=True) is None


def test_folders_and_unwritable_paths_are_refused_before_work(tmp_path):
    msg = results_file_problem(tmp_path, COLS, write=True)
    assert msg is not None and "is a folder, not a results file" in msg, msg
    (tmp_path / "f").write_text("")
    msg = results_file_problem(tmp_path / "f" / "x.parquet", COLS, write=True)
    assert msg is not None and "is a file, not a folder" in msg, msg
    assert results_file_problem(tmp_path / "f" / "x.parquet", COLS) is None  # reading: missing
