"""fp25: the Monte Carlo results files. ``--check`` with ``--out`` under an existing file
said the file was missing and advised a regeneration command that would fail there; reading
a damaged (truncated) shipped file for Appendix A stopped with pyarrow's own error. Both now
name the file and what to do."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import montecarlo as mc
from mia_helpers import montecarlo_confirmation as mcc
from mia_helpers import montecarlo_newcomers as mcn
from mia_helpers import montecarlo_replication as mr
from mia_helpers import montecarlo_targeted as mt
from mia_helpers.files import unwritable_reason


@pytest.mark.parametrize("module", [mc, mcn, mr, mt])
def test_check_refuses_an_out_path_under_a_file(tmp_path, capsys, module):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    out = blocker / "x.parquet"
    assert module.main(["--check", "--out", str(out)]) == 2
    text = capsys.readouterr().out
    assert f"{out} does not exist and cannot be generated there" in text
    assert f"{blocker} is a file, not a folder" in text and "--n-jobs" not in text, text
    assert not out.exists() and blocker.read_text() == "not a folder"  # nothing written
    # a missing file in a folder that can be made still reads "missing", with the command
    free = tmp_path / "new" / "x.parquet"
    assert module.main(["--check", "--out", str(free)]) == 1
    assert "missing:" in capsys.readouterr().out
    assert not free.parent.exists()  # the check created no folder


def test_unwritable_reason_creates_nothing(tmp_path):
    assert unwritable_reason(tmp_path / "a" / "b" / "c.parquet") is None
    assert not (tmp_path / "a").exists()
    (tmp_path / "f").write_text("")
    assert unwritable_reason(tmp_path / "f" / "g" / "c.parquet") == \
        f"{tmp_path / 'f'} is a file, not a folder"


def _truncated(tmp_path: Path, shipped: Path) -> Path:
    copy = tmp_path / shipped.name
    shutil.copyfile(shipped, copy)
    with open(copy, "r+b") as f:
        f.truncate(copy.stat().st_size // 2)
    return copy


@pytest.mark.parametrize("study_file", [mc.APPENDIX_A_FILE, mcn.NEWCOMERS_FILE,
                                        mcc.CONFIRMATION_FILE, mr.REPLICATION_FILE,
                                        mt.TARGETED_FILE])
def test_a_damaged_results_file_is_named_with_what_to_do(tmp_path, study_file):
    shipped = study_file.path()
    if not shipped.exists():
        pytest.skip(f"no shipped {shipped}")
    bad = _truncated(tmp_path, shipped)
    module = study_file.replicate.__module__
    # as a shipped file (what Appendix A reads): restore or regenerate it
    as_shipped = dataclasses.replace(study_file, relpath=bad)
    key = next(iter(pd.read_parquet(shipped, columns=["study_key"])["study_key"]))
    for call in (lambda: as_shipped.read(key), lambda: as_shipped.status()):
        with pytest.raises(ValueError) as err:
            call()
        msg = str(err.value)
        assert f"{bad} is not a readable Parquet file" in msg and "truncated" in msg, msg
        assert f"git checkout -- {bad}" in msg and f"python -m {module}" in msg, msg
    # a file given by path: another file, or regenerate that one
    with pytest.raises(ValueError, match=f"regenerate this one with `python -m {module} "
                                         f"--out {bad}`"):
        study_file.read(key, bad)
    # the shipped file itself still reads
    assert study_file.read(key) is not None


def test_appendix_a_run_on_a_damaged_shipped_file_says_so(tmp_path, monkeypatch):
    shipped = mc.APPENDIX_A_FILE.path()
    if not shipped.exists():
        pytest.skip(f"no shipped {shipped}")
    bad = _truncated(tmp_path, shipped)
    monkeypatch.setattr(mc, "APPENDIX_A_FILE", dataclasses.replace(mc.APPENDIX_A_FILE,
                                                                   relpath=bad))
    with pytest.raises(ValueError, match="not a readable Parquet file"):
        mc.run_montecarlo(2, residents=300, progress=False, use_cache=False)
