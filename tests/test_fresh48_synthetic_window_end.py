"""fresh48: a synthetic ``window_end`` had no stated bound.

`chapter conclusions -p window_end 2099Q4` passed every check, generated data and ran its
cells; `synth --window-end 2100Q4` wrote registers whose last 39 years held no person (the
youngest person the generator can draw, a newcomer arriving aged 18 in the window's 44th
quarter, retires at 65: with the default window nobody is present after 2061Q4). The bound is
read from the generator's configuration (``data.synthetic_last_quarter``) and refused, naming
the parameter (option) and the last quarter allowed, before any data are generated.
"""

import json
import subprocess
import sys

import pandas as pd
import pytest

from mia_helpers.quarters import Window, to_index, to_label


def _refusal(chapter, given):
    from mia_helpers import chapters

    params = chapters.read_parameters(chapters.resolve_chapter(chapter)[1])
    with pytest.raises(chapters.ChapterError) as err:
        chapters.check_parameters(chapter, params, given)
    return str(err.value)


def _accepted(chapter, given):
    from mia_helpers import chapters

    params = chapters.read_parameters(chapters.resolve_chapter(chapter)[1])
    chapters.check_parameters(chapter, params, given)


def test_default_bound_is_the_youngest_newcomers_last_working_quarter():
    from mia_helpers.data import synthetic_last_quarter

    last, who = synthetic_last_quarter(Window(0, 47))
    # 2015Q4 (the 44th quarter) - 18 years = born 1997, present until 1997 + 64 = 2061
    assert to_label(last) == "2061Q4", who
    assert "newcomer arriving aged 18 in 2015Q4" in who and "2062" in who, who
    # a later start moves the bound with it; without newcomers the school leavers set it
    assert to_label(synthetic_last_quarter(Window(8, 55))[0]) == "2063Q4"
    assert to_label(synthetic_last_quarter(Window(0, 47), newcomers=False)[0]) == "2060Q4"


@pytest.mark.parametrize("chapter", ["panel_construction", "school_leaver_entry", "conclusions"])
def test_chapter_window_end_after_the_bound_is_refused_naming_it(chapter):
    text = _refusal(chapter, [("window_end", "2099Q4")])
    assert "'window_end'" in text and "2099Q4" in text, text
    assert "set window_end to 2061Q4 or earlier" in text, text
    assert "adapt" in text, text  # a real extract may reach later


def test_chapter_window_end_at_the_bound_and_real_data_pass(tmp_path):
    _accepted("panel_construction", [("window_end", "2061Q4")])
    _accepted("panel_construction", [("window_start", "2007Q1"), ("window_end", "2063Q4")])
    text = _refusal("panel_construction", [("window_start", "2007Q1"), ("window_end", "2064Q1")])
    assert "set window_end to 2063Q4 or earlier" in text, text


def test_synth_refuses_window_end_after_the_bound_before_writing(tmp_path):
    out = tmp_path / "s"
    res = subprocess.run(
        [sys.executable, "-m", "mia_helpers", "synth", "--seed", "4048", "--residents", "10",
         "--newcomers", "10", "--out", str(out), "--window-end", "2100Q4"],
        capture_output=True, text=True, timeout=120)
    assert res.returncode == 2, res.stderr
    assert "'--window-end'" in res.stderr and "2061Q4" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr and not out.exists(), res.stderr


def test_the_bound_is_what_the_generator_produces(tmp_path):
    """Generated over a window past the bound (the generator itself takes any window), the
    registers hold rows up to the bound's year and none after it. A configuration that makes
    every newcomer arrive aged 18 in the window's first quarter (and no residents) pins the
    youngest person, so the bound must be reached exactly (2005 - 18 + 64 = 2051)."""
    from mia_helpers.data import synthetic_last_quarter
    from mia_helpers.synthetic import generate
    from mia_helpers.synthetic.config import GeneratorConfig, apply_overrides

    cfg = apply_overrides(GeneratorConfig(), {"population.arrival_age": [18, 1],
                                              "population.arrival_span": 1})
    window = Window(0, to_index("2055Q4"))
    last, who = synthetic_last_quarter(window, cfg, residents=False)
    assert to_label(last) == "2051Q4", who
    generate(tmp_path, seed=4048, residents=0, newcomers=40, config=cfg, window=window,
             truth=False)
    quarters = pd.read_parquet(tmp_path / "ksz_positions.parquet")["quarter"]
    assert quarters.max() == last, to_label(quarters.max())
    meta = json.loads((tmp_path / "truth" / "parameters.json").read_text())
    assert meta["window_end"] > last  # the generator took the longer window: the check is ours
