"""Re-run one chapter of the book with other parameters: ``python -m mia_helpers chapter``.

Every chapter is a MyST Markdown notebook with a ``parameters``-tagged code cell near its top
(one literal assignment per line, each with a ``# comment`` that documents it). This module

- reads that cell without executing anything (:func:`read_parameters`): every assignment is
  evaluated with :func:`ast.literal_eval`, and its trailing comment is kept as documentation;
- parses command-line values by the YAML 1.2 core schema (:mod:`mia_helpers.params`; ``1e-3``
  is a number, ``yes`` is text) and checks each against its rule in :data:`RULES` (a type and a
  range or code list, e.g. ``k`` an integer >= 1, ``caliper`` a number > 0, ``measures`` codes
  of :data:`mia_helpers.codes.MEASURES`), then the checks across parameters (window order, a
  window long enough for the chapter's fixed horizons (:func:`check_min_window`), an
  existing and complete ``data_dir``, a writable ``--out``), so that unknown chapters,
  unknown parameter names and values of the wrong type or out of range are rejected *before*
  a kernel starts (:func:`check_parameters`, :class:`ChapterError`);
- executes the chapter with papermill (:func:`run_chapter`, through
  :func:`mia_helpers.notebook_run.execute`, kernel ``python3``, working directory the
  notebooks folder) into ``_build/runs/<chapter>-<hash of the parameters>/``, renders the
  executed notebook to HTML with nbconvert next to it (titled by the chapter, with its own copy
  of MathJax in ``mathjax/``: :func:`render_html`) and, when :mod:`mia_helpers.manifest`
  is present, writes ``manifest.json`` (all parameters used, data and source fingerprints).

Command line::

    python -m mia_helpers chapter --list
    python -m mia_helpers chapter activation_effects \\
        -p measures '[workplace_learning_ibo]' -p caliper 1e-3 [--out DIR]

Every parameter of every chapter has a rule (a test checks it); ``--list`` shows them. Text
parameters take unquoted text as written. Paths given to parameters named ``*_dir``,
``*_path`` or ``*_file`` are made absolute relative to the caller's working directory, since
the chapter runs in ``notebooks/``. The run folder is written in order: notebook and HTML
atomically (temporary name, then rename), ``manifest.json`` last, so a folder without a
manifest is an interrupted or failed run.
"""

from __future__ import annotations

import ast
import difflib
import functools
import hashlib
import io
import json
import os
import time
import tokenize
import types
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mia_helpers import codes
from mia_helpers.files import InputError, ParameterError, write_text_atomic
from mia_helpers.params import (
    BOOTSTRAP,
    BOOTSTRAP_OR_NONE,
    CALIPER,
    DATA_DIR,
    LEVEL,
    MAX_QUARTER,
    MIN_CELL,
    PERSONS,
    QUARTER,
    SEED,
    STABLE_QUARTERS,
    Choice,
    Float,
    Int,
    K,
    ListOf,
    Rule,
    check_window,
)
from mia_helpers.params import parse_value as _parse
from mia_helpers.quarters import Window
from mia_helpers.words import plural

#: short chapter name -> notebook file (in the notebooks folder); the file stem is accepted too
CHAPTERS: dict[str, str] = {
    "panel_construction": "01_panel_construction.md",
    "school_leaver_entry": "02_school_leaver_entry.md",
    "activation_inflow": "03_activation_inflow.md",
    "activation_effects": "04_activation_effects.md",
    "newcomer_integration": "05_newcomer_integration.md",
    "conclusions": "06_conclusions.md",
    "matching_method": "A_matching_method.md",
    "reproducibility": "B_reproducibility.md",
    "heart_transplant": "C_heart_transplant.md",
}

_MEASURE = Choice(codes.MEASURES)
_ESTIMAND = Choice(("now_vs_later", "now_vs_never"))

#: Type and range (or code list) of every chapter parameter, by name: one concept, one rule.
#: Checked before a kernel starts; a test asserts that every parameter of every chapter has one
#: and that every default passes it.
RULES: dict[str, Rule] = {
    "data_dir": DATA_DIR,
    "seed": SEED,
    "residents": PERSONS,
    "newcomers": PERSONS,
    "window_start": QUARTER,
    "window_end": QUARTER,
    "min_cell": MIN_CELL,
    "stable_quarters": STABLE_QUARTERS,
    "link": Choice(("logit", "cloglog")),
    # chapter 2 adds the blocks one by one (M1..Mn) and chapter 6 decomposes over them (KHB):
    # both need at least one block (chapter 2 raises on an empty list)
    "blocks": ListOf(Choice(("individual", "household", "parental"))),
    "max_age": Int(16, 100, nullable=True),
    "max_u_plot": Int(1, 80),
    "n_sim": Int(2, 100_000),
    "measures": ListOf(_MEASURE),
    "grouping": Choice(("codes", "types")),
    # user52: no "low_link": a function of the origin x generation cells M1 always holds
    # (NOT_ESTIMABLE), it was dropped as collinear while the prose said M1 held it
    "covariate_blocks": ListOf(Choice(("self_reliance", "demographics", "newcomer")),
                               min_items=0),
    "horizon": Int(1, 80),
    "caliper": CALIPER,
    "k": K,
    "estimand": _ESTIMAND,
    "bootstrap": BOOTSTRAP_OR_NONE,
    "interval": Choice(("linearized", "bootstrap")),
    "max_quarter": MAX_QUARTER,
    "treatments": ListOf(Choice(("inburgering", "mo", "nt2"))),
    "arrival_quarters": ListOf(Int(0, 400), 2, 2, unique=False, nullable=True),
    "residence_grounds": ListOf(Choice(codes.RESIDENCE_GROUNDS), nullable=True),
    "measure": _MEASURE,
    "replications": Int(2, 10_000),
    "exercise_replications": Int(2, 10_000),
    "nc_replications": Int(2, 10_000),
    "nc_confirmation_seed": SEED,  # any seed but ``seed`` (_cross_check)
    "nc_replication_seed": SEED,  # any seed but ``seed`` and ``nc_confirmation_seed``
    "mc_measures": ListOf(_MEASURE),
    "mc_residents": Int(1, 10_000_000),
    "mc_newcomers": PERSONS,
    "mc_nc_newcomers": PERSONS,
    "unobserved_selection": Float(-10, 10),
    "unobserved_job": Float(-10, 10),
    "level": LEVEL,
}
#: Chapter-specific rules where one name differs by chapter.
CHAPTER_RULES: dict[str, dict[str, Rule]] = {
    # chapter 1 compares the definitions (shortest against longest, and what the stricter one
    # cuts): one definition ran to "moving from the 4-quarter to the 4-quarter definition"
    # and "every origin loses the largest share (0 per cent each)" (user44)
    "panel_construction": {"stable_quarters": ListOf(STABLE_QUARTERS, min_items=2)},
    "activation_inflow": {"measures": ListOf(_MEASURE, nullable=True)},
    # the effects' intervals are 95 % intervals (conclusions.effect_rows refuses others)
    "conclusions": {"level": Float(0.95, 0.95)},
    # appendix C runs on the public Stanford heart transplant data (no registers): its seed is
    # the bootstrap's, its follow-up ends at 1,799 days (59 months), and its intervals are
    # bootstrap intervals, so they need replications
    "heart_transplant": {"period_days": Int(1, 365), "horizons_months": ListOf(Int(1, 59)),
                         "bootstrap": BOOTSTRAP, "ci_level": LEVEL},
}
#: chapter -> population (``residents``/``newcomers`` parameter) it studies, which synthetic
#: data (``data_dir`` None) must therefore hold
NEEDS: dict[str, tuple[str, ...]] = {
    "school_leaver_entry": ("residents",),  # school leavers
    "activation_inflow": ("residents",),  # natives are the reference of the origin contrasts
    "activation_effects": ("residents",),
    "newcomer_integration": ("newcomers", "residents"),  # residents: the comparison of returns
    "conclusions": ("residents", "newcomers"),
    "matching_method": ("residents",),  # the book data set's effect estimates
}
#: chapter -> population parameter -> the fewest persons its matching is run at on synthetic
#: data (teach29): ``-p residents 50`` drew 30 s of work and then a NoMatchError in a cell of
#: chapter 4; 1,000 residents ran through (seed 2005, 2026-12-03), and the suite's small runs use
#: 3,000 (tests/nbrun.py SMALL). Only the chapters that match on that population are listed.
MATCHING_FLOOR: dict[str, dict[str, int]] = {
    "activation_effects": {"residents": 1000},
    "conclusions": {"residents": 1000},
    "matching_method": {"residents": 1000},
}
#: chapter -> the fewest synthetic newcomers (``newcomers`` parameter) it is run at (user30):
#: chapter 5 estimates each newcomer step (inburgering, MO, NT2) by matching its starters among
#: the newcomers and goes on without a step it cannot estimate, but with no step estimated it
#: stops in a cell after a minute or more ("no step of treatments=[...] could be estimated").
#: Measured with ``python -m mia_helpers chapter newcomer_integration -p residents 1000 -p
#: newcomers N -p seed S`` (2026-12-03; times with other runs sharing two cores): it stopped so
#: for seed 2005 at N = 10 (72 s), 20 (62 s) and 40 (43 s), and for seed 3 at 30 (88 s); it ran
#: to the end (at least one step estimated, the others left out with a warning) for seeds
#: 2005, 1, 2, 3, 4 and 5 at 50 (39-106 s), seed 2005 at 60 and 70, seeds 1 and 2 at 70 and
#: seeds 1, 2, 3 and 2005 at 100; 30 also ran for seeds 2005, 1 and 2, so below 50 whether
#: the run ends depends on the seed. The suite's tiny run uses 140 (tests/test_notebook_05.py).
#: On a ``data_dir`` the floor does not apply: synthetic registers of 100 residents and 50
#: newcomers (``synth --seed 2005``) ran to the end.
#: Chapter 6 (``conclusions``) has no floor (user31): with ``-p residents 1000`` it stopped in a
#: cell at 1, 2 and 3 newcomers (seed 2005), 3 (seeds 1, 3) and 5 (seed 3), always in the
#: person-clustered feeder logit ("at least 2 clusters"), and ran at 5 (seeds 2005, 1), 10
#: (2005, 3) and 20 (2005, 3); it says IBO's newcomer effect "not estimated" when no starter
#: finds a twin, and now the feeder finding too (:data:`mia_helpers.conclusions.
#: FEEDER_TOO_FEW`), so it ends on any number of newcomers and on a tiny ``data_dir`` alike.
NEWCOMERS_FLOOR: dict[str, int] = {"newcomer_integration": 50}
#: chapter -> Monte Carlo size parameter -> the fewest persons per synthetic data set its
#: studies are run at (fresh47), checked whatever ``data_dir`` is (the Monte Carlo data sets are
#: always synthetic): ``-p mc_nc_newcomers 50`` computed Appendix A's other studies and then
#: stopped in a cell with a NoMatchError ("widen the caliper", which the appendix cannot).
#: Measured on the streams of :func:`mia_helpers.montecarlo.replication_seeds` (bootstrap 0,
#: 2026-12-05): inburgering replications stopped so in 19 of 30 data sets at 50 newcomers,
#: 14 of 30 at 100, 20 of 200 at 150, 2 of 200 at 200, none of 200 at 300 and none of 300
#: (another base seed) at 500 or at 1,000; activation replications (IBO, basic training,
#: automatic vacancy referral) in 9 of 30 at 100 residents and none of 30 at 200, and those of
#: the measures with the fewest starters (sanction transmission, application assignment, other
#: workplace learning) in none of 60 at 1,000. A study runs hundreds of data sets, so the
#: floors stand well above the last failing size: the chapters' own floor of residents
#: (:data:`MATCHING_FLOOR`).
MONTECARLO_FLOOR: dict[str, dict[str, int]] = {
    "matching_method": {"mc_residents": 1000, "mc_nc_newcomers": 1000},
}
#: population parameter -> why a run below its floor (:data:`MATCHING_FLOOR`,
#: :data:`NEWCOMERS_FLOOR`) is refused, as the refusal says it (``{least}``: the floor)
_FLOOR_WHY: dict[str, str] = {
    "residents": ("this chapter's matching on synthetic data (below {least:,} a measure's "
                  "starters find no statistical twin within the caliper and the run stops "
                  "midway)"),
    "mc_residents": ("each of this appendix's Monte Carlo data sets (at {least:,} or more: in "
                     "smaller ones a measure's starters can find no statistical twin within the "
                     "caliper, and the run then stops midway; chapters.MONTECARLO_FLOOR)"),
    "mc_nc_newcomers": ("each data set of the inburgering Monte Carlo (at {least:,} or more: in "
                        "smaller ones the signers can find no statistical twin within the "
                        "caliper, and the run then stops midway, after the other studies; "
                        "chapters.MONTECARLO_FLOOR)"),
    "newcomers": ("this chapter on synthetic data (below {least} it can happen that no newcomer "
                  "step's starters find a statistical twin within the caliper and the run stops "
                  "in a cell after a minute: measured with 1,000 residents, seed 2005 at 40 "
                  "newcomers, seed 3 at 30; chapters.NEWCOMERS_FLOOR)"),
}
#: the class sizes book/teaching.md proposes, named in the floor's message
SMALL_CLASS_SIZES = "-p residents 5000 -p newcomers 2500"
#: parameters that only size or seed the synthetic data: with ``data_dir`` set the chapter does
#: not use them (a command line that gives one beside ``data_dir`` is refused, and the run's
#: manifest lists them under ``parameters_not_used``). ``seed`` is among them only in the chapters
#: where it seeds nothing but the generator (elsewhere it also draws the bootstrap or the Monte
#: Carlo replications); a test reads each notebook's code to hold this list.
GENERATOR_ONLY: dict[str, tuple[str, ...]] = {
    "panel_construction": ("seed", "residents", "newcomers"),
    "school_leaver_entry": ("seed", "residents", "newcomers"),
    "activation_inflow": ("seed", "residents", "newcomers"),
    "activation_effects": ("residents", "newcomers"),
    "newcomer_integration": ("residents", "newcomers"),
    "conclusions": ("residents", "newcomers"),
    "matching_method": ("residents", "newcomers"),
    "reproducibility": ("seed", "residents", "newcomers"),
}


