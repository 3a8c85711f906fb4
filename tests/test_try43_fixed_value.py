"""try43: a chapter 6 or Appendix A manifest whose ``settings`` record a value the chapter does
not fix in this version (an edited manifest, or another version's) set the value every other
chapter was told to take: ``grouping`` edited to ``"bogus"`` in chapter 6's manifest told
chapter 3 to run at ``-p grouping bogus``, which the chapter refuses (no such grouping), and
Appendix A's ``caliper`` edited to 0.3 told chapter 4 to move to 0.3, which then passed beside
a manifest no run of this version writes. The remedy now runs the fixing chapter again with
this version (its manifest then records the value it fixes), and moves the others to that
value only where they disagree with it.
"""

from __future__ import annotations

import pytest
from test_xcheck39 import CH4, CH6, CHA, _found, _run

from mia_helpers.chapters import FIXED_SETTINGS

CH3 = "03_activation_inflow"


def test_an_edited_grouping_of_chapter_6_is_not_the_value_chapter_3_is_told_to_take(tmp_path):
    _run(tmp_path / "a", CH3, grouping="codes")
    _run(tmp_path / "b", CH6, settings={**FIXED_SETTINGS["conclusions"], "grouping": "bogus"})
    (found,) = _found(tmp_path)
    d = found.detail
    assert "-p grouping bogus" not in d, d
    assert "python -m mia_helpers chapter conclusions" in d, d
    assert "'codes'" in d and "edited" in d, d
    # as told: chapter 6 run again with this version (its manifest records today's values)
    for f in (tmp_path / "b").iterdir():
        f.unlink()
    (tmp_path / "b").rmdir()
    _run(tmp_path / "b", CH6, settings=FIXED_SETTINGS["conclusions"])
    assert _found(tmp_path) == []


def test_an_edited_caliper_of_appendix_a_moves_only_the_runs_off_todays_value(tmp_path):
    _run(tmp_path / "a", CH4, caliper=0.1, k=3)
    _run(tmp_path / "b", CHA, settings={**FIXED_SETTINGS["matching_method"], "caliper": 0.3})
    found = _found(tmp_path)
    assert found, "the runs disagree"
    d = " ".join(f.detail for f in found)
    assert "-p caliper 0.3" not in d, d
    assert "python -m mia_helpers chapter matching_method" in d, d
    assert f"-p caliper 0.2 for {CH4}" in d, d


def test_beside_a_released_chapter_6_at_an_edited_grouping_no_p_is_told(tmp_path):
    _run(tmp_path / "rel" / "b", CH6,
         settings={**FIXED_SETTINGS["conclusions"], "grouping": "bogus"})
    _run(tmp_path / "here" / "a", CH3, grouping="codes")
    (found,) = _found(tmp_path / "here", released=[tmp_path / "rel"])
    d = found.detail
    assert "-p grouping bogus" not in d, d
    assert "leave this run out of the export" in d and "'codes'" in d and "edited" in d, d


def test_one_missing_value_is_named_as_one(tmp_path):
    from mia_helpers.export_check import scan

    settings = {k: v for k, v in FIXED_SETTINGS["conclusions"].items() if k != "grouping"}
    _run(tmp_path / "b", CH6, settings=settings)
    (found,) = [f for f in scan(tmp_path, min_cell=10).findings if f.rule == "missing_settings"]
    assert "does not record grouping under 'settings'" in found.detail
    assert "uses this value without a parameter" in found.detail, found.detail


# ---- a runner's manifest without the chapter or parameters it ran ---------------------------
@pytest.mark.parametrize("drop", ["inputs", "parameters", "data"])
def test_a_manifest_that_does_not_say_what_ran_is_refused(tmp_path, drop):
    """try43: chapter 6's manifest edited to lose ``inputs`` (which chapter ran) or
    ``parameters``, or its registers' hashes (``data.files``), passed: without them no comparison of runs (``missing_settings``,
    ``extract_parameter_variation``, ``parameter_variation``) reads the run, silently; the
    chapter 6 run below at an edited grouping passed beside chapter 3 at "codes"."""
    import json

    from mia_helpers.export_check import scan

    _run(tmp_path / "a", CH3, grouping="codes")
    b = _run(tmp_path / "b", CH6, settings={**FIXED_SETTINGS["conclusions"], "grouping": "x"})
    man = json.loads((b / "manifest.json").read_text())
    if drop == "data":  # the registers' hashes, by which the runs on one extract are told
        man["data"].pop("files")
    else:
        man.pop(drop) if drop == "inputs" else man.__setitem__(drop, [])
    (b / "manifest.json").write_text(json.dumps(man))
    found = [f for f in scan(tmp_path, min_cell=10).findings if f.file.startswith("b")]
    assert [f.rule for f in found] == ["incomplete_run"], found
    assert drop in found[0].detail and "python -m mia_helpers chapter" in found[0].detail
