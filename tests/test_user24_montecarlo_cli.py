"""The Monte Carlo CLIs refuse an --out they cannot write, a folder, and --n-jobs 0 before any
replication runs, in one line with a nonzero status (user24: ``--out DIR`` and an unwritable
path computed every study for up to 30 minutes, then failed with a traceback; ``--n-jobs 0``
ended in joblib's traceback; a Parquet file with other columns printed pyarrow's schema)."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import montecarlo, montecarlo_newcomers


def _never(*args, **kwargs):
    raise AssertionError("the studies were computed")


@pytest.mark.parametrize("module", [montecarlo, montecarlo_newcomers])
def test_bad_out_refused_before_any_work(module, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(type(montecarlo.APPENDIX_A_FILE), "write", _never)
    (tmp_path / "f").write_text("")
    for out, words in ((tmp_path, "is a folder"), (tmp_path / "f" / "x.parquet",
                                                  "is a file, not a folder")):
        assert module.main(["--out", str(out)]) == 2
        text = capsys.readouterr().out.strip()
        assert text.startswith("error: ") and words in text and "\n" not in text, text
    with pytest.raises(SystemExit) as exc:
        module.main(["--n-jobs", "0", "--out", str(tmp_path / "x.parquet")])
    assert exc.value.code == 2
    assert "integer >= 1" in capsys.readouterr().err


def test_check_names_missing_columns_in_one_line(tmp_path, capsys):
    p = tmp_path / "wrong.parquet"
    pd.DataFrame({"x": [1]}).to_parquet(p)
    assert montecarlo_newcomers.main(["--check", "--out", str(p)]) == 1
    text = capsys.readouterr().out.strip()
    assert text.startswith("unreadable: ") and "without the columns study_key, replication" in text
    assert "\n" not in text, text
