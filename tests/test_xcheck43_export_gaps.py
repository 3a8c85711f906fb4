"""xcheck43: four gaps of ``export-check``'s comparison of the runs on one extract.

(a) The runs that count. ``parameter_variation`` keeps the first run of a chapter on one data
    fingerprint (in sorted order) and refuses every later one with other parameters, but the
    comparisons across chapters (``extract_parameter_variation``) counted the refused runs
    too: chapter 5 at ``caliper`` 0.1 beside chapter 4 at 0.1 was refused against two later
    chapter 4 runs at 0.3 that were refused themselves (the messages then asked to leave those
    out and to move chapter 5 to 0.3, away from the run that stays), and chapter 5 at
    ``min_cell`` 5 passed beside chapter 4 at 10, its reference being two refused chapter 4
    runs at 5. Both comparisons now count only the runs ``parameter_variation`` keeps.
(b) Chapter 5 at ``arrival_quarters`` equal to its whole window stays refused beside chapter 6
    (every newcomer, ``arrival_quarters`` None), by design: it is not the same analysis. The
    persons register's arrival quarter is not bounded by the window (the panel keeps a
    newcomer who arrived before the window start and has quarters in it), so None keeps the
    newcomers who arrived before the window and the whole window drops them: on the small
    synthetic registers (seed 11, 750 newcomers) with the panel built over 2008Q1-2016Q4, 750
    newcomers at None, 542 at [12, 47]. A real extract may also hold arrivals before 2005Q1,
    which no ``arrival_quarters`` (quarter indices from 0) reaches. Normalising the whole
    window to None would pass two chapters whose newcomers differ by them.
(c) A manifest without ``settings`` (chapter 6 or Appendix A written before xcheck39; chapter 6
    of xcheck39 without ``max_age``...) was read at today's fixed values
    (``chapters.FIXED_SETTINGS``; review40): what the older version used cannot be told from
    the manifest. It is refused (``missing_settings``), naming the manifest, the values it
    lacks and the remedy (run the chapter again with this version); beside a released run
    without them, the run here that sets such a parameter is refused likewise.
(d) Chapter 3's ``grouping`` was not compared with chapter 6, which counts chapter 3's IBO
    inflow at ``"codes"``. A spell whose first start holds two measures in one quarter counts
    under the first outcome, so IBO's first inflows change with a grouping that pools IBO with
    another measure, or a measure starting with it into an outcome before IBO's. Today
    ``"types"`` does neither (IBO is its own type, and the types before it are the codes
    before it), but nothing held ``codes.MEASURE_TYPES`` so: ``grouping`` is now compared
    between chapters 3 and 6 by what it makes of IBO's inflows, and chapter 6 records
    ``grouping`` ``"codes"`` under ``settings``.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from test_xcheck39 import CH1, CH4, CH5, CH6, CHA, _found, _run

from mia_helpers import codes
from mia_helpers import competing as cr
from mia_helpers import export_check as ec
from mia_helpers.chapters import FIXED_SETTINGS
from mia_helpers.export_check import scan

CH3 = "03_activation_inflow"
IBO = "workplace_learning_ibo"


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


# ---- (b) arrival_quarters over the whole window is not None ----------------------------------
def test_the_whole_window_keeps_fewer_newcomers_than_none(regs):
    """The premise of normalising ``arrival_quarters`` [first, last] to None fails: registers
    that reach before the window start (an extract of 2005Q1 on, a chapter run from 2008Q1)
    hold newcomers who arrived before it; None keeps them, the whole window does not."""
    from mia_helpers import newcomers as nc
    from mia_helpers.panel import PanelSpec, build_panel, load_panel
    from mia_helpers.quarters import Window

    w = Window(12, 47)  # 2008Q1-2016Q4
    build_panel(regs, PanelSpec(window=w))
    p = load_panel(regs)
    every, whole = nc.newcomer_panel(p, None), nc.newcomer_panel(p, (w.start, w.end))
    before = set(every.loc[every["arrival_quarter"].astype(float) < w.start, "person_id"])
    assert before and set(every["person_id"]) - set(whole["person_id"]) == before
    assert every["person_id"].nunique() == whole["person_id"].nunique() + len(before)
    # the numbers book/disclosure.md and export_check._shared_value quote
    assert (every["person_id"].nunique(), whole["person_id"].nunique()) == (750, 542)


def test_chapter_5_over_its_whole_window_beside_chapter_6_stays_refused(tmp_path):
    _run(tmp_path / "a", CH5, arrival_quarters=[0, 59])  # the whole 2005Q1-2019Q4 window
    _run(tmp_path / "b", CH6, settings=FIXED_SETTINGS["conclusions"])
    (found,) = _found(tmp_path)
    assert "another arrival_quarters " in found.detail
    assert f"-p arrival_quarters null for {CH5}" in found.detail
    assert "before the window start" in ec.SHARED_PARAMETERS["arrival_quarters"]


# ---- (c) a manifest without settings ----------------------------------------------------------
def _missing(root: Path, **kw) -> list:
    return [f for f in scan(root, min_cell=10, **kw).findings if f.rule == "missing_settings"]


@pytest.mark.parametrize("stem,short", [(CH6, "conclusions"), (CHA, "matching_method")])
def test_a_manifest_without_settings_is_refused_not_read_at_todays(tmp_path, stem, short):
    _run(tmp_path / "a", stem)  # no settings: written before xcheck39
    (found,) = _missing(tmp_path)
    assert found.file == str(Path("a") / "manifest.json") and found.where == "settings"
    d = found.detail
    assert f"does not record {', '.join(FIXED_SETTINGS[short])} under 'settings'" in d, d
    assert f"run {stem} again with this version of mia_helpers" in d, d
    assert f"python -m mia_helpers chapter {short}," in d, d
    _run(tmp_path / "b", stem, panel="q", settings=FIXED_SETTINGS[short])  # as written today
    assert [f.file for f in _missing(tmp_path)] == [str(Path("a") / "manifest.json")]


def test_it_is_not_compared_at_guessed_values(tmp_path):
    """review40 read chapter 6 without settings at arrival_quarters None and refused chapter 5
    at [0, 20] against that guess; now the manifest itself is refused, with its remedy."""
    _run(tmp_path / "a", CH5, arrival_quarters=[0, 20])
    _run(tmp_path / "b", CH6)
    assert _found(tmp_path) == []
    assert [f.file for f in _missing(tmp_path)] == [str(Path("b") / "manifest.json")]


def test_settings_of_an_older_version_that_lack_a_value_are_refused(tmp_path):
    _run(tmp_path / "a", CH6, settings={"estimand": "now_vs_later"})  # as xcheck39 wrote it
    (found,) = _missing(tmp_path)
    lacking = [n for n in FIXED_SETTINGS["conclusions"] if n != "estimand"]
    assert f"does not record {', '.join(lacking)} under" in found.detail


def test_beside_a_released_run_without_settings(tmp_path):
    _run(tmp_path / "rel" / "ch6", CH6)  # released by an older version
    _run(tmp_path / "new" / "ch5", CH5, arrival_quarters=None, estimand="now_vs_later")
    _run(tmp_path / "new" / "ch1", CH1, stable_quarters=[4, 8])  # chapter 6 fixes none of it
    (found,) = _missing(tmp_path / "new", released=[tmp_path / "rel"])
    assert found.file == str(Path("ch5") / "manifest.json")
    d = found.detail
    assert f"the released run {tmp_path / 'rel' / 'ch6' / 'manifest.json'} of {CH6}" in d, d
    assert "does not record estimand, arrival_quarters under 'settings'" in d, d
    assert "leave this run out of the export" in d
    _run(tmp_path / "rel2" / "ch6", CH6, settings=FIXED_SETTINGS["conclusions"])
    assert _missing(tmp_path / "new", released=[tmp_path / "rel2"]) == []


# ---- (d) chapter 3's grouping ---------------------------------------------------------------
#: a grouping that pools IBO with other workplace learning (a mapping; also what "types" would
#: be if codes.MEASURE_TYPES pooled workplace learning, as the seed study's four types might)
POOLED = {**codes.MEASURE_TYPES, IBO: "workplace_learning", "workplace_learning_other":
          "workplace_learning"}
#: a grouping that puts vacancy referrals (code order after IBO) into an outcome before IBO's
FIRST = {**{m: m for m in codes.MEASURES}, "vacancy_referral_manual": "training_basic"}


def _ibo_spells(cd) -> set[tuple]:
    rows = cd[(cd["outcome_label"].astype(str) == IBO).to_numpy()
              | (cd["outcome_label"].astype(str) == "workplace_learning").to_numpy()]
    return set(zip(rows["person_id"], rows["spell"], rows["u"], strict=True))


@pytest.fixture(scope="module")
def twice(small_data):
    """The small panel with three of IBO's first starts also starting another measure in the
    same quarter (a real extract can register two; the synthetic generator does not): other
    workplace learning for one, a manual vacancy referral for two."""
    from mia_helpers.panel import load_panel

    p = load_panel(small_data).copy()
    spells = sorted(_ibo_spells(cr.competing_data(p)))[:3]
    for (person, spell, u), other in zip(spells, ["workplace_learning_other",
                                                  "vacancy_referral_manual",
                                                  "vacancy_referral_manual"], strict=True):
        at = ((p["person_id"] == person) & (p["registration_start"] == spell)
              & (p["elapsed_registration"] == u)).to_numpy()
        assert at.sum() == 1
        p.loc[at, f"start_{other}"] = True
    return p, spells


def test_groupings_that_agree_count_the_same_ibo_spells_and_others_do_not(twice):
    """The comparison's premise (``export_check._ibo_outcome``), on spells that start two
    measures in one quarter: "types" counts IBO's spells as "codes" does; a grouping that pools
    IBO with other workplace learning, or puts a measure before IBO's outcome, does not."""
    p, spells = twice
    at_codes = _ibo_spells(cr.competing_data(p))
    assert set(spells) <= at_codes
    assert _ibo_spells(cr.competing_data(p, grouping="types")) == at_codes
    assert ec._shared_agree("grouping", "types", "codes")
    for other in (POOLED, FIRST):
        assert not ec._shared_agree("grouping", other, "codes")
    # pooled: IBO's outcome holds every other workplace learning's spell as well
    assert _ibo_spells(cr.competing_data(p, grouping=POOLED)) > at_codes
    # a measure before IBO's outcome takes the two spells it starts with IBO
    assert at_codes - _ibo_spells(cr.competing_data(p, grouping=FIRST)) == set(spells[1:])


