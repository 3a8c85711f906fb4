"""``python -m mia_helpers.montecarlo --check`` on a stale file says what to do (try22: it
printed the status table only)."""

from __future__ import annotations

import pandas as pd

from mia_helpers import montecarlo as mc


def test_stale_check_names_the_studies_and_the_command(tmp_path, capsys):
    stale = tmp_path / "old.parquet"
    pd.DataFrame({"study": ["ibo"], "study_key": ["0" * 16], "replication": [0]}).to_parquet(stale)
    assert mc.APPENDIX_A_FILE.main(["--check", "--out", str(stale)], "mia_helpers.montecarlo") == 1
    out = capsys.readouterr().out
    assert f"stale: {stale} holds no rows" in out and f"--out {stale}" in out, out
    for study in mc.APPENDIX_A_STUDIES:
        assert study in out.split("stale:")[1], study


def test_check_of_the_shipped_file_names_make_montecarlo(tmp_path, monkeypatch, capsys):
    import mia_helpers.data

    monkeypatch.setattr(mia_helpers.data, "project_root", lambda: tmp_path)  # no results/ here
    assert mc.APPENDIX_A_FILE.main(["--check"], "mia_helpers.montecarlo") == 1
    out = capsys.readouterr().out
    assert f"missing: {mc.APPENDIX_A_FILE.relpath} does not exist" in out, out
    assert "make montecarlo" in out and "--out" not in out, out


def test_check_names_the_file_given_and_a_missing_or_unreadable_one(tmp_path, capsys):
    """late23: the hint named the shipped file whatever --out said, a missing file read as
    "holds no rows" and a damaged one gave a pyarrow traceback."""
    main = mc.APPENDIX_A_FILE.main
    missing = tmp_path / "none.parquet"
    assert main(["--check", "--out", str(missing)], "mia_helpers.montecarlo") == 1
    out = capsys.readouterr().out
    assert f"missing: {missing} does not exist" in out and f"--out {missing}" in out, out
    assert "make montecarlo" not in out, out
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet at all")
    assert main(["--check", "--out", str(bad)], "mia_helpers.montecarlo") == 1
    out = capsys.readouterr().out
    assert out.startswith(f"unreadable: {bad} is not a readable Parquet file"), out
    assert f"--out {bad}" in out, out
