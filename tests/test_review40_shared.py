"""review40: two gaps of xcheck39's comparison of parameters shared across the chapters run on
one extract (``extract_parameter_variation``).

1. Chapter 6 refits chapter 2's models at no age limit (``conclusions.school_leaver_rows``
   calls ``hazard.school_leaver_periods`` without ``max_age``) and estimates chapter 5's IBO
   effect and feeder odds ratio on every newcomer (``conclusions.effect_rows`` calls
   ``newcomers.newcomer_panel(panel)`` without ``arrival_quarters`` or ``residence_grounds``):
   chapter 5 at ``arrival_quarters`` [0, 20] and chapter 6 published the persons with
   inburgering before, of two nested populations, and passed; their difference is the
   newcomers who arrived outside the cohort window. Chapter 6 now records these values under
   ``settings`` (``chapters.FIXED_SETTINGS``) and they are compared.
2. A manifest without ``settings`` (a chapter 6 or Appendix A run written before xcheck39)
   was not compared at all: it was read at its chapter's fixed values (a value its
   ``settings`` lack, too); xcheck43 refuses it instead (``missing_settings``).
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
import pytest
from test_xcheck39 import CH2, CH4, CH5, CH6, CHA, _found, _run

from mia_helpers import export_check as ec
from mia_helpers.chapters import FIXED_SETTINGS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name,chapter,value,remedy", [
    ("max_age", CH2, 30, "-p max_age null for 02_school_leaver_entry"),
    ("arrival_quarters", CH5, [0, 20], "-p arrival_quarters null for 05_newcomer_integration"),
    ("residence_grounds", CH5, ["family"], "-p residence_grounds null for 05_newcomer_integration"),
])
def test_chapter_6_fixes_what_chapters_2_and_5_set(tmp_path, name, chapter, value, remedy):
    _run(tmp_path / "a", chapter, **{name: value})
    _run(tmp_path / "b", CH6, settings=FIXED_SETTINGS["conclusions"])
    (found,) = _found(tmp_path)
    assert f"another {name} " in found.detail and remedy in found.detail
    assert ec.SHARED_PARAMETERS[name] in found.detail


def test_at_the_defaults_chapter_6_agrees_with_chapters_2_and_5(tmp_path):
    _run(tmp_path / "a", CH2, max_age=None)
    _run(tmp_path / "b", CH5, arrival_quarters=None, residence_grounds=None)
    _run(tmp_path / "c", CH6, settings=FIXED_SETTINGS["conclusions"])
    assert _found(tmp_path) == []


def test_residence_grounds_in_another_order_agree():
    assert ec._shared_agree("residence_grounds", ["family", "asylum"], ["asylum", "family"])
    assert not ec._shared_agree("residence_grounds", ["family"], None)
    assert ec._shared_agree("arrival_quarters", [0, 20], [0.0, 20.0])


def test_chapter_6_uses_them_at_none():
    """What FIXED_SETTINGS says chapter 6 uses is what its functions are called with."""
    from mia_helpers import conclusions

    src = inspect.getsource(conclusions.effect_rows)
    assert "nc.newcomer_panel(panel)" in src
    assert "max_age" not in inspect.getsource(conclusions.school_leaver_rows)
    six = (ROOT / "notebooks" / "06_conclusions.md").read_text(encoding="utf-8")
    assert all(f"{n} =" not in six for n in ("max_age", "arrival_quarters", "residence_grounds"))
    assert {n: FIXED_SETTINGS["conclusions"][n]
            for n in ("max_age", "arrival_quarters", "residence_grounds")} == dict.fromkeys(
        ("max_age", "arrival_quarters", "residence_grounds"))


@pytest.mark.parametrize("stem,params", [
    (CHA, {}),  # Appendix A matches at caliper 0.2
    (CH6, {"caliper": 0.1}),  # chapter 6 at now_vs_later
])
def test_a_manifest_without_settings_is_refused(tmp_path, stem, params):
    """review40 read such a manifest at its chapter's fixed values; xcheck43 refuses it
    (``missing_settings``: what an older version fixed cannot be told from its manifest;
    tests/test_xcheck43_export_gaps.py)."""
    _run(tmp_path / "a", CH4, caliper=0.1, estimand="now_vs_never")
    _run(tmp_path / "b", CH5, caliper=0.1, estimand="now_vs_never")
    _run(tmp_path / "c", stem, **params)  # no settings: written before xcheck39
    assert _found(tmp_path) == []  # not compared at guessed values
    found = [f for f in ec.scan(tmp_path, min_cell=10).findings if f.rule == "missing_settings"]
    assert [f.file for f in found] == [str(Path("c") / "manifest.json")]


def test_a_value_the_recorded_settings_lack_is_refused(tmp_path):
    _run(tmp_path / "a", CH2, max_age=30)
    _run(tmp_path / "b", CH6, settings={"estimand": "now_vs_later"})  # as xcheck39 wrote it
    found = [f for f in ec.scan(tmp_path, min_cell=10).findings if f.rule == "missing_settings"]
    assert [f.file for f in found] == [str(Path("b") / "manifest.json")]
    assert "max_age" in found[0].detail


# ---- 3. a column of person-periods, however spelled ----------------------------------------
@pytest.mark.parametrize("label", ["person-periods", "person periods", "person_periods",
                                   "Person quarters", "person-quarters", "number of person-periods"])
def test_a_column_of_person_periods_is_a_count_however_spelled(label):
    """xcheck39 reads a row "person quarters | 3" as a count (PERSON_PERIODS), but a column of
    that name passed: its label named a unit ("quarters", "periods"), while "person-periods"
    with a hyphen was read as a count. Every spelling the row rule reads is read alike."""
    from mia_helpers.export_check import check_table

    found = check_table(pd.DataFrame({"model": ["M0", "M1"], label: [1234, 3]}), min_cell=10)
    assert [r for r, _ in found] == ["small_count"], found
    assert "person-period" in found[0][1] and "<10" in found[0][1]


@pytest.mark.parametrize("cells", [[1234, 10], [1234, 0], ["1,234", "<10"], [12.5, 3.5]])
def test_a_column_of_person_periods_at_min_cell_a_marker_or_a_decimal_passes(cells):
    from mia_helpers.export_check import check_table

    assert check_table(pd.DataFrame({"model": ["M0", "M1"], "person periods": cells}),
                       min_cell=10) == []


# ---- 4. a remedy chapter 1 can follow --------------------------------------------------------
def test_chapter_1_is_told_a_list_it_accepts(tmp_path):
    """Chapter 1 at [6, 8] refused beside chapter 2 at 4 was told "-p stable_quarters 4",
    which its runner refuses ("must be a list ... got 4"): it is now told its own list with 4
    added, which holds chapter 2's definition and keeps its others."""
    from mia_helpers import chapters

    _run(tmp_path / "a", CH2, stable_quarters=4)
    _run(tmp_path / "b", "01_panel_construction", stable_quarters=[6, 8])
    (found,) = _found(tmp_path)
    assert found.file == str(Path("b") / "manifest.json")
    assert '-p stable_quarters "[4, 6, 8]"' in found.detail, found.detail
    params = chapters.read_parameters(ROOT / "notebooks" / "01_panel_construction.md")
    value = chapters.check_parameters("panel_construction", params,
                                      [("stable_quarters", "[4, 6, 8]")])["stable_quarters"]
    assert ec._shared_agree("stable_quarters", value, 4)