#: values a chapter uses without a parameter of that name that other chapters set by one
#: (:data:`mia_helpers.export_check.SHARED_PARAMETERS`), written into its run manifest under
#: ``settings`` so that ``export-check`` compares them across the chapters run on one extract
#: (``extract_parameter_variation``; xcheck39): Appendix A matches its measure at the defaults of
#: :func:`mia_helpers.effects.activation_effects` (chapter 4's) and publishes the
#: ``now_vs_later`` curves; chapter 6's effect rows are chapters 4's and 5's at ``now_vs_later``
#: (:func:`mia_helpers.conclusions.effect_rows`), on every newcomer (``arrival_quarters`` and
#: ``residence_grounds`` None: ``newcomers.newcomer_panel(panel)``), and its school-leaver rows
#: refit chapter 2's models without an age limit (``max_age`` None; review40), and its inflow row
#: counts chapter 3's first inflows at all nine measures (``measures`` None:
#: :func:`mia_helpers.conclusions.inflow_rows` calls ``competing_data(panel)``; dpo40) with its
#: default ``grouping`` ``"codes"`` (xcheck43). Tests
#: hold them equal to those defaults and calls.
FIXED_SETTINGS: dict[str, dict[str, Any]] = {
    "matching_method": {"caliper": 0.2, "k": 3, "max_quarter": 12, "estimand": "now_vs_later"},
    "conclusions": {"estimand": "now_vs_later", "max_age": None, "arrival_quarters": None,
                    "residence_grounds": None, "measures": None, "grouping": "codes"},
}


def not_used_with_data(chapter: str, values: dict[str, Any]) -> tuple[str, ...]:
    """The parameters of ``chapter`` that the run with ``values`` does not use: those of
    :data:`GENERATOR_ONLY` when ``values["data_dir"]`` is set, else none.

    Parameters
    ----------
    chapter : short chapter name (a key of :data:`CHAPTERS`).
    values : parameter name -> value (defaults included or not).

    Returns
    -------
    tuple of parameter names, in :data:`GENERATOR_ONLY`'s order (empty without ``data_dir``).
    """
    if values.get("data_dir") is None:
        return ()
    return GENERATOR_ONLY.get(chapter, ())


#: quarters since a start at which Appendix A's table of matched hazard odds ratios
#: (``tbl-a-hazard``, :func:`mia_helpers.effects.hazard_table`) shows the treated's odds ratio
APPENDIX_A_HAZARD_QUARTERS: tuple[int, ...] = tuple(range(1, 9))
#: the same quarters for chapter 4's table of hazard odds ratios (``tbl-effects-hazard``)
CHAPTER4_HAZARD_QUARTERS: tuple[int, ...] = tuple(range(1, 9))
#: chapter -> the fixed horizons (quarters since a start) it reports whatever its parameters;
#: the horizons set by a parameter (``max_quarter``, ``horizon``, ...) are checked against the
#: window on their own (:data:`_FIT_WINDOW`)
FIXED_HORIZONS: dict[str, tuple[int, ...]] = {
    "activation_effects": CHAPTER4_HAZARD_QUARTERS,
    "matching_method": APPENDIX_A_HAZARD_QUARTERS,
}
#: quarters of employment that make a stable job (:attr:`mia_helpers.panel.PanelSpec.
#: stable_quarters`'s default; chapters 4 and A have no ``stable_quarters`` parameter): an
#: entry in quarter ``q`` is recognised only when ``q + STABLE_JOB_QUARTERS - 1`` lies in the
#: window (Appendix A, "Notation"; a test holds it equal to the panel's default)
STABLE_JOB_QUARTERS = 4


def min_window_quarters(chapter: str, max_quarter: int | None = None) -> int:
    """The fewest quarters of the observation window (``window_start``..``window_end``, both
    ends included) at which ``chapter`` can estimate every fixed horizon it reports, and, when
    ``max_quarter`` is given (chapter 4's last horizon, default 12), at which that parameter
    also passes its own rule ``max_quarter <= window length - 1`` (:data:`_FIT_WINDOW`;
    user35: a 12-quarter window passed this minimum and was then refused by that rule).

    Derivation: a horizon ``k`` of a start in quarter ``t`` is observed when a stable job that
    starts in ``t + k`` can be recognised inside the window, ``t + k + STABLE_JOB_QUARTERS - 1
    <= window_end`` (Appendix A, "Notation"). The earliest start lies in the window's first
    quarter (at elapsed duration ``u = 0``: a spell must start inside the window, and a start
    needs no quarter before its own), so the window needs the start quarter (1) plus the
    largest fixed horizon (:data:`FIXED_HORIZONS`: 8 for the hazard odds ratios of chapter 4
    and Appendix A) plus the remaining quarters of the stable job (``STABLE_JOB_QUARTERS - 1``
    = 3): 1 + 8 + 3 = 12 quarters for chapter 4 and Appendix A. A shorter window leaves the
    last hazard quarters without a single observed event, so the tables and the sentences on
    them would be empty or speak of quarters that were never observed. Chapters without
    fixed horizons need one quarter (their parameters counted in quarters are checked on
    their own: :func:`check_parameters`).

    Parameters
    ----------
    chapter : short chapter name (a key of :data:`CHAPTERS`).
    max_quarter : the chapter's ``max_quarter`` parameter (quarters), or None to ignore it.

    Returns
    -------
    int, a number of quarters >= 1.

    Raises
    ------
    ValueError
        For a chapter that is not a key of :data:`CHAPTERS` (naming the valid ones).
    """
    if chapter not in CHAPTERS:
        raise ValueError(f"unknown chapter {chapter!r}; valid chapters: {', '.join(CHAPTERS)}")
    horizons = FIXED_HORIZONS.get(chapter)
    fixed = 1 + max(horizons) + STABLE_JOB_QUARTERS - 1 if horizons else 1
    return fixed if max_quarter is None else max(fixed, int(max_quarter) + 1)


@dataclass(frozen=True)
class DataSpan:
    """The quarters the data of a run can cover, as far as they are known before it runs
    (:func:`data_span`): quarter indices (2005Q1 = 0), both ends included, None where not
    known or not limited; ``what`` says which data and where that is recorded ("" when
    nothing is known)."""

    first: int | None
    last: int | None
    what: str

    @property
    def known(self) -> bool:
        """Whether anything is known of the data's quarters."""
        return bool(self.what)


def data_span(data_dir: str | Path | None) -> DataSpan:
    """The quarters a run on ``data_dir`` can cover (fix36: remedies suggest only windows the
    data can give). ``None``: synthetic data, generated over the chapter's window from 2005Q1
    (quarter index 0) on (:func:`mia_helpers.data.check_synthetic_window`), with no fixed
    last quarter (the last the generator can fill moves with the window's start, about 57
    years after it: :func:`mia_helpers.data.synthetic_last_quarter`); a folder that records its window (an ``adapt`` extract's ``manifest.json``, a
    ``synth`` folder's ``truth/parameters.json``; :func:`_recorded_window`): that window;
    any other folder: nothing known (``DataSpan(None, None, "")``)."""
    from mia_helpers.quarters import to_label

    if data_dir is None:
        return DataSpan(0, None, "synthetic data, with data_dir None, are generated over "
                                 "the window, from 2005Q1 on")
    found = _recorded_window(Path(data_dir))
    if found is None:
        return DataSpan(None, None, "")
    start, end, where = found
    record = where.split(",")[0]  # "its manifest.json", "its truth/parameters.json"
    return DataSpan(start, end, f"the data in {data_dir} cover {to_label(start)}.."
                                f"{to_label(end)}, {end - start + 1} quarters, as {record} "
                                "records")


def _window_of(window: Window, least: int, span: DataSpan) -> str:
    """How to make ``window`` hold ``least`` quarters with quarters ``span`` covers, as
    ``"set ..."``: a later window_end, an earlier window_start, or, when neither alone fits
    the data, both; ``""`` when the data cover fewer than ``least`` quarters. Unknown data
    (``span.known`` False): the values that keep one end, to be checked against the data."""
    from mia_helpers.quarters import to_label as label

    first, last = span.first, span.last
    if first is not None and last is not None and last - first + 1 < least:
        return ""
    end, start = window.start + least - 1, window.end - least + 1
    inside = (first is None or window.start >= first) and (last is None or window.end <= last)
    fits_end = (last is None or end <= last) and inside
    fits_start = (first is None or start >= first) and (span.known or start >= 0) and inside
    if not span.known:
        return (f"set window_end to {label(end)} or later"
                + (f", or window_start to {label(start)} or earlier" if fits_start else "")
                + ", as far as the data reach")
    said = []
    if fits_end:
        said.append(f"window_end to {label(end)}" + (" or later" if last is None else
                    f" (or later, up to {label(last)})" if end < last else ""))
    if fits_start:
        said.append(f"window_start to {label(start)}" + (" or earlier" if first is None else
                    f" (or earlier, down to {label(first)})" if start > first else ""))
    if said:
        return "set " + ", or ".join(said)
    lo = max(first if first is not None else window.start,
             min(window.start, (last if last is not None else end) - least + 1))
    return (f"set window_start to {label(lo)} and window_end to {label(lo + least - 1)} (or "
            f"another window of at least {least} quarters within the data)")


def check_min_window(chapter: str, window: Window | tuple[str | int, str | int],
                     max_quarter: int | None = None,
                     data_dir: str | Path | None | types.EllipsisType = ...) -> None:
    """Refuse an observation window shorter than :func:`min_window_quarters` of ``chapter``,
    before any data are loaded (chapters 4 and A call it in their first code cell, and
    :func:`check_parameters` before a kernel starts).

    Parameters
    ----------
    chapter : short chapter name (a key of :data:`CHAPTERS`).
    window : a :class:`~mia_helpers.quarters.Window`, or ``(window_start, window_end)`` as
        quarter labels (``"2005Q1"``) or quarter indices (2005Q1 = 0), both ends included.
    max_quarter : the chapter's ``max_quarter`` parameter, or None; when it needs a longer
        window than the fixed horizons, the message names it and how to lower it.
    data_dir : the chapter's ``data_dir`` (None: synthetic data), so that the remedy suggests
        only windows the data can give (:func:`data_span`; fix36: it suggested 2004Q2 for
        synthetic data, which start at 2005Q1); ``...`` (the default): the data are not
        known, and the remedy says so.

    Raises
    ------
    mia_helpers.files.ParameterError
        (a ValueError) naming the parameters ``window_start`` and ``window_end``, the chapter,
        the window's and the minimum number of quarters, why, and the values to set within
        the data (or that the data are too short for the chapter).
    ValueError
        For an unknown chapter (:func:`min_window_quarters`).
    """
    from mia_helpers.quarters import to_index, to_label

    least = min_window_quarters(chapter, max_quarter)
    fixed = min_window_quarters(chapter)
    if not isinstance(window, Window):
        start, end = (to_index(q) if isinstance(q, str) else int(q) for q in window)
        window = Window(start, end)
    n = window.end - window.start + 1
    if n >= least:
        return
    first, last = window.labels()
    k = max(FIXED_HORIZONS.get(chapter, (0,)))
    why = (f"the start quarter, its hazard odds ratios up to {k} quarters after the start, "
           f"and {STABLE_JOB_QUARTERS - 1} more quarters to recognise a stable job of "
           f"{STABLE_JOB_QUARTERS} quarters: {fixed}")
    if least > fixed:
        why += (f"; with max_quarter = {max_quarter}, the curves' last horizon, max_quarter + 1 "
                f"= {least}")
    span = DataSpan(None, None, "") if data_dir is ... else data_span(data_dir)
    head = (f"parameters 'window_start' and 'window_end': the window {first}..{last} of chapter "
            f"{chapter!r} holds {n} quarter{'s' if n != 1 else ''}, and this chapter needs at "
            f"least {least} (chapters.min_window_quarters: {why})")
    lower = (f", or max_quarter to {max(n - 1, 1)} or less if the window keeps at least "
             f"{fixed} quarters" if least > fixed and n >= fixed else "")
    wider = _window_of(window, least, span)
    if wider:
        where = f" ({span.what})" if span.known else ""
        raise ParameterError(f"{head}; what to do: {wider}{where}{lower}")
    # the data are shorter than the chapter needs: no window of theirs is long enough
    m = span.last - span.first + 1  # both known: _window_of returned ""
    if least > fixed and m >= fixed:  # long enough for the fixed horizons, not max_quarter
        raise ParameterError(
            f"{head}; but {span.what}, fewer than {least}; what to do: set max_quarter to "
            f"{m - 1} or less with their whole window (window_start {to_label(span.first)}, "
            f"window_end {to_label(span.last)}){lower}")
    raise ParameterError(
        f"{head}; but {span.what}, fewer than {fixed}: this chapter cannot be run on these "
        f"data; what to do: run it on data of at least {fixed} quarters, or run the chapters "
        "that need fewer")


#: parameters counted in quarters that must fit the observation window: name -> (most quarters
#: as a function of the window length, what the limit means)
_FIT_WINDOW = {
    "stable_quarters": (lambda n: n, "a stable job must fit in the window"),
    "max_quarter": (lambda n: n - 1, "quarters since a start inside the window"),
    "horizon": (lambda n: n - 1, "quarters since a registration inside the window"),
    "max_u_plot": (lambda n: n - 1, "quarters since leaving school inside the window"),
}

_PATH_SUFFIXES = ("_dir", "_path", "_file")


class ChapterError(InputError):
    """A chapter name, parameter name or parameter value that cannot be run."""


def _data_dir_context(chapter: str, data_dir: Any) -> str:
    """What a failed run on ``data_dir`` adds to its message (user31): the folder and how many
    persons it holds (:func:`mia_helpers.data.persons_held`), and, for a chapter that matches
    on a population (:data:`MATCHING_FLOOR`, :data:`NEWCOMERS_FLOOR`), the fewest persons it
    runs at on synthetic data, so that a too-small extract is told from a wrong parameter;
    ``""`` without ``data_dir``."""
    if data_dir is None:
        return ""
    from mia_helpers.data import persons_held

    floors = _floors(chapter)
    text = f"\nparameter 'data_dir': {persons_held(data_dir)}"
    if floors:
        least = " and ".join(f"{n:,} {name}" for name, n in floors.items())
        where = " and ".join(w for w, on in (("MATCHING_FLOOR", chapter in MATCHING_FLOOR),
                                             ("NEWCOMERS_FLOOR", chapter in NEWCOMERS_FLOOR))
                             if on)
        held = _population_counts(data_dir)
        if held is not None and all(held[k] >= n for k, n in floors.items()):
            # user37: 1,500 residents and a chapter 4 failing on a package error were told
            # that the folder might be too small and to use a larger extract
            return text + (f"; that is at least the {least} this chapter's matching needs on "
                           f"synthetic data (chapters.{where}), so the folder's size is not the "
                           "likely cause; what to do: read the cell's error in the partial "
                           "notebook (an error of the package itself is a bug: report it with "
                           "the error's text, never with the data)")
        text += (f"; this chapter's matching stops midway on synthetic data with fewer than "
                 f"{least} (chapters.{where}): if the error says that nobody starts, no "
                 "treated unit matched within the caliper or no step could be estimated, the "
                 "folder is too small for this chapter; what to do: run it on a larger "
                 "extract (or a wider window), or run the chapters that do not match (1, 2, 3)")
    return text


