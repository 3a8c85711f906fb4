"""xcheck43: four gaps of ``export-check``'s comparison of the runs on one extract.

(a) The runs that count. ``parameter_variation`` keeps the first run of a chapter on one data
    fingerprint (in sorted order) and refuses every later one with other parameters, but the
    comparisons across chapters (``extract_parameter_variation``) counted the refused runs
    too: chapter 5 at ``caliper`` 0.1 beside chapter 4 at 0.1 was refused against two later
    chapter 4 runs at 0.3 that were refused themselves (the messages then asked to leave those
    out and to move chapter 5 to 0.3, away from the run that stays), and chapter 5 at
    ``min_cell`` 5 passed beside chapter 4 at 10, its reference being two refused chapter 4
    runs at 5. Both comparisons now count only the runs ``parameter_variation`` keeps.
"""

from __future__ import annotations

from pathlib import Path

from test_xcheck39 import CH4, CH5, _found, _run

from mia_helpers.export_check import scan


def _rules(root: Path) -> list[tuple[str, str]]:
    return sorted((f.file, f.rule) for f in scan(root, min_cell=10).findings
                  if "variation" in f.rule)


# ---- (a) the runs that count ------------------------------------------------------------------
def test_a_run_is_not_refused_against_runs_parameter_variation_refuses(tmp_path):
    _run(tmp_path / "a", CH4, caliper=0.1)
    _run(tmp_path / "b", CH4, caliper=0.3)  # the same chapter and data: refused
    _run(tmp_path / "b2", CH4, caliper=0.3)  # likewise
    _run(tmp_path / "c", CH5, caliper=0.1)  # agrees with the chapter 4 run that stays
    assert _rules(tmp_path) == [(str(Path("b") / "manifest.json"), "parameter_variation"),
                                (str(Path("b2") / "manifest.json"), "parameter_variation")]


def test_a_threshold_is_compared_with_the_run_that_stays(tmp_path):
    """The reference setting was the one most runs share, refused runs included: chapter 5 at
    ``min_cell`` 5 passed beside chapter 4 at 10, which stays while its two runs at 5 go."""
    _run(tmp_path / "a", CH4, min_cell=10)
    _run(tmp_path / "b", CH4, min_cell=5)
    _run(tmp_path / "b2", CH4, min_cell=5)
    _run(tmp_path / "c", CH5, min_cell=5)
    assert _rules(tmp_path) == [
        (str(Path("b") / "manifest.json"), "parameter_variation"),
        (str(Path("b2") / "manifest.json"), "parameter_variation"),
        (str(Path("c") / "manifest.json"), "extract_parameter_variation")]
    (found,) = _found(tmp_path)
    assert "-p min_cell 10" in found.detail and str(Path("a") / "manifest.json") in found.detail


def test_following_the_messages_once_passes(tmp_path):
    _run(tmp_path / "a", CH4, caliper=0.3)
    _run(tmp_path / "b", CH4, caliper=0.1)
    _run(tmp_path / "c", CH5, caliper=0.1)
    found = scan(tmp_path, min_cell=10).findings
    assert sorted((f.file, f.rule) for f in found if "variation" in f.rule) == [
        (str(Path("b") / "manifest.json"), "parameter_variation"),
        (str(Path("c") / "manifest.json"), "extract_parameter_variation")]
    (shared,) = [f for f in found if f.rule == "extract_parameter_variation"]
    assert "-p caliper 0.3" in shared.detail
    # as told: b left out, c run again at 0.3
    for f in (tmp_path / "b").iterdir():
        f.unlink()
    (tmp_path / "b").rmdir()
    for f in (tmp_path / "c").iterdir():
        f.unlink()
    (tmp_path / "c").rmdir()
    _run(tmp_path / "c", CH5, caliper=0.3)
    assert [f for f in scan(tmp_path, min_cell=10).findings if "variation" in f.rule] == []
