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
    assert "stale:" in out and "make montecarlo" in out
    for study in mc.APPENDIX_A_STUDIES:
        assert study in out.split("stale:")[1], study