# ---- 5. a released run cannot be run again ---------------------------------------------------
def test_appendix_a_beside_a_released_chapter_4_is_not_told_to_rerun_the_released_run(tmp_path):
    """Appendix A (caliper fixed at 0.2) on the extract of a released chapter 4 at 0.1 was told
    "-p caliper 0.2 for 04_activation_effects": the released run is out and cannot change, and
    Appendix A has no caliper to set, so the only remedy is to leave it out."""
    _run(tmp_path / "rel" / "ch4", CH4, caliper=0.1)
    _run(tmp_path / "new" / "a", CHA, settings=FIXED_SETTINGS["matching_method"])
    (found,) = _found(tmp_path / "new", released=[tmp_path / "rel"])
    d = found.detail
    assert "-p caliper" not in d, d
    assert "A_matching_method has no caliper parameter" in d and "leave this run out" in d
    assert "released" in d


def test_a_run_with_the_parameter_beside_a_released_run_is_told_the_released_value(tmp_path):
    _run(tmp_path / "rel" / "a", CHA, settings=FIXED_SETTINGS["matching_method"])
    _run(tmp_path / "new" / "ch4", CH4, caliper=0.1)
    (found,) = _found(tmp_path / "new", released=[tmp_path / "rel"])
    assert "-p caliper 0.2" in found.detail and "for 04" not in found.detail