def _floors(chapter: str) -> dict[str, int]:
    """The fewest residents and newcomers chapter ``chapter`` (its short name) runs at on
    synthetic data (:data:`MATCHING_FLOOR`, :data:`NEWCOMERS_FLOOR`): ``{"residents": n,
    "newcomers": m}``, either key only where it applies; empty for a chapter without one."""
    floors = dict(MATCHING_FLOOR.get(chapter, {}))
    if chapter in NEWCOMERS_FLOOR:
        floors["newcomers"] = NEWCOMERS_FLOOR[chapter]
    return floors


def _population_counts(data_dir: Any) -> dict[str, int] | None:
    """Residents and newcomers of ``data_dir``'s ``persons.parquet`` (column ``sample``), or
    None when it cannot be read."""
    import pandas as pd

    try:
        sample = pd.read_parquet(Path(data_dir) / "persons.parquet", columns=["sample"])
    except Exception:  # noqa: BLE001 - the message then keeps its general floor sentence
        return None
    text = sample["sample"].astype(str)
    return {"residents": int(text.eq("resident").sum()),
            "newcomers": int(text.eq("newcomer").sum())}


class ChapterFailed(RuntimeError):
    """A cell of the chapter raised; ``notebook`` and ``html`` hold the partial run."""

    def __init__(self, message: str, notebook: Path, html: Path | None):
        super().__init__(message)
        self.notebook, self.html = notebook, html


@dataclass(frozen=True)
class Parameter:
    """One assignment of a chapter's ``parameters`` cell.

    ``default`` is the literal value; ``literal`` is False when the right-hand side is not a
    Python literal (then ``source`` holds its text and any value is accepted).
    """

    name: str
    default: Any
    comment: str
    source: str
    literal: bool = True

    @property
    def kind(self) -> str:
        """Human-readable type the parameter accepts."""
        if not self.literal or self.default is None:
            return "any (default None)" if self.literal else "any"
        d = self.default
        if isinstance(d, bool):
            return "bool"
        if isinstance(d, int):
            return "int"
        if isinstance(d, float):
            return "float (or int)"
        if isinstance(d, str):
            return "str"
        if isinstance(d, list | tuple):
            elem = _element_type(d)
            return f"list of {elem.__name__}" if elem else "list"
        return type(d).__name__


def project_root() -> Path:
    """The repository root (holds ``_toc.yml``)."""
    from mia_helpers.data import project_root as root

    return root()


def notebooks_dir() -> Path:
    """The folder of chapter sources: ``<project root>/notebooks``."""
    return project_root() / "notebooks"


def resolve_chapter(name: str, notebooks: str | Path | None = None) -> tuple[str, Path]:
    """Map a chapter name (short name or file stem in any case, or the number or letter its
    file starts with: ``6``, ``06``, ``A``) to ``(short name, source path)``.

    Raises :class:`ChapterError` listing the valid names when ``name`` is unknown or the
    source file is missing.
    """
    folder = Path(notebooks) if notebooks is not None else notebooks_dir()
    key = Path(name).name.removesuffix(".md").removesuffix(".ipynb")
    short = _chapter_key(key)
    if short is None:
        valid = "\n".join(f"  {s:<22} {f}" for s, f in CHAPTERS.items())
        hint = difflib.get_close_matches(key, [*CHAPTERS, *(Path(f).stem for f in CHAPTERS.values())], 1)
        did = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise ChapterError(f"unknown chapter {name!r}{did}; valid chapters (short name, file "
                           f"stem, or its number or letter such as 6 or A):\n{valid}")
    _check_notebooks(notebooks)
    path = folder / CHAPTERS[short]
    if not path.exists():
        raise ChapterError(f"chapter {short!r}: source {path} is missing")
    return short, path


def _chapter_key(key: str) -> str | None:
    """The short name of chapter ``key``: a short name or file stem (any case), or the
    chapter's number or letter as its file starts (``6``, ``06``, ``A``); None if none."""
    low = key.strip().lower()
    for short, file in CHAPTERS.items():
        stem = Path(file).stem
        number = stem.split("_", 1)[0]
        if low in (short, stem.lower(), number.lower()) or (
                low.isdigit() and number.isdigit() and int(low) == int(number)):
            return short
    return None


def _comments_by_line(source: str) -> dict[int, str]:
    """Line number (1-based) -> text of the ``#`` comment on that line."""
    out: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                out[tok.start[0]] = tok.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError):
        pass
    return out


