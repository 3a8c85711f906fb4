"""The closing chapter: each finding of the seed study beside what the book finds on its data.

:func:`findings_table` recomputes, on one data folder (synthetic or a real extract), the
quantity behind each quantitative finding of the seed study (VIONA 2020) with the package's
estimators, with an interval at the caller's confidence level, and - for synthetic data -
the generator's true value where one exists and the generator parameter that builds the
finding in. Nothing is read from an earlier run, so the numbers are always those of the
data folder given.

Rows (``key``):

- ``nonEU_gap_job`` / ``nonEU_gap_stable``: odds ratio (hazard ratio with the cloglog link,
  :func:`link_words`) of entry into a first (stable) job of
  school leavers of non-EU origin (second and intermediate generation pooled) vs natives,
  duration dummies only (chapter 2's M0 with one non-EU indicator);
- ``nonEU_women_job``: mean over the non-EU cells of women's minus men's first-job
  coefficient in the per-sex full models (:mod:`mia_helpers.subgroups`); its truth is the
  mean of ``job.female_origin_generation`` over those cells (:func:`add_school_leaver_truth`);
- ``explained_intermediate`` / ``explained_second``: KHB share (%) of the non-EU
  intermediate / second generation's first-job gap explained by chapter 2's blocks, with the
  interval of the explained part divided by the gap (the gap held fixed); no share (NaN,
  noted) when the gap's interval includes zero (:data:`mia_helpers.khb.NO_SHARE_NOTE`);
- ``ibo_lowlink_rrr``: relative risk ratio of IBO inflow for low-link jobseekers at equal
  self-reliance (chapter 3's multinomial logit with duration, low-link and self-reliance);
- ``ibo_residents_q5``: IBO's relative effect (%) on entry into stable employment five
  quarters after the start, residents, matched, now versus later (chapter 4);
- ``ibo_newcomers_q4``: the same for newcomers after four quarters (chapter 5);
- ``feeder_or``: odds ratio of a first VDAB measure start after an integration contract,
  non-working newcomers (chapter 5's feeder model).

Relative effects have no interval of their own: ``ci_low``/``ci_high`` of the
two IBO rows are the percentage-point interval divided by the matched controls' mean
(``att_pp / att_rel``), which ignores the uncertainty of that mean (stated in ``note``).
Their generator's value (``truth``) is the generator's pp effect over that same mean, and
whether the interval holds it is judged on the pp scale (``truth_held``,
:func:`truth_verdict`), as chapters 4 and 5 judge it; the generator's own relative effect,
over its true counterfactual mean, is ``truth_own`` (:func:`_relative_row` says why).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mia_helpers import codes
from mia_helpers import hazard as hz
from mia_helpers.core.levels import critical_value
from mia_helpers.labels import fewer_than
from mia_helpers.matching import NotEstimableError


@dataclass(frozen=True)
class StudyFinding:
    """One quantitative finding of the seed study and where the book tests it."""

    key: str
    chapter: str
    claim: str  #: the study's finding, in words
    study_value: float | None  #: the study's number where it gives one (same unit as the book)
    unit: str
    #: the generator parameter(s) that put the finding into the synthetic data
    mechanism: str
    #: "by construction": a parameter sets the quantity's sign and size directly;
    #: "emerges": it results from several parameters (composition) and is not set directly
    synthetic: str


STUDY_FINDINGS: tuple[StudyFinding, ...] = (
    StudyFinding("nonEU_gap_job", "02", "school leavers of non-EU origin enter a first job "
                 "more slowly than natives", None, "odds ratio",
                 "job.origin_generation, population education/Dutch by generation", "emerges"),
    StudyFinding("nonEU_gap_stable", "02", "the gap is wider for a first stable job", None,
                 "odds ratio", "job.end_non_eu (shorter jobs for non-EU origins)",
                 "by construction"),
    StudyFinding("nonEU_women_job", "02", "women of non-European origin meet extra "
                 "barriers to entry: their gap with native women exceeds non-EU men's gap "
                 "with native men (first job, after the controls)", None,
                 "log-odds difference (women - men)",
                 "job.female_origin_generation (zero by default)", "by construction"),
    StudyFinding("explained_intermediate", "02", "individual characteristics explain a "
                 "sizeable share of the intermediate generation's gap", None, "% of gap",
                 "population: lower education and Dutch of the intermediate generation",
                 "emerges"),
    StudyFinding("explained_second", "02", "the second generation's gap stays largely "
                 "unexplained", None, "% of gap",
                 "job.origin_generation (direct terms of the second generation)", "emerges"),
    StudyFinding("ibo_lowlink_rrr", "03", "southern-EU and non-EU jobseekers (not the "
                 "southern-EU second generation) flow less into IBO at equal self-reliance",
                 None, "relative risk ratio", "measures.workplace_learning_ibo.low_link",
                 "by construction"),
    StudyFinding("ibo_residents_q5", "04", "IBO: about 24 per cent more entries into stable "
                 "employment five quarters after the start than the statistical twins", 24.0,
                 "% (relative effect)", "measures.workplace_learning_ibo.gain",
                 "by construction"),
    StudyFinding("ibo_newcomers_q4", "05", "IBO returns most for newcomers too: more than "
                 "45 per cent more entries after a year", 45.0, "% (relative effect)",
                 "measures.workplace_learning_ibo.gain with newcomers' lower baseline",
                 "emerges"),
    StudyFinding("feeder_or", "05", "inburgering feeds newcomers to VDAB measures", None,
                 "odds ratio", "newcomer.feeder_measures, newcomer.feeder_registration",
                 "by construction"),
)

#: the ending of a ``note`` that the source chapter's own table does the same; a note with
#: several such parts says it once (:func:`own_table_once`)
OWN_TABLE = ", as in the chapter's own table"

#: ``note`` of a finding whose count of persons the source chapter's table hides
PERSONS_HIDDEN_WORDS = "persons hidden by disclosure control"
PERSONS_HIDDEN = PERSONS_HIDDEN_WORDS + OWN_TABLE

#: ``note`` of a finding whose relative effect the source chapter's table hides (rule ``share``:
#: with the effect in pp and the starters, a relative effect would count the few who entered;
#: book/disclosure.md)
RELATIVE_HIDDEN = "relative effect hidden" + OWN_TABLE

#: ``note`` of a finding whose matched effect is not point-identified ("now versus never" with
#: twins that could not remain untreated): the chapters' tables print its worst-case bounds
#: without a point or relative effect (:func:`mia_helpers.labels.not_point_identified`)
NOT_POINT_IDENTIFIED = "not point-identified: only worst-case bounds" + OWN_TABLE


def own_table_once(note: str) -> str:
    """``note`` (parts joined by "; ") with its parts that end in :data:`OWN_TABLE` said as one:
    "relative effect hidden and persons hidden by disclosure control, both as in the chapter's
    own table" (prose39: at min_cell 25 chapter 6's findings table and its prose read
    "not shown (relative effect hidden, as in the chapter's own table; persons hidden by
    disclosure control, as in the chapter's own table)"). The merged part comes first, the
    other parts follow in their order; a note with one such part or none is returned as it
    is."""
    parts = str(note).split("; ")
    own = [q[: -len(OWN_TABLE)] for q in parts if q.endswith(OWN_TABLE)]
    if len(own) < 2:
        return str(note)
    rest = [q for q in parts if q and not q.endswith(OWN_TABLE)]
    listed = ", ".join(own[:-1]) + f" and {own[-1]}"
    merged = f"{listed}, {'both' if len(own) == 2 else 'all'}{OWN_TABLE[1:]}"
    return "; ".join([merged, *rest])

COLUMNS = ["key", "chapter", "claim", "study_value", "estimate", "ci_low", "ci_high",
           "unit", "truth", "n_persons", "mechanism", "synthetic", "note", "truth_own",
           "truth_held"]


def _z(level: float) -> float:
    return critical_value(level)


def _split_key(pp: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    parts = pp[hz.KEY].astype(str).str.split(":", n=1, expand=True)
    return parts[0].to_numpy(), parts[1].to_numpy()


def chapter2_counts_hidden(risk: Any, sex_khb: pd.DataFrame, women: Mapping[str, int]
                           ) -> dict[str, bool]:
    """Which chapter 2 rows' ``n_persons`` chapter 2's own tables do not let out.

    Each such count is a sum of chapter 2's cells: the non-EU school leavers at risk (of a
    first job, of a first stable job, of one generation) add up the origin x generation cells
    of the risk-set table (:func:`mia_helpers.hazard.risk_set_table`), the non-EU women at
    risk of a first job the women's cells of the KHB table by sex
    (:func:`mia_helpers.subgroups.khb_table`). Published beside those tables, the sum tells
    the total of the cells chapter 2 hides (seed 4242, 2,500 residents, ``min_cell`` 20:
    chapter 6 printed 188 non-EU women, 66 of them in four cells chapter 2 hides, three of them
    small). So a count is published only where chapter 2 publishes every cell it adds up (the
    sum then tells nothing new); else it is hidden (True).

    Parameters
    ----------
    risk : disclosure.Protected
        The risk-set table as chapter 2 protects it (index: origin x generation cells such as
        ``"maghreb:second"``; columns ``n_persons_job``, ``n_persons_stable``).
    sex_khb : DataFrame
        The KHB table by sex as chapter 2 publishes it (``sex``, ``event``, ``group``,
        ``n_persons``; hidden counts missing or text markers; a sex and event without a
        decomposition has no rows).
    women : mapping
        Non-EU cell -> women at risk of a first job (cells without women need no row).

    Returns
    -------
    dict
        ``nonEU_gap_job``, ``nonEU_gap_stable``, ``explained_intermediate``,
        ``explained_second``, ``nonEU_women_job`` -> True where the count is hidden.
    """
    cells = pd.Index(risk.data.index.astype(str))
    origin = cells.str.split(":").str[0]
    gen = cells.str.split(":").str[1]
    non_eu = np.isin(origin, codes.NON_EU_ORIGINS)

    def hidden(col: str, rows: np.ndarray) -> bool:
        if col not in risk.reason.columns:
            return True
        return bool((risk.reason[col].to_numpy()[rows] != "").any())

    out = {f"nonEU_gap_{ev}": hidden(f"n_persons_{ev}", non_eu) for ev in ("job", "stable")}
    for g in ("intermediate", "second"):
        out[f"explained_{g}"] = hidden("n_persons_job", non_eu & (gen == g))
    d = sex_khb[(sex_khb["sex"].astype(str) == "female")
                & (sex_khb["event"].astype(str) == "job")] if len(sex_khb) else sex_khb
    shown = (pd.to_numeric(d["n_persons"], errors="coerce").set_axis(d["group"].astype(str))
             if len(d) else pd.Series(dtype=float))
    out["nonEU_women_job"] = any(n > 0 and pd.isna(shown.get(str(c), np.nan))
                                 for c, n in women.items())
    return out


#: chapter 2's rows' units and words by the link of its hazard models (fresh48: with
#: ``-p link cloglog`` the table's unit, the estimand and the prose said "odds ratio" and
#: "log-odds" of what were hazard ratios and log hazard ratios): :data:`mia_helpers.hazard.
#: LINK_WORDS`, the words' one home (rev48)
LINK_WORDS = hz.LINK_WORDS


def link_words(link: str) -> dict[str, str]:
    """The words of chapter 2's rows for ``link`` (:data:`LINK_WORDS`): ``gap_ratio``, the
    ratio the non-EU gaps are ("odds ratio" for logit, "hazard ratio" for cloglog), and
    ``gap_scale``, the scale of the women's difference ("log-odds", "log-hazard"). The
    generator's value beside a log-hazard row says that it is on the log-odds scale
    (:func:`glue_texts`).
    Raises ``ValueError`` naming the parameter ``link`` for another link
    (:func:`mia_helpers.hazard.link_words`)."""
    return hz.link_words(link)


def link_units(link: str) -> dict[str, str]:
    """The unit of each chapter 2 row of the findings table for ``link`` (the row's
    :attr:`StudyFinding.unit` holds the logit's): finding key -> unit."""
    w = link_words(link)
    return {"nonEU_gap_job": w["gap_ratio"], "nonEU_gap_stable": w["gap_ratio"],
            "nonEU_women_job": f"{w['gap_scale']} difference (women - men)"}


def school_leaver_rows(data: str | Path, blocks: Sequence[str], link: hz.Link = "logit",
                       stable_quarters: int = 4, level: float = 0.95, min_cell: int = 10
                       ) -> dict[str, dict]:
    """The four chapter 2 rows (see the module docstring): estimate, ci_low, ci_high,
    n_persons per key. ``min_cell``: a row's ``n_persons`` carries ``persons_hidden`` True
    where chapter 2's tables at that threshold hide one of the cells it adds up
    (:func:`chapter2_counts_hidden`); :func:`findings_table` then hides it too. Raises
    ``ValueError`` naming the event when the non-EU term is not identified (no non-EU or no
    native school leavers at risk). Each of the three non-EU rows carries the ``unit`` of
    ``link`` (:func:`link_units`: hazard ratios for cloglog), which :func:`findings_table`
    shows."""
    from mia_helpers.khb import NO_SHARE_NOTE, gap_spans_zero, khb, not_decomposable_note

    z = _z(level)
    out: dict[str, dict] = {}
    periods = {ev: hz.school_leaver_periods(data, ev, stable_quarters=stable_quarters)
               for ev in ("job", "stable")}
    for ev, pp in periods.items():
        origin = _split_key(pp)[0]
        native = origin == "belgian"
        non_eu = np.isin(origin, codes.NON_EU_ORIGINS)
        d = pp[native | non_eu].assign(non_eu=non_eu[native | non_eu].astype(float))
        fit = hz.fit_hazard(hz.group_periods(d, ["non_eu"]), ["non_eu"], link=link,
                            name="M0")
        t = fit.tidy(level=level).set_index("term").loc["non_eu"]
        if not bool(t["identified"]):
            raise ValueError(f"event {ev!r}: the non-EU term is not identified in these data "
                             "(no non-EU or no native school leavers at risk)")
        b, se = float(t["estimate"]), float(t["se"])
        out[f"nonEU_gap_{ev}"] = {"estimate": np.exp(b), "ci_low": np.exp(b - z * se),
                                  "ci_high": np.exp(b + z * se),
                                  "n_persons": int(d.loc[d["non_eu"] > 0, "person_id"].nunique())}
    from mia_helpers import subgroups as sg

    by_sex = sg.fit_by_sex(periods, blocks, link=link)
    gaps = sg.gap_table(by_sex, level=level, min_cell=1)
    top = f"M{len(blocks)}"
    d = sg.non_eu_sex_difference(gaps, top, "job", level=level, by_sex=by_sex)
    pj = periods["job"]
    non_eu_women = ((pj["sex"].astype(str) == "female").to_numpy()
                    & np.isin(_split_key(pj)[0], codes.NON_EU_ORIGINS))
    out["nonEU_women_job"] = {
        "estimate": d["mean"], "ci_low": d["ci_low"], "ci_high": d["ci_high"],
        "n_persons": int(pj.loc[non_eu_women, "person_id"].nunique()), "truth": np.nan,
        "cells": d["groups"],
    }
    pp = periods["job"]
    added = {b: hz.BLOCKS[b] for b in blocks}
    covs = hz.block_covariates(blocks)
    origin, gen = _split_key(pp)
    for g in ("intermediate", "second"):
        grp = np.isin(origin, codes.NON_EU_ORIGINS) & (gen == g)
        keep = (origin == "belgian") | grp
        d = pp[keep].assign(group=grp[keep].astype(float))
        n_group = int(d.loc[d["group"] > 0, "person_id"].nunique())
        try:
            r = khb(hz.group_periods(d, ["group", *covs]), "group", added, link=link,
                    level=level)
        except ValueError as err:  # a control not identified in this comparison
            if "not identified" not in str(err):
                raise
            out[f"explained_{g}"] = {"estimate": np.nan, "ci_low": np.nan,
                                     "ci_high": np.nan, "n_persons": n_group,
                                     "note": not_decomposable_note(err)}
            continue
        s = r.summary.iloc[0]
        gap = float(s["reduced"])
        if gap_spans_zero(r.summary)[0]:  # no share of it (khb.share_table's rule)
            out[f"explained_{g}"] = {"estimate": np.nan, "ci_low": np.nan,
                                     "ci_high": np.nan, "n_persons": n_group,
                                     "note": NO_SHARE_NOTE}
            continue
        out[f"explained_{g}"] = {
            "estimate": 100 * float(s["share"]),
            "ci_low": 100 * (float(s["diff"]) - z * float(s["diff_se"])) / gap,
            "ci_high": 100 * (float(s["diff"]) + z * float(s["diff_se"])) / gap,
            "n_persons": n_group,
        }
        if out[f"explained_{g}"]["ci_low"] > out[f"explained_{g}"]["ci_high"]:
            lo, hi = out[f"explained_{g}"]["ci_high"], out[f"explained_{g}"]["ci_low"]
            out[f"explained_{g}"].update(ci_low=lo, ci_high=hi)
    # the counts as chapter 2's tables let them out (its risk-set and KHB-by-sex tables)
    fem = pj[non_eu_women]
    women = fem.groupby(fem[hz.KEY].astype(str), observed=True)["person_id"].nunique()
    from mia_helpers.describe import analysis_persons  # chapter 1's sample (user31)

    leavers = hz.school_leavers_by_cell(analysis_persons(data), min_cell)
    hidden = chapter2_counts_hidden(hz.risk_set_table(periods, min_cell=min_cell,
                                                      leavers=leavers),
                                    sg.khb_table(by_sex, min_cell=min_cell), women.to_dict())
    for key, h in hidden.items():
        if h and out[key]["n_persons"] > 0:
            out[key]["persons_hidden"] = True
    for key, unit in link_units(link).items():  # the link's ratio, not always odds (fresh48)
        out[key]["unit"] = unit
    return out


def add_school_leaver_truth(rows: dict[str, dict], parameters: Mapping[str, Any] | None
                            ) -> dict[str, dict]:
    """Set the truth of the ``nonEU_women_job`` row for synthetic data: the mean over the
    non-EU cells averaged in the row of women's minus men's direct term relative to natives of
    the same sex (:func:`mia_helpers.subgroups.true_sex_difference`, from the terms chapter 2
    sets beside its cells): ``job.female_origin_generation[cell]`` minus that of native women
    (sexmc44: the native women's term was left out, so a ``--set job.female_origin_generation.
    belgian:native=0.1`` gave chapter 6 a truth 0.1 off chapter 2's). The full first-job models'
    women-minus-men difference estimates it (chapter 2: the largest model's cell coefficients
    estimate the generator's direct terms)."""
    row = rows.get("nonEU_women_job")
    if row is None or parameters is None:
        return rows
    from mia_helpers import subgroups as sg

    row["truth"] = sg.true_sex_difference(parameters, row.get("cells", []))
    return rows


def chapter3_count_hidden(cd: pd.DataFrame, min_cell: int,
                          outcome: str = "workplace_learning_ibo") -> bool:
    """Whether chapter 3's RRR table hides a cell that the low-link row's ``n_persons`` adds up.

    The row counts the low-link jobseekers with a first inflow into ``outcome``; chapter 3's
    RRR table (:func:`mia_helpers.competing.cell_rrr_table`, ``n_persons``) publishes the same
    persons cell by cell (low-link is a function of the origin x generation cell), hiding a
    cell with ``0 < n < min_cell``. Published beside it, the sum minus the published cells
    tells the hidden ones' total: with one low-link cell of 3 persons hidden and the others
    published, chapter 6 would give those 3 away. So the count is hidden (True) when any
    low-link cell is small.

    Parameters
    ----------
    cd : DataFrame
        :func:`mia_helpers.competing.competing_data` rows (``origin_generation``,
        ``low_link``, ``outcome``, ``outcome_label``, ``person_id``).
    min_cell : int
        Disclosure threshold (persons).
    outcome : str
        The measure of the row.

    Returns
    -------
    bool
    """
    from mia_helpers import competing as cr

    ev = cd[(cd["outcome"].to_numpy() > 0) & (cd["low_link"].to_numpy() > 0)
            & (cd["outcome_label"].astype(str) == outcome).to_numpy()]
    n = ev.groupby(ev[cr.KEY].astype(str))["person_id"].nunique().to_numpy()
    return bool(((n > 0) & (n < min_cell)).any())


def inflow_rows(panel: pd.DataFrame, level: float = 0.95,
                parameters: Mapping[str, Any] | None = None, min_cell: int = 10
                ) -> dict[str, dict]:
    """The chapter 3 row: IBO relative risk ratio of low-link jobseekers at equal
    self-reliance, with the generator's ``exp(low_link)`` as truth for synthetic data.

    ``min_cell``: the row's ``n_persons`` carries ``persons_hidden`` True where chapter 3's RRR
    table at that threshold hides one of the low-link cells it adds up
    (:func:`chapter3_count_hidden`); :func:`findings_table` then hides it too."""
    from mia_helpers import competing as cr

    z = _z(level)
    cd = cr.competing_data(panel)
    fit = cr.fit_inflow(cd, ("duration", "low_link", "self_reliance"))
    t = fit.tidy()
    row = t[(t["term"] == "low_link") & (t["outcome"].astype(str) == "workplace_learning_ibo")]
    if not bool(row["identified"].iloc[0]):
        return {"ibo_lowlink_rrr": {"estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                                    "n_persons": 0, "truth": np.nan}}
    b, se = float(row["estimate"].iloc[0]), float(row["se"].iloc[0])
    ibo = cd["outcome_label"].astype(str) == "workplace_learning_ibo"
    n = int(cd.loc[ibo & (cd["low_link"] > 0), "person_id"].nunique())
    truth = (float(np.exp(parameters["config"]["measures"]["workplace_learning_ibo"]["low_link"]))
             if parameters is not None else np.nan)
    row = {"estimate": np.exp(b), "ci_low": np.exp(b - z * se),
           "ci_high": np.exp(b + z * se), "n_persons": n, "truth": truth}
    if n > 0 and chapter3_count_hidden(cd, min_cell):
        row["persons_hidden"] = True
    return {"ibo_lowlink_rrr": row}


def _relative_row(tidy: pd.DataFrame, quarter: int, truth: pd.DataFrame | None,
                  population: str, estimand: str) -> dict:
    """IBO's matched relative effect at ``quarter`` as a findings row (per cent).

    ``tidy``: :attr:`mia_helpers.effects.EffectsResult.tidy` rows (``estimator``,
    ``quarter_since_start``, ``estimand``, ``att_pp``, ``ci_low``, ``ci_high`` in pp, ``att_rel``
    a fraction, ``n_treated``); ``truth``: the generator's effects (``population``, ``measure``,
    ``estimand``, ``quarter_since_start``, ``true_att_pp`` in pp, ``true_att_rel`` a fraction;
    ``group`` optional) or None.

    The estimate is ``att_rel``; the interval is the pp interval over the twins' mean
    ``b = att_pp / att_rel`` (the estimated counterfactual mean, held fixed). On synthetic
    data:

    - ``truth_held``: whether the pp interval holds ``true_att_pp`` - the verdict is made on
      the scale the interval was built on (the estimand, pp), so it is chapter 4's and 5's;
    - ``truth``: the generator's effect on the interval's base, ``100 true_att_pp / b``. The
      interval divided by ``b`` is an interval for the pp effect over that same ``b``, not
      for the generator's relative effect over its *true* counterfactual mean; set beside it
      the latter compares two bases and reads a miss the pp interval does not have (seed 4242,
      newcomers at 4 quarters: 1.9 pp [-2.4, 6.2] holds the generator's 5.8 pp; over the
      twins' 19.2 pp that is 10 % [-12 %, 32 %] with the generator at 30 %, and 34 % over the
      true 17.1 pp was read as a miss, ch6cov36). On this base the interval holds ``truth``
      exactly when ``truth_held`` (``b > 0``, a share of persons). Where no estimate is shown
      (no base), ``truth`` is the generator's own relative effect;
    - ``truth_own``: the generator's relative effect over its true counterfactual mean,
      ``100 true_att_rel``, stated beside it in the text
      (:func:`relative_truth_clause`).
    """
    m = tidy[(tidy["estimator"] == "matched") & (tidy["quarter_since_start"] == quarter)
             & (tidy["estimand"].astype(str) == estimand)]
    if m.empty:
        return {"estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan, "n_persons": 0,
                "truth": np.nan}
    from mia_helpers.labels import not_point_identified

    r = m.iloc[0]
    ok = np.isfinite(r["att_rel"]) and r["att_rel"] != 0
    base = r["att_pp"] / r["att_rel"] if ok else np.nan
    # an effect of exactly zero leaves the ratio 0/0: the twins' mean itself is the base
    # (teach52, seed 4212 at 5,000 residents: newcomers' 0.0 pp [-10.7, 10.7] read
    # "0 per cent (n/a to n/a)", the generator's value on no base)
    cf = pd.to_numeric(pd.Series([r.get("control_outcome", np.nan)]), errors="coerce").iloc[0]
    if not ok and r["att_rel"] == 0 and np.isfinite(cf) and cf > 0:
        base = 100 * float(cf)  # control_outcome is a share; att_pp / att_rel = 100 m0
    out = {"estimate": 100 * r["att_rel"], "ci_low": 100 * r["ci_low"] / base,
           "ci_high": 100 * r["ci_high"] / base, "n_persons": int(r["n_treated"]),
           "truth": np.nan, "truth_own": np.nan, "truth_held": None}
    if truth is not None:
        if "group" in truth.columns:  # truth rows per origin group: keep the overall one
            truth = truth[truth["group"].astype(str) == "all"]
        tr = truth[(truth["population"].astype(str) == population)
                   & (truth["measure"].astype(str) == "workplace_learning_ibo")
                   & (truth["estimand"].astype(str) == estimand)
                   & (truth["quarter_since_start"] == quarter)]
        if len(tr):
            own = 100 * float(tr["true_att_rel"].iloc[0])
            pp = float(tr["true_att_pp"].iloc[0]) if "true_att_pp" in tr else np.nan
            low, high = float(r["ci_low"]), float(r["ci_high"])
            out["truth_own"] = own
            if np.isfinite(pp) and np.isfinite(base) and base > 0:
                out["truth"] = 100 * pp / base  # the interval's base (see the docstring)
                if np.isfinite(low) and np.isfinite(high):
                    out["truth_held"] = bool(low <= pp <= high)  # on the pp scale
            else:  # no base to put it on: the generator's own relative effect
                out["truth"] = own
    if not_point_identified(m.iloc[[0]])[0]:  # a bound is no estimate to set beside the study
        out.update(estimate=np.nan, ci_low=np.nan, ci_high=np.nan,
                   note=NOT_POINT_IDENTIFIED, truth=out["truth_own"], truth_held=None)
    return out


def _not_estimated(err: NotEstimableError) -> str:
    """The note of a finding whose effect the data cannot estimate, in the words the chapters
    use for a skipped step (:func:`mia_helpers.stepwise.failed_step`,
    :func:`mia_helpers.claims.skip_words`)."""
    from mia_helpers.claims import skip_words
    from mia_helpers.stepwise import failed_step

    _, reason = failed_step(err, [err.treatment]) or (err.treatment, str(err))
    _, why = skip_words(reason, getattr(err, "caliper", None))
    return f"not estimated: {why}"


def _count_published(result: Any, quarter: int, estimand: str, population: str,
                     max_quarter: int, min_cell: int) -> bool:
    """Whether the source chapter's effects table publishes the matched starters behind IBO's
    estimate at ``quarter`` (chapter 4's summary table for residents, chapter 5's comparison
    table for newcomers: horizons 4, 5 and 8 up to ``max_quarter``, each count sequence
    starting at the matched starters, :func:`mia_helpers.effect_tables.with_starters`).
    Chapter 6 must not publish a count those tables hide: with the count at a neighbouring
    horizon it would give away the few starters between the two (seed 4242, 2,500 residents:
    287 at quarter 4, hidden at quarter 5, and chapter 6 printed 284)."""
    from mia_helpers.effect_tables import summary_table, with_starters
    from mia_helpers.newcomers import measure_comparison

    qs = _source_quarters(quarter, max_quarter)
    tidy = result.tidy[result.tidy["estimand"].astype(str) == estimand]
    if population == "resident":
        t = summary_table(tidy, result, qs, min_cell=min_cell)
        at = (t.data["measure"].astype(str) == "workplace_learning_ibo") & (
            t.data["quarter_since_start"] == quarter)
        return bool(at.any()) and not bool(t.mask.loc[at, "n_treated"].any())
    t = measure_comparison(with_starters(tidy, result), None, None, (0, *qs), estimand,
                           min_cell)
    at = (t["measure"].astype(str) == "workplace_learning_ibo") & (
        t["quarter_since_start"] == quarter)
    n = pd.to_numeric(t.loc[at, "n_treated"], errors="coerce")
    return bool(len(n)) and bool(n.notna().all())


def _source_quarters(quarter: int, max_quarter: int) -> tuple[int, ...]:
    """The horizons of chapter 4's summary table and chapter 5's comparison table (4, 5 and 8
    up to ``max_quarter``), with ``quarter`` added when it is not among them."""
    qs = tuple(q for q in (4, 5, 8) if q <= max_quarter) or (max_quarter,)
    if quarter not in qs:  # not in the source table: hidden unless the rule is applied to it
        qs = tuple(sorted({*qs, quarter}))
    return qs


def _relative_published(result: Any, quarter: int, estimand: str, population: str,
                        max_quarter: int, min_cell: int) -> bool:
    """Whether the source chapter's effects table publishes IBO's relative effect at
    ``quarter`` (chapter 4's summary table for residents, chapter 5's comparison table for
    newcomers). Those tables hide it (rule ``share``) where, with the matched effect in pp
    and the starters, it gives the starters who entered, ``m1 n`` with ``m1 = att (1 +
    1/rel)``, or those who did not, as a small count, or beside an earlier horizon's the few
    who entered in between (:func:`mia_helpers.effect_tables.entrants_small`,
    :func:`mia_helpers.effect_tables.entrants_steps_behind`). Chapter 6 must not print it
    then, nor its interval (the interval in pp over the interval in % is the controls'
    mean): dpo21, seed 5757, 2,500 residents, min_cell 15: chapter 4 hid IBO's relative
    effect at quarter 5 (126 of 307 starters had entered by quarter 4, 138 of 300 by quarter
    5) and chapter 6 printed "25 % [7 %, 42 %]" beside chapter 4's 9.1 pp, so m1 was 44.5 to
    46.5 % of 293 to 306 starters (the count chapter 4 hides is within 15 of 307): 4 to 16
    entered in quarter 5."""
    from mia_helpers.effect_tables import entrants_small, entrants_steps_behind, summary_table
    from mia_helpers.newcomers import measure_comparison

    ibo = "workplace_learning_ibo"
    qs = _source_quarters(quarter, max_quarter)
    tidy = result.tidy[result.tidy["estimand"].astype(str) == estimand]
    rows = pd.DataFrame({"measure": ibo, "quarter_since_start": list(qs)})
    # the rules themselves, which summary_table and measure_comparison also apply: checked
    # first, since they need no table
    hide = (entrants_small(tidy, rows, min_cell, estimand)
            | entrants_steps_behind(tidy, rows, min_cell, estimand))
    if bool(hide[list(qs).index(quarter)]):
        return False
    if population == "resident":  # and whatever else the summary table hides
        t = summary_table(tidy, result, qs, min_cell=min_cell)
        at = (t.data["measure"].astype(str) == ibo) & (t.data["quarter_since_start"] == quarter)
        rel = t.data.loc[at, "matched_rel_pct"] if "matched_rel_pct" in t.data else []
    else:
        from mia_helpers.effect_tables import with_starters

        t = measure_comparison(with_starters(tidy, result), None, None, (0, *qs), estimand,
                               min_cell)
        at = (t["measure"].astype(str) == ibo) & (t["quarter_since_start"] == quarter)
        rel = t.loc[at, "att_rel_pct"] if "att_rel_pct" in t else []
    rel = pd.to_numeric(pd.Series(rel, dtype=object), errors="coerce")
    return bool(len(rel)) and bool(rel.notna().all())


def effect_rows(panel: pd.DataFrame, truth: pd.DataFrame | None, k: int = 3,
                caliper: float = 0.2, max_quarter: int = 12, bootstrap: int = 0,
                seed: int = 0, level: float = 0.95, estimand: str = "now_vs_later",
                interval: str = "linearized", min_cell: int = 10) -> dict[str, dict]:
    """The chapter 4 and 5 rows: IBO's relative effect for residents (quarter 5) and newcomers
    (quarter 4), matched, with intervals of the ``interval`` method of
    :func:`mia_helpers.effects.estimate_effects` (linearized by default, or ``bootstrap``
    replications; see the module docstring) and the true relative effect for synthetic
    data; and the feeder odds ratio.

    ``min_cell``: an effect row's ``n_persons`` (matched starters at its horizon) carries
    ``persons_hidden`` True where chapter 4's or 5's effects table hides that count
    (:func:`_count_published`); :func:`findings_table` then hides it too. It carries
    ``relative_hidden`` True where that table hides the relative effect itself
    (:func:`_relative_published`); :func:`findings_table` then hides the estimate and its
    interval. An effect that is not point-identified (``estimand`` "now_vs_never": worst-case
    bounds, which chapters 4 and 5 print without a point) has no estimate, and its ``note``
    is :data:`NOT_POINT_IDENTIFIED`. An effect row whose published common-support table
    (:func:`mia_helpers.effect_tables.support_published`) drops at least
    :data:`mia_helpers.claims.TRUTH_SCOPE_DROPPED_PCT` % of IBO's starters for lack of a twin
    carries that share as ``dropped_pct`` (:func:`truth_scope_of`): chapter 4 then does not
    read the matched estimate against the truth, and chapter 6 says why (close27). An IBO
    effect the data cannot estimate (:class:`~mia_helpers.matching.NotEstimableError`) and a
    feeder logit whose person-clustered covariance has fewer than 2 persons in its rows (very
    few newcomers: 1 to 5 of them with 1,000 residents, user31) have no estimate and a
    ``note`` saying why (:data:`FEEDER_TOO_FEW` for the latter), so chapter 6 ends.

    Raises ``ValueError`` for a ``level`` other than 0.95 (the effects' intervals are 95%
    intervals)."""
    from mia_helpers import newcomers as nc
    from mia_helpers.claims import truth_scope
    from mia_helpers.effect_tables import support_published
    from mia_helpers.effects import activation_effects
    from mia_helpers.twin_persons import with_twin_persons

    if level != 0.95:
        raise ValueError("the effects' intervals are 95% intervals; use level=0.95")
    kw = dict(k=k, caliper=caliper, max_quarter=max_quarter, bootstrap=bootstrap, seed=seed,
              progress=False, with_hazard=False, estimands=(estimand,), interval=interval)
    npanel = nc.newcomer_panel(panel)
    out = {}
    for key, data, population, quarter in (("ibo_residents_q5", panel, "resident", 5),
                                           ("ibo_newcomers_q4", npanel, "newcomer", 4)):
        try:
            r = with_twin_persons(activation_effects(  # twins in persons: the rules
                data, specs=nc.measure_specs(["workplace_learning_ibo"], population), **kw))
        except NotEstimableError as err:  # a small extract: said in the row's note
            out[key] = {"estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                        "n_persons": 0, "truth": np.nan, "note": _not_estimated(err)}
            continue
        out[key] = _relative_row(r.tidy, quarter, truth, population, estimand)
        scope = truth_scope(support_published(r, min_cell))  # chapter 4's rule (close27)
        if "workplace_learning_ibo" in scope:
            out[key]["dropped_pct"] = scope["workplace_learning_ibo"]
        if out[key]["n_persons"] > 0 and not _count_published(r, quarter, estimand, population,
                                                              max_quarter, min_cell):
            out[key]["persons_hidden"] = True
        if np.isfinite(out[key]["estimate"]) and not _relative_published(
                r, quarter, estimand, population, max_quarter, min_cell):
            out[key]["relative_hidden"] = True
    fp = nc.feeder_periods(npanel)
    n = int(fp.loc[fp["inburgering_before"] > 0, "person_id"].nunique())
    try:
        fit = nc.feeder_hazard(fp)
    except ValueError as err:  # user31: the person-clustered fit needs 2 persons in its rows
        # (chapter 6 with 1,000 residents stopped in a cell at 1, 2, 3 newcomers, seed 2005,
        # and at 5, seed 3: "a cluster-robust covariance needs at least 2 clusters, got 1")
        if "at least 2 clusters" not in str(err):
            raise
        out["feeder_or"] = {"estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                            "n_persons": n, "truth": np.nan, "note": FEEDER_TOO_FEW}
        return out
    t = fit.tidy(level=level).set_index("term")
    z = t.loc["inburgering_before"]
    if not bool(z["identified"]):
        z = pd.Series({"exp_estimate": np.nan, "exp_ci_low": np.nan, "exp_ci_high": np.nan})
    out["feeder_or"] = {"estimate": z["exp_estimate"], "ci_low": z["exp_ci_low"],
                        "ci_high": z["exp_ci_high"], "n_persons": n, "truth": np.nan}
    return out


#: the note of the feeder finding when fewer than two newcomers are at risk of a first VDAB
#: measure start (its logit's intervals are clustered by person; user31)
FEEDER_TOO_FEW = ("not estimated: fewer than 2 non-working newcomers in the rows its logit "
                  "can fit (the odds ratio's interval is clustered by person)")


def findings_table(rows: Mapping[str, Mapping[str, Any]], synthetic: bool,
                   min_cell: int = 10) -> pd.DataFrame:
    """Assemble :data:`STUDY_FINDINGS` with the computed ``rows`` (from the ``*_rows``
    functions) into one table (:data:`COLUMNS`).

    For real data (``synthetic=False``) ``truth`` is NaN and ``synthetic`` reads "estimate".
    Disclosure control is :func:`mia_helpers.disclosure.suppress` with ``n_persons`` as the
    count column and the estimate and its interval as values derived from it: in a row resting
    on ``0 < n_persons < min_cell`` persons the count (``<NA>``), the estimate and the interval
    (NaN) are all hidden, and ``note`` says so. The returned frame is the suppressed table's
    ``data`` (``n_persons`` nullable ``Int64``). A row whose computed entry has
    ``persons_hidden`` True (:func:`effect_rows`: its source chapter's table hides the count)
    keeps its estimate but not its count, and ``note`` ends with :data:`PERSONS_HIDDEN`. One
    with ``relative_hidden`` True keeps neither its estimate nor its interval (NaN), and
    ``note`` starts with :data:`RELATIVE_HIDDEN`; its ``truth`` is then ``truth_own`` (the
    generator's value on the twins' base would give the controls' mean back). A finding
    without a computed row raises ``KeyError``.

    ``truth_own`` (the IBO rows: the generator's relative effect over its true counterfactual
    mean, per cent) and ``truth_held`` (1.0 / 0.0: whether the interval holds the generator's
    value, judged on the pp scale of the estimand; NaN where not judged there) come from
    :func:`_relative_row`; :func:`truth_verdict` reads them.
    """
    from mia_helpers.disclosure import record_hidden, suppress

    out = []
    for f in STUDY_FINDINGS:
        if f.key not in rows:
            raise KeyError(f"no computed row for finding {f.key!r}")
        r = dict(rows[f.key])
        note = str(r.get("note", ""))
        if f.key.startswith("ibo_") and f.key != "ibo_lowlink_rrr" and not note:
            note = "interval: pp interval / controls' mean"
        out.append({
            "key": f.key, "chapter": f.chapter, "claim": f.claim,
            "study_value": np.nan if f.study_value is None else f.study_value,
            "estimate": float(r["estimate"]), "ci_low": float(r["ci_low"]),
            "ci_high": float(r["ci_high"]),
            "unit": r.get("unit", f.unit),  # a row may set its own (link_units)
            "truth": r.get("truth", np.nan) if synthetic else np.nan,
            "n_persons": int(r.get("n_persons", 0)),
            "mechanism": f.mechanism if synthetic else "",
            "synthetic": f.synthetic if synthetic else "estimate", "note": note,
            "truth_own": r.get("truth_own", np.nan) if synthetic else np.nan,
            "truth_held": (np.nan if not synthetic or r.get("truth_held") is None
                           else float(bool(r["truth_held"]))),
        })
    table = pd.DataFrame(out, columns=COLUMNS)
    # the generator's value goes with an estimate hidden for few persons: it is computed on
    # the same few starters, and chapter 5's table hides it with them (trial27, seed 4242,
    # 700 newcomers, min_cell 20: "0 %" beside "suppressed: fewer than 20 persons")
    derived = {c: "n_persons" for c in ("estimate", "ci_low", "ci_high", "truth",
                                        "truth_own", "truth_held")}
    prot = suppress(table, count_cols=["n_persons"], min_cell=min_cell, value_cols=derived,
                    name="ch6_findings")
    data = prot.data.copy()
    hidden = prot.mask["n_persons"].to_numpy()
    data.loc[hidden, "note"] = f"suppressed: {fewer_than(min_cell, 'person')}"
    # a count the source chapter's table hides (secondary suppression there): the estimate
    # stands, the count is not published here either
    secondary = np.array([bool(rows[f.key].get("persons_hidden", False))
                          for f in STUDY_FINDINGS]) & ~hidden
    data.loc[secondary, "n_persons"] = pd.NA
    data.loc[secondary, "note"] = [
        (f"{n}; " if n else "") + PERSONS_HIDDEN for n in data.loc[secondary, "note"]]
    # a relative effect the source chapter's table hides (rule share): neither it nor its
    # interval (the pp interval over the % interval gives the controls' mean back)
    relative = np.array([bool(rows[f.key].get("relative_hidden", False))
                         for f in STUDY_FINDINGS]) & ~hidden
    data.loc[relative, ["estimate", "ci_low", "ci_high", "truth_held"]] = np.nan
    # and the generator's value on the twins' base (its pp value over it gives the mean back):
    # the generator's own relative effect instead, with no interval to read it against
    own = pd.to_numeric(data["truth_own"], errors="coerce")
    data.loc[relative & own.notna().to_numpy(), "truth"] = own[relative & own.notna().to_numpy()]
    # in the checking record too: suppress recorded this table before these rules, as "pass"
    added = pd.DataFrame("", index=data.index, columns=data.columns)
    effect_row = table["key"].isin(["ibo_residents_q5", "ibo_newcomers_q4"]).to_numpy()
    added.loc[secondary & effect_row, "n_persons"] = "horizon"  # successive horizons
    added.loc[secondary & ~effect_row, "n_persons"] = "complement"  # chapters 2's and 3's
    added.loc[relative, ["estimate", "ci_low", "ci_high"]] = "share"
    record_hidden("ch6_findings: counts and relative effects the source chapters hide", added,
                  min_cell)
    no_interval = "interval: pp interval / controls' mean"  # no interval shown to explain
    data.loc[relative, "note"] = [
        "; ".join([RELATIVE_HIDDEN, *(p for p in str(n).split("; ") if p and p != no_interval)])
        for n in data.loc[relative, "note"]]
    data["note"] = [own_table_once(n) for n in data["note"]]  # "as in ..." said once
    return data


def _fmt(value: float, unit: str, extra: int = 0, prose: bool = False) -> str:
    """A finding's number as printed: whole per cent for a "%" unit, else two decimals;
    ``extra`` more decimals (:func:`_extra_decimals`). A value that rounds to zero prints
    without a sign (trial21b, seed 6262: "-0.00 (-0.11 to 0.10)" beside "negative: women
    further behind"). A "%" unit prints "30 %" in the table and "30 per cent" with ``prose``
    (the book's prose writes "per cent")."""
    if not np.isfinite(value):
        return "n/a"
    digits = extra if unit.startswith("%") else 2 + extra
    text = f"{value:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    if not unit.startswith("%"):
        return text
    return f"{text} per cent" if prose else f"{text} %"


def _extra_decimals(low: float, high: float, truth: float, unit: str, most: int = 3) -> int:
    """How many more decimals than :func:`_fmt`'s a row needs so that its printed interval
    holds its printed generator's value exactly when the unrounded one does (at most
    ``most``; 0 without a truth; :func:`mia_helpers.claims.decimals_to_tell`). Seed 8383,
    window 2007Q1-2015Q4: the residents' IBO effect printed "30 % [18 %, 43 %]", generator
    "18 %", beside "its interval misses the generator's value" (lower bound 18.04 %, truth
    17.62 %)."""
    from mia_helpers.claims import decimals_to_tell

    return decimals_to_tell(low, high, truth,
                            lambda v, extra: float(_fmt(v, unit, extra).rstrip(" %")), most)


def persons_caption(table: pd.DataFrame, min_cell: int) -> str:
    """The words of chapter 6's findings caption on its ``persons`` column, from
    :func:`findings_table`: the persons behind each estimate, and, where an IBO effect row
    prints a count, that it counts matched *starts* (a person's first start of IBO in each
    registration spell, :mod:`mia_helpers.twin_persons`), as chapter 4's "Starters" do, so a
    person who started IBO in two spells counts twice (late24: the column was headed persons
    over the starts count); and what ``x`` marks. No leading "; ", no full stop."""
    keys = {"ibo_residents_q5", "ibo_newcomers_q4"}
    n = pd.to_numeric(table["n_persons"], errors="coerce")
    starts = bool((table["key"].isin(keys) & n.notna() & (n > 0)).any())
    return ("persons behind each estimate ("
            + ("for the IBO effects, the matched starts, as chapters 4 and 5 count them: a "
               "person who started IBO in two registration spells counts twice; "
               if starts else "")
            + f"x: hidden as in the chapter's own table, where it would reveal fewer than "
            f"{int(min_cell)} persons by difference)")


def truth_scope_of(rows: Mapping[str, Mapping[str, Any]]) -> dict[str, float]:
    """Finding key -> published share of its starters dropped for lack of a twin (%), for the
    effect rows of :func:`effect_rows` whose share reaches
    :data:`mia_helpers.claims.TRUTH_SCOPE_DROPPED_PCT` (``dropped_pct``); their estimate
    averages over fewer starters than the generator's value, as chapter 4 says
    (:func:`mia_helpers.claims.truth_scope`)."""
    return {str(k): float(r["dropped_pct"]) for k, r in rows.items()
            if np.isfinite(float(r.get("dropped_pct", np.nan)))}


def _scope_clause(pct: float, shown: bool = True) -> str:
    """Why a finding with a share ``pct`` (%) of its starters dropped is not read against the
    generator's value: chapter 4's :func:`mia_helpers.claims.truth_scope_sentence` in short.
    ``shown`` False (the estimate is hidden): the dropped share alone, no reason for not
    reading an estimate that is not there (read47; the recovery sentence: trial30b)."""
    # no colon after "twin": "twin: two" reads as a count's label (export-check)
    return (f"an average over all starters, of whom matching dropped {pct:.1f} per cent for "
            "lack of a statistical twin" + (", so the estimate averages over the others and is "
                                            "not read against it" if shown else ""))


#: the relative IBO effects of :func:`findings_table` and whose they are, as
#: :func:`relative_width_clause` names them
RELATIVE_ROWS = (("ibo_residents_q5", "residents'"), ("ibo_newcomers_q4", "newcomers'"))


def relative_width_clause(table: pd.DataFrame) -> str:
    """Chapter 6: how wide the published intervals of the relative IBO effects are, after
    "so they leave out the uncertainty of that mean;" (a clause, no final full stop).

    ``table``: :func:`findings_table` (``key``, ``estimate``, ``ci_low``, ``ci_high`` in
    per cent; a hidden or missing estimate is NaN). Each interval shown is given its width
    in percentage points; an effect not shown is said not to be. trial32 (seed 6262, 2,500
    residents, 900 newcomers, min_cell 12): the typed "where the newcomer sample is small
    they are wide" spoke of the newcomers' interval beside a table that hid their relative
    effect, with no rule for "small" or "wide"."""
    rows = table.set_index(table["key"].astype(str)) if len(table) else table
    shown, hidden = [], []
    for key, who in RELATIVE_ROWS:
        vals = (pd.to_numeric(rows.loc[key, ["estimate", "ci_low", "ci_high", "truth"]],
                              errors="coerce").to_numpy(dtype=float)
                if key in rows.index else np.full(4, np.nan))
        if np.isfinite(vals[:3]).all():
            # the width of the bounds as the table and the prose print them (38 from "-4 %
            # to 34 %", not the unrounded 37.x)
            x = _extra_decimals(vals[1], vals[2], vals[3], "%")
            low, high = (float(_fmt(v, "%", x).removesuffix(" %")) for v in vals[1:3])
            shown.append((who, f"{high - low:.{x}f}"))
        else:
            hidden.append(who)
    if not shown:
        return "neither relative effect is shown here, so no interval is read"
    text = (f"here the {shown[0][0]} interval spans {shown[0][1]} percentage points"
            + (f" and the {shown[1][0]} {shown[1][1]}" if len(shown) > 1 else ""))
    if hidden:
        text += f"; the {hidden[0]} relative effect is not shown"
    return text


def glue_texts(table: pd.DataFrame, scope: Mapping[str, float] | None = None
               ) -> dict[str, str]:
    """Prose strings for :func:`findings_table` rows, for myst-nb ``glue``.

    Per key: ``<key>`` = "estimate (ci_low to ci_high)" or a suppression note;
    ``<key>_truth`` = " (generator: value)" (with its leading space) or "" without truth;
    ``<key>_study`` = the study's
    value or ""; ``<key>_evidence`` = ``<key>`` ("not shown" where hidden: the reason is
    stated with the finding's row), where the generator's value lies outside the
    interval with "; the interval misses the generator's value, X" inside its parentheses (a
    sentence that cites the estimate as evidence elsewhere in the chapter must not drop that: seed
    6161's newcomer IBO, 60 % (33 to 86) against 17 %, was cited so). ``ibo_evidence``: the two
    IBO rows' evidence as chapter 6 cites them, "<residents> for residents, <newcomers> for
    newcomers", or "neither shown in this run" where both are hidden (seed38).

    ``scope``: finding key -> share of its starters dropped for lack of a twin (%,
    :func:`truth_scope_of`). Such a finding's generator's value is given with chapter 4's
    caution (it averages over all starters, the estimate over those kept), not as a miss or
    a hit of the interval; ``recovery`` leaves it out and says so (teach27/close27: caliper
    0.001 drops 83.4 % of IBO's resident starters, and chapter 6 read the estimate against
    the generator's value without a word).
    """
    scope = dict(scope or {})
    out: dict[str, str] = {}
    verdict = {k: (None if pd.isna(v) else bool(v))
               for k, v in zip(table["key"].astype(str), truth_verdict(table), strict=True)}
    for r in table.itertuples(index=False):
        x = (_extra_decimals(float(r.ci_low), float(r.ci_high), float(r.truth), r.unit)
             if np.isfinite(r.estimate) else 0)

        def _p(value: float, unit: str = r.unit, extra: int = x) -> str:  # as the prose prints
            return _fmt(value, unit, extra, prose=True)

        if np.isfinite(r.estimate):
            out[r.key] = (f"{_p(r.estimate)} ({_p(r.ci_low)} to "
                          f"{_p(r.ci_high)})")
        else:
            out[r.key] = "not shown (" + (r.note or "not estimable") + ")"
        # with its leading space, so that an empty one leaves none before the full stop
        # (trial27, seed 4242: "not shown (suppressed: fewer than 20 persons) .")
        out[f"{r.key}_truth"] = (f" (generator: {_p(r.truth)})"
                                 if np.isfinite(r.truth) else "")
        if np.isfinite(r.truth) and str(r.unit).startswith("log-hazard"):  # cloglog (fresh48)
            out[f"{r.key}_truth"] = (f" (generator: {_p(r.truth)}, on the log-odds scale of "
                                     "its terms, so only roughly comparable)")
        missed = verdict.get(r.key) is False  # the one verdict (truth_verdict)
        # the caveat inside the interval's parentheses: the chapter writes "<evidence> for
        # newcomers", and "67 % (41 % to 93 %); its interval misses the generator's value, 31 %
        # for newcomers" read as if 31 % were the newcomers' estimate (trial19, seed 7575)
        # a hidden estimate is cited as "not shown", its reason given with its row already:
        # "(21 % (10 % to 32 %) for residents, not shown (relative effect hidden, as in the
        # chapter's own table) for newcomers)" nested a third pair (trial23b, seed 8181)
        out[f"{r.key}_evidence"] = (
            f"{_p(r.estimate)} ({_p(r.ci_low)} to "
            f"{_p(r.ci_high)}; the interval misses the generator's value, "
            f"{_p(r.truth)})" if missed else out[r.key]
            if np.isfinite(r.estimate) else "not shown")
        out[f"{r.key}_study"] = (_fmt(r.study_value, r.unit, prose=True)
                                 if np.isfinite(r.study_value) else "")
        if r.key in scope and np.isfinite(r.truth):
            caution = _scope_clause(scope[r.key], bool(np.isfinite(r.estimate)))
            # with its leading space, as every ``_truth`` (read27, seed 6161: "14 % (0 % to
            # 27 %)(generator: 26 %, an average ...": close27's clause lost trial27's space)
            out[f"{r.key}_truth"] = f" (generator: {_p(r.truth)}, {caution})"
            if np.isfinite(r.estimate):
                out[f"{r.key}_evidence"] = (
                    f"{_p(r.estimate)} ({_p(r.ci_low)} to "
                    f"{_p(r.ci_high)}; the generator's value, "
                    f"{_p(r.truth)}, {caution})")
    # the IBO rows as the workplace-experience paragraph cites them: "(not shown for residents,
    # not shown for newcomers)" read as evidence that is not there (seed38, min_cell 25)
    res, nc = out.get("ibo_residents_q5_evidence"), out.get("ibo_newcomers_q4_evidence")
    if res is not None and nc is not None:
        out["ibo_evidence"] = ("neither shown in this run" if res == nc == "not shown" else
                               f"{res} for residents, {nc} for newcomers")
    out["recovery"] = recovery_sentence(table, scope)
    out["relative_widths"] = relative_width_clause(table)
    out["relative_truth"] = relative_truth_clause(table)
    out["nonEU_gap_reading"] = stable_gap_reading(table)
    return out


def stable_gap_reading(table: pd.DataFrame) -> str:
    """Whether the non-EU school leavers' odds ratio is lower for a first stable job than for a
    first job (the study's "wider gap for stable jobs"), as a clause with its leading "; ".

    Read from the rows ``nonEU_gap_job`` and ``nonEU_gap_stable`` of :func:`findings_table`
    (columns ``key``, ``estimate``, ``ci_low``, ``ci_high``; odds ratios). Returns "" where
    either row is absent or its estimate hidden (NaN): the chapter then states the two ratios
    without a reading. A lower stable-job ratio below one reads as the study's wider gap, with
    a caution where the two intervals overlap; otherwise the clause says which condition fails
    (reader31: chapter 6 set the two ratios side by side and left the comparison, the study's
    finding, to the reader).
    """
    rows = table.set_index(table["key"].astype(str))
    if not {"nonEU_gap_job", "nonEU_gap_stable"} <= set(rows.index):
        return ""
    job, stable = rows.loc["nonEU_gap_job"], rows.loc["nonEU_gap_stable"]
    if not (np.isfinite(float(job["estimate"])) and np.isfinite(float(stable["estimate"]))):
        return ""
    j, s = float(job["estimate"]), float(stable["estimate"])
    if s < j and s < 1:
        overlap = float(stable["ci_high"]) >= float(job["ci_low"])
        return ("; the stable-job ratio is the lower: the gap is wider for stable jobs, as the "
                "study finds" + (" (the two intervals overlap, so the difference is not sharply "
                                 "estimated)" if overlap else ""))
    why = "is not lower than the first-job ratio" if s >= j else "is not below one"
    return (f"; the stable-job ratio {why}, so the study's wider gap for stable jobs does not "
            "come back on these data")


def data_phrase(parameters: Mapping[str, Any] | None, window: tuple[str, str]) -> str:
    """What chapter 6's reading of its findings table rests on, in words: "this extract"
    (``parameters`` None: a real extract), or the synthetic data set by the seed and sizes of
    its generator's ``parameters`` (:func:`mia_helpers.data.load_parameters`) and the
    analysis ``window``. It said "the book's synthetic data" whatever the seed (trial22: a
    run on seed 3131 with 12,000 residents read so), and the book's default is one data set
    among those a reader can generate."""
    if parameters is None:
        return "this extract"
    return (f"the synthetic data of seed {int(parameters['seed'])}, "
            f"{int(parameters['residents']):,} residents and "
            f"{int(parameters['newcomers']):,} newcomers over {window[0]}-{window[1]}")


def recovery_sentence(table: pd.DataFrame, scope: Mapping[str, float] | None = None) -> str:
    """How many published findings with a generator truth hold it inside their interval, as a
    sentence (and which do not); without truth, says so. Read from :func:`findings_table`.
    The findings of ``scope`` (:func:`truth_scope_of`: many starters dropped for lack of a
    twin) that have a generator's value are not judged; a clause names them and says why, and the count before it speaks
    of the *other* findings (read27, seed 6161: "for both findings that have one" beside
    the table's four generator values, the two IBO effects set apart after it). Every finding
    judged missed reads "misses ... for both/all n" (seed34: not "holds ... for 0 of the 3");
    several missed among others are each named after "not for" / "nor for". The findings
    without an estimate shown, set apart or not, are named in one clause (read47: "has no
    estimate shown ..." twice in a row, once per IBO finding). The count itself is
    :func:`_recovery_count`'s, over the findings not set apart (mend48: one helper with named
    arguments, where this function called itself through two private keywords)."""
    scope = dict(scope or {})
    # only a finding with a generator's value is set apart for not being read against it
    # (fresh50: on an own extract, no truth at all, the newcomers' IBO effect "has no estimate
    # shown to read against the generator's value" beside "no other finding here has a known
    # truth")
    value = pd.to_numeric(table["truth"], errors="coerce").notna().to_numpy() \
        if "truth" in table else np.zeros(len(table), dtype=bool)
    apart = [k for k, v in zip(table["key"].astype(str), value, strict=True)
             if k in scope and v]
    if not apart:
        return _recovery_count(table)
    from mia_helpers.labels import label

    keep = ~table["key"].astype(str).isin(apart)
    # a finding whose estimate the table hides has nothing to read against the generator
    # in the first place (trial30b, seed 8383: "IBO effect, newcomers (4 quarters) is not
    # read against the generator's value: matching dropped 32.4 % ..." beside "relative
    # effect hidden" in the table, as if an interval had been set aside); it is named
    # with the other findings without an estimate shown, in one clause (read47)
    est = pd.to_numeric(table.set_index(table["key"].astype(str))["estimate"],
                        errors="coerce")
    apart_hidden = {k: scope[k] for k in apart if pd.isna(est.get(k))}
    apart_shown = [k for k in apart if k not in apart_hidden]
    clause = ""  # said before the findings without an estimate shown: the table's order
    if apart_shown:
        one = len(apart_shown) == 1
        shares = _joined_labels([f"{scope[k]:.1f} per cent" for k in apart_shown])
        # a row label in quotes, named as a finding: "; IBO effect, residents (5
        # quarters) and IBO effect, newcomers (4 quarters) are not read" opened a clause
        # with a table label whose commas read as a list (user43; newuser40)
        quoted = _joined_labels([f'"{label(k)}"' for k in apart_shown])
        clause = (f"; the finding{'' if one else 's'} {quoted} "
                  f"{'is' if one else 'are'} not read against the generator's value: "
                  f"matching dropped {shares} of {'its' if one else 'their'} starters for "
                  "lack of a statistical twin, and the generator's value averages over all "
                  "of them")
    return _recovery_count(table[keep].reset_index(drop=True), others=True,
                           apart_hidden=apart_hidden, apart_clause=clause)


def _recovery_count(table: pd.DataFrame, others: bool = False,
                    apart_hidden: Mapping[str, float] | None = None,
                    apart_clause: str = "") -> str:
    """:func:`recovery_sentence`'s count over the findings of ``table`` (those not set apart):
    how many hold the generator's value inside their interval, which miss it, and the clause
    naming those with a generator's value but no verdict (:func:`_unjudged_clause`).
    ``others``: findings were set apart, so the count speaks of the "other" findings;
    ``apart_hidden``: the findings set apart whose estimate the table hides (key -> share of
    starters dropped), named in the same clause as those of ``table`` without an estimate
    shown; ``apart_clause``: the clause on the findings set apart with an estimate shown,
    said before that clause."""
    truth = pd.to_numeric(table["truth"], errors="coerce")
    verdict = truth_verdict(table)  # the one verdict (IBO: on the pp scale)
    judged = verdict.notna().to_numpy()
    # a finding with a generator value but no verdict is named, not only left out of the count
    # (prose47: user46's run, seed 2019, min_cell 25, read "for both other findings that have
    # one and an estimate shown" and never said that the residents' IBO effect, with its
    # generator's value of 27 per cent, had no estimate shown)
    est = pd.to_numeric(table["estimate"], errors="coerce").notna().to_numpy()
    no_est = truth.notna().to_numpy() & ~judged & ~est
    no_band = truth.notna().to_numpy() & ~judged & est  # an estimate without an interval
    unnamed = apart_clause + _unjudged_clause(table, no_est, no_band, apart_hidden)
    if not judged.any():
        if no_est.any() or no_band.any():
            return (f"no {'other ' if others else ''}finding here has both a known truth and an "
                    f"interval shown to compare with it{unnamed}")
        return (f"no {'other ' if others else ''}finding here has a known truth to compare "
                f"with{unnamed}")
    inside = verdict.fillna(False).to_numpy(dtype=bool)
    missed = table.loc[judged & ~inside, "key"].tolist()
    n_in, n = int(inside.sum()), int(judged.sum())
    # a finding with a generator value whose estimate is hidden is not judged, and "the
    # findings that have one" would count it (trial27, seed 8181: "all 3 findings that have
    # one" beside four generator values, the newcomers' IBO effect hidden; seed 4242: "all 2")
    having = (" and an estimate shown" if no_est.any() and not no_band.any() else
              " and an interval shown" if no_band.any() else "")
    one, many = f"finding that has one{having}", f"findings that have one{having}"
    if others:  # the findings set apart are named after this count
        one, many = f"other {one}", f"other {many}"
    every = "both" if n == 2 else f"all {n}"
    text = (f"the interval holds the generator's value for the one {one}"
            if n == 1 and n_in == 1 else
            f"the interval misses the generator's value for the one {one}"
            if n == 1 else
            f"the interval holds the generator's value for {every} {many}"
            if n_in == n else
            # seed34: "holds ... for 0 of the 3 findings that have one (not for A; B; C)"
            f"the interval misses the generator's value for {every} {many}"
            if n_in == 0 else
            f"the interval holds the generator's value for {n_in} of the {n} {many}")
    if missed:
        from mia_helpers.labels import label

        names = [label(k) for k in missed]
        if n_in == 0:  # every finding judged is missed: the list names them all
            text += " (" + "; ".join(names) + ")"
        else:  # seed34: "(not for A; B)" read as if B were held; each one "nor for"
            text += " (not for " + ", nor for ".join(names) + ")"
    return text + unnamed


#: places in a list of findings, for :func:`_unjudged_clause`
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth")


def _unjudged_clause(table: pd.DataFrame, no_est: np.ndarray, no_band: np.ndarray,
                     hidden_apart: Mapping[str, float] | None = None) -> str:
    """The findings of :func:`recovery_sentence` that have a generator's value but no verdict,
    named as quoted row labels after "; ": those without an estimate shown (its row in the
    table says why: hidden, not estimated or not point-identified), with those of
    ``hidden_apart`` (key -> share of starters dropped: set apart for their dropped starters,
    their estimate hidden) in the same clause (read47: "has no estimate shown" twice in a row,
    once per IBO finding), and those with an estimate but no interval. "" when there is none."""
    from mia_helpers.labels import label

    apart = dict(hidden_apart or {})
    keys = table["key"].astype(str).to_numpy()
    own = list(keys[no_est])
    out = ""
    part = own + [k for k in apart if k not in own]
    if part:
        order = {f.key: i for i, f in enumerate(STUDY_FINDINGS)}  # the table's order
        part.sort(key=lambda k: order.get(k, len(order)))
        one = len(part) == 1
        quoted = _joined_labels([f'"{label(k)}"' for k in part])
        set_apart = [k for k in part if k in apart]
        if set_apart:
            shares = _joined_labels([f"{apart[k]:.1f} per cent" for k in set_apart])
            its = "its" if len(set_apart) == 1 else "their"
            dropped = f"matching dropped {shares} of {its} starters for lack of a statistical twin"
        if not set_apart:
            why = "its row in the table says why" if one else "their rows in the table say why"
        elif not own:
            why = f"the table hides {'it' if one else 'them'}; {dropped}"
        else:  # which of those named were set apart, by their place in the list
            nth = _joined_labels([ORDINALS[i] if i < len(ORDINALS) else f"{i + 1}th"
                                  for i in (part.index(k) for k in set_apart)])
            why = f"their rows in the table say why; for the {nth}, {dropped}"
        out += (f"; the finding{'' if one else 's'} {quoted} {'has' if one else 'have'} no "
                f"estimate shown to read against the generator's value ({why})")
    band = list(keys[no_band])
    if band:
        one = len(band) == 1
        quoted = _joined_labels([f'"{label(k)}"' for k in band])
        out += (f"; the finding{'' if one else 's'} {quoted} {'has' if one else 'have'} no "
                "interval to hold the generator's value or miss it")
    return out


def truth_verdict(table: pd.DataFrame) -> pd.Series:
    """Whether each finding's interval holds the generator's value: the one verdict that
    chapter 6's table, bullets, policy paragraph and summary use (nullable ``boolean``, one per
    row of :func:`findings_table`, same index; ``<NA>`` where not judged: no estimate shown,
    no interval or no generator's value).

    Judged on the scale the interval was built on: for the IBO rows the pp interval against
    the generator's pp effect (``truth_held``, :func:`_relative_row`), as chapters 4 and 5
    judge it, not the relative interval against a relative truth on another base (ch6cov36,
    seed 4242: 1.9 pp [-2.4, 6.2] holds the generator's 5.8 pp, but 10 % [-12 %, 32 %] over
    the twins' mean was read against 34 % over the true counterfactual mean). Elsewhere, and
    in a table without ``truth_held``, ``ci_low <= truth <= ci_high``.
    """
    num = {c: pd.to_numeric(table[c], errors="coerce") if c in table else
           pd.Series(np.nan, index=table.index)
           for c in ("estimate", "ci_low", "ci_high", "truth", "truth_held")}
    judged = (num["estimate"].notna() & num["ci_low"].notna() & num["ci_high"].notna()
              & num["truth"].notna())
    inside = (num["ci_low"] <= num["truth"]) & (num["truth"] <= num["ci_high"])
    held = num["truth_held"]
    inside = inside.where(held.isna(), held > 0)
    return pd.Series([bool(i) if j else pd.NA for i, j in zip(inside, judged, strict=True)],
                     index=table.index, dtype="boolean")


def relative_truth_clause(table: pd.DataFrame) -> str:
    """Chapter 6: on which base the generator's value beside each relative IBO effect stands,
    as a sentence with its full stop ("" without a generator's value: a real extract).

    ``table``: :func:`findings_table` (``key``, ``estimate``, ``truth``, ``truth_own`` in per
    cent). The interval of a relative effect is the pp interval over the twins' mean, so the
    table sets the generator's pp effect over that same mean beside it (:func:`_relative_row`):
    the interval holds it exactly when chapter 4's or 5's pp interval holds the generator's
    effect. The generator's own relative effect, over its true counterfactual mean, is stated
    here too, so that neither base is hidden (ch6cov36, seed 4242: 30 per cent on the twins'
    base, 34 per cent on the true one, beside 10 % [-12 %, 32 %])."""
    rows = table.set_index(table["key"].astype(str)) if len(table) else table
    own, hidden = [], []
    for key, who in RELATIVE_ROWS:
        if key not in rows.index:
            continue
        v = pd.to_numeric(rows.loc[key, ["estimate", "truth", "truth_own"]],
                          errors="coerce").to_numpy(dtype=float)
        if not np.isfinite(v[2]):
            continue
        own.append(f"{_fmt(v[2], '%', prose=True)} for {who.rstrip(chr(39))}")
        if not np.isfinite(v[0]):
            hidden.append(who.rstrip(chr(39)))
    if not own:
        return ""
    text = ("The generator's value beside a relative effect shown is the generator's effect in "
            "percentage points over the same matched controls' mean, so that the interval holds "
            "it exactly when the percentage-point interval of chapters 4 and 5 holds the "
            "generator's effect; over the generator's own counterfactual mean its relative "
            f"effect is {_joined_labels(own)}")
    if hidden:
        text += (f" (the value the table gives for {_joined_labels(hidden)}, whose relative "
                 "effect is not shown)")
    return text + "."


def _joined_labels(items: list[str]) -> str:
    """Texts joined as English prose: "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def findings_display(table: pd.DataFrame, level: float, min_cell: int = 10
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`findings_table` as two tables a reader can read (paste with
    :func:`mia_helpers.labels.table_markdown`).

    Returns
    -------
    (numbers, claims) : tuple of DataFrame
        ``numbers``: one row per finding with its reader name (:data:`mia_helpers.labels.LABELS`),
        chapter, unit, the study's value, the estimate with its interval at ``level`` as one
        text ("1.23 [0.98, 1.50]", or the suppression note), the generator's value (only when
        some row has one) and the persons behind it. ``claims``: the finding's reader name,
        the study's claim in words and, on synthetic data, how the generator holds it and
        through which parameter. All values are ``str`` (numbers formatted as in the prose).
    """
    from mia_helpers.labels import label

    rows, words = [], []
    truth = pd.to_numeric(table["truth"], errors="coerce")
    for r, t in zip(table.itertuples(index=False), truth, strict=True):
        est = float(r.estimate)
        x = (_extra_decimals(float(r.ci_low), float(r.ci_high), float(t), r.unit)
             if np.isfinite(est) else 0)  # the prose's precision (glue_texts)
        shown = (f"{_fmt(est, r.unit, x)} [{_fmt(float(r.ci_low), r.unit, x)}, "
                 f"{_fmt(float(r.ci_high), r.unit, x)}]" if np.isfinite(est)
                 else (r.note or "not estimable"))
        row = {"finding": label(r.key), "chapter": str(int(r.chapter)), "unit": r.unit,
               # its own key and label ("Study's estimate"), not the residence ground "Study":
               # a column of per-cent cells under a bare "Study" read as a share of persons to
               # export-check, which then refused the intervals beside hidden persons (lead, the
               # merge of dpo52 and teach52)
               "study_estimate": _fmt(float(r.study_value), r.unit)
               if np.isfinite(r.study_value)
               else "–", f"estimate [{100 * level:g} % interval]": shown}
        if truth.notna().any():
            row["generator"] = _fmt(float(t), r.unit, x) if np.isfinite(t) else "–"
        n = r.n_persons
        row["persons"] = (f"{int(n):,}" if not pd.isna(n) else f"<{min_cell}"
                          if str(r.note).startswith("suppressed") else "x"
                          if PERSONS_HIDDEN_WORDS in str(r.note) else "–")
        rows.append(row)
        w = {"finding": label(r.key), "the study's finding": r.claim,
             "on synthetic data": r.synthetic}
        if r.mechanism:
            w["generator parameter"] = r.mechanism
        words.append(w)
    return pd.DataFrame(rows), pd.DataFrame(words)


def stable_job_phrase(data: str | Path, stable_quarters: int) -> str:
    """Chapter 6's clause on the stable-job definition (its limits paragraph): the school
    leavers' findings use ``stable_quarters`` (the chapter's parameter), the effects of
    chapters 4 and 5 the panel's definition (``stable_quarters`` of ``panel_meta.json``'s
    spec; 4 when the file or the key is missing, the panel's default). teach27, ``-p
    stable_quarters 8``: the text said "a stable job must last 8 consecutive employed
    quarters" beside IBO's effect on four-quarter stable jobs."""
    import json

    meta = Path(data) / "panel_meta.json"
    spec = json.loads(meta.read_text()).get("spec", {}) if meta.exists() else {}
    panel = int(spec.get("stable_quarters", 4))
    if int(stable_quarters) == panel:
        return f"a stable job must last {panel} consecutive employed quarters"
    return (f"a stable job must last {int(stable_quarters)} consecutive employed quarters in "
            f"the school leavers' findings and {panel} in the effects of chapters 4 and 5 (the "
            "panel's definition)")


def typology_clause(recovery: Mapping[str, Any] | None) -> str:
    """Chapter 6's clause on the register proxy of the consultants' self-reliance axis (its
    "director" paragraph, after "about the consultants' allocation:"): the share of spells
    the proxy puts on the right side of the self-reliance cut
    (:func:`mia_helpers.typology.recovery_table`'s ``agreement``, in per cent), or, on a real
    extract (``recovery`` None), that this share is unknown. concl50: the notebook glued "(on a
    real extract: unknown, the true types are not registered)" into "a register proxy places
    ... of the spells on the right side", which then read "places (on a real extract: ...)
    of the spells". No full stop."""
    if recovery is None:
        return ("how many spells a register proxy places on the right side of the "
                "self-reliance cut is unknown on a real extract, whose true types are not "
                "registered")
    return (f"a register proxy places {100 * float(recovery['agreement']):.0f} per cent of the "
            "spells on the right side of the self-reliance cut")
