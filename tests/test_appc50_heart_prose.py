"""appc50: Appendix C's prose read against a run with other parameters, and its terms in the
glossary.

- The IPCW warning paragraph said the censoring model's unidentified period terms are periods
  in which *none* of the matched controls still waiting received a heart, "held near zero by
  the ridge". The warning withholds the direction, and at the chapter's defaults (by age
  group) one such term, period 21, is a period in which *every* one did ("only later
  starts"): the prose now names both.
- Two sentences on the death curves spoke of "several weeks", true only at the default
  ``period_days`` 7: they now say periods.
- "a few controls each" and "a few waiting patients" were typed for the `k` controls per
  transplanted patient (one at ``k`` 1), and the estimand's horizon was "$k$ periods", the name
  of that parameter: the prose now says "up to `k`" and "$h$ periods".
- Appendix C had no exercise; its new one (``ex-c-sign``) asks whether the "now versus later"
  difference keeps one sign over the horizons, answered from the run by
  :func:`mia_helpers.claims.heart_sign_answer`, tested here on tables shaped as the runs'
  (the numbers of the default run and of the run at ``period_days`` 14).
- The glossary lacked IPCW and immortal time (both used in Appendix C), defined the hazard ratio
  only for chapter 2's discrete-time model (Appendix C's is a Cox model's) and the cumulative
  incidence only with quarterly hazards (Appendix C's periods are weeks by default).
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
C_TEXT = (ROOT / "notebooks" / "C_heart_transplant.md").read_text(encoding="utf-8")
GLOSSARY = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")


def _prose(text: str) -> str:
    text = re.sub(r"```\{code-cell\}.*?\n```", "", text, flags=re.S)
    return " ".join(text.split())


def _entry(term: str) -> str:
    m = re.search(rf"^{re.escape(term)}\n((?:  .*\n|\n(?=  ))+)", GLOSSARY, re.M)
    assert m, f"book/glossary.md has no entry {term!r}"
    return " ".join(m.group(1).split())


def test_the_ipcw_paragraph_names_both_directions_of_an_unidentified_period():
    para = _prose(C_TEXT)
    start = para.index("A warning under the cell may list periods")
    para = para[start:para.index("periods since the transplant period", start)]
    assert "none of the matched controls" in para and "or all of them did" in para, para
    assert "held near zero" not in para, para


def test_a_period_with_only_later_starts_occurs_on_these_data():
    """The case the old prose left out is real: the chapter's defaults (7-day periods, k 3,
    caliper 0.2), by age group, give a censoring-model period term with only later starts."""
    from mia_helpers.dynamic import dynamic_effects, dynamic_match
    from mia_helpers.heart import jasa_panel, load_jasa

    panel = jasa_panel(load_jasa(), period_days=7)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        match = dynamic_match(panel, id="id", time="period", at_risk="waiting",
                              treatment_start="transplant_start",
                              covariates=["age", "surgery", "year"], k=3, caliper=0.2)
        dynamic_effects(match, outcome="death", horizons=range(1, 53), count_start_period=True,
                        by="age_group", bootstrap=2, seed=1977, min_cell=10)
    text = " ".join(str(w.message) for w in caught)
    assert re.search(r"term 'period\[\d+\]' has only later starts where it is 1", text), text[:500]


def test_no_week_is_typed_where_a_period_is_meant():
    prose = _prose(C_TEXT)
    weeks = [m.start() for m in re.finditer(r"\bweeks?\b", prose)]
    assert all("by default" in prose[i:i + 20] for i in weeks), [prose[i - 60:i + 20]
                                                                   for i in weeks]


def test_the_number_of_controls_is_the_parameter_not_a_few():
    prose = _prose(C_TEXT)
    assert "a few controls each" not in prose and "with a few waiting patients" not in prose
    assert prose.count("up to `k`") == 2, prose.count("up to `k`")
    assert "$k$ periods" not in prose and "share dead $h$ periods later" in prose


@pytest.mark.parametrize(("term", "words"), [
    ("IPCW", ["Inverse probability of censoring", "censored at that start"]),
    ("immortal time", ["ever", "only from the start on"]),
    ("hazard ratio", ["Cox", "Appendix C"]),
    ("cumulative incidence", ["Appendix C"]),
    ("disclosure control", ["`min_cell`", "export-check"]),
    ("risk set", ["Appendix C", "still waiting"]),
    ("positivity", ["Appendix C, the period"]),  # Appendices B and C speak of it
])
def test_the_glossary_defines_appendix_c_s_terms(term, words):
    text = _entry(term)
    for w in words:
        assert w in text, (term, w, text)


def _effects(rows):
    import pandas as pd

    return pd.DataFrame([{"group": "all", "estimator": "matched", "estimand": "now_vs_later",
                          "horizon": h, "att_pp": a, "ci_low": lo, "ci_high": hi,
                          "point_identified": True} for h, a, lo, hi in rows])


def test_sign_answer_of_the_default_run():
    from mia_helpers.claims import heart_sign_answer

    eff = _effects([(4, -5.3, -19.3, 7.5), (13, 4.7, -11.9, 20.0), (26, -2.6, -20.8, 10.1),
                    (52, -9.1, -26.3, 9.4)])  # the default run's table (appc50)
    assert heart_sign_answer(eff, [4, 13, 26, 52]) == (
        "the point estimates lie below zero at 4, 26 and 52 periods and above zero at 13 "
        "periods; every interval shown holds 0, so these data cannot tell whether the sign "
        "changes with time since the transplant")


def test_sign_answer_of_one_sign_and_of_intervals_that_tell():
    from mia_helpers.claims import heart_sign_answer

    eff = _effects([(4, -5.4, -23.7, 14.1), (13, -14.5, -26.7, 12.8), (39, -16.3, -28.7, 8.9)])
    assert heart_sign_answer(eff, [4, 13, 39]).startswith(
        "the point estimates lie below zero at every horizon shown (4, 13 and 39 periods); "
        "every interval shown holds 0")
    eff = _effects([(1, 5.4, 1.0, 14.1), (13, "x", "x", "x"), (39, -16.3, -28.7, -8.9)])
    assert heart_sign_answer(eff, [1, 13, 39]) == (
        "the point estimates lie below zero at 39 periods and above zero at 1 period; there is "
        "no point estimate at 13 periods; the intervals lie wholly below zero at 39 periods "
        "and above zero at 1 period, so the sign does change with time since the transplant")
    eff = _effects([(4, -2.0, -9.0, 3.0), (52, -20.0, -30.0, -5.0)])
    assert heart_sign_answer(eff, [4, 52]).endswith(
        "; the interval lies wholly below zero at 52 periods, so only there do the data tell "
        "the sign")


def test_appendix_c_prose_states_no_small_count():
    """export-check refused a run of the first wording, "or every one of them did", as a
    count of one person; the prose and the new exercise state none."""
    from mia_helpers.disclosure import small_count_matches

    markdown = re.sub(r"```\{code-cell\}.*?\n```", "", C_TEXT, flags=re.S)  # lines kept,
    assert small_count_matches(markdown, 10) == []  # as export-check reads a markdown cell
    assert small_count_matches("received a heart, or every\none of them did", 10) != []