def parse_parameters_source(source: str, where: str = "parameters cell") -> dict[str, Parameter]:
    """Parse the text of a ``parameters`` cell into ``{name: Parameter}``, in order.

    Each statement must be an assignment to one name (``x = 1`` or ``x: int = 1``). Its value
    is evaluated with :func:`ast.literal_eval`; the comment on the statement's line(s), or the
    comment lines directly above it, is its documentation.

    Raises
    ------
    ChapterError
        Naming ``where`` (and the line): the cell is not valid Python, or a statement is not
        an assignment of a literal to one name.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise ChapterError(f"{where}: cannot parse the parameters cell: {err}") from err
    comments = _comments_by_line(source)
    lines = source.splitlines()
    params: dict[str, Parameter] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name, value = stmt.targets[0].id, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            name, value = stmt.target.id, stmt.value
        else:
            raise ChapterError(f"{where}, line {stmt.lineno}: only assignments to one name are "
                               f"allowed in a parameters cell, got {ast.unparse(stmt)!r}")
        text = ast.get_source_segment(source, value) or ast.unparse(value)
        try:
            default, literal = ast.literal_eval(value), True
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            default, literal = None, False
        end = stmt.end_lineno or stmt.lineno
        doc = [comments[i] for i in range(stmt.lineno, end + 1) if i in comments]
        if not doc:  # full-line comments directly above the assignment
            i = stmt.lineno - 1
            while i >= 1 and lines[i - 1].lstrip().startswith("#"):
                doc.insert(0, comments.get(i, ""))
                i -= 1
        params[name] = Parameter(name, default, " ".join(d for d in doc if d), text, literal)
    return params


def read_parameters(source: str | Path) -> dict[str, Parameter]:
    """The parameters of a chapter source (MyST Markdown or any format jupytext reads).

    Nothing is executed: the cell tagged ``parameters`` is parsed as literals. The file is
    read on every call; its parse is remembered by its text (reading a chapter with jupytext
    takes about 60 ms, and a command line checks the parameters more than once), and each
    call returns its own copy.

    Raises
    ------
    ChapterError
        No cell, or more than one, is tagged ``parameters``; or a parameter cannot be parsed.
    OSError
        The file cannot be read (e.g. FileNotFoundError).
    """
    import copy

    path = Path(source)
    with open(path, encoding="utf-8") as stream:  # as jupytext.read opens it
        text = stream.read()
    return copy.deepcopy(_parameters_of_text(text, path.suffix, str(source)))


@functools.lru_cache(maxsize=64)
def _parameters_of_text(text: str, extension: str, where: str) -> dict[str, Parameter]:
    """:func:`read_parameters` of a source whose text is ``text`` (jupytext reads it as a file
    of that extension, as ``jupytext.read(path)`` does); ``where`` names it in errors."""
    import jupytext

    nb = jupytext.read(io.StringIO(text), fmt={"extension": extension})
    cells = [c for c in nb.cells
             if c.cell_type == "code" and "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise ChapterError(f"{where}: no code cell tagged 'parameters'")
    if len(cells) > 1:
        raise ChapterError(f"{where}: {len(cells)} cells tagged 'parameters'; expected one")
    return parse_parameters_source(cells[0].source, where=where)


def _element_type(values: list | tuple) -> type | None:
    types = {type(v) for v in values}
    if not types:
        return None
    if types <= {int, float} and float in types:
        return float
    return types.pop() if len(types) == 1 else None


def parse_value(text: str) -> Any:
    """A command-line value by the YAML 1.2 core schema (:func:`mia_helpers.params.parse_value`):
    ``50``, ``1e-3``, ``true``, ``[a, b]``, ``null``; ``yes``/``no`` stay text. Raises
    :class:`ChapterError` (with the parser's message) for text the rule cannot read."""
    try:
        return _parse(text)
    except ParameterError as err:
        raise ChapterError(str(err)) from None


def explicit_rule(chapter: str, name: str) -> Rule | None:
    """The rule stated for parameter ``name`` of ``chapter`` (chapter-specific, then shared)."""
    return CHAPTER_RULES.get(chapter, {}).get(name, RULES.get(name))


def inferred_rule(param: Parameter) -> Rule:
    """A type-only rule from the default, for a parameter without a stated rule (a notebook
    outside the book; every chapter of the book has stated rules, a test checks it)."""
    d = param.default
    if not param.literal or d is None:
        return Rule("any")
    if isinstance(d, bool):
        return Rule("bool")
    if isinstance(d, int):
        return Int()
    if isinstance(d, float):
        return Float()
    if isinstance(d, str):
        return Rule("str")
    if isinstance(d, list | tuple):
        elem = _element_type(d)
        item = {bool: Rule("bool"), int: Int(), float: Float(), str: Rule("str")}.get(elem)
        return ListOf(item or Rule("any"), min_items=0, unique=False)
    return Rule("any")


def rule_for(chapter: str, param: Parameter) -> Rule:
    """The rule of ``param`` in ``chapter``: stated (:data:`RULES`, :data:`CHAPTER_RULES`) or,
    for a parameter the book does not know, inferred from its default."""
    return explicit_rule(chapter, param.name) or inferred_rule(param)


def coerce_value(param: Parameter, text: str, chapter: str = "") -> Any:
    """Parse and check one command-line value of ``param``; return the value to inject.

    Raises :class:`ChapterError` naming the parameter and its valid range or codes.
    """
    rule = rule_for(chapter, param)
    try:
        return rule.parse(param.name, text)
    except ParameterError as err:
        raise ChapterError(str(err)) from None


def _cross_check(chapter: str, values: dict[str, Any]) -> None:
    """Checks that involve several parameters (after each passed its own rule)."""
    for name, least in MONTECARLO_FLOOR.get(chapter, {}).items():  # synthetic whatever data_dir
        given = values.get(name)
        if isinstance(given, int) and given < least:
            raise ChapterError(f"chapter {chapter!r}: parameter {name!r} is {given}: too few for "
                               + _FLOOR_WHY[name].format(least=least)
                               + f"; use -p {name} {least} or more")
    if "nc_confirmation_seed" in values and values.get("nc_confirmation_seed") == \
            values.get("seed"):
        raise ChapterError(
            f"chapter {chapter!r}: parameters 'nc_confirmation_seed' and 'seed' are both "
            f"{values['seed']}: the inburgering confirmation study would re-read the data sets "
            "of the study it confirms; give one of them another value")
    if "nc_replication_seed" in values:
        clash = [n for n in ("seed", "nc_confirmation_seed")
                 if n in values and values[n] == values["nc_replication_seed"]]
        if clash:
            raise ChapterError(
                f"chapter {chapter!r}: parameters 'nc_replication_seed' and {clash[0]!r} are "
                f"both {values['nc_replication_seed']}: the inburgering replication study would "
                "re-read the data sets of a study it replicates; give one of them another "
                "value")
    if "window_start" in values or "window_end" in values:
        try:
            check_window(values.get("window_start", "2005Q1"), values.get("window_end", "2016Q4"))
        except ParameterError as err:
            raise ChapterError(f"chapter {chapter!r}: {err}") from None
    if chapter in FIXED_HORIZONS:  # before the horizons set by parameters (_FIT_WINDOW)
        try:
            # user35: a window too short for the fixed horizons also names max_quarter's
            # need; a window long enough for them is left to max_quarter's own rule
            # (_FIT_WINDOW: "'max_quarter' must be at most ...")
            from mia_helpers.quarters import to_index

            mq = values.get("max_quarter")
            ws, we = values.get("window_start", "2005Q1"), values.get("window_end", "2016Q4")
            short = to_index(we) - to_index(ws) + 1 < min_window_quarters(chapter)
            check_min_window(chapter, (ws, we), mq if isinstance(mq, int) and short else None,
                             data_dir=values.get("data_dir"))
        except ParameterError as err:
            raise ChapterError(str(err)) from None
    if values.get("data_dir") is None and "window_start" in values:
        from mia_helpers.data import check_synthetic_window
        from mia_helpers.quarters import to_index

        start = to_index(values["window_start"])
        end = to_index(values.get("window_end", "2016Q4"))  # fresh48: and its last quarter
        try:
            check_synthetic_window(Window(start, max(start, end)),
                                   residents=values.get("residents") != 0,
                                   newcomers=values.get("newcomers") != 0)
        except ParameterError as err:
            raise ChapterError(f"chapter {chapter!r}: parameter {err}") from None
    if values.get("data_dir") is None and "residents" in values and "newcomers" in values \
            and values["residents"] + values["newcomers"] == 0:
        raise ChapterError(f"chapter {chapter!r}: parameters 'residents' and 'newcomers' are both "
                           "0: the synthetic data would hold nobody")
    if values.get("data_dir") is None:
        for name in NEEDS.get(chapter, ()):
            if values.get(name) == 0:
                raise ChapterError(f"chapter {chapter!r}: parameter {name!r} must be >= 1 for "
                                   f"synthetic data: the chapter studies the {name}")
        floors = dict(MATCHING_FLOOR.get(chapter, {}))
        if chapter in NEWCOMERS_FLOOR:
            floors["newcomers"] = NEWCOMERS_FLOOR[chapter]
        for name, least in floors.items():
            given = values.get(name)
            if isinstance(given, int) and 0 < given < least:
                raise ChapterError(
                    f"chapter {chapter!r}: parameter {name!r} is {given}: too few {name} for "
                    + _FLOOR_WHY[name].format(least=least)
                    + f"; use -p {name} {least} or more ({SMALL_CLASS_SIZES} in a class, "
                    "book/teaching.md)")
    from mia_helpers.quarters import to_index, to_label

    first = to_index(values.get("window_start", "2005Q1"))
    last = to_index(values.get("window_end", "2016Q4"))
    n = last - first + 1
    for name, (most, why) in _FIT_WINDOW.items():
        given = values.get(name)
        # fresh48: a list's largest value first, so that "widen the window to at least N
        # quarters" is enough for all of it (stable_quarters [4, 8] on a 1-quarter window was
        # told 4 quarters, then refused again for the 8)
        items = given if isinstance(given, list) else [given]
        for v in sorted((x for x in items if isinstance(x, int)), reverse=True):
            if isinstance(v, int) and v > most(n):
                # fix36: widen only as far as the data reach ("widen the window to at least
                # 61 quarters" beside an extract of 48)
                need = v + (n - most(n))
                span = data_span(values.get("data_dir"))
                wider = _window_of(Window(first, last), need, span)
                widen = (f", or widen the window to at least {need} quarters: {wider}"
                         + (f" ({span.what})" if span.known else "") if wider else
                         f" (the data cannot give a window of {need} quarters: {span.what})")
                window = (f"window {values.get('window_start', '2005Q1')}.."
                          f"{values.get('window_end', '2016Q4')} of {n} "
                          f"quarter{'' if n == 1 else 's'}")
                # fresh47: a window leaving no valid value ("lower it to 0 or less" of a
                # horizon that must be >= 1) is told only the remedy that works
                rule = explicit_rule(chapter, name)
                # a list of distinct values (stable_quarters: two or more) needs its largest
                # at least min_items - 1 above the least value (fresh48)
                extra = (rule.min_items - 1 if rule is not None and rule.kind == "list"
                         and rule.unique and rule.min_items else 0)
                rule = rule.item if rule is not None and rule.kind == "list" else rule
                least = (rule.minimum if rule is not None and rule.minimum is not None
                         else 1) + extra
                if most(n) < least:
                    raise ChapterError(
                        f"chapter {chapter!r}: parameter {name!r} is {v}, but the {window} "
                        f"leaves it no valid value (at least {least:g}; {why}); what to do: "
                        + (widen.removeprefix(", or ") if wider else
                           f"run it on data of at least {need} quarters ({span.what})"))
                raise ChapterError(
                    f"chapter {chapter!r}: parameter {name!r} must be at most {most(n)} for the "
                    f"{window} ({why}); got {v}; what to do: lower "
                    f"{'its values' if isinstance(given, list) else 'it'} to {most(n)} or "
                    f"less{widen}")
    kept = values.get("measures")
    if chapter == "activation_inflow" and kept is not None:
        from mia_helpers.codes import DIRECT_LINK_MEASURES

        if not set(kept) & set(DIRECT_LINK_MEASURES):
            # read50 (seed 4098, measures [training_basic, mediation_guidance]): the run
            # crashed in a cell ("table 'tbl-inflow-rrr' has no rows to publish"); the
            # chapter's RRR table, curves and gaps are those of the direct-link measures
            raise ChapterError(
                f"chapter {chapter!r}: parameter 'measures' keeps none of the measures with a "
                f"direct link to employers ({', '.join(DIRECT_LINK_MEASURES)}) apart, and the "
                "chapter's relative risk ratios, curves and origin gaps are theirs; what to "
                "do: add at least one of them to measures, or leave measures None (all nine)")
    iv, boot = values.get("interval"), values.get("bootstrap")
    if chapter == "matching_method" and iv == "bootstrap":
        # fresh49: the sensitivity scenario and the exercises run with bootstrap 0 (they ask
        # about bias only), and a bootstrap interval needs >= 2 replications: it crashed there
        raise ChapterError(f"chapter {chapter!r}: parameter 'interval' cannot be 'bootstrap' "
                           "here: the appendix's sensitivity scenario and exercises run "
                           "without a bootstrap (they ask about bias only); keep interval "
                           "'linearized' and set 'bootstrap' for the percentile intervals "
                           "shown beside it")
    if iv == "bootstrap" and boot == 0:
        raise ChapterError(f"chapter {chapter!r}: parameter 'interval' is 'bootstrap' but "
                           "'bootstrap' is 0: set bootstrap to the number of replications "
                           "(>= 2; 199 or more for 95 % percentile intervals)")
    # Appendix A's `bootstrap` is the comparison bootstrap beside the linearized intervals
    if iv == "linearized" and isinstance(boot, int) and boot > 0 \
            and chapter != "matching_method":
        raise ChapterError(f"chapter {chapter!r}: parameter 'bootstrap' is {boot} but "
                           "'interval' is 'linearized', which uses no bootstrap: set "
                           "bootstrap to 0, or interval to 'bootstrap'")
    ex, reps = values.get("exercise_replications"), values.get("replications")
    if isinstance(ex, int) and isinstance(reps, int) and ex > reps:
        raise ChapterError(f"chapter {chapter!r}: parameter 'exercise_replications' ({ex}) must be "
                           f"at most 'replications' ({reps}): the exercises compare with the "
                           "main study's first replications (same seeds); with fewer "
                           f"replications lower it too, e.g. -p replications {reps} "
                           f"-p exercise_replications {max(2, reps // 2)}")
    aq = values.get("arrival_quarters")
    if aq is not None and aq[0] > aq[1]:
        raise ChapterError(f"chapter {chapter!r}: parameter 'arrival_quarters' must be "
                           f"[first, last] with first <= last; got {aq!r}")
    if aq is not None and (aq[1] < first or aq[0] > last):
        raise ChapterError(f"chapter {chapter!r}: parameter 'arrival_quarters' {aq!r} (quarter "
                           f"indices, 2005Q1 = 0) lies outside the window {to_label(first)}.."
                           f"{to_label(last)} (quarter indices {first}..{last}): no newcomer "
                           "would be studied; give indices inside it, e.g. -p "
                           f"arrival_quarters '[{first}, {last}]' for every arrival in the "
                           "window, or null for all")
    d = values.get("data_dir")
    if d is not None:
        from mia_helpers.files import (
            DataFileError,
            check_not_incomplete,
            registers_in_other_formats,
        )
        from mia_helpers.schemas import RegisterError

        folder = Path(d)
        if not any((folder / f).exists() for f in ("persons.parquet", "panel.parquet")):
            raise ChapterError(
                f"parameter 'data_dir': folder {folder} holds no registers (persons.parquet) "
                "and no panel.parquet; prepare it with `python -m mia_helpers adapt` or `synth`"
                + registers_in_other_formats(folder))
        try:
            check_not_incomplete(folder)
            check_extract_window(folder, Window(first, last))
            _check_registers(folder, Window(first, last))
            check_data_dir_writable(folder, Window(first, last))
            _check_needed_registers(chapter, folder)
        except (DataFileError, RegisterError) as err:
            raise ChapterError(f"parameter 'data_dir': {err}") from None
        _check_measure_outcomes(chapter, folder, values, Window(first, last))
        _check_school_leavers(chapter, folder, Window(first, last))


#: chapter -> (register, what the chapter studies in it) of the registers it cannot run
#: without: an empty one (``empty: true`` in the adapter's mapping, a register not delivered)
#: is refused before a kernel starts (:func:`_check_needed_registers`)
NEEDED_REGISTERS = {
    "activation_inflow": (("vdab_measures", "the inflow into VDAB measures"),),
    "activation_effects": (("vdab_measures", "the effects of VDAB measures"),),
    "newcomer_integration": (("abb_inburgering", "the effects of the inburgering steps"),),
}


def _check_needed_registers(chapter: str, folder: Path) -> None:
    """Refuse a data folder whose register that ``chapter`` studies has no rows
    (:data:`NEEDED_REGISTERS`): a run of chapter 5 on an extract without ABB data failed
    after 30 seconds in a cell with "nobody starts it in the risk sets; widen the caliper or
    use a larger extract", which sends the analyst after the wrong parameter. Folders without
    the register file (a prepared panel only) are not checked here.

    Raises
    ------
    DataFileError
        Naming the register, its file, the chapter and what to do.
    """
    from mia_helpers.data import empty_registers
    from mia_helpers.files import DataFileError

    empty = empty_registers(folder, [t for t, _ in NEEDED_REGISTERS.get(chapter, ())])
    for table, what in NEEDED_REGISTERS.get(chapter, ()):
        path = folder / f"{table}.parquet"
        if table in empty:
            raise DataFileError(
                f"register {table!r} ({path}) has no rows (not delivered: `empty: true` in "
                f"the adapter's mapping?), and chapter {chapter!r} studies {what}, so it "
                "cannot run on this folder; what to do: run the other chapters, or adapt an "
                f"extract that holds {table}")


def _check_measure_outcomes(chapter: str, folder: Path, values: dict[str, Any],
                            window: Window) -> None:
    """Refuse, before a kernel starts, chapter 3's outcomes into which no measure starts in the
    window (user45: an extract holding three of the nine measure codes failed in a cell after
    half a minute, "no spell of these data flows into [...]"). The outcomes are those of
    ``measures`` and ``grouping`` (:func:`mia_helpers.competing.measure_groups`); the pooled
    rest is none when nothing flows into it. Only a start in the register inside the window is
    counted here, so an outcome with starts none of which begins a registration spell's first
    measure still stops the model in its cell, with the same advice.

    Raises
    ------
    ChapterError
        Naming the parameter ``measures`` (and ``grouping``), the outcomes without a start and
        the ``measures`` value of the codes that start in the window.
    """
    if chapter not in ("activation_inflow", "activation_effects"):
        return
    import pandas as pd

    from mia_helpers import codes
    from mia_helpers.competing import OTHER, measure_groups

    path = folder / "vdab_measures.parquet"
    if not path.is_file():
        return
    try:
        m = pd.read_parquet(path, columns=["person_id", "measure", "start_quarter"])
        mapping = measure_groups(values.get("grouping") or "codes", values.get("measures"))
    except (OSError, ValueError, KeyError, TypeError):
        return  # the register checks and the chapter's own messages report these
    q = m["start_quarter"]
    inside = q.notna() & (q >= window.start) & (q <= window.end)
    first, last = window.labels()
    if chapter == "activation_effects":
        _check_effect_measures(chapter, folder, m[inside], values.get("measures") or [],
                               f"{first}..{last}")
        return
    present = set(m.loc[inside, "measure"].astype(str))
    flows = {mapping[c] for c in present if c in mapping}
    absent = [g for g in dict.fromkeys(mapping.values()) if g not in flows and g != OTHER]
    if not absent:
        return
    asked = values.get("measures") or list(codes.MEASURES)
    runs = ([c for c in asked if c in present]
            or [c for c in codes.MEASURES if c in present])
    what = (f"-p measures '[{', '.join(runs)}]'" + (" (the rest pooled)" if len(runs) < len(
        present) else "") if runs else "an extract or window with measure starts")
    raise ChapterError(
        f"chapter {chapter!r}: no measure of {plural(absent, 'outcome')} {absent} starts in "
        f"{path} within "
        f"{first}..{last} (parameters 'measures' = {values.get('measures')!r}, 'grouping' = "
        f"{values.get('grouping')!r}), so their relative risk ratios have no data and the "
        f"inflow model would stop in its cell; what to do: {what}")


def _check_school_leavers(chapter: str, folder: Path, window: Window) -> None:
    """Refuse, before a kernel starts, chapter 2 on a folder whose ``persons`` hold nobody
    leaving school within the window (user45: an extract of adults only stopped in a cell
    after 30 s with "table 'tbl-leavers-risk' has no rows to publish").

    Raises
    ------
    ChapterError
        Naming the file, the column, the window and what to do.
    """
    if chapter != "school_leaver_entry":
        return
    import pandas as pd

    path = folder / "persons.parquet"
    try:
        q = pd.read_parquet(path, columns=["school_leaving_quarter"])["school_leaving_quarter"]
    except (OSError, ValueError, KeyError):
        return  # the register checks report an unreadable or incomplete persons file
    if ((q >= window.start) & (q <= window.end)).fillna(False).any():
        return
    first, last = window.labels()
    raise ChapterError(
        f"chapter {chapter!r} studies school leavers, but nobody in {path} leaves school "
        f"within {first}..{last} (column school_leaving_quarter: "
        f"{int(q.notna().sum()):,} {plural(int(q.notna().sum()), 'value')} in all); what to "
        "do: run the other chapters, or "
        "give an extract (or window) holding school leavers")


def _check_effect_measures(chapter: str, folder: Path, starts: Any, measures: list[str],
                           window: str) -> None:
    """Chapter 4's part of :func:`_check_measure_outcomes`: refuse ``measures`` that no
    resident starts in the window (the chapter studies residents; at its default nine
    measures, an extract of three stopped in a cell, "nobody starts 'training_vocational' in
    the risk sets"). ``starts`` are the register's rows starting in the window."""
    import pandas as pd

    try:
        persons = pd.read_parquet(folder / "persons.parquet", columns=["person_id", "sample"])
    except (OSError, ValueError, KeyError):
        return
    residents = set(persons.loc[persons["sample"].astype(str) == "resident", "person_id"])
    from mia_helpers import codes

    present = set(starts.loc[starts["person_id"].isin(residents), "measure"].astype(str))
    absent = [c for c in measures if c not in present]
    if not absent:
        return
    runs = [c for c in measures if c in present] or [c for c in codes.MEASURES if c in present]
    what = (f"-p measures '[{', '.join(runs)}]'" if runs
            else "an extract or window in which residents start measures")
    raise ChapterError(
        f"chapter {chapter!r}: no resident starts {plural(absent, 'measure')} {absent} in "
        f"{folder / 'vdab_measures.parquet'} within {window} (parameter 'measures'), so the "
        f"matching would stop in its cell with 'nobody starts it'; what to do: {what}")


def check_extract_window(folder: Path, window: Window, options: bool = False) -> None:
    """Refuse a chapter window reaching beyond the observation window of an extract written
    by ``python -m mia_helpers adapt`` (``window_start`` and ``window_end`` of its
    ``manifest.json``, quarter indices) or of a folder written by ``synth`` (its
    ``truth/parameters.json``; :func:`_recorded_window`): the registers hold nothing outside
    it, so the panel would read those quarters as observed quarters in which nothing happened.
    Folders that record no window (prepared folders) are not checked here. With
    ``options`` the message names the command-line options ``--window-start`` /
    ``--window-end`` (the ``panel`` command) instead of the chapter parameters.

    Raises
    ------
    DataFileError
        Naming the folder, both windows, the parameter to change and its largest (smallest)
        valid value.
    """
    from mia_helpers.files import DataFileError
    from mia_helpers.quarters import to_label as label

    found = _recorded_window(folder)
    if found is None:
        return
    start, end, where = found
    extract = f"{label(start)}..{label(end)}"
    # newuser22: the `panel` command (options) has no data_dir to leave at None
    newer = ("generate data over the window you need (`synth --window-start/--window-end`"
             + ("" if options else ", or leave data_dir at None") + ")"
             if "synth" in where else "adapt a newer extract")
    bad = [(name, value, limit) for name, value, broken, limit in (
        ("window_start", window.start, window.start < start, start),
        ("window_end", window.end, window.end > end, end)) if broken]
    if bad:
        what = " and ".join(
            (f"option --{n.replace('_', '-')}" if options else f"parameter {n!r}")
            + f" is {label(v)}" for n, v, _ in bad)
        def opt(n: str, q: int) -> str:
            return (f"--{n.replace('_', '-')}" if options else f"-p {n}") + f" {label(q)}"

        fix = " ".join(opt(n, lim) for n, _, lim in bad)
        # one bound broken: setting it alone keeps the other bound, which may cut the extract
        # short (a `synth --window-start 2008Q1 --window-end 2019Q4` folder read with the
        # default 2005Q1..2016Q4 and --window-start 2008Q1 loses 2017-2019): name the whole
        # a `synth` folder holds synthetic data, not an extract (newuser22)
        synth = "synth" in where
        whole = ("" if len(bad) == 2 else
                 f"; the {'data' if synth else 'extract'}'s whole window: "
                 f"{opt('window_start', start)} {opt('window_end', end)}")
        raise DataFileError(
            f"folder {folder} holds {'synthetic data' if synth else 'an extract'} over "
            f"{extract} ({where}), but {what}: {'the data cover' if synth else 'the extract covers'} only "
            f"{extract}, so quarters outside it would be read as observed quarters in which "
            f"nothing happened; set {fix} (or quarters inside that window{whole}), or {newer}")


def _recorded_window(folder: Path) -> tuple[int, int, str] | None:
    """The observation window a data folder records, as quarter indices, with where it is
    recorded: an ``adapt`` extract's ``manifest.json`` (the mapping's window) or a ``synth``
    folder's ``truth/parameters.json`` (the generator's window: a synthetic folder given as
    ``data_dir`` with ``window_end`` 2018Q4 read 2017-2018 as quarters in which nobody did
    anything); None for other folders (their own checks report a damaged folder)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        given = manifest["parameters"]
        if given.get("command") == "adapt":
            return (int(given["window_start"]), int(given["window_end"]),
                    "its manifest.json, written by `adapt` from the mapping's window")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    try:
        done = json.loads((folder / "_COMPLETE.json").read_text(encoding="utf-8"))
        meta = json.loads((folder / "truth" / "parameters.json").read_text(encoding="utf-8"))
        if done.get("command") == "synth":
            return (int(meta["window_start"]), int(meta["window_end"]),
                    "its truth/parameters.json, written by `synth` with the generator's window")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def check_data_dir_writable(folder: Path, window: Window) -> None:
    """Refuse, before a kernel starts, a ``data_dir`` the chapter's panel step cannot use
    because the folder is not writable (user38: an extract delivered in a read-only folder).
    The chapters call :func:`mia_helpers.data.ensure_data`, which builds the panel over the
    chapter's ``window`` in ``data_dir`` when it is missing or was built for another window
    (:func:`mia_helpers.panel.panel_problem`), and takes the panel's lock
    (``.panel.parquet.lock``, created there if missing, opened for writing) even to read a
    current one; in a folder it may not write, the run failed in its first data cell.

    Raises
    ------
    mia_helpers.files.DataFileError
        Naming the folder, what the run must write there and why, and what to do: copy the
        extract to a writable folder, or (a panel built for another window) run with that
        window.
    """
    from mia_helpers.files import DataFileError, unwritable_reason
    from mia_helpers.panel import PanelSpec, meta_path, panel_problem

    panel = folder / "panel.parquet"
    blocked = unwritable_reason(panel)
    if blocked is None:
        return
    from mia_helpers.data import with_built_resources

    problem = panel_problem(folder, spec=with_built_resources(folder, PanelSpec(window=window)))
    lock = panel.with_name(f".{panel.name}.lock")
    if problem is None and lock.is_file() and os.access(lock, os.W_OK):
        return  # a current panel, read under a lock file this process may open
    first, last = window.labels()
    if problem is not None:
        what = (f"build the panel over {first}..{last} there ({problem})")
    else:
        what = f"open the panel's lock file {lock.name} there to read the panel"
    built = ""
    try:
        spec = json.loads(meta_path(panel).read_text(encoding="utf-8")).get("spec") or {}
        start, end = (int(q) for q in spec["window"])
        if problem is not None and (start, end) != (window.start, window.end):
            b0, b1 = Window(start, end).labels()
            built = (f", or run with the window its panel was built for: -p window_start {b0} "
                     f"-p window_end {b1}")
    except (OSError, ValueError, KeyError, TypeError):
        pass
    raise DataFileError(
        f"{blocked}, and the chapter must {what}; what to do: copy the extract folder (its "
        "register files, manifest.json and any panel) to a folder you may write into and give "
        f"that as data_dir{built}")


def _check_registers(folder: Path, window: Window | None = None) -> None:
    """Refuse, before a kernel starts, registers the chapter's panel build would refuse: when
    ``folder`` holds registers whose panel is missing or stale
    (:func:`mia_helpers.panel.panel_problem`), quarter columns holding labels or dates and
    text ids are refused (:func:`mia_helpers.data.check_register_columns`), every register file is
    validated over the chapter's observation ``window``
    (:func:`mia_helpers.panel.validate_files`, plausible values included; about half a second
    for the book's data), and the build's error rules across rows are tested
    (:func:`mia_helpers.panel.clean_registers`: a repeated person or person-quarter, a spell
    ending before it starts, overlapping registrations; input48: these stopped the run in its
    first cell after the kernel started, leaving a partial notebook); a current panel was
    built from validated registers. A ``truth/`` folder without its completion marker is
    refused too (:func:`mia_helpers.data.has_truth`).

    Raises
    ------
    RegisterError, DataFileError
        Naming the file, the rule or the problem, and what to do.
    """
    from mia_helpers.data import check_register_columns, has_truth, with_built_resources
    from mia_helpers.panel import (
        PanelSpec,
        clean_registers,
        connect,
        panel_problem,
        validate_files,
    )

    if (folder / "persons.parquet").exists() and panel_problem(folder) is not None:
        check_register_columns(folder)  # input48: labels, dates or text ids, with their conversion
        validate_files(folder, window=window)
        spec = with_built_resources(folder, PanelSpec(window=window or Window()))
        con = connect(spec)
        try:  # the error rules only: no exclusion counts, no sorted tables, no panel written
            clean_registers(con, folder, spec.window, ordered=False, exclusions=False)
        finally:
            con.close()
    has_truth(folder)


#: width of the lines of :func:`describe_parameters` (``--list`` and exit-2 messages)
LINE_WIDTH = 100
#: widest ``name = default`` kept in the aligned column; a longer one gets lines of its own
_HEAD_WIDTH = 32


def describe_parameters(params: dict[str, Parameter], indent: str = "  ", chapter: str = "",
                        width: int = LINE_WIDTH) -> str:
    """``name = default  [valid values]  # comment`` per parameter, wrapped to ``width``.

    A default written over several lines is shown on one; a ``name = default`` longer than
    the aligned column (e.g. a list of nine measure codes) is wrapped on lines of its own and
    its valid values and comment follow, aligned with the other parameters', so that one long
    default does not pad every other line.
    """
    import textwrap

    if not params:
        return f"{indent}(no parameters)"
    heads = {n: f"{n} = {' '.join(p.source.split())}" for n, p in params.items()}
    col = min(max(len(h) for h in heads.values()), _HEAD_WIDTH)
    hang = indent + " " * (col + 2)
    lines: list[str] = []
    for n, p in params.items():
        head = heads[n]
        rest = f"[{rule_for(chapter, p).describe()}]  # {p.comment or '(undocumented)'}"
        if len(head) > col:
            lines += textwrap.wrap(head, width, initial_indent=indent,
                                   subsequent_indent=indent + "    ", break_on_hyphens=False)
            lines += textwrap.wrap(rest, width, initial_indent=hang, subsequent_indent=hang,
                                   break_on_hyphens=False)
        else:
            lines += textwrap.wrap(rest, width, initial_indent=indent + head.ljust(col) + "  ",
                                   subsequent_indent=hang, break_on_hyphens=False)
    return "\n".join(lines)


def _and_list(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def chapters_reading(name: str, exclude: str = "") -> list[str]:
    """Short names of the chapters (:data:`CHAPTERS`, in book order) whose parameters cell
    defines ``name``, leaving out ``exclude``.

    Used by :func:`check_parameters` so that a parameter of another chapter (``stable_quarters``
    given to ``activation_effects``, which has none) is refused naming the chapters that read
    it, rather than with a look-alike of this chapter's own (teach32: "did you mean
    'max_quarter'?", the curves' horizon). A chapter source that is missing or cannot be
    parsed is skipped (its own run reports that); an empty list when none defines ``name``.
    """
    owners = []
    for short, file in CHAPTERS.items():
        if short == exclude:
            continue
        try:
            if name in read_parameters(notebooks_dir() / file):
                owners.append(short)
        except (OSError, ChapterError):
            continue
    return owners


#: (chapter, parameter, element): why that element of a list parameter can never be estimated
#: in the chapter, which refuses it with this reason (user52: chapter 3 with
#: ``covariate_blocks '[low_link, demographics]'`` dropped the low-link term as collinear with
#: the origin cells and still wrote "adjusted for the low employer link")
NOT_ESTIMABLE = {
    ("activation_inflow", "covariate_blocks", "low_link"): (
        "the low employer link is a function of the origin x generation cells (1 for "
        "southern-EU first and intermediate generation and for non-EU origins), which M0 and "
        "M1 hold already, so the model would drop it as collinear and M1 would not hold it; "
        "leave it out (the origin cells take in its effect)"),
}


def _not_estimable(chapter: str, name: str, text: str) -> str | None:
    """The :data:`NOT_ESTIMABLE` refusal of ``-p name text`` in ``chapter``, or None."""
    try:
        value = parse_value(text)
    except ChapterError:
        return None
    for element in value if isinstance(value, list) else [value]:
        why = NOT_ESTIMABLE.get((chapter, name, element)) if isinstance(element, str) else None
        if why:
            return (f"chapter {chapter!r}: parameter {name!r} cannot hold {element!r}: {why}; "
                    f"valid: {explicit_rule(chapter, name).describe()}")
    return None


def check_parameters(
    chapter: str, params: dict[str, Parameter], given: list[tuple[str, str]]
) -> dict[str, Any]:
    """Turn ``[(name, text), ...]`` from the command line into checked parameter values.

    Raises :class:`ChapterError`: for an unknown name, listing the valid parameters; for a
    value of the wrong type or out of range, naming that parameter, the value, its valid
    values, its default and what it sets (not the other parameters; fix36); and (naming the
    parameters) for values that do not fit together,
    among them a window shorter than the chapter needs (:func:`check_min_window`). The last
    value given for a name wins.
    """
    out: dict[str, Any] = {}
    for name, text in given:
        if name not in params:
            owners = chapters_reading(name, exclude=chapter)
            hint = difflib.get_close_matches(name, list(params), 1)
            did = (f" (a parameter of {_and_list(owners)} only: this chapter does not read it)"
                   if owners else f" (did you mean {hint[0]!r}?)" if hint else "")
            raise ChapterError(f"chapter {chapter!r} has no parameter {name!r}{did}; valid "
                               f"parameters:\n{describe_parameters(params, chapter=chapter)}")
        try:
            value = coerce_value(params[name], text, chapter)
        except ChapterError as err:
            why = _not_estimable(chapter, name, text)
            if why:
                raise ChapterError(why) from err
            # fix36: the parameter, its value, its range (in ``err``) and the remedy only;
            # the whole list of parameters hid the one line that mattered
            p = params[name]
            default = " ".join(p.source.split())
            about = f": {p.comment}" if p.comment else ""
            raise ChapterError(f"chapter {chapter!r}: {err}; what to do: give a value as "
                               f"stated (the default: {name} = {default}{about})") from err
        if isinstance(value, str) and name.endswith(_PATH_SUFFIXES):
            value = str(Path(value).expanduser().resolve())
        out[name] = value
    merged = {n: p.default for n, p in params.items() if p.literal} | out
    idle = [n for n in not_used_with_data(chapter, merged) if n in out]
    if idle:
        names = ", ".join(repr(n) for n in idle)
        raise ChapterError(
            f"chapter {chapter!r}: parameter{'s' if len(idle) > 1 else ''} {names} "
            f"{'size or seed' if len(idle) > 1 else 'sizes or seeds'} the synthetic data, but "
            f"'data_dir' is set ({merged['data_dir']}): the run reads that folder and would not "
            f"use {'them' if len(idle) > 1 else 'it'}; leave {'them' if len(idle) > 1 else 'it'} "
            "out (or leave out data_dir to generate synthetic data)")
    _cross_check(chapter, merged)
    return out


def run_dir(chapter: str, parameters: dict[str, Any], root: str | Path | None = None) -> Path:
    """``<root>/_build/runs/<chapter>-<hash>``: the same parameters give the same folder."""
    key = json.dumps(parameters, sort_keys=True, default=str)
    digest = hashlib.sha256(key.encode()).hexdigest()[:10] if parameters else "defaults"
    return Path(root or project_root()) / "_build" / "runs" / f"{chapter}-{digest}"


#: MathJax 2 copies that render the runner's HTML offline, in order: the book's own copy
#: (``make mathjax``, from Debian's libjs-mathjax) and Debian's package itself
MATHJAX_COPIES: tuple[Path, ...] = (Path("book") / "_static" / "mathjax" / "MathJax.js",
                                    Path("/usr/share/javascript/mathjax/MathJax.js"))


#: the parts of MathJax 2 the runner's HTML loads (TeX input, CommonHTML output and its web
#: fonts: 1.6 MB of Debian's 54 MB), as the Makefile's ``MATHJAX_PARTS`` copies them for the book
MATHJAX_PARTS: tuple[str, ...] = ("MathJax.js", "config/TeX-AMS_CHTML.js", "extensions",
                                  "jax/input/TeX", "jax/output/CommonHTML", "jax/element",
                                  "fonts/HTML-CSS/TeX/woff")
#: the folder of a run (beside its HTML) that holds its copy of MathJax
RUN_MATHJAX = "mathjax"


def mathjax_root() -> Path | None:
    """The folder of the first local MathJax 2 of :data:`MATHJAX_COPIES` (relative paths from
    the project root), or None when there is none."""
    for js in MATHJAX_COPIES:
        path = js if js.is_absolute() else project_root() / js
        if path.is_file():
            return path.resolve().parent
    return None


def copy_mathjax(folder: str | Path) -> Path | None:
    """Copy the parts of the local MathJax (:func:`mathjax_root`, :data:`MATHJAX_PARTS`) into
    ``folder/mathjax/`` so that an HTML page in ``folder`` typesets its formulas with a relative
    link, wherever the folder is copied (before, the page linked MathJax by an absolute
    ``file://`` path of the machine that rendered it, and lost its maths elsewhere). Files
    already there and of the same size and time are kept. ``export-check`` lets these files
    through only while they are byte for byte the local copy's
    (:func:`mia_helpers.export_check.static_asset`).

    Returns the copy's ``MathJax.js``, or None when there is no local MathJax (the page then
    loads MathJax from nbconvert's CDN)."""
    import shutil

    src = mathjax_root()
    if src is None:
        return None
    dest = Path(folder) / RUN_MATHJAX
    for part in MATHJAX_PARTS:
        if (src / part).is_dir():
            shutil.copytree(src / part, dest / part, dirs_exist_ok=True,
                            copy_function=_copy_if_changed)
        elif (src / part).is_file():
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            _copy_if_changed(src / part, dest / part)
    return dest / "MathJax.js"


def _copy_if_changed(src: str | Path, dst: str | Path) -> None:
    import shutil

    a, b = Path(src).stat(), Path(dst).stat() if Path(dst).exists() else None
    if b is None or (a.st_size, int(a.st_mtime)) != (b.st_size, int(b.st_mtime)):
        shutil.copy2(src, dst)


#: the runner's nbconvert template: nbconvert's ``lab`` page without its ``<script>`` of
#: require.js from a CDN (only widget and JavaScript outputs use it; the chapters print none,
#: and a page must load nothing from the network)
_RUNNER_TEMPLATE = ("{%- extends 'index.html.j2' -%}\n"
                    "{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}\n"
                    # the mark export-check knows the runner's HTML by (outside its run folder)
                    "{%- block html_head_js -%}{{ super() }}\n"
                    '<meta name="generator" content="mia_helpers chapter runner"/>\n'
                    "{%- endblock html_head_js -%}\n"
                    # a figure shown, not glued, keeps its drawn text on its <img> (ec28)
                    "{%- block data_png scoped -%}{{ super() | mia_figure_text(output) }}"
                    "{%- endblock data_png -%}\n"
                    "{%- block data_jpg scoped -%}{{ super() | mia_figure_text(output) }}"
                    "{%- endblock data_jpg -%}\n")


def notebook_title(nb: Any, fallback: str) -> str:
    """The text of the notebook's first Markdown heading (``# Chapter 6: Conclusions`` ->
    ``Chapter 6: Conclusions``, Markdown emphasis and code marks removed), else ``fallback``:
    the HTML page's title (nbconvert's default is the literal "Notebook")."""
    import re

    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        m = re.search(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", cell.source, re.M)
        if m:
            return re.sub(r"[*_`]", "", m.group(1)).strip() or fallback
    return fallback


def render_html(ipynb: str | Path) -> Path:
    """Render an executed notebook to HTML (nbconvert, inputs and outputs all shown) next to it.

    nbconvert does not know myst-nb's glue: before rendering, the glued tables and figures
    (``{glue:md}``, ``{glue:figure}`` blocks) are pasted with their numbers and captions and
    ``{numref}`` roles to tables, figures and exercises numbered
    (:func:`mia_helpers.notebook_run.paste_glue` with
    :func:`~mia_helpers.notebook_run.reference_numbers`), and the glue
    roles of the markdown cells (``{glue:text}`name:.1f```...) are replaced by the values the
    notebook glued, with their format spec applied
    (:func:`mia_helpers.export_check.resolve_glue`), so the rendering reads as in the book;
    ``{cite}`` roles become author-year text; admonitions, exercises, solutions, numbered
    display math with its ``{eq}`` references, ``(label)=`` targets, bare ``{ref}``,
    ``{doc}`` and ``{func}`` roles are written for a plain renderer
    (:func:`mia_helpers.notebook_run.plain_directives`);
    a warning a cell printed several times is shown
    once with its count (:func:`mia_helpers.notebook_run.collapse_warnings`); a figure shown
    (not glued) keeps its drawn text on its ``<img>`` as a glued one does
    (:func:`mia_helpers.notebook_run.keep_shown_figure_text`; ec28). Formulas are
    typeset by the local MathJax when there is one, copied beside the page
    (:func:`copy_mathjax`, linked by a relative path), so the page renders without a network
    and the folder can be copied elsewhere; no script is loaded from a CDN (require.js is left
    out). The page's title is the chapter's (:func:`notebook_title`). The notebook file itself
    is not changed."""
    import nbformat
    from nbconvert import HTMLExporter

    from mia_helpers.export_check import GLUE_PREFIX, glued_values, resolve_glue
    from mia_helpers.figure_text import glued_figure_texts
    from mia_helpers.notebook_run import (
        book_targets,
        collapse_warnings,
        equation_numbers,
        exercise_numbers,
        first_exercises,
        keep_shown_figure_text,
        paste_glue,
        plain_directives,
        reference_numbers,
        target_titles,
    )

    ipynb = Path(ipynb)
    nb = nbformat.read(str(ipynb), as_version=4)
    values = glued_values(nb)
    drawn = glued_figure_texts(nb)  # the figures' drawn text, kept on their <img> (ec27)
    numbers = reference_numbers(nb, values)  # tables, figures and exercises, as {numref} shows
    exercises, equations = exercise_numbers(nb), equation_numbers(nb)
    titles = book_targets() | target_titles(c.source for c in nb.cells
                                            if c.cell_type == "markdown")
    docs = project_root() / "notebooks"
    for cell, first in zip(nb.cells, first_exercises(nb), strict=True):
        if cell.cell_type == "markdown":
            src = paste_glue(plain_directives(cell.source, exercises, equations, first), values,
                             numbers, equations=equations, titles=titles, doc_base=docs,
                             figure_texts=drawn)
            cell.source = resolve_glue(src, values, mark=True) if values else src
        elif cell.cell_type == "code":  # hidden glue outputs: nothing to show
            cell.outputs = collapse_warnings([o for o in cell.get("outputs", []) if not (
                o.get("data") and all(k.startswith(GLUE_PREFIX) for k in o["data"]))])
    nb.metadata["title"] = notebook_title(nb, ipynb.stem)
    from jinja2 import DictLoader

    options = {"extra_loaders": [DictLoader({"runner.html.j2": _RUNNER_TEMPLATE})],
               "template_file": "runner.html.j2",
               "filters": {"mia_figure_text": keep_shown_figure_text}}
    if copy_mathjax(ipynb.parent) is not None:
        options["mathjax_url"] = f"{RUN_MATHJAX}/MathJax.js?config=TeX-AMS_CHTML"
    body, _ = HTMLExporter(**options).from_notebook_node(nb)
    html = ipynb.with_suffix(".html")
    write_text_atomic(html, body)
    return html


@dataclass(frozen=True)
class ChapterRun:
    """Where one execution wrote its results."""

    notebook: Path
    html: Path
    parameters: dict[str, Any]
    #: the parameters of the earlier run of this chapter that ``--out`` held, which this run
    #: replaced (None: the folder held none; user51)
    replaced: dict[str, Any] | None = None
    #: export-check's records of the earlier outputs found in ``--out``, removed (user51)
    stale_records: tuple[str, ...] = ()


def check_other_runs(folder: Path, stem: str) -> None:
    """Refuse an ``--out`` folder that holds the notebook or HTML rendering of another
    chapter's run (e.g. ``--out export/ae`` given twice): the new run would replace the
    folder's manifest and disclosure record, and the other chapter's outputs would stay
    beside them, unrecorded (``export-check`` refuses them as ``stale_output``).

    Raises
    ------
    ChapterError
        Naming ``--out``, the other run's files and what to do; before the kernel starts.
    """
    if not folder.is_dir():
        return
    other = sorted(p.name for p in folder.iterdir() if p.is_file()
                   and p.suffix in (".ipynb", ".html") and p.stem != stem)
    if other:
        raise ChapterError(
            f"--out {folder} holds the outputs of another run ({', '.join(other[:4])}"
            + (", ..." if len(other) > 4 else "") + f"), not of {stem}: give each chapter "
            "its own --out folder (e.g. export/<chapter>), or remove that folder first")


def check_out_not_data(folder: Path) -> None:
    """Refuse an ``--out`` folder that holds data: a register or other data file (Parquet...,
    :data:`mia_helpers.export_check.DATA_SUFFIXES`) or a file ``adapt`` or the panel build
    writes (:data:`mia_helpers.export_check.EXTRACT_FILES`). user38: ``--out extract`` with
    ``-p data_dir extract`` ran, replaced ``adapt``'s ``manifest.json`` (which records the
    extract's window, read by the next run's checks) with the run's, and left the outputs
    beside the registers, a folder ``export-check`` refuses.

    Raises
    ------
    ChapterError
        Naming ``--out``, up to four of the data files and what to do; before the kernel
        starts.
    """
    from mia_helpers.export_check import DATA_SUFFIXES, EXTRACT_FILES

    if not folder.is_dir():
        return
    data = [p.name for p in sorted(
        (p for p in folder.iterdir() if p.is_file() and (
            p.suffix.lower() in DATA_SUFFIXES or p.name in EXTRACT_FILES)),
        key=lambda p: (p.suffix.lower() not in DATA_SUFFIXES, p.name))]  # data files first
    if data:
        raise ChapterError(
            f"--out {folder} holds data ({', '.join(data[:4])}"
            + (", ..." if len(data) > 4 else "") + "): a run there would replace the "
            "folder's manifest.json (adapt's, which records the extract's window) and leave "
            "the outputs beside the data, which may not leave the secure environment; give "
            "the chapter its own --out folder outside the data (e.g. export/<chapter>)")


def run_chapter(
    name: str,
    given: list[tuple[str, str]] | None = None,
    out: str | Path | None = None,
    notebooks: str | Path | None = None,
    progress: bool = False,
    no_solutions: bool = False,
) -> ChapterRun:
    """Check the parameters, execute a chapter with papermill and render it to HTML.

    Parameters
    ----------
    name
        Short chapter name (see :data:`CHAPTERS`) or the notebook's file stem.
    given
        ``(parameter, value text)`` pairs from the command line; values are YAML/JSON literals.
    out
        Output folder (default ``_build/runs/<chapter>-<hash of the parameters>``).
    notebooks
        Folder of chapter sources (default the project's ``notebooks/``; tests use a temporary one).
    progress
        Show papermill's progress bar.
    no_solutions
        Leave the exercises' gated solutions out of the executed notebook and of its HTML
        (:func:`strip_run_solutions`; ``chapter --no-solutions``), as the teaching edition
        does, so students can open their run before they answer; the manifest records
        ``options: {"no_solutions": true}``. The solutions' cells still run (a later cell may
        use their values), and the disclosure record still lists what they checked.

    Every check happens before the kernel starts (:class:`ChapterError`). If a cell fails,
    papermill's partial notebook is still rendered to HTML and :class:`ChapterFailed` says
    where it is.
    """
    short, source = resolve_chapter(name, notebooks)
    params = read_parameters(source)
    values = check_parameters(short, params, given or [])
    folder = Path(out) if out is not None else run_dir(short, values)
    from mia_helpers.files import DataFileError, check_writable_dir

    try:
        check_writable_dir(folder, "--out")
    except DataFileError as err:
        raise ChapterError(str(err)) from None
    ipynb = folder / f"{source.stem}.ipynb"
    check_other_runs(folder, source.stem)
    check_out_not_data(folder)
    # the manifest is the run folder's completion marker: drop the one of an earlier run first
    from mia_helpers.manifest import MANIFEST_NAME

    replaced = _earlier_parameters(folder / MANIFEST_NAME)
    (folder / MANIFEST_NAME).unlink(missing_ok=True)
    # user51: export-check's record of the earlier outputs stayed beside the new ones,
    # "pass" for files it no longer describes
    stale = tuple(sorted(p.name for p in folder.glob("export_check_results*.json")
                         if p.is_file())) if folder.is_dir() else ()
    for name in stale:
        (folder / name).unlink(missing_ok=True)
    started = datetime.now(UTC)
    from papermill.exceptions import PapermillExecutionError

    from mia_helpers.data import DATA_RECORD_ENV
    from mia_helpers.disclosure import RECORD_ENV
    from mia_helpers.notebook_run import execute

    record = folder / "disclosure_record.json"  # written by the kernel's suppress calls
    record.unlink(missing_ok=True)
    # the data folders the kernel's ensure_data calls returned (for the manifest)
    read = folder / ".data_read.json"
    read.unlink(missing_ok=True)
    env = {RECORD_ENV: str(record.resolve()), DATA_RECORD_ENV: str(read.resolve())}
    previous = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    t0 = time.perf_counter()
    try:
        execute(source, ipynb, values, cwd=source.parent, kernel_name="python3", progress=progress)
    except (KeyboardInterrupt, SystemExit) as err:  # Ctrl-C, or SIGTERM (cli._terminate)
        _interrupted(err, short, folder, drop_unfinished_run(folder, ipynb))
        raise
    except PapermillExecutionError as err:
        read.unlink(missing_ok=True)
        if no_solutions and ipynb.exists():
            strip_run_solutions(ipynb)
        html = render_html(ipynb) if ipynb.exists() else None
        raise ChapterFailed(f"chapter {short!r} failed in a cell: {err.ename}: {err.evalue}"
                            + _data_dir_context(short, values.get("data_dir")),
                            ipynb, html) from err
    finally:
        for k, v in previous.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    t1 = time.perf_counter()
    try:
        if no_solutions:
            strip_run_solutions(ipynb)
        html = render_html(ipynb)
        finished = datetime.now(UTC)
        from mia_helpers.manifest import write_manifest

        data = json.loads(read.read_text()) if read.exists() else []
        read.unlink(missing_ok=True)
        # every parameter the run used, defaults included; written last (completion marker)
        used = {n: values[n] if n in values else p.default if p.literal else p.source
                for n, p in params.items()}
        write_manifest(folder, used, data[0] if data else None, started, finished,
                       inputs=[source],
                       timings={"execute": t1 - t0, "render_html": time.perf_counter() - t1},
                       more_data=data[1:], not_used=not_used_with_data(short, used),
                       outputs=[ipynb, html, record],  # export-check: edited by hand? (user25)
                       settings=FIXED_SETTINGS.get(short),
                       options={"no_solutions": True} if no_solutions else None)
    except (KeyboardInterrupt, SystemExit) as err:
        _interrupted(err, short, folder, drop_unfinished_run(folder, ipynb))
        raise
    return ChapterRun(ipynb, html, values, replaced, stale)


def _interrupted(err: BaseException, short: str, folder: Path, removed: list[str]) -> None:
    """Add to the interruption ``err`` a note (``err.add_note``; the command line prints it)
    naming the chapter, its ``--out`` ``folder``, the files removed from it and what to do."""
    gone = (f"; the outputs left in the folder ({', '.join(removed)}: an earlier run's, which "
            "this one was replacing, or its own unfinished ones) were removed, so it holds no "
            "run of the chapter" if removed else "")
    err.add_note(f"chapter {short!r} was interrupted before it finished (--out {folder}){gone}; "
                 "run the same command again")


def drop_unfinished_run(folder: Path, ipynb: Path) -> list[str]:
    """Remove what an interrupted run (Ctrl-C, SIGTERM) leaves in its ``--out`` ``folder``:
    the executed notebook ``ipynb`` and its HTML rendering (an earlier run's, which this run
    was replacing, or this run's own before its manifest), the kernel's partial
    ``disclosure_record.json`` and the list of data folders read. The manifest, the run's
    completion marker, was removed when the run started, so nothing left would be a finished
    run. Returns the names removed (sorted). user52: Ctrl-C in a re-run with ``min_cell`` 12
    left the earlier run's notebook and HTML (``min_cell`` 30) in the folder, beside no
    manifest, to be opened as this run's."""
    removed = []
    for path in (ipynb, ipynb.with_suffix(".html"), folder / "disclosure_record.json",
                 folder / ".data_read.json"):
        if path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return sorted(removed)


def strip_run_solutions(ipynb: str | Path) -> Path:
    """Rewrite the executed notebook ``ipynb`` without its exercises' gated solutions
    (:func:`mia_helpers.solutions.strip_solutions`, the teaching edition's rule: the
    ``{solution-start}`` ... ``{solution-end}`` prose and the code cells between, with their
    outputs), its cell ids renumbered (:func:`mia_helpers.notebook_run.reproducible_layout`);
    so is the copy of the chapter's source papermill keeps under
    ``metadata.papermill.input_path`` (:func:`mia_helpers.notebook_run.execute` hands it a
    notebook, not a path, and papermill stores that notebook there whole). Returns ``ipynb``. Teachers' trial: a run's page printed every solution under its
    exercise, so students who open their run first read the answers."""
    import nbformat

    from mia_helpers.notebook_run import reproducible_layout
    from mia_helpers.solutions import strip_solutions

    ipynb = Path(ipynb)
    nb = strip_solutions(nbformat.read(str(ipynb), as_version=4))
    source = nb.metadata.get("papermill", {}).get("input_path")
    if isinstance(source, dict) and "cells" in source:  # papermill keeps the input notebook
        nb.metadata["papermill"]["input_path"] = strip_solutions(source)
    tmp = ipynb.with_name(f".{ipynb.name}.tmp-{os.getpid()}")
    nbformat.write(reproducible_layout(nb), str(tmp))
    os.replace(tmp, ipynb)
    return ipynb


def _earlier_parameters(manifest: Path) -> dict[str, Any] | None:
    """The parameters recorded in an earlier run's manifest in the ``--out`` folder, or None
    when there is none (or it cannot be read)."""
    try:
        given = json.loads(manifest.read_text(encoding="utf-8")).get("parameters")
    except (OSError, ValueError, AttributeError):
        return None
    return given if isinstance(given, dict) else None


#: the parameters of Appendix A that its Monte Carlo studies read (:func:`appendix_a_studies`)
MONTECARLO_PARAMETERS = frozenset({
    "seed", "measure", "interval", "bootstrap", "replications", "exercise_replications",
    "mc_measures", "mc_residents", "mc_newcomers", "nc_replications", "mc_nc_newcomers",
    "nc_confirmation_seed", "nc_replication_seed", "unobserved_selection", "unobserved_job"})


def appendix_a_studies(values: dict[str, Any]) -> list[tuple[str, Any, dict[str, Any]]]:
    """The Monte Carlo studies Appendix A's notebook runs with the parameter ``values`` (every
    parameter of ``matching_method``, defaults included): ``(name, StudyFile, normalised
    run parameters)`` for each :func:`mia_helpers.montecarlo.run_montecarlo` and
    :func:`mia_helpers.montecarlo_newcomers.run_study` call of the notebook (the confirmation
    study's through :func:`mia_helpers.montecarlo_confirmation.run_confirmation`, the replication
    study's through :func:`mia_helpers.montecarlo_replication.run_replication`), in its order.
    A test holds this list against the shipped files at the defaults."""
    import numpy as np

    from mia_helpers import montecarlo as mc
    from mia_helpers import montecarlo_confirmation as mcc
    from mia_helpers import montecarlo_newcomers as mcn
    from mia_helpers import montecarlo_replication as mr

    v = values
    common = dict(residents=v["mc_residents"], newcomers=v["mc_newcomers"],
                  base_seed=v["seed"], interval=v["interval"])
    sens = {"sensitivity.unobserved_selection": v["unobserved_selection"],
            "sensitivity.unobserved_job": v["unobserved_job"]}
    half = dict(sens, **{"sensitivity.unobserved_job": v["unobserved_job"] / 2})
    a = mc.APPENDIX_A_FILE
    out = [(f"main {m}", a, mc._params(v["replications"], measure=m, bootstrap=v["bootstrap"],
                                       **common)) for m in v["mc_measures"]]
    out += [("unobserved trait", a, mc._params(v["replications"], measure=v["measure"],
                                               bootstrap=0, overrides=sens, **common)),
            ("base", a, mc._params(v["replications"], measure=v["measure"],
                                   bootstrap=v["bootstrap"], **common)),
            ("exercise: no caliper", a, mc._params(v["exercise_replications"],
                                                   measure=v["measure"], bootstrap=0,
                                                   caliper=np.inf, **common)),
            ("exercise: half the trait", a, mc._params(v["exercise_replications"],
                                                       measure=v["measure"], bootstrap=0,
                                                       overrides=half, **common)),
            ("inburgering", mcn.NEWCOMERS_FILE, mcn._params(
                v["nc_replications"], newcomers=v["mc_nc_newcomers"], bootstrap=v["bootstrap"],
                base_seed=v["seed"], interval=v["interval"])),
            ("inburgering confirmation", mcc.CONFIRMATION_FILE, mcn._params(
                v["nc_replications"], newcomers=v["mc_nc_newcomers"], bootstrap=v["bootstrap"],
                base_seed=v["nc_confirmation_seed"], interval=v["interval"])),
            ("inburgering replication", mr.REPLICATION_FILE, mcn._params(
                v["nc_replications"], newcomers=v["mc_nc_newcomers"], bootstrap=v["bootstrap"],
                base_seed=v["nc_replication_seed"], interval=v["interval"])),
            # rule 4 of the replication reading: read where the replication leaves a check
            # undecided, run always (montecarlo_replication.run_reading)
            ("inburgering second replication", mr.REPLICATION_FILE, mcn._params(
                v["nc_replications"], newcomers=v["mc_nc_newcomers"], bootstrap=v["bootstrap"],
                base_seed=mr.second_replication_seed(
                    v["nc_replication_seed"], (v["seed"], v["nc_confirmation_seed"])),
                interval=v["interval"]))]
    return out


def chapter_note(name: str, given: list[tuple[str, str]] | None = None,
                 notebooks: str | Path | None = None) -> str | None:
    """The note the command line prints before running chapter ``name`` with the ``given``
    ``(parameter, value text)`` pairs (:func:`montecarlo_note`), or None. Only Appendix A's
    parameters are read and checked here (:class:`ChapterError` as in :func:`run_chapter`);
    other chapters return None at once."""
    short, source = resolve_chapter(name, notebooks)
    if short != "matching_method":
        return None
    params = read_parameters(source)
    return montecarlo_note(short, params, check_parameters(short, params, given or []))


def _given_min_cell(name: str, given: list[tuple[str, str]] | None,
                    notebooks: str | Path | None) -> tuple[Any, Any]:
    """``(value, default)`` of chapter ``name``'s ``min_cell`` where ``given`` sets one that
    :func:`check_parameters` accepts, else ``(None, None)``: the reading both
    :func:`min_cell_note` and :func:`min_cell_default_note` judge."""
    short, source = resolve_chapter(name, notebooks)
    if not any(n == "min_cell" for n, _ in given or []):
        return None, None
    params = read_parameters(source)
    try:
        value = check_parameters(short, params, given or [])["min_cell"]
    except (ChapterError, KeyError):
        return None, None
    return value, params["min_cell"].default  # the chapter's own, not a typed 10 (rev47)


def min_cell_note(name: str, given: list[tuple[str, str]] | None = None,
                  notebooks: str | Path | None = None) -> str:
    """The note the command line prints before running chapter ``name`` with a ``min_cell``
    below the export check's floor (:data:`mia_helpers.export_check.MIN_CELL_FLOOR`): such a
    run hides no count, so ``export-check`` refuses its outputs (fresh47: ``chapter A -p
    min_cell 1`` computed its Monte Carlo studies and said so only at the end). The value
    stays valid (work inside the secure environment). Empty for other values, without
    ``min_cell`` among ``given``, and for values :func:`check_parameters` refuses
    (:func:`run_chapter` refuses them next, by name)."""
    from mia_helpers.export_check import MIN_CELL_FLOOR

    value, default = _given_min_cell(name, given, notebooks)
    if not isinstance(value, int) or value >= MIN_CELL_FLOOR:
        return ""
    return (f"parameter 'min_cell' is {value}: this run hides no count, so export-check "
            f"refuses its outputs; for outputs that may leave, run with -p min_cell "
            f"{MIN_CELL_FLOOR} or more (the default is {default})")


def min_cell_default_note(name: str, given: list[tuple[str, str]] | None = None,
                          notebooks: str | Path | None = None) -> str:
    """The note the command line prints before running chapter ``name`` with a ``min_cell``
    from the export check's floor (:data:`mia_helpers.export_check.MIN_CELL_FLOOR`) up to
    below the chapter's default (10, the threshold of book/disclosure.md): the run publishes
    counts of ``min_cell`` to default - 1 persons, which ``export-check`` passes when it is
    run at the same threshold. user51: ``-p min_cell 5`` then ``export-check --min-cell 5``
    said "OK" with no word that 5 is below the book's threshold. The value stays valid (an
    environment whose output rules set a lower threshold). Empty for other values, without
    ``min_cell`` among ``given``, and for values :func:`check_parameters` refuses."""
    from mia_helpers.export_check import MIN_CELL_FLOOR

    value, default = _given_min_cell(name, given, notebooks)
    if not isinstance(value, int) or not MIN_CELL_FLOOR <= value < default:
        return ""
    return (f"parameter 'min_cell' is {value}, below the default {default}, the threshold "
            f"of the book's disclosure control: this run publishes counts of {value} to "
            f"{default - 1} persons, which export-check passes only at --min-cell {value}; "
            f"take its outputs out only where the data owner's output rules allow a "
            f"threshold of {value}, else run with -p min_cell {default}")


def _given_data_dir(short: str, params: dict[str, Any], given: list[tuple[str, str]] | None
                    ) -> tuple[dict[str, Any], Path | None]:
    """The checked parameter values of chapter ``short`` and its ``data_dir`` (None where the
    chapter has no such parameter, none is given, or :func:`check_parameters` refuses the
    values: :func:`run_chapter` refuses them next, by name), for the warnings the command line
    prints before a run."""
    if "data_dir" not in params:
        return {}, None
    try:
        values = check_parameters(short, params, given or [])
    except ChapterError:
        return {}, None
    return values, (Path(values["data_dir"]) if values.get("data_dir") else None)


def before_window_chapter_warning(name: str, given: list[tuple[str, str]] | None = None,
                                  notebooks: str | Path | None = None) -> str:
    """The warning the command line prints before running chapter ``name`` on a
    ``data_dir`` whose work permits or inburgering steps lie before the chapter's
    ``window_start``: the panel built for the run leaves them out, and with them the
    labour-market access and ABB registration they started
    (:func:`mia_helpers.data.before_window_warning`; newuser30: chapter 5 on an extract
    from 2005Q1 run with ``window_start`` 2008Q1 read every non-EU newcomer permitted before
    2008 as without access, with no word outside chapter 1's exclusion log). Empty without
    ``data_dir``, for chapters without a window, or when nothing lies before it, and empty
    for parameters :func:`check_parameters` refuses (:func:`run_chapter` refuses them next,
    by name, so the command line has one place that reads them)."""
    import pandas as pd

    from mia_helpers.data import before_window_warning
    from mia_helpers.quarters import to_index

    short, source = resolve_chapter(name, notebooks)
    params = read_parameters(source)
    if "window_start" not in params:
        return ""
    values, folder = _given_data_dir(short, params, given)
    if folder is None:
        return ""
    try:
        regs = {t: pd.read_parquet(folder / f"{t}.parquet", columns=["person_id", "quarter"])
                for t in ("wse_permits", "abb_inburgering")
                if (folder / f"{t}.parquet").is_file()}
    except Exception:  # noqa: BLE001 - an unreadable folder is refused by run_chapter, by name
        return ""
    start = values.get("window_start", params["window_start"].default)
    text = before_window_warning(regs, Window(to_index(start), to_index(start)))
    return text.replace("panel --window-start", "-p window_start") if text else ""


def ksz_gap_chapter_warning(name: str, given: list[tuple[str, str]] | None = None,
                            notebooks: str | Path | None = None) -> str:
    """The warning the command line prints before running chapter ``name`` on a ``data_dir``
    whose KSZ register has whole quarters without any row inside the chapter's window
    (:func:`mia_helpers.data.ksz_gap_warning`, the text ``adapt`` and ``panel`` print).

    user37: an extract with no KSZ row in 2012Q2 (one quarter of 48) gave the panel 372
    stable-job starts in 2012Q3 against about 55 in other quarters, which chapters 1 and 2
    published as entries into stable work; ``adapt`` had warned once, the chapters said
    nothing. Empty without ``data_dir``, for chapters without a window, when no quarter is
    missing, for a folder without a readable KSZ register, and for parameters
    :func:`check_parameters` refuses (:func:`run_chapter` refuses them next, by name)."""
    import pandas as pd

    from mia_helpers.data import ksz_beyond_window_warning, ksz_gap_warning
    from mia_helpers.quarters import to_index

    short, source = resolve_chapter(name, notebooks)
    params = read_parameters(source)
    if "window_start" not in params or "window_end" not in params:
        return ""
    values, folder = _given_data_dir(short, params, given)
    if folder is None:
        return ""
    try:
        ksz = pd.read_parquet(folder / "ksz_positions.parquet", columns=["quarter"])
    except Exception:  # noqa: BLE001 - an unreadable folder is refused by run_chapter, by name
        return ""
    window = Window(to_index(values.get("window_start", params["window_start"].default)),
                    to_index(values.get("window_end", params["window_end"].default)))
    where = str(folder / "ksz_positions.parquet")
    texts = [ksz_gap_warning(ksz["quarter"], window, where),
             ksz_beyond_window_warning(ksz["quarter"], window, where, "chapter")]
    return "\n".join(t for t in texts if t)



#: chapters that follow newcomers by quarters since arrival (``newcomers.newcomer_panel``)
ARRIVAL_CLOCK_CHAPTERS = ("newcomer_integration", "conclusions")


def newcomer_gaps_chapter_warning(name: str, given: list[tuple[str, str]] | None = None,
                                  notebooks: str | Path | None = None) -> str:
    """The warning the command line prints before running a chapter of
    :data:`ARRIVAL_CLOCK_CHAPTERS` on a ``data_dir`` whose ``persons`` hold newcomers without
    an ``arrival_quarter`` or a ``residence_ground`` (the schema allows both empty, as they
    are for residents). user45: chapter 5 counts quarters since arrival and kept only
    newcomers with an arrival quarter, so 20 of 1,000 were left out of every table and
    estimate without a word. Empty without ``data_dir``, for other chapters, when every
    newcomer has both, for an unreadable folder and for parameters :func:`check_parameters`
    refuses (:func:`run_chapter` refuses them next, by name)."""
    import pandas as pd

    short, source = resolve_chapter(name, notebooks)
    if short not in ARRIVAL_CLOCK_CHAPTERS:
        return ""
    _, folder = _given_data_dir(short, read_parameters(source), given)
    if folder is None:
        return ""
    path = folder / "persons.parquet"
    try:
        p = pd.read_parquet(path, columns=["sample", "arrival_quarter", "residence_ground"])
    except Exception:  # noqa: BLE001 - an unreadable folder is refused by run_chapter, by name
        return ""
    nc = p[p["sample"].astype(str) == "newcomer"]
    n = len(nc)
    gaps = [(int(nc[c].isna().sum()), c, why) for c, why in (
        ("arrival_quarter", "the chapter counts quarters since arrival and leaves them out of "
                            "every table and estimate"),
        ("residence_ground", "the chapter tabulates newcomers by residence ground and matches "
                             "on it"))]
    said = [f"{k:,} of the {n:,} newcomers have no {c} ({why})" for k, c, why in gaps if k]
    if not said:
        return ""
    return (f"warning: parameter 'data_dir': in {path}, " + "; ".join(said) + f"; chapter "
            f"{short!r} does not say so in its text; what to do: ask the data owner for the "
            "missing values, or run knowing that these newcomers are left out")


def small_data_dir_warning(name: str, given: list[tuple[str, str]] | None = None,
                           notebooks: str | Path | None = None) -> str:
    """The warning the command line prints before running chapter ``name`` on a ``data_dir``
    holding fewer persons of a population than the chapter's synthetic floor
    (:data:`MATCHING_FLOOR`, :data:`NEWCOMERS_FLOOR`): such a run may stop in a cell after a
    minute or more ("no treated unit matched within the caliper"), and a folder is not refused
    for it (user30: 100 residents and 50 newcomers ran chapter 5 to the end), so the analyst is
    told before the work starts, with the folder and its persons (user31). Empty without
    ``data_dir``, for chapters without a floor, when the folder reaches every floor, and for
    parameters or folders that :func:`run_chapter` refuses next by name."""
    from mia_helpers.data import persons_held

    short, source = resolve_chapter(name, notebooks)
    floors = _floors(short)
    if not floors:
        return ""
    _, folder = _given_data_dir(short, read_parameters(source), given)
    if folder is None:
        return ""
    held = _population_counts(folder)
    if held is None:  # an unreadable folder is refused by run_chapter, by name
        return ""
    short_of = [f"{held[k]:,} {k} (fewer than {least:,})" for k, least in floors.items()
                if held[k] < least]
    if not short_of:
        return ""
    return (f"warning: parameter 'data_dir': {persons_held(folder)}; chapter {short!r} has "
            f"{' and '.join(short_of)}: on synthetic data this chapter's matching stops in a "
            "cell below that many (chapters.MATCHING_FLOOR, NEWCOMERS_FLOOR), so this run may "
            "fail after a minute or more with 'no treated unit matched within the caliper'; "
            "what to do: nothing if the extract is what you have (the run is not refused), "
            "else use a larger extract")


def _panel_definition(spec: dict[str, Any]) -> str:
    """A stored panel spec record (``panel_meta.json``'s ``spec``) in words: its window and
    stable-job definition."""
    from mia_helpers.quarters import Window

    first, last = Window(*(int(q) for q in spec["window"])).labels()
    fte = spec.get("min_fte")
    wage = spec.get("min_wage_class")
    return (f"{first}..{last}, a stable job of {spec['stable_quarters']} quarters"
            + (f", FTE at least {fte}" if fte is not None else "")
            + (f", wage class at least {wage}" if wage is not None else ""))


def panel_replaced_chapter_warning(name: str, given: list[tuple[str, str]] | None = None,
                                   notebooks: str | Path | None = None) -> str:
    """The warning the command line prints before running chapter ``name`` on a ``data_dir``
    whose current panel (built from the registers now there) has another window or stable-job
    definition than the chapter's: :func:`mia_helpers.data.ensure_data` rebuilds it in
    ``data_dir`` with the chapter's window and the book's definition (a stable job of 4
    quarters, any FTE and wage class), replacing it, so ``effects --data`` reads the chapter's
    panel afterwards. user52: a panel built with ``panel --stable-quarters 6 --min-fte 0.5``
    was replaced by chapter 1's in silence. Empty without ``data_dir``, when the panel is
    missing, stale or already the chapter's, and for parameters :func:`run_chapter` refuses
    next by name."""
    from mia_helpers.data import with_built_resources
    from mia_helpers.panel import PanelSpec, meta_path, panel_problem
    from mia_helpers.quarters import Window

    short, source = resolve_chapter(name, notebooks)
    params = read_parameters(source)
    values, folder = _given_data_dir(short, params, given)
    if folder is None or panel_problem(folder) is not None:
        return ""
    merged = {n: p.default for n, p in params.items() if p.literal} | values
    try:
        window = Window.from_labels(merged.get("window_start", "2005Q1"),
                                    merged.get("window_end", "2016Q4"))
        spec = with_built_resources(folder, PanelSpec(window=window))
        if panel_problem(folder, spec=spec) is None:
            return ""
        stored = json.loads(meta_path(folder / "panel.parquet").read_text(encoding="utf-8"))
        built = _panel_definition(stored["spec"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    first, last = window.labels()
    return (f"warning: parameter 'data_dir': {folder} holds a panel built over {built}; this "
            f"run rebuilds it there over {first}..{last} with the book's stable job (4 "
            "quarters, any FTE and wage class) and replaces it, so effects --data reads the "
            "chapter's panel afterwards; what to do: give the chapter a copy of the folder to "
            "keep yours, or build yours again afterwards with python -m mia_helpers panel")


def studies_to_compute(values: dict[str, Any]) -> list[tuple[int, int]]:
    """The Monte Carlo studies of Appendix A (:func:`appendix_a_studies` of ``values``, each
    once) that are neither in the shipped results files nor in the cache, so that a run with
    these values computes them: ``(replications, bootstrap)`` of each, in the notebook's
    order; empty when every study is read. A kept study (the confirmation, replication and
    targeted files) read as a record of earlier code counts as read
    (:func:`mia_helpers.claims.kept_study_rows`; rec55: under a changed code fingerprint the
    note counted them as studies to compute). ``values`` must hold every name of
    :data:`MONTECARLO_PARAMETERS` (a ``KeyError`` names the first missing)."""
    from mia_helpers import claims
    from mia_helpers import montecarlo_confirmation as mcc
    from mia_helpers import montecarlo_replication as mr

    kept_files = (mcc.CONFIRMATION_FILE, mr.REPLICATION_FILE)
    missing, seen = [], set()
    for _, study_file, p in appendix_a_studies(values):
        key = study_file.key(p)
        if key in seen:  # the base scenario is the main study of the same measure
            continue
        seen.add(key)
        if any(study_file is f for f in kept_files) and claims.kept_study_rows(study_file, p)[0] is not None:
            continue
        if study_file.read(key) is None and not study_file.cache_path(p).exists():
            missing.append((int(p["replications"]), int(p["bootstrap"])))
    return missing


def montecarlo_study_counts(values: dict[str, Any]) -> tuple[int, int]:
    """``(to compute, in all)``: the number of Appendix A's distinct Monte Carlo studies for
    ``values`` that a run computes (:func:`studies_to_compute`), and of all of them (the base
    scenario is the main study of the same measure: counted once). For the appendix's prose,
    evaluated before its first study runs (a computed study is cached)."""
    total = len({f.key(p) for _, f, p in appendix_a_studies(values)})
    return len(studies_to_compute(values)), total


def montecarlo_note(chapter: str, params: dict[str, Parameter], values: dict[str, Any]
                    ) -> str | None:
    """A note for the command line before a run of ``chapter`` whose Monte Carlo studies are
    neither in the shipped results files nor in the cache, so that the run computes them
    (Appendix A with any other ``seed``, number of replications, sizes, measures, bootstrap or
    interval: a new user's ``-p seed 6161`` ran for tens of minutes without a word);
    None when nothing is computed or the chapter runs no Monte Carlo study.

    ``params`` are the chapter's parameters (:func:`read_parameters`), ``values`` the checked
    values given (:func:`check_parameters`); the note names the given parameters that differ
    from the defaults and the replications to compute."""
    if chapter != "matching_method":
        return None
    merged = {n: p.default for n, p in params.items() if p.literal} | values
    if not MONTECARLO_PARAMETERS <= merged.keys():  # another notebook under that name (tests)
        return None
    missing = studies_to_compute(merged)
    if not missing:
        return None
    reps = sum(r for r, _ in missing)
    booted = sum(r for r, b in missing if b)
    boot = f", {booted:,} of them with a bootstrap beside the estimates" if booted else ""
    # only the parameters the studies read: seed 5353 with another window and min_cell 7
    # named "residents, newcomers, window_start, window_end, min_cell" among the reasons,
    # though the Monte Carlo data sets do not depend on them (mc_residents, ... do)
    changed = [n for n, x in values.items()
               if n in params and n in MONTECARLO_PARAMETERS and x != params[n].default]
    listed = (", ".join(changed[:-1]) + " and " + changed[-1]) if len(changed) > 1 else \
        "".join(changed)
    why = (f"the shipped results in results/ hold the default parameters, and {listed} "
           f"differ{'s' if len(changed) == 1 else ''} from them" if changed else
           "the shipped results in results/ are stale for the current code")
    return (f"Appendix A's Monte Carlo: {len(missing)} of its studies ({reps:,} synthetic data "
            f"sets in all{boot}) are neither shipped nor cached for these parameters, so this "
            f"run computes them: {why}. At the default numbers of replications that takes "
            "tens of minutes on 2 cores; lower replications, exercise_replications and "
            "nc_replications (or bootstrap) for a quicker look. Computed studies are cached "
            "for the next run with the same parameters.")

def _check_notebooks(notebooks: str | Path | None) -> None:
    """Raise :class:`ChapterError` naming ``--notebooks`` when it is given and is no folder."""
    folder = Path(notebooks) if notebooks is not None else None
    if folder is not None and not folder.is_dir():
        raise ChapterError(f"--notebooks {folder}: {'a file' if folder.exists() else 'not found'}; "
                           "give the folder of the chapter sources (the repository's notebooks/)")


def list_chapters(notebooks: str | Path | None = None, only: str | None = None) -> str:
    """Every chapter (or the one named ``only``, a short name), its source file and its
    parameters with defaults and comments. Raises :class:`ChapterError` when ``notebooks``
    is given and is no folder."""
    _check_notebooks(notebooks)
    folder = Path(notebooks) if notebooks is not None else notebooks_dir()
    blocks = []
    for short, file in CHAPTERS.items():
        if only is not None and short != only:
            continue
        path = folder / file
        head = f"{short}  ({path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path})"
        if not path.exists():
            blocks.append(f"{head}\n  (source missing)")
            continue
        try:
            body = describe_parameters(read_parameters(path), chapter=short)
        except ChapterError as err:
            body = f"  (cannot read parameters: {err})"
        blocks.append(f"{head}\n{body}")
    return "\n\n".join(blocks)
