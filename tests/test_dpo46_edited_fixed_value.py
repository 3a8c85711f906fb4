"""dpo46: a fixed value edited to another run's value.

Appendix A matches at chapter 4's caliper 0.2 without a parameter, and chapter 6 fits
chapter 3's IBO inflow at grouping "codes"; the runner records such values under the
manifest's ``settings`` (:data:`mia_helpers.chapters.FIXED_SETTINGS`). try43 refused a
manifest whose edited value disagreed with the other runs, but one edited to the value of
another run passed: Appendix A's caliper edited to 0.1 beside chapter 4 at ``-p caliper 0.1``
agreed on paper, though Appendix A matched at 0.2, and the two publish the matched starters
of one measure at two calipers. A manifest recording a fixed value this version's chapter does
not use is refused now whatever the other runs use (``edited_settings``), and beside a
released run so edited a run here that sets the parameter is refused too.
"""

from __future__ import annotations

from test_xcheck39 import CH4, CH6, CHA, _run

from mia_helpers.chapters import FIXED_SETTINGS
from mia_helpers.export_check import scan

CH3 = "03_activation_inflow"


def _rules(root, **kw):
    return [(f.file, f.rule) for f in scan(root, min_cell=10, **kw).findings]


def test_appendix_a_caliper_edited_to_chapter_4s_is_refused(tmp_path):
    _run(tmp_path / "a", CH4, caliper=0.1, k=3)
    _run(tmp_path / "b", CHA, settings={**FIXED_SETTINGS["matching_method"], "caliper": 0.1})
    found = [f for f in scan(tmp_path, min_cell=10).findings if f.rule == "edited_settings"]
    assert len(found) == 1, found
    assert found[0].file == "b/manifest.json"
    d = found[0].detail
    assert "caliper 0.1" in d and "0.2" in d and "python -m mia_helpers chapter matching_method" in d


def test_chapter_6_grouping_edited_to_chapter_3s_is_refused(tmp_path):
    _run(tmp_path / "a", CH3, grouping="types")
    _run(tmp_path / "b", CH6, settings={**FIXED_SETTINGS["conclusions"], "grouping": "types"})
    assert ("b/manifest.json", "edited_settings") in _rules(tmp_path)


def test_the_runners_own_values_pass(tmp_path):
    _run(tmp_path / "a", CH4, caliper=0.2, k=3)
    _run(tmp_path / "b", CHA, settings=FIXED_SETTINGS["matching_method"])
    assert _rules(tmp_path) == []


def test_beside_a_released_run_at_an_edited_value_equal_to_this_ones(tmp_path):
    _run(tmp_path / "rel" / "b", CHA,
         settings={**FIXED_SETTINGS["matching_method"], "caliper": 0.1})
    _run(tmp_path / "here" / "a", CH4, caliper=0.1, k=3)
    found = [f for f in scan(tmp_path / "here", min_cell=10, released=[tmp_path / "rel"]).findings
             if f.rule == "edited_settings"]
    assert len(found) == 1 and found[0].file == "a/manifest.json", found
    assert "leave this run out of the export" in found[0].detail, found[0].detail
