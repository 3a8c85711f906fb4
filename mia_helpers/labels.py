"""Reader names for codes and publishable tables as numbered, captioned MyST tables.

One label map (:data:`LABELS`) turns the lower-case codes of :mod:`mia_helpers.codes` and the
column names of result tables into the names a reader sees in the book ("workplace_learning_ibo"
-> "IBO", "training_basic" -> "Basic training", "n_treated" -> "Starters"). Tables are rendered
by :func:`table_markdown` as a MyST ``{table}`` directive (a real table node: numbered, captioned,
referable with ``{numref}``, typeset by LaTeX in the PDF), glued with
``glue(name, table_markdown(...), display=False)`` and pasted with ``{glue:md}`` and
``:format: myst``. Formatting rules: no index column, integers as integers, a fixed number of
decimals per column, p-values below 0.001 as "<0.001", missing or suppressed values as a dash
or the disclosure marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from IPython.display import Markdown

from mia_helpers import words
from mia_helpers.disclosure import check_min_cell

#: codes and column names -> reader names (one map for the whole book)
LABELS: dict[str, str] = {
    # measures and measure types
    "training_basic": "Basic training",
    "training_vocational": "Vocational training",
    "workplace_learning_ibo": "IBO",
    "workplace_learning_other": "Other workplace learning",
    "mediation_guidance": "Mediation and guidance",
    "vacancy_referral_manual": "Vacancy referral (manual)",
    "vacancy_referral_automatic": "Vacancy referral (automatic)",
    "vacancy_referral": "Vacancy referral",
    "application_assignment": "Application assignment",
    "sanction_transmission": "Sanction transmission",
    "enforcement": "Enforcement",
    # newcomer treatments
    "inburgering": "Inburgering contract",
    "mo": "MO (social orientation)",
    "nt2": "NT2 (Dutch course)",
    # origins and generations
    "belgian": "Belgian",
    "southern_eu": "Southern EU",
    "eastern_eu": "Eastern EU",
    "maghreb": "Maghreb",
    "turkish": "Turkish",
    "subsaharan": "Sub-Saharan",
    "other_non_eu": "Other non-EU",
    "non_eu": "Non-EU",
    "group": "Group",
    "native": "Native",
    "first": "First generation",
    "intermediate": "Intermediate generation",
    "second": "Second generation",
    # residence grounds
    "family": "Family",
    "work": "Work",
    "asylum": "Asylum",
    "study": "Study",
    "eu_citizen": "EU citizen",
    # education, Dutch, household (codes.EDUCATIONS, DUTCH_LEVELS, HOUSEHOLDS, STUDY_FIELDS)
    "low": "Low",
    "mid": "Medium",
    "high": "High",
    "none": "None",
    "basic": "Basic",
    "good": "Good",
    "single": "Single",
    "couple": "Couple",
    "general": "General",
    "technical": "Technical",
    "care": "Care",
    "stem": "STEM",
    "business": "Business",
    # position groups (describe.POSITION_GROUPS)
    "employed": "Employed",
    "jobseeker": "Jobseeker",
    "inactive": "Inactive",
    "student": "Student",
    # the consultants' ideal types and the register proxy's classes (typology)
    "autonomous": "Autonomous",
    "needs_direction": "Needs direction",
    "needs_competences": "Needs competences",
    "needs_both": "Needs both",
    "self_reliant": "Self-reliant",
    "less_self_reliant": "Less self-reliant",
    "ideal_type": "Ideal type",
    "proxy_class": "Proxy class",
    # covariate blocks of chapter 2 (hazard.BLOCKS)
    "individual": "Individual",
    "household": "Household",
    "parental": "Parental",
    # heart transplant data (appendix C)
    "prior bypass": "Prior bypass",
    "surgery": "Surgery",
    # samples, sexes
    "resident": "Resident",
    "newcomer": "Newcomer",
    "male": "Male",
    "female": "Female",
    # estimators and estimands
    "naive": "Naive",
    "matched": "Matched",
    "now_vs_later": "Now versus later",
    "now_vs_never": "Now versus never",
    "truth": "Truth",
    # covariates
    "age": "Age",
    # Appendix C's calendar time of acceptance (heart.load_jasa: years since 1 November 1967);
    # its balance table printed the raw "year" beside "Age" (prose47)
    "year": "Year of acceptance (since Nov. 1967)",
    "female_": "Female",
    "education": "Education",
    "dutch_level": "Dutch level",
    "dutch": "Dutch level",
    "experience_years": "Experience (years)",
    # the matching's history covariates (mia_helpers.matching.NUMERIC): chapter 4's love plot
    # printed them as raw names ("age sq", "clock") beside "Sex: Male" and "Age" (trial20);
    # at most 30 characters: a one-measure love plot (4.8 inches wide) has no room for more
    "age_sq": "Age squared",
    "age_under_25": "Aged under 25",
    "age_50_plus": "Aged 50 or over",
    "children_capped": "Children (number, max 3)",
    "employed_at_window_start": "Employed at window start",
    "left_school_in_window": "Left school in window",
    "ever_employed": "Ever employed (in window)",
    "quarters_since_employment": "Quarters since job (max 12)",
    "prior_measure_starts": "Measure starts before (max 5)",
    "calendar_quarter": "Calendar time (years)",
    "clock": "Elapsed duration",
    "inburgering_started": "Inburgering started before",
    "years_since_arrival": "Years since arrival",
    # chapter 1's exclusion log: the rule counts the spells running at the window end (a
    # recorded end after it, or none because they still run), cut there (:mod:`mia_helpers.schemas`)
    "censored_at_window_end (kept)": "running at the window end, censored there (kept)",
    "no_ksz_quarter_in_window": "no KSZ quarter in the window (in no analysis)",
    "duplicate_measure": "measure row delivered twice",
    "no_ksz_row_in_quarter": "in a quarter without a KSZ row of the person (no panel row for that quarter)",
    # a registration starting in such a quarter stays as a spell (describe.SPELL_STAYS)
    "no_ksz_row_in_quarter (kept)": "starting in a quarter without a KSZ row of the person, in "
                                    "the panel from its next KSZ quarter (kept)",
    "no_ksz_quarter_in_spell": "spell without any KSZ quarter of the person (in no panel row)",
    # the low employer link of southern-EU and non-EU jobseekers (chapter 3's generator check
    # printed the term as "low link" beside "Education: Low" and "Experience (years)")
    "low_link": "Low employer link",
    # chapter 1's table of the generator's measure parameters (describe.truth_summary) printed
    # "Self reliance", "Lockin", "Duration quarters" and "Gain quarters" (reader31)
    "self_reliance": "Self-reliance",
    "lockin": "Lock-in",
    "duration_quarters": "Duration (quarters)",
    "gain_quarters": "Gain lasts (quarters)",
    "has_children": "Children",
    "inburgering_before": "Inburgering contract before",
    "nt2_before": "NT2 course before",
    "residence_ground": "Residence ground",
    "origin": "Origin",
    "generation": "Generation",
    "sex": "Sex",
    "variable": "Variable",
    "value": "Value",
    "u_at_inflow": "Quarters since registration at inflow",
    "position_group": "Position",
    # result columns
    "measure": "Measure",
    "treatment": "Step",
    "estimand": "Estimand",
    "estimator": "Estimator",
    "quarter_since_start": "Quarter since start",
    "n_treated": "Starters",
    # chapter 1's indicator table (describe.indicator_means' one value column): its header read
    # "Percent", one word and no unit (seed38)
    "percent": "Person-quarters (%)",
    "n_pool": "Pool",
    "n_matched": "Matched starters",
    "n_dropped": "Dropped starters",
    "dropped_pct": "Dropped (% of starters)",
    "n_persons": "Persons",
    "n_events": "Events",
    "n_persons_job": "Persons at risk of a first job",
    "n_entered_job": "With a first job",
    "job_pct": "With a first job (% of those at risk)",
    "n_persons_stable": "Persons at risk of a first stable job",
    "n_entered_stable": "With a first stable job",
    "stable_pct": "With a first stable job (% of those at risk)",
    "smd_before": "Largest |SMD| before",
    "smd_after": "Largest |SMD| after",
    "naive_bias_pp": "Naive signed bias (pp)",
    "naive_abs_bias_pp": "Naive absolute bias (pp)",
    "matched_bias_pp": "Matched signed bias (pp)",
    "matched_abs_bias_pp": "Matched absolute bias (pp)",
    "share_removed": "Share of bias removed (fraction)",
    # reader34: chapter 4 shows the share in per cent (fraction_as_percent), as the book's
    # other shares
    "share_removed_pct": "Share of bias removed (%)",
    # Appendix A's caliper exercise ("Rmse" before)
    "rmse": "RMSE",
    # chapter 4's caliper exercise
    "caliper": "Caliper (SD of the logit score)",
    "max_smd_after": "Largest |SMD| after",
    "att_pp_q5": "Matched (pp) at 5 quarters",
    "n_treated_q5": "Starters at 5 quarters",
    "role": "Against the chapter's",
    "true_att_pp_q5": "Truth, all starters (pp) at 5 quarters",
    "pool": "Pool",
    "p_value": "p-value",
    "sample": "Sample",
    "persons": "Persons",
    "study_estimate": "Study's estimate",  # chapter 6's findings: the seed study's value
    "rows": "Rows",
    "of_rows": "Of rows",
    "register": "Register",
    "table": "Register",
    "rule": "Rule",
    "term": "Term",
    "odds_ratio": "Odds ratio",
    # an interval's ends, not "Lower bound"/"Upper bound": the book keeps "bounds" for the
    # worst-case bounds of an estimate that is not point-identified (reader37)
    "ci_low": "CI lower",
    "ci_high": "CI upper",
    "exp_estimate": "Exponentiated estimate",
    "exp_ci_low": "CI lower, exponentiated",
    "exp_ci_high": "CI upper, exponentiated",
    "population": "Population",
    "att_pp": "Matched (pp)",
    "att_rel_pct": "Relative (%)",
    "true_att_pp": "Truth (pp)",
    "stable_quarters": "Definition (quarters)",
    "ksz_positions": "KSZ positions",
    "vdab_registrations": "VDAB registrations",
    "vdab_measures": "VDAB measures",
    "abb_inburgering": "ABB inburgering",
    "wse_permits": "WSE permits",
    "persons_with_stable_start": "Persons with a stable start",
    "stable_starts": "Stable starts",
    "job_starts": "Job starts",
    "stable_share_of_job_starts_pct": "Stable share of job starts (%)",
    "good_dutch_pct": "Good Dutch (%)",
    "pct_spells": "Spells (%)",
    # appendix A's Monte Carlo tables printed their code names: "Mean ci width", "N quarters",
    # "Quarters bias ok", "Max abs z", "Se ratio min" (reader31); newuser38: "Mc se bias",
    # "Mc se coverage", "Not point identified" (export_check.MC_SUMMARY reads "MC SE" too)
    "mc_se_bias": "MC SE of bias",
    "mc_se_coverage": "MC SE of coverage",
    "not_point_identified": "Data sets not point-identified",
    "mean_ci_width": "Mean interval width (pp)",
    "n_quarters": "Quarters checked",
    "quarters_bias_ok": "Quarters passing the bias criterion",
    "quarters_bias_matched_ok": "Quarters passing the bias criterion (matched)",
    "quarters_coverage_ok": "Quarters passing the coverage criterion",
    "max_abs_z": "Largest |bias| in Monte Carlo SE",
    "max_abs_z_matched": "Largest |bias| in Monte Carlo SE (matched)",
    # app47: the calibration table's point estimates and worst-case bounds, counted apart
    "point_estimates": "Point estimates (data-set quarters)",
    "bound_estimates": "Worst-case bounds (data-set quarters)",
    "bound_coverage": "Coverage of the bounds",
    "bound_quarters": "Quarters with bounds",
    "bound_quarters_ok": "Quarters whose bounds pass the coverage criterion",
    "se_ratio_min": "SE / SD of errors, min",
    "se_ratio_max": "SE / SD of errors, max",
    # chapter 2 printed "Explained se" and "Estimate minus truth in se" beside "Std. error";
    # one abbreviation, SE (glossary "standard error"), as the Monte Carlo tables (reader31)
    "explained_se": "Explained part, SE",
    "estimate_minus_truth_in_se": "(Estimate - truth) / SE",
    # "Df resid" (column_label of df_resid) in chapter 3's RRR tables (reader31)
    "df_resid": "Residual degrees of freedom",
    "true_estimate": "True coefficient",
    "z_vs_truth": "z vs truth",
    "raw_gap": "Raw gap (pp)",
    "adjusted_gap": "Adjusted gap (pp)",
    "true_adjusted_gap": "True adjusted gap (pp)",
    # chapter 3's gap table printed "Group CIF (%)": an abbreviation the book never defines,
    # for the term its prose and glossary call cumulative incidence (reader31)
    "cum_incidence_group": "Group's cumulative incidence (%)",
    "cum_incidence_reference": "Natives' cumulative incidence (%)",
    "explained": "Explained part",
    "share_explained_pct": "Explained share (%)",
    "n_inflow_persons": "Persons with inflow",
    "n_reference_inflow_persons": "Natives with inflow",
    "n_spells": "Spells",
    "no_inflow": "No inflow",
    "other_measure": "Other measure",
    "origin_generation": "Origin x generation",
    "outcome": "Outcome",
    "se": "SE",
    "estimate": "Estimate",
    "event": "Event",
    "job": "First job",
    "stable": "First stable job",
    "model": "Model",
    "mean": "Mean",
    "n_cells": "Cells",
    "gap": "Gap",
    "explained_part": "Explained part",
    "share_pct": "Explained share (%)",  # reader34: the prose's name
    # chapter 6's findings (mia_helpers.conclusions.STUDY_FINDINGS keys)
    "nonEU_gap_job": "Non-EU school leavers: first job",
    "nonEU_gap_stable": "Non-EU school leavers: first stable job",
    "nonEU_women_job": "Non-EU women's extra first-job gap",
    "explained_intermediate": "Gap explained: intermediate generation",
    "explained_second": "Gap explained: second generation",
    "ibo_lowlink_rrr": "IBO inflow of low-link jobseekers",
    "ibo_residents_q5": "IBO effect, residents (5 quarters)",
    "ibo_newcomers_q4": "IBO effect, newcomers (4 quarters)",
    "feeder_or": "Inburgering as feeder to VDAB",
}


#: reader names of levels that read differently under their variable: a dummy term
#: ``dutch_level[none]`` reads "Dutch level: No Dutch", not "Dutch level: None" (a Python None
#: to a reader); keyed by variable, then level
LEVEL_LABELS: dict[str, dict[str, str]] = {
    "dutch_level": {"none": "No Dutch"},
    "dutch": {"none": "No Dutch"},
    # chapter 5's predicted feeder curves (newcomers.feeder_curves' ``integration``): the
    # legend read "EU citizen, None" (seed 6464)
    "integration": {"none": "without contract or NT2", "contract + NT2": "with contract and NT2"},
}



#: codes whose reader names are common nouns: inside a sentence they start with a small letter
#: ("the returns of IBO ... than of basic training"), in a table cell, a heading, a legend or
#: at the start of a sentence with their capital (seed38: chapters 4 and 5 read "returns of
#: IBO ... than of Basic training", "for Non-EU starters"). Abbreviations and proper nouns
#: (IBO, MO, NT2, VDAB, the origins) are not listed and keep their form everywhere.
PROSE_NOUNS: tuple[str, ...] = (
    "training_basic", "training_vocational", "workplace_learning_other", "mediation_guidance",
    "vacancy_referral_manual", "vacancy_referral_automatic", "vacancy_referral",
    "application_assignment", "sanction_transmission", "enforcement", "inburgering", "non_eu")

#: characters after which (spaces skipped) a reader name stands inside a sentence: a small
#: letter or a digit ends a word, a comma, semicolon, colon, closing bracket or per cent sign
#: ends a part of one, and an opening bracket opens a parenthesis within it
_IN_SENTENCE_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789,;:)%'\u2019(")


def _prose_pattern() -> re.Pattern[str]:
    names = sorted({LABELS[c] for c in PROSE_NOUNS}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")


_PROSE_NAMES = _prose_pattern()


def in_prose(text: str) -> str:
    """``text`` with the reader names of :data:`PROSE_NOUNS` in small letters where they stand
    inside a sentence, i.e. after a small letter, a digit or one of ``, ; : ) % ' (`` (spaces
    between skipped). A name at the start of ``text``, after a full stop, in a table cell
    (after ``|``), a bullet, a heading or quotes keeps its capital, as do abbreviations and
    proper nouns ("IBO", "NT2 (Dutch course)", "Southern EU", "Other non-EU").

    The one place where measure and step names enter the book's sentences in their prose
    form: a chapter glues its texts with :func:`glue`, which applies this. E.g.
    ``"returns of IBO exceed those of Basic training"`` ->
    ``"returns of IBO exceed those of basic training"``; ``"Basic training returns least"``
    is unchanged.

    Parameters
    ----------
    text : str
        Prose (or a MyST table, whose cells are left as they are).

    Returns
    -------
    str
    """
    def lower(m: re.Match[str]) -> str:
        before = text[:m.start()].rstrip(" ")
        if before and before[-1] in _IN_SENTENCE_BEFORE:
            return m.group(1)[0].lower() + m.group(1)[1:]
        return m.group(1)

    return _PROSE_NAMES.sub(lower, text)


def glue(name: str, value: object, display: bool = False) -> None:
    """:func:`myst_nb.glue` for the chapters: a text (``str`` or a MyST table as
    ``IPython.display.Markdown``) passes through :func:`in_prose` first, so a measure's name
    reads "basic training" inside a sentence and "Basic training" at its start and in tables;
    any other value (a number, a figure) is glued as it is.

    Parameters
    ----------
    name : str
        The glue key the chapter's prose refers to.
    value : object
        What to glue.
    display : bool, default False
        As in :func:`myst_nb.glue`.
    """
    from myst_nb import glue as _glue

    if isinstance(value, Markdown):
        value = Markdown(in_prose(value.data))
    elif isinstance(value, str):
        value = in_prose(value)
    _glue(name, value, display=display)

#: factor from a share computed as a fraction (0 to 1) to the per cent the book shows
#: (0 to 100); used for display only (:func:`fraction_as_percent`), so the computing
#: functions (:func:`mia_helpers.effects.bias_removed`, :func:`mia_helpers.claims.bias_table`)
#: keep their fractions (reader34)
PERCENT_OF_FRACTION: float = 100.0


def fraction_as_percent(table: Any, columns: Mapping[str, str], missing_ok: bool = False
                        ) -> Any:
    """A display copy of ``table`` with each share column given as a fraction shown in per
    cent: ``columns`` maps a fraction column to the per cent column that replaces it in
    place (its values times :data:`PERCENT_OF_FRACTION`; name it with a label in
    :data:`LABELS`, e.g. ``{"share_removed": "share_removed_pct"}``).

    Parameters
    ----------
    table : DataFrame or disclosure.Protected
        The computed table; a ``Protected`` keeps its hidden cells and their reasons (the
        columns renamed alike), its count columns and its checking record.
    columns : mapping of str to str
        Fraction column -> per cent column.
    missing_ok : bool
        Pass over a fraction column the table lacks (chapter 4's bias table of a real
        extract is one note, without columns to convert) instead of raising.

    Returns
    -------
    DataFrame or disclosure.Protected
        Of the type given; ``table`` itself is not changed.

    Raises
    ------
    ValueError
        Naming a column of ``columns`` that ``table`` lacks, or a per cent column it holds
        already.
    """
    data = table.data if hasattr(table, "reason") else table
    if missing_ok:
        columns = {k: v for k, v in columns.items() if k in data.columns}
    missing = [c for c in columns if c not in data.columns]
    clash = [v for v in columns.values() if v in data.columns]
    if missing or clash:
        raise ValueError(f"labels.fraction_as_percent: the table lacks fraction "
                         f"{words.plural(missing, 'column')} {missing}" if missing else
                         f"labels.fraction_as_percent: the table holds {clash} already")
    scaled = data.assign(**{c: pd.to_numeric(data[c], errors="coerce") * PERCENT_OF_FRACTION
                            for c in columns}).rename(columns=dict(columns))
    if not hasattr(table, "reason"):
        return scaled
    from dataclasses import replace

    names = dict(columns)
    return replace(table, data=scaled, reason=table.reason.rename(columns=names),
                   zeros=frozenset((names.get(c, c), i) for c, i in getattr(table, "zeros", ())))


def min_cell_count(min_cell: int, noun: str, plural: str | None = None) -> str:
    """The disclosure bound with its noun, the noun singular at 1: ``min_cell_count(10,
    "person")`` reads "10 persons", ``min_cell_count(1, "more death")`` "1 more death" (mend45:
    "1 more deaths", "at least 1 persons" before, with ``-p min_cell 1``). ``plural`` is the
    plural when it is not ``noun + "s"``. :func:`fewer_than` builds on it. Raises
    ``ValueError`` unless ``min_cell`` is a whole number >= 1."""
    n = _whole_bound(min_cell, f"labels.min_cell_count (the bound before {noun!r})")
    return f"{n} {words.plural(n, noun, plural)}"


def _whole_bound(min_cell: object, where: str) -> int:
    """``min_cell`` as an int, or ``ValueError`` naming ``where`` (the function that reads
    it), the parameter and the remedy: the package's one rule,
    :func:`mia_helpers.disclosure.check_min_cell` (a whole number >= 1; 10.0 is 10)."""
    return check_min_cell(min_cell, where)


def fewer_than(min_cell: int, noun: str, plural: str | None = None) -> str:
    """A disclosure bound in words: ``fewer_than(10, "person")`` reads "fewer than 10
    persons", ``fewer_than(1, "person")`` "fewer than 1 person" (fix44: "fewer than 1
    persons" before, with ``-p min_cell 1``). ``plural`` is the plural when it is not
    ``noun + "s"``. Raises ``ValueError`` unless ``min_cell`` is a whole number >= 1
    (by :func:`min_cell_count`)."""
    return f"fewer than {min_cell_count(min_cell, noun, plural)}"


def none_or_fewer(min_cell: int, noun: str, plural: str | None = None) -> str:
    """Why a value resting on a count below ``min_cell`` is missing, in words:
    :func:`fewer_than` from ``min_cell`` 2 on ("fewer than 10 matched starters"); at 1, where
    the only count below the bound is 0, "no matched starter" (an effect on no starter is NaN,
    :func:`mia_helpers.effects.estimate_effects`; a cross-table's empty cell; mend46: "fewer
    than 1 matched starter" before). Raises ``ValueError`` unless ``min_cell`` is a whole
    number >= 1."""
    n = _whole_bound(min_cell, f"labels.none_or_fewer (the bound before {noun!r})")
    return fewer_than(n, noun, plural) if n > 1 else f"no {noun}"


def min_cell_rule(min_cell: int, sentence: str, at_one: str = "") -> str:
    """A caption's sentence stating a disclosure rule on counts below ``min_cell``, said only
    where it can apply: ``sentence`` for ``min_cell`` >= 2, ``at_one`` (default: nothing) at
    1, where no count lies below the bound (mend45: "bins merged until each holds at least 1
    person", "each curve rises only once 1 more deaths have accumulated"). Other rules (a
    model's residual degrees of freedom, too few effective twins) do not depend on
    ``min_cell`` and are not sentences for this helper. Raises ``ValueError`` unless
    ``min_cell`` is a whole number >= 1, naming this function (it named
    :func:`min_cell_count` and its noun "person" before, rev45)."""
    n = _whole_bound(min_cell, "labels.min_cell_rule")  # refuses a bound that is no count
    return sentence if n > 1 else at_one


def min_cell_phrases(min_cell: int) -> dict[str, str]:
    """The bounds the chapters' prose glues (``par_fewer_persons``: "fewer than 10 persons",
    and likewise ``par_fewer_starters``, ``par_fewer_newcomers``, ``par_fewer_patients``,
    ``par_fewer_transplanted_patients``),
    each by :func:`fewer_than`, so that ``-p min_cell 1`` reads "fewer than 1 person"; and
    the bound itself with its noun by :func:`min_cell_count`, ``par_min_cell_persons``
    ("10 persons", "1 person"), ``par_min_cell_newcomers`` (try44: "once 1 more persons have
    entered") and ``par_min_cell_more_deaths`` (Appendix C: "once 1 more deaths have
    accumulated" before, mend45); and captions' rule sentences by :func:`min_cell_rule`
    (empty at ``min_cell`` 1, where they cannot apply): ``par_rule_bins_merged`` and
    ``par_rule_small_means`` (chapter 4's support and balance figures),
    ``par_rule_few_points`` and ``par_rule_few_starters`` (chapter 4's effect curves and
    origin figure; Appendix A's three comparisons), ``par_rule_few_matched`` (chapter 5's
    effect curves), ``par_rule_inflow_steps`` (chapter 3's curves by origin),
    ``par_rule_death_steps`` (Appendix C's curves); and the prose's rule sentences
    (:func:`_prose_rules`, cell45: from 2 on the sentence, at 1 what of it still applies).
    Raises ``ValueError`` unless ``min_cell`` is a whole number >= 1."""
    return {**{f"par_fewer_{noun.replace(' ', '_')}s": fewer_than(min_cell, noun)
               for noun in ("person", "starter", "newcomer", "patient", "transplanted patient")},
            **{f"par_min_cell_{noun.replace(' ', '_')}s": min_cell_count(min_cell, noun)
               for noun in ("person", "newcomer", "more death")},
            **{f"par_rule_{name}": min_cell_rule(min_cell, f" {text}") for name, text in (
                ("bins_merged", "Bins are merged until each holds at least "
                                f"{min_cell_count(min_cell, 'person')}."),
                ("small_means", f"A difference whose means rest on {fewer_than(min_cell, 'person')}"
                                " (a category held by few) is not drawn."),
                ("death_steps", "Each curve rises only once "
                                f"{min_cell_count(min_cell, 'more death')} have accumulated."),
                ("few_points", f"Nor are points behind {fewer_than(min_cell, 'starter')}, or "
                               "where the starters or their twins (for the naive estimate, its "
                               "pool) who entered, or did not, number fewer."),
                ("few_starters", f"So are points behind {fewer_than(min_cell, 'starter')}."),
                ("few_matched", "Matched points and bounds resting on "
                                f"{fewer_than(min_cell, 'person')} (starters, or starters or "
                                "twins who entered or did not) are not drawn."),
                ("inflow_steps", "Steps are coarsened so that no step rests on "
                                 f"{fewer_than(min_cell, 'person')} at risk or with an inflow; "
                                 f"a curve with some but {fewer_than(min_cell, 'person')} with "
                                 "an inflow is not drawn."))},
            **_prose_rules(min_cell)}


def _prose_rules(min_cell: int) -> dict[str, str]:
    """The chapters' prose sentences on a rule below ``min_cell`` (cell45), each by
    :func:`min_cell_rule`: from 2 on the sentence, at 1 what of it still applies
    (:func:`mia_helpers.disclosure.suppress` hides ``0 < n < min_cell``, so at 1 no count,
    and chapter 1's share of every person of its cell alone).
    ``par_rule_sample_cells`` and ``par_rule_position_shares`` (chapter 1),
    ``par_rule_entry_curves`` (chapter 2), ``par_rule_composition_cells``,
    ``par_rule_rrr_cells`` and ``par_rule_inflow_curves`` (chapter 3),
    ``par_rule_ground_persons`` and ``par_rule_newcomer_steps`` (chapter 5),
    ``par_rule_patient_counts``, ``par_rule_count_changes``, ``par_rule_warning_counts``,
    ``par_rule_followed_patients`` and ``par_rule_age_groups`` (Appendix C)."""
    persons, patients = fewer_than(min_cell, "person"), fewer_than(min_cell, "patient")
    at_least, treated = min_cell_count(min_cell, "person"), fewer_than(
        min_cell, "transplanted patient")
    rules = {
        "sample_cells": (f"Cells behind {persons} are suppressed, and so is a share that takes "
                         "in every person of its cell, which would tell of each of them that "
                         "they have the characteristic.", "A share that takes in every person "
                         "of its cell is suppressed: it would tell of each of them that they "
                         "have the characteristic."),
        "position_shares": (f" Shares behind {persons} are left out.",
                            ""),
        "entry_curves": (f"; a curve stops at {persons} at risk, and each of its rises rests "
                         f"on at least {at_least} entering, so a group with fewer entries is "
                         "not drawn", ""),
        "composition_cells": (f"; cells with {persons} are suppressed, and so is an origin's "
                              "share where, times the measure's spells, it would bound the "
                              "hidden origin x generation cells of the tables below", ""),
        "rrr_cells": (f" Estimates resting on {persons} with that inflow are blanked, and so "
                      f"is a cell of {persons} of whom nobody flowed in: its zero would tell "
                      "of each of them that they did not.", ""),
        "inflow_curves": (f"; a curve stops at {persons} at risk, and its steps are merged "
                          f"until each rests on at least {at_least} with an inflow", ""),
        "ground_persons": (" A ground's persons are hidden as well where a hidden count "
                           f"beside them would otherwise be bounded within {persons} (a "
                           "ground of few more than "
                           f"{min_cell_count(min_cell, 'newcomer')}).", ""),
        "newcomer_steps": (f" (steps stop at {fewer_than(min_cell, 'newcomer')} at risk)", ""),
        "patient_counts": (f" and no count of {patients}", ""),
        "count_changes": (f"; it is hidden (marked x) where it differs by {fewer_than(min_cell, 'patient')}"
                          " from the count before it (the matched patients, or all the "
                          "transplanted where the number matched is hidden; then the previous "
                          "horizon's), which would count the few whose follow-up ended in "
                          "between", ""),
        "warning_counts": (f", but state no count of {patients}", ""),
        "followed_patients": (f", and a curve stops at {treated} still followed", ""),
        "age_groups": (f" Groups with {treated} are suppressed, and so are further groups "
                       "where the count of all patients minus the groups shown would give a "
                       "suppressed group's count back.", "")}
    return {f"par_rule_{name}": min_cell_rule(min_cell, text, at_one)
            for name, (text, at_one) in rules.items()}


def level_label(variable: object, code: object) -> str:
    """Reader name of ``code`` as a level of ``variable``: :data:`LEVEL_LABELS` where the level
    reads differently under its variable (``("dutch_level", "none")`` -> "No Dutch", not
    "None"), else :func:`label`. Chapter 3's composition table printed "Dutch level | None"
    beside chapter 5's "Dutch level: No Dutch" (seed 6464)."""
    return LEVEL_LABELS.get(str(variable), {}).get(str(code)) or label(code)


#: reader names of a relative risk ratio table's columns (chapter 3): the data keep the
#: package's one name for each concept (``exp_estimate`` and its interval ``exp_ci_low`` /
#: ``exp_ci_high``, as :data:`mia_helpers.core.results.TIDY_COLUMNS`; tidy48), the reader sees
#: the field's term; pass as ``names`` to :func:`table_markdown` or :func:`format_table`
RRR_LABELS: dict[str, str] = {
    "exp_estimate": "RRR",
    "exp_ci_low": "RRR lower",
    "exp_ci_high": "RRR upper",
    "true_exp_estimate": "True RRR",
}


def label(code: object) -> str:
    """Reader name of a code or column name; unknown codes are returned with spaces for ``_``.

    Parameters
    ----------
    code : object
        A code of :mod:`mia_helpers.codes` or a column name (``str()`` is applied).

    Returns
    -------
    str
    """
    text = str(code)
    if text in LABELS:
        return LABELS[text]
    origin, colon, generation = text.partition(":")  # origin x generation cell
    if colon and origin in LABELS and generation in LABELS:
        return f"{LABELS[origin]} ({LABELS[generation].lower()})"
    for sep, end in (("=", ""), ("[", "]")):  # dummy terms: "origin=maghreb", "origin[maghreb]"
        var, found, level = text.partition(sep)
        # the variable must be a name: "0.51 [0.45, 0.59]" is an interval, not a dummy term
        if found and var.isidentifier() and level.endswith(end):
            level = level[:len(level) - len(end)]
            name = LEVEL_LABELS.get(var, {}).get(level) or label(level)
            return f"{column_label(var)}: {name}"
    return text.replace("_", " ")


#: chapter 4's caliper exercise columns at its horizon ``_q<k>`` (five quarters, or the last
#: horizon when earlier): read50, seed 4099, max_quarter 3 printed "Att (pp) q3",
#: "True att (pp) q3" and "N treated q3" where five quarters read as labels
_AT_QUARTER = {"att_pp": "Matched (pp) at {}", "n_treated": "Starters at {}",
               "true_att_pp": "Truth, all starters (pp) at {}"}
_AT_QUARTER_NAME = re.compile(r"(" + "|".join(_AT_QUARTER) + r")_q(\d+)")


def column_label(name: object) -> str:
    """Reader name of a column: the label map, else the name with ``_pct`` as " (%)", ``_pp``
    as " (pp)", underscores as spaces and a capital first letter; the caliper exercise's
    columns at a horizon (``att_pp_q3``) as "Matched (pp) at 3 quarters"."""
    text = str(name)
    if text in LABELS:
        return LABELS[text]
    at = _AT_QUARTER_NAME.fullmatch(text)
    if at:
        k = int(at.group(2))
        return _AT_QUARTER[at.group(1)].format(f"{k} quarter{'' if k == 1 else 's'}")
    text = text.replace("_pct", " (%)").replace("_pp", " (pp)").replace("_", " ")
    return text[:1].upper() + text[1:]


def book_rank(code: object) -> tuple[int, int]:
    """Sort key of an origin or an origin x generation code in the book's order (the origins
    of :data:`mia_helpers.codes.ORIGINS`, then the generations of
    :data:`mia_helpers.codes.GENERATIONS`); unknown codes sort last, in their given order when
    the sort is stable."""
    from mia_helpers import codes

    origin, _, generation = str(code).partition(":")
    o = codes.ORIGINS.index(origin) if origin in codes.ORIGINS else len(codes.ORIGINS)
    g = (codes.GENERATIONS.index(generation) if generation in codes.GENERATIONS
         else -1 if not generation else len(codes.GENERATIONS))
    return o, g


def relabel(series: pd.Series) -> pd.Series:
    """A Series of codes mapped to reader names (object dtype, same index)."""
    return series.astype(str).map(label)


def cell_list(cells: object, where: str, name: str = "cells") -> list[str]:
    """``cells`` (any iterable of origin x generation cells: list, tuple, set, pandas Index or
    Series, generator) as a list, read once (mend45: a generator gave a ``TypeError`` deep
    inside, ``len()`` of a generator, or an empty result where it was read twice). ``where``
    names the function and ``name`` its parameter in the message.

    Raises
    ------
    ValueError
        When ``cells`` is one string (it would be read letter by letter) or is not iterable,
        naming ``where`` and ``name``.
    """
    if isinstance(cells, (str, bytes)):
        raise ValueError(f"{where}: {name} must be a list of cells, got the string {cells!r}; "
                         f"write [{cells!r}]")
    try:
        return list(cells)  # type: ignore[call-overload]
    except TypeError:
        raise ValueError(f"{where}: {name} must be an iterable of cells (a list, tuple or "
                         f"generator of 'origin:generation' names), got "
                         f"{type(cells).__name__}") from None


def require_columns(frame: object, columns: Sequence[str], function: str, producer: str
                    ) -> None:
    """Refuse a table that lacks the columns a display or sentence function reads.

    One check for the package's display helpers (:mod:`mia_helpers.subgroups`,
    :mod:`mia_helpers.claims`, :mod:`mia_helpers.typology`), so that a wrong frame gives one
    clear message instead of a ``KeyError`` or ``TypeError`` from inside pandas.

    Parameters
    ----------
    frame : the table passed to ``function`` (a DataFrame; anything without ``columns`` is
        refused too).
    columns : the column names ``function`` reads.
    function : the name of the calling function, e.g. ``"subgroups.gap_display"``.
    producer : the function whose output ``function`` expects, e.g.
        ``"subgroups.gap_table"``.

    Raises
    ------
    ValueError
        ``"<function>: the table lacks column(s) [...] (it has [...]); pass the table of
        <producer>"``, or when ``frame`` is not a table at all.
    """
    if not hasattr(frame, "columns"):
        raise ValueError(f"{function}: expected a DataFrame (the table of {producer}), got "
                         f"{type(frame).__name__}")
    have = [str(c) for c in frame.columns]
    missing = [c for c in dict.fromkeys(columns) if c not in set(have)]
    if missing:
        raise ValueError(f"{function}: the table lacks {words.plural(missing, 'column')} "
                         f"{missing} (it has {have}); "
                         f"pass the table of {producer}")


def format_p(p: float) -> str:
    """A p-value as text: "<0.001" below 0.001, else three decimals; NaN as an en dash."""
    if p is None or (isinstance(p, float) and np.isnan(p)):
        return "–"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _cell(value: object, decimals: int | None, separator: bool = True) -> str:
    """One value as text: strings (disclosure markers) kept, NaN as an en dash."""
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    sep = "," if separator else ""
    if decimals is None or decimals == 0:
        return f"{round(float(value)):{sep}}"
    text = f"{float(value):{sep}.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text.replace(",", "")) == 0 else text


_NUMBER = re.compile(r"^[-–<>0-9.,\[\] %x]+$")


def _integers_with_markers(s: pd.Series) -> bool:
    """An integer column that disclosure control rendered with markers: object dtype, every
    value a string marker ("x", "<10") or an integer (a ``Protected.render()`` of an Int64
    count such as ``persons``, which printed as "274.0" beside "<10" in chapter 1's sample
    table of a small sample)."""
    if s.dtype != object:
        return False
    values = [v for v in s if not isinstance(v, str) and not pd.isna(v)]
    return bool(values) and all(isinstance(v, int | np.integer)
                                and not isinstance(v, bool | np.bool_) for v in values)


def _is_text(s: pd.Series) -> bool:
    values = s.dropna()
    return len(values) > 0 and all(isinstance(v, str) for v in values)


def format_table(table: pd.DataFrame, decimals: Mapping[str, int] | None = None,
                 p_values: Sequence[str] = ("p_value",), codes: Sequence[str] | None = None,
                 *, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A result table as strings with reader names, ready to print.

    Parameters
    ----------
    table : DataFrame or disclosure.Protected
        Result table (a ``Protected`` is rendered, markers in place); a named index is turned
        into ordinary columns first.
    decimals : mapping, optional
        Column -> number of decimals; other numeric columns get one, integer columns and
        count columns (``n_*``) none.
    p_values : sequence of str
        Columns formatted by :func:`format_p`.
    codes : sequence of str, optional
        Columns whose values are codes to be relabelled (default: every object/category
        column).
    names : mapping, optional
        Column -> reader name for this table, over :func:`column_label` (e.g.
        :data:`RRR_LABELS`).

    Returns
    -------
    DataFrame
        Same rows, all values ``str``, columns renamed by :func:`label` (or ``names``), a
        fresh RangeIndex.
    """
    decimals = dict(decimals or {})
    names = dict(names or {})

    def reader(col: object) -> str:
        return names[col] if col in names else column_label(col)

    if hasattr(table, "render"):  # a disclosure.Protected: its display table, markers in place
        table = table.render()
    t = table.reset_index() if any(n is not None for n in table.index.names) else table
    t = t.reset_index(drop=True)
    out = {}
    for col in t.columns:
        s = t[col]
        if col in p_values:
            out[reader(col)] = [format_p(v) if not isinstance(v, str) else v for v in s]
        elif (codes is None and _is_text(s)) or (codes is not None and col in codes):
            # a long table of levels (``variable``, ``value``): each value under its variable
            var = (t["variable"] if col == "value" and "variable" in t.columns
                   else pd.Series("", index=t.index))
            out[reader(col)] = [level_label(w, v) if not pd.isna(v) else "–"
                                for w, v in zip(var, s, strict=True)]
        else:
            d = decimals.get(col)
            numbers = pd.to_numeric(s, errors="coerce").dropna()
            if d is None and (pd.api.types.is_integer_dtype(s) or _integers_with_markers(s) or (
                    len(numbers) and (numbers == numbers.round()).all()
                    and str(col).startswith("n_"))):
                d = 0
            out[reader(col)] = [_cell(v, 1 if d is None else d, "year" not in str(col))
                                for v in s]
    return pd.DataFrame(out)


def table_markdown(table: pd.DataFrame, caption: str, name: str,
                   decimals: Mapping[str, int] | None = None,
                   p_values: Sequence[str] = ("p_value",), codes: Sequence[str] | None = None,
                   *, names: Mapping[str, str] | None = None) -> Markdown:
    """A result table as a numbered, captioned MyST ``{table}`` (glue it; paste with glue:md).

    Parameters
    ----------
    table : DataFrame or disclosure.Protected
        Publishable result table (already through disclosure control); a ``Protected`` is
        rendered with its markers.
    caption : str
        Table caption (one sentence or two; MyST inline markup allowed).
    name : str
        Label for ``{numref}`` references, e.g. ``"tbl-effects-summary"``.
    decimals, p_values, codes, names
        As in :func:`format_table`.

    Returns
    -------
    IPython.display.Markdown
        Its ``.data`` is the MyST source. Text columns are left-aligned, numbers right-aligned.

    Raises
    ------
    ValueError
        If ``table`` has no rows or ``name`` contains whitespace.
    """
    if len(table) == 0:
        raise ValueError(f"table {name!r} has no rows to publish")
    if not name or any(c.isspace() for c in name):
        raise ValueError(f"table name {name!r} must be a label without whitespace")
    if hasattr(table, "render"):  # a disclosure.Protected: its display table, markers in place
        table = table.render()
    f = format_table(table, decimals, p_values, codes, names=names)
    src = table.reset_index() if any(n is not None for n in table.index.names) else table
    numeric = [c in p_values or not _is_text(src[c]) or all(
        _NUMBER.match(v) for v in f[(names or {}).get(c, column_label(c))]) for c in src.columns]
    head = "| " + " | ".join(str(c).replace("|", "\\|") for c in f.columns) + " |"
    rule = "|" + "|".join("---:" if n else ":---" for n in numeric) + "|"
    rows = ["| " + " | ".join(v.replace("|", "\\|") for v in r) + " |"
            for r in f.itertuples(index=False)]
    body = "\n".join([head, rule, *rows])
    return Markdown(f":::{{table}} {caption}\n:name: {name}\n:align: center\n\n{body}\n:::\n")


def interval_text(estimate: object, low: object, high: object, decimals: int = 1) -> str:
    """"est [low, high]" with ``decimals`` decimals; a suppressed (str) or NaN estimate as is."""
    if isinstance(estimate, str):
        return estimate
    if estimate is None or pd.isna(estimate):
        return "–"
    if isinstance(low, str) or isinstance(high, str) or pd.isna(low) or pd.isna(high):
        return _cell(estimate, decimals)
    return f"{_cell(estimate, decimals)} [{_cell(low, decimals)}, {_cell(high, decimals)}]"


def bound_text(estimate: object, low: object, high: object, decimals: int = 1) -> str:
    """"bounds [low, high]" for an effect that is not point-identified (worst-case bounds,
    Manski 1990; :func:`mia_helpers.effects.estimate_effects`): no point is printed. A
    suppressed (str) or NaN estimate as :func:`interval_text` prints it; a suppressed bound
    (str) as its marker. Without bounds (NaN: not even a bound is given, as for a step nearly
    all of whose twins take it themselves) "–", not the point (late24: chapter 5, seed 5151,
    printed MO's "6.3" beside a caption saying bounds are given "without a point", and a text
    saying that value "is no estimate of the effect")."""
    if isinstance(estimate, str) or estimate is None or pd.isna(estimate):
        return interval_text(estimate, low, high, decimals)
    for b in (low, high):
        if isinstance(b, str):
            return b
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return "–"
    return f"bounds [{_cell(low, decimals)}, {_cell(high, decimals)}]"


def not_point_identified(rows: pd.DataFrame) -> np.ndarray:
    """Whether each effect row is not point-identified (bool array, one per row):
    ``point_identified`` False (its interval holds worst-case bounds,
    :func:`mia_helpers.effects.estimate_effects`), as a bool, a 0 or, in a rendered table
    (:meth:`mia_helpers.disclosure.Protected.render`), the text "False". A missing value or a
    disclosure marker is not a flag. Where ``rows`` has no such column, a positive
    ``unsupported_share`` (the positivity diagnostic; Monte Carlo rows written before the
    thirty-ninth session carry only it), else all False. The one test of the flag for
    tables, captions, sentences and Monte Carlo readings
    (:func:`mia_helpers.montecarlo.summarise`)."""
    if "point_identified" not in rows.columns:
        if "unsupported_share" in rows.columns:
            share = pd.to_numeric(rows["unsupported_share"], errors="coerce")
            return (share.fillna(0) > 0).to_numpy()
        return np.zeros(len(rows), dtype=bool)
    if pd.api.types.is_bool_dtype(rows["point_identified"]):  # no markers, no missing
        return ~rows["point_identified"].to_numpy(dtype=bool)

    def flag(v: object) -> bool:
        if isinstance(v, str):
            return v == "False"
        return v is not None and not bool(pd.isna(v)) and not bool(v)

    return np.fromiter((flag(v) for v in rows["point_identified"]), dtype=bool,
                       count=len(rows))


def bounds_note(summary: pd.DataFrame, horizons: Sequence[int] | None = None) -> str:
    """A caption's closing sentence where :func:`effect_table` prints bounds (a leading space,
    a full stop), else "". ``horizons`` (:func:`mia_helpers.effect_tables.bound_horizons`):
    the note states the range along which the table, as the figure, hides a bound that would
    reveal a small count (claims51); None: not stated."""
    if hasattr(summary, "render"):
        summary = summary.render()
    bound = not_point_identified(summary)
    if not bound.any():
        return ""
    text = (" Where the matched effect is not point-identified the table gives its worst-case "
            "bounds, without a point or relative effect")
    if {"matched_pp", "ci_low", "ci_high"} <= set(summary.columns):
        # rows bound_text prints "–" for a point without bounds (late24); a missing point
        # prints "–" too but says nothing of bounds
        none = [b and not isinstance(e, str) and e is not None and not pd.isna(e)
                and bound_text(e, lo, hi) == "–"
                for b, e, lo, hi in zip(bound, summary["matched_pp"], summary["ci_low"],
                                        summary["ci_high"], strict=True)]
        if any(none):
            text += "; \"–\" where not even a bound is given"
    return text + _hidden_bounds_clause(horizons) + "."


def _hidden_bounds_clause(horizons: Sequence[int] | None) -> str:
    """The clause a table caption's bounds note ends with (:func:`bounds_note`,
    :func:`grid_bounds_note`): "; as in the figure, a bound is hidden where it would reveal a
    small count beside another of quarters 1 to 12" (``horizons`` of
    :func:`mia_helpers.effect_tables.bound_horizons`, claims51), "" for None."""
    if horizons is None:
        return ""
    from mia_helpers.effect_tables import horizon_range_words

    return ("; as in the figure, a bound is hidden where it would reveal a small count "
            f"beside another of {horizon_range_words(horizons)}")


def grid_bounds_note(grid: pd.DataFrame, horizons: Sequence[int] | None = None) -> str:
    """A caption's closing sentence where a grid of estimates
    (:func:`mia_helpers.effect_tables.estimate_grid`) prints a cell as "bounds [low, high]", or
    the origin table (:func:`mia_helpers.origin_effects.origin_table`) a matched effect as
    "bounds", for an estimate that is not point-identified (a leading space, a full stop), else
    "" (late24). ``horizons`` (:func:`mia_helpers.effect_tables.bound_horizons`): the note
    states the range along which the table, as the figure, hides a bound that would reveal a
    small count (the origin table since orig51, as :func:`bounds_note`); None: not stated."""
    cells = [str(v) for v in grid.to_numpy().ravel()]
    if any(v == "bounds" for v in cells):  # mia_helpers.origin_effects.origin_table
        return (" Where an estimate is not point-identified the matched effect reads "
                "\"bounds\": its lower and upper bounds are then worst-case bounds, not a "
                "confidence interval, and no point is given"
                + _hidden_bounds_clause(horizons) + ".")
    if not any(v.startswith("bounds [") for v in cells):
        return ""
    return (" Where an estimate is not point-identified the table gives its worst-case "
            "bounds, without a point" + _hidden_bounds_clause(horizons) + ".")


def comparison_shown(comparison: pd.DataFrame) -> pd.DataFrame:
    """Chapter 5's comparison of measures (:func:`mia_helpers.newcomers.measure_comparison`,
    rendered: markers in place) as printed: where a row is not point-identified
    (:func:`not_point_identified`) and its matched effect is published, ``att_pp`` reads
    "bounds" (``ci_low`` and ``ci_high`` are then worst-case bounds, no point is printed: the
    convention of the origin table, :func:`mia_helpers.origin_effects.origin_table`) and its
    relative effect "–" (as :func:`effect_table` prints it); the ``point_identified`` column
    is dropped. Word the caption with :func:`grid_bounds_note`. ``comparison`` without that
    column is returned as is (a copy)."""
    out = comparison.copy()
    if "point_identified" not in out.columns:
        return out
    # a hidden (marker) or missing point, or a hidden relative effect, stays as it is
    rows = (not_point_identified(out)
            & pd.to_numeric(out["att_pp"], errors="coerce").notna().to_numpy())
    for col, text in (("att_pp", "bounds"), ("att_rel_pct", "–")):
        if col in out.columns and rows.any():
            out[col] = bound_cells(out[col], rows, text)
    return out.drop(columns="point_identified")


def bound_cells(values: pd.Series, rows: np.ndarray, text: str = "bounds") -> pd.Series:
    """``values`` (an object copy) with ``text`` in the cells of ``rows`` (bool, one per
    value: the rows that print worst-case bounds, not a point) that hold no string: a
    disclosure marker or "–" already there stays, so a hidden cell does not tell that it is a
    bound. The one way the comparison of measures (:func:`comparison_shown`) and the origin
    table (:func:`mia_helpers.origin_effects.origin_table`) print a bound's point."""
    out = values.astype(object)
    for i in np.flatnonzero(rows):
        if not isinstance(out.iat[i], str):
            out.iat[i] = text
    return out


def effect_table(summary: pd.DataFrame, level: float = 0.95, decimals: int = 1) -> pd.DataFrame:
    """Chapter 4/5 summary table reshaped for print: estimate with interval, truth beside it.

    Parameters
    ----------
    summary : DataFrame or disclosure.Protected
        Output of :func:`mia_helpers.effects.summary_table` (columns ``measure``,
        ``quarter_since_start``, ``matched_pp``, ``ci_low``, ``ci_high``, ``matched_rel_pct``,
        ``naive_pp``, ``n_treated``, optional ``true_pp``) for one estimand.
    level : float
        Confidence level of the intervals (names the column).
    decimals : int
        Decimals of every effect.

    Returns
    -------
    DataFrame
        Columns Measure, "Quarter since start", "Matched (pp) [95 % interval]" (the level's percentage; the
        book writes "interval", never the undefined "CI": reader31), "Relative (%)", "Naive (pp)",
        "Truth (pp)" (without truth: omitted), "Starters"; values as text. Where
        ``summary`` has ``point_identified`` and a row's is False, the matched cell reads
        "bounds [low, high]" (:func:`bound_text`, no point) and its relative effect "–".
    """
    if hasattr(summary, "render"):  # a disclosure.Protected: markers in place of hidden cells
        summary = summary.render()
    pct = round(100 * level)
    # a matched effect that is not point-identified has worst-case bounds, not a confidence
    # interval: printed as "bounds [low, high]" without a point (nvn24: Application assignment
    # at quarter 8, seed 4242, "now versus never", printed as "1.3 [-13.6, 16.2]")
    bound = not_point_identified(summary)
    out = pd.DataFrame({
        "Measure": summary["measure"].map(label),
        # polish40: "Quarter" here and "Quarter since start" in the comparison of measures
        # named one concept twice (chapter 5's tables side by side)
        label("quarter_since_start"): summary["quarter_since_start"].astype(int).astype(str),
        f"Matched (pp) [{pct} % interval]": [
            bound_text(e, lo, hi, decimals) if b else interval_text(e, lo, hi, decimals)
            for e, lo, hi, b in zip(summary["matched_pp"], summary["ci_low"],
                                    summary["ci_high"], bound, strict=True)],
    })
    if "true_pp" in summary.columns and pd.to_numeric(summary["true_pp"],
                                                      errors="coerce").notna().any():
        out["Truth (pp)"] = [_cell(v, decimals) for v in summary["true_pp"]]
    out["Naive (pp)"] = [_cell(v, decimals) for v in summary["naive_pp"]]
    # a printed bound has no relative effect, hidden or not: "–", never the suppression marker
    # (user25: one bounds row printed "x", the next "–"); a suppressed estimate keeps its
    # marker, which does not tell that it is a bound (and a bound's relative is never printed)
    out["Relative (%)"] = [
        _cell(v, decimals) if not b or (isinstance(e, str) and isinstance(v, str)) else "–"
        for v, b, e in zip(summary["matched_rel_pct"], bound, summary["matched_pp"], strict=True)]
    out["Starters"] = [_cell(v, 0) for v in summary["n_treated"]]
    return out


def quarter_runs(quarters: Iterable[int]) -> list[tuple[int, int]]:
    """Whole quarters (indices or quarters since the start; any order, repeats allowed) as
    runs of consecutive quarters ``(first, last)``, sorted: ``[10, 6, 7, 8, 8]`` ->
    ``[(6, 8), (10, 10)]``; empty for none. The one grouping behind the prose's quarter lists
    (:func:`mia_helpers.claims`' "6 to 8 and 10") and the ``adapt`` command's list of KSZ
    quarters without rows (:func:`mia_helpers.cli.adapt.ksz_gap_warning`).

    Raises
    ------
    TypeError, ValueError
        If a value cannot be read as an integer (``int(q)``'s errors).
    """
    runs: list[tuple[int, int]] = []
    for q in sorted({int(q) for q in quarters}):
        if runs and q == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], q)
        else:
            runs.append((q, q))
    return runs
