"""chapters.min_window_quarters / check_min_window (window34): a too-short observation window
is refused before the run, naming the parameters, the chapter and the minimum."""

from __future__ import annotations

import pytest

from mia_helpers import chapters
from mia_helpers.files import ParameterError
from mia_helpers.panel import PanelSpec
from mia_helpers.quarters import Window


def test_minimum_is_start_quarter_plus_horizon_plus_stable_job():
    # 1 (the start's quarter) + 8 (last hazard quarter) + 4 - 1 (rest of a stable job)
    assert chapters.STABLE_JOB_QUARTERS == PanelSpec().stable_quarters
    assert max(chapters.APPENDIX_A_HAZARD_QUARTERS) == 8
    assert max(chapters.CHAPTER4_HAZARD_QUARTERS) == 8
    assert chapters.min_window_quarters("matching_method") == 12
    assert chapters.min_window_quarters("activation_effects") == 12
    assert chapters.min_window_quarters("panel_construction") == 1


def test_unknown_chapter_is_refused():
    with pytest.raises(ValueError, match="unknown chapter 'chapter_nine'"):
        chapters.min_window_quarters("chapter_nine")


@pytest.mark.parametrize("chapter", ["activation_effects", "matching_method"])
def test_short_window_is_refused_naming_parameters_and_minimum(chapter):
    with pytest.raises(ParameterError) as err:
        chapters.check_min_window(chapter, ("2010Q1", "2012Q3"))  # 11 quarters
    text = str(err.value)
    for part in ("'window_start'", "'window_end'", repr(chapter), "11 quarters",
                 "at least 12", "window_end to 2012Q4 or later",
                 "window_start to 2009Q4 or earlier"):
        assert part in text, part
    assert isinstance(err.value, ValueError)


def test_exactly_the_minimum_and_the_default_pass():
    chapters.check_min_window("activation_effects", ("2005Q1", "2007Q4"))  # 12 quarters
    chapters.check_min_window("matching_method", Window())  # the default 2005Q1..2016Q4
    chapters.check_min_window("matching_method", (0, 11))  # quarter indices
    chapters.check_min_window("panel_construction", ("2005Q1", "2005Q1"))


def test_synthetic_remedy_says_where_synthetic_data_start():
    # fix36: no start before 2005Q1 is suggested (it suggested 2004Q1 with a caveat); with
    # data_dir None the remedy says that synthetic data start at 2005Q1
    with pytest.raises(ParameterError) as err:
        chapters.check_min_window("matching_method", ("2005Q1", "2006Q4"))
    assert "2004" not in str(err.value) and "window_end to 2007Q4 or later" in str(err.value)
    with pytest.raises(ParameterError, match="synthetic data, with data_dir None, are "
                                             "generated over the window, from 2005Q1 on"):
        chapters.check_min_window("matching_method", ("2005Q1", "2006Q4"), data_dir=None)


def _params(chapter):
    return chapters.read_parameters(chapters.resolve_chapter(chapter)[1])


# user35: chapter 4's default max_quarter = 12 needs 13 quarters (max_quarter <= length - 1)
@pytest.mark.parametrize("chapter, least, end", [("activation_effects", 13, "2013Q1"),
                                                 ("matching_method", 12, "2012Q4")])
def test_check_parameters_refuses_short_window_before_a_kernel(chapter, least, end):
    with pytest.raises(chapters.ChapterError, match=rf"at least {least}.*window_end to {end}"):
        chapters.check_parameters(chapter, _params(chapter),
                                  [("window_start", "2010Q1"), ("window_end", "2012Q2")])


def test_check_parameters_accepts_the_default_window():
    for chapter in ("activation_effects", "matching_method"):
        assert chapters.check_parameters(chapter, _params(chapter), []) == {}


def test_chapter_4_and_a_call_it_in_their_first_code_cell():
    import re

    for chapter, const in (("activation_effects", "CHAPTER4_HAZARD_QUARTERS"),
                           ("matching_method", "APPENDIX_A_HAZARD_QUARTERS")):
        text = chapters.resolve_chapter(chapter)[1].read_text()
        cells = re.findall(r"```\{code-cell\} python\n(.*?)```", text, flags=re.S)
        first = next(c for c in cells if ":tags: [parameters]" not in c)
        assert f'check_min_window("{chapter}", (window_start, window_end)' in first
        assert "range(1, 9)" not in text and f"quarters={const}" in text


def test_readme_states_the_computed_minimum():
    from pathlib import Path

    readme = (Path(chapters.__file__).resolve().parents[1] / "README.md").read_text()
    text = " ".join(readme.split())
    n = chapters.min_window_quarters("activation_effects")
    assert n == chapters.min_window_quarters("matching_method")
    assert f"(chapters 4 and A: {n} quarters, the start's quarter, hazard odds ratios up to " \
           f"{max(chapters.CHAPTER4_HAZARD_QUARTERS)} quarters after it and " \
           f"{chapters.STABLE_JOB_QUARTERS - 1} more to recognise a stable job" in text


# user35: chapter 4's max_quarter (default 12) must be <= window length - 1, so a window of
# min_window_quarters (12) passed the fixed-horizon minimum and was then refused by that rule.
def test_min_window_accounts_for_max_quarter_user35():
    from mia_helpers.chapters import min_window_quarters

    assert min_window_quarters("activation_effects", 12) == 13
    assert min_window_quarters("activation_effects", 5) == min_window_quarters(
        "activation_effects")


def test_check_min_window_names_max_quarter_user35():
    import pytest

    from mia_helpers.chapters import check_min_window
    from mia_helpers.files import ParameterError

    with pytest.raises(ParameterError, match=r"max_quarter = 12.*max_quarter to 11 or less"):
        check_min_window("activation_effects", ("2005Q1", "2007Q4"), 12)
    check_min_window("activation_effects", ("2005Q1", "2007Q4"), 11)  # 12 quarters suffice


def test_check_parameters_12_quarter_window_names_max_quarter_user35():
    # the window meets the fixed horizons (12): max_quarter's own rule names the limit
    with pytest.raises(chapters.ChapterError, match=r"'max_quarter' must be at most 11"):
        chapters.check_parameters("activation_effects", _params("activation_effects"),
                                  [("window_start", "2005Q1"), ("window_end", "2007Q4")])
    chapters.check_parameters("activation_effects", _params("activation_effects"),
                              [("window_start", "2005Q1"), ("window_end", "2007Q4"),
                               ("max_quarter", "11")])
    with pytest.raises(chapters.ChapterError, match=r"widen the window to at least 13 quarters"):
        chapters.check_parameters("activation_effects", _params("activation_effects"),
                                  [("window_start", "2005Q1"), ("window_end", "2007Q4")])
