"""dpo40: chapter 3's ``measures`` changes the cells it publishes, and chapter 6 counts them at
all nine measures.

Chapter 3 keeps the measures of ``measures`` as outcomes and pools the rest as "other
measure" (:func:`mia_helpers.competing.measure_groups`). Its population (quarters, spells,
persons at risk) does not change with ``measures``: every measure's start ends a spell. On
the default synthetic data the cells of a kept measure do not change either (the generator
starts at most one measure a quarter; two runs at ``measures`` None and [training_basic,
workplace_learning_ibo] published the same persons, inflows and shares of basic training and
IBO in every table, and "other measure" as the sum of the other seven's spells, 27,980).
But the panel keeps every measure that starts in a quarter (a real extract can register
two), and :func:`~mia_helpers.competing.competing_data` counts such a spell under the first
kept outcome in code order, the pooled one last: chapter 3 at [workplace_learning_ibo]
counts under IBO the spells that at all nine count under basic training. Chapter 6 counts
chapter 3's IBO inflow of low-link jobseekers at all nine (``conclusions.inflow_rows``), so
the two published together differ by those spells, possibly fewer than ``min_cell``: the
two chapters' ``measures`` are now compared (``extract_parameter_variation``), and
``measures`` left :data:`~mia_helpers.export_check.NOT_COMPARED`, whose reason ("each
measure's table counts the same persons whichever others are chosen") held only without
simultaneous starts. Two chapter 3 runs on one data set with different ``measures`` were
already refused (``parameter_variation``).

Also mended: the ``-p`` told to a run refused for a list-valued shared parameter other than
``stable_quarters`` (chapter 5's ``residence_grounds``, chapter 3's ``measures``) built a
list of definitions with the other run's value added (``"["family", null]"``), which the
chapter's runner refuses; it is now the other run's value.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from test_xcheck39 import CH4, CH5, CH6, _found, _run

from mia_helpers import codes
from mia_helpers import competing as cr
from mia_helpers import export_check as ec
from mia_helpers.chapters import FIXED_SETTINGS
from mia_helpers.export_check import scan

CH3 = "03_activation_inflow"
IBO = "workplace_learning_ibo"


def _first_inflows(cd, outcome: str) -> set[tuple]:
    rows = cd[(cd["outcome_label"].astype(str) == outcome).to_numpy()]
    return set(zip(rows["person_id"], rows["spell"], rows["u"], strict=True))


@pytest.fixture(scope="module")
def panel(small_data):
    from mia_helpers.panel import load_panel

    return load_panel(small_data)


# ---- what the cells rest on ---------------------------------------------------------------
def test_without_simultaneous_starts_a_kept_measures_cells_do_not_depend_on_the_others(panel):
    """The property the old NOT_COMPARED reason rested on: it holds where no quarter starts
    two measures (the synthetic generator's data), and "other measure" is the union of the
    measures not kept."""
    every = cr.competing_data(panel)
    assert every.attrs["simultaneous"] == 0
    for kept in (["training_basic", IBO], [IBO], ["sanction_transmission", "training_basic"]):
        some = cr.competing_data(panel, measures=kept)
        assert len(some) == len(every)  # the same quarters at risk
        for m in kept:
            assert _first_inflows(some, m) == _first_inflows(every, m), (kept, m)
        rest = set().union(*(_first_inflows(every, m) for m in codes.MEASURES if m not in kept))
        assert _first_inflows(some, cr.OTHER) == rest


def test_with_simultaneous_starts_a_kept_measures_cells_change_with_the_others(panel):
    """Two measures starting in one quarter (the panel sets both ``start_`` columns:
    ``bool_or`` per measure) count under the first kept in code order, the pooled outcome
    last: IBO's first inflows at [workplace_learning_ibo] hold spells that at all nine are
    basic training's."""
    assert "bool_or(measure = '{m}')" in inspect.getsource(__import__(
        "mia_helpers.panel", fromlist=["_measure_columns"])._measure_columns)
    p = panel.copy()
    ibo = _first_inflows(cr.competing_data(p), IBO)
    who = sorted(ibo)[:3]  # three spells, fewer than the book's min_cell of 10
    for person, spell, u in who:
        at = ((p["person_id"] == person) & (p["registration_start"] == spell)
              & (p["elapsed_registration"] == u)).to_numpy()
        assert at.sum() == 1
        p.loc[at, "start_training_basic"] = True
    every, only = cr.competing_data(p), cr.competing_data(p, measures=[IBO])
    assert every.attrs["simultaneous"] == len(who)
    assert _first_inflows(only, IBO) - _first_inflows(every, IBO) == set(who)
    assert set(who) <= _first_inflows(every, "training_basic")


def test_chapter_6_counts_chapter_3s_inflow_at_all_nine_measures():
    from mia_helpers import conclusions

    assert "cr.competing_data(panel)" in inspect.getsource(conclusions.inflow_rows)
    assert FIXED_SETTINGS["conclusions"]["measures"] is None


# ---- export-check ---------------------------------------------------------------------------
def test_chapter_3_at_other_measures_beside_chapter_6_is_refused(tmp_path):
    _run(tmp_path / "a", CH3, measures=[IBO])
    _run(tmp_path / "b", CH6, settings=FIXED_SETTINGS["conclusions"])
    (found,) = _found(tmp_path)
    d = found.detail
    assert "another measures " in d and f"['{IBO}'] in {CH3}" in d
    assert f"None here in {CH6}" in d and ec.SHARED_PARAMETERS["measures"] in d
    assert f"-p measures null for {CH3}, since {CH6} has no measures parameter" in d


def test_chapter_3_is_told_the_value_chapter_6_uses(tmp_path):
    _run(tmp_path / "a", CH6, settings=FIXED_SETTINGS["conclusions"])
    _run(tmp_path / "b", CH6, panel="q", settings=FIXED_SETTINGS["conclusions"])
    _run(tmp_path / "c", CH3, measures=["training_basic", IBO])
    (found,) = _found(tmp_path)
    assert found.file == str(Path("c") / "manifest.json")
    assert "(here -p measures null)" in found.detail


@pytest.mark.parametrize("value", [None, list(codes.MEASURES), list(reversed(codes.MEASURES))])
def test_chapter_3_at_all_nine_beside_chapter_6_passes(tmp_path, value):
    _run(tmp_path / "a", CH3, measures=value)
    _run(tmp_path / "b", CH6, settings=FIXED_SETTINGS["conclusions"])
    assert _found(tmp_path) == []


def test_chapters_4_and_5_measures_are_not_compared(tmp_path):
    _run(tmp_path / "a", CH3, measures=None)
    _run(tmp_path / "b", CH4, measures=["training_basic"])
    _run(tmp_path / "c", CH5, measures=[IBO])
    _run(tmp_path / "d", CH6, settings=FIXED_SETTINGS["conclusions"])
    assert _found(tmp_path) == []
    _run(tmp_path / "e" / "a", CH3, measures=[IBO])
    _run(tmp_path / "e" / "b", CH4, measures=[IBO])
    assert scan(tmp_path / "e", min_cell=10).ok  # chapter 4 evaluates IBO on its own


def test_two_chapter_3_runs_with_other_measures_were_already_refused(tmp_path):
    _run(tmp_path / "a", CH3, measures=None)
    _run(tmp_path / "b", CH3, measures=["training_basic", IBO])
    rules = [f.rule for f in scan(tmp_path, min_cell=10).findings if "variation" in f.rule]
    assert rules == ["parameter_variation"]


def test_against_a_released_run(tmp_path):
    _run(tmp_path / "released" / "ch6", CH6, settings=FIXED_SETTINGS["conclusions"])
    _run(tmp_path / "new" / "ch3", CH3, measures=[IBO])
    (found,) = _found(tmp_path / "new", released=[tmp_path / "released"])
    assert "the released run" in found.detail or "a released run" in found.detail
    assert "-p measures null" in found.detail
    _run(tmp_path / "r2" / "ch3", CH3, measures=[IBO])
    _run(tmp_path / "n2" / "ch6", CH6, settings=FIXED_SETTINGS["conclusions"])
    (found,) = _found(tmp_path / "n2", released=[tmp_path / "r2"])
    assert "leave this run out" in found.detail


def test_measures_is_compared_and_documented():
    assert "measures" in ec.SHARED_PARAMETERS and "measures" not in ec.NOT_COMPARED
    root = Path(__file__).resolve().parents[1]
    for page in ("README.md", "book/disclosure.md"):
        text = " ".join((root / page).read_text(encoding="utf-8").split())
        assert "chapter 3 at `measures`" in text, page
    assert "``measures``" in ec._shared_parameter_variation.__doc__


@pytest.mark.parametrize("name,value", [("residence_grounds", ["family"]),
                                        ("arrival_quarters", [0, 20])])
def test_a_list_of_one_value_is_told_the_other_runs_value(tmp_path, name, value):
    """The remedy built a list of definitions for any list (chapter 1's ``stable_quarters``):
    chapter 5 at ``residence_grounds`` ["family"], refused beside two chapter 6 runs, was told
    ``-p residence_grounds "["family", null]" (a list that holds None)``, which its runner
    refuses; it is told chapter 6's value."""
    _run(tmp_path / "a", CH6, settings=FIXED_SETTINGS["conclusions"])
    _run(tmp_path / "b", CH6, panel="q", settings=FIXED_SETTINGS["conclusions"])
    _run(tmp_path / "c", CH5, **{name: value})
    (found,) = _found(tmp_path)
    assert found.file == str(Path("c") / "manifest.json")
    assert f"(here -p {name} null)" in found.detail and "a list that holds" not in found.detail
