"""user30: chapter 5 refuses too few synthetic newcomers before any kernel starts, naming the
parameter, the floor, its basis and what to write instead (``chapters.NEWCOMERS_FLOOR``: with
10 or 20 newcomers, seed 2005, the chapter stopped in a cell after about a minute because no
newcomer step could be estimated); at the floor it runs to the end."""
from __future__ import annotations

import json

import pytest

import mia_helpers.notebook_run
from mia_helpers import chapters, cli


@pytest.fixture
def no_execution(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("a kernel was started although the parameters were refused")

    monkeypatch.setattr(mia_helpers.notebook_run, "execute", boom)


def test_too_few_newcomers_are_refused_saying_what_to_write(capsys, no_execution, tmp_path):
    least = chapters.NEWCOMERS_FLOOR["newcomer_integration"]
    rc = cli.main(["chapter", "newcomer_integration", "-p", "newcomers", str(least - 1),
                   "--out", str(tmp_path / "o")])
    err = " ".join(capsys.readouterr().err.split())
    assert rc == 2
    assert f"parameter 'newcomers' is {least - 1}: too few newcomers" in err, err
    assert f"use -p newcomers {least} or more" in err and "NEWCOMERS_FLOOR" in err, err
    assert not (tmp_path / "o").exists()


def test_the_floor_leaves_the_floor_other_chapters_and_data_dir_alone(tmp_path):
    least = chapters.NEWCOMERS_FLOOR["newcomer_integration"]
    chapters._cross_check("newcomer_integration", {"residents": 1000, "newcomers": least,
                                                   "data_dir": None})
    chapters._cross_check("school_leaver_entry", {"residents": 1000, "newcomers": 5,
                                                  "data_dir": None})
    with pytest.raises(chapters.ChapterError, match="holds no registers"):  # not the floor
        chapters._cross_check("newcomer_integration", {"newcomers": 5, "data_dir": str(tmp_path)})
    # a data_dir with fewer newcomers than the floor is not refused: synthetic registers of
    # 100 residents and 50 newcomers (seed 2005) ran chapter 5 to the end (user30)
    folder = tmp_path / "tiny"
    assert cli.main(["synth", "--residents", "100", "--newcomers", str(least // 2),
                     "--out", str(folder), "--no-truth"]) == 0
    chapters._cross_check("newcomer_integration", {"data_dir": str(folder)})


@pytest.mark.notebook
def test_chapter_5_runs_to_the_end_at_the_floor(tmp_path):
    """The floor is not too low: at it (1,000 residents, seed 2005) chapter 5 ends without an
    error and estimates at least one newcomer step (about 20 s with the warm kernel)."""
    from nbrun import NOTEBOOKS

    least = chapters.NEWCOMERS_FLOOR["newcomer_integration"]
    out = mia_helpers.notebook_run.execute(
        NOTEBOOKS / "05_newcomer_integration.md", tmp_path / "nb.ipynb",
        {"seed": 2005, "residents": 1000, "newcomers": least}, warm=True)
    nb = json.loads(out.read_text())
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    stderr = "".join("".join(o["text"]) for o in outputs if o.get("name") == "stderr")
    skipped = [t for t in ("inburgering", "mo", "nt2")
               if f"Warning: '{t}' is not estimated" in stderr]
    assert len(skipped) < 3, stderr[-2000:]