def test_chapter_6_counts_chapter_3s_inflow_at_codes():
    from mia_helpers import conclusions

    assert "cr.competing_data(panel)" in inspect.getsource(conclusions.inflow_rows)
    default = inspect.signature(cr.competing_data).parameters["grouping"].default
    assert FIXED_SETTINGS["conclusions"]["grouping"] == default == "codes"
    assert ec.SHARED_CHAPTERS["grouping"] == {"activation_inflow", "conclusions"}


@pytest.mark.parametrize("value", ["codes", "types"])
def test_chapter_3_at_codes_or_types_beside_chapter_6_passes(tmp_path, value):
    _run(tmp_path / "a", CH3, grouping=value)
    _run(tmp_path / "b", CH6, settings=FIXED_SETTINGS["conclusions"])
    assert _found(tmp_path) == []


def test_chapter_3_at_a_grouping_that_moves_ibos_inflows_is_refused(tmp_path):
    _run(tmp_path / "a", CH3, grouping=POOLED)  # a notebook's grouping edited by hand
    _run(tmp_path / "b", CH6, settings=FIXED_SETTINGS["conclusions"])
    (found,) = _found(tmp_path)
    d = found.detail
    assert "another grouping " in d, d
    assert f"-p grouping codes for {CH3}, since {CH6} has no grouping parameter" in d, d
    assert f"(run: {Path('a') / 'manifest.json'})" in d, d
    assert ec.SHARED_PARAMETERS["grouping"] in d


def test_types_is_refused_once_it_pools_ibo(tmp_path, monkeypatch):
    """Nothing but the comparison holds "types" to IBO's cells at "codes": were workplace
    learning pooled into one type, chapter 3 at "types" would be refused beside chapter 6."""
    monkeypatch.setattr(codes, "MEASURE_TYPES", POOLED)
    _run(tmp_path / "a", CH3, grouping="types")
    _run(tmp_path / "b", CH6, settings=FIXED_SETTINGS["conclusions"])
    (found,) = _found(tmp_path)
    assert "another grouping " in found.detail


def test_chapters_without_grouping_are_not_compared(tmp_path):
    _run(tmp_path / "a", CH3, grouping=POOLED)
    _run(tmp_path / "b", CH4, grouping="something")  # not chapter 4's parameter: ignored
    assert _found(tmp_path) == []
