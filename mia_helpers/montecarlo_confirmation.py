"""The confirmation study of the inburgering Monte Carlo (issue 14): the shipped study's design on
seeds that no choice of this project has seen.

Why. Two of issue 14's criteria fail on the shipped inburgering study
(:data:`mia_helpers.montecarlo_newcomers.INBURGERING_STUDY`, 400 data sets of base seed 2005,
``tests/test_calibration_shipped.py``): the "now versus later" intervals cover 0.985 at quarter 6
(the band is [0.90, 0.98]) and the 5 quarter-6 "now versus never" point estimates lie 2.9 Monte
Carlo SE of their mean above the truth. Ten criteria of a 2-Monte-Carlo-SE kind on one study
leave a real chance that one fails by Monte Carlo error alone, and both failures were studied
without finding a defect (``benchmarks/later_variance.py``, ``benchmarks/never_pretest.py``).
Whether a failure is chance or a defect is what a replication decides: a defect replicates.
Base seed 2006 cannot serve: its data sets were read for both failures in the thirty-fifth and
thirty-sixth sessions (``benchmarks/later_variance.py --base-seed 2006``,
``benchmarks/never_pretest.py``), and their "now versus never" intervals covered 0.899 at
quarter 4, a third criterion's failure that the shipped study does not show.

Design, fixed in the thirty-seventh session before any of its data sets was generated (this
docstring was committed before the run): the shipped study's parameters unchanged except
``base_seed`` = 2007 (:data:`CONFIRMATION_STUDY`), 400 data sets, the same code and key
rules (its rows are stale whenever the shipped study's are; ``make montecarlo`` regenerates
both). Its rows are read by the same criteria, with the same thresholds, as the shipped study
(``tests/test_calibration_shipped.py``). Reading, fixed in advance:

1. each criterion of issue 14 (bias of the point estimates within 2 Monte Carlo SE, coverage
   of the point estimates in [0.90, 0.98] widened for parts of fewer than 200 data sets,
   coverage of the bounds at least the band's lower end; quarters 4-8; both estimands) is
   judged on the confirmation study on its own;
2. a criterion that fails on the confirmation study is a defect of the estimator, whatever the
   shipped study showed;
3. a criterion that fails on the shipped study only counts as Monte Carlo chance when it
   holds on the confirmation study and on the two studies pooled (800 data sets: the same
   criterion, its Monte Carlo SE from all 800);
4. a part of fewer than two data sets (a quarter where only one data set gives a point
   estimate) has no Monte Carlo SE, so its bias is reported but not judged (on base seed 2006
   quarter 6 held one "now versus never" point estimate); a part without data sets is not
   judged either (as in the shipped study's test);
5. the book (Appendix A) shows both studies' figures side by side; nothing is averaged away
   and the shipped study's own failures stay visible as strict expected failures.

The study writes its own results file (:data:`CONFIRMATION_RESULTS`), so the shipped study
is not recomputed when this one is added.

Status (added after the run; the text above is the design as fixed). By this reading the
"now versus later" coverage failure reads as chance and "now versus never" failed as a
defect. Since the thirty-ninth session (censoring risk set, model-based control variance, no
point estimate below :data:`mia_helpers.effects.MIN_CONTROL_PERSONS` effective twins) the
shipped study's quarter-6 "now versus never" bias holds; on this study the quarter-5 bias and
the quarter-6 coverage (one data set) still fail, strict expected failures of
``tests/test_calibration_shipped.py`` (``CONF_NEVER_BIAS``, ``CONF_NEVER_COVERAGE``), and
the fortieth session's pre-registered diagnosis (``benchmarks/never_decompose.py``) found no
defect, so issue 14 stays open on them.

Records (added in the fifty-second session, rec55; the rules above unchanged). Issue 14's switch
to the bias-corrected "now versus later" estimator changes the code fingerprint. This study's
file is then kept as a record of fingerprint 515525be1b6b8dc9 (the earlier, uncorrected
estimator), never regenerated: :func:`run_confirmation` reads it at the study's parameters,
:func:`first_study` reads the inburgering study of base 2005 it confirms from its archive
(:func:`mia_helpers.claims.record_file`), and :func:`main` reports the record and refuses to
overwrite it.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from mia_helpers import montecarlo_newcomers as mcn
from mia_helpers.montecarlo import StudyFile, calibration

#: the confirmation study's shipped results (relative to the project root)
CONFIRMATION_RESULTS = Path("results") / "montecarlo_confirmation.parquet"
#: the shipped inburgering study's parameters on base seed 2007 (module docstring)
CONFIRMATION_STUDY: dict[str, Any] = {**mcn.INBURGERING_STUDY, "base_seed": 2007}
#: every study of :data:`CONFIRMATION_RESULTS` (name -> :func:`mcn.run_study` parameters)
CONFIRMATION_STUDIES: dict[str, dict[str, Any]] = {"inburgering_confirmation":
                                                   CONFIRMATION_STUDY}
#: the study this one confirms: the inburgering study of base seed 2005, the shipped one when
#: the confirmation ran (kept as a record with it once the book's study runs on another base)
CONFIRMED_STUDY: dict[str, Any] = {**CONFIRMATION_STUDY, "base_seed": 2005}



def _replicate(seed: int, p: dict[str, Any]) -> pd.DataFrame:
    """One replication (:func:`mia_helpers.montecarlo_newcomers._replicate`); defined here so
    that the results file's error messages name this module's command."""
    return mcn._replicate(seed, p)


#: the confirmation file: the newcomer studies' keys, fingerprint and replication function
CONFIRMATION_FILE = StudyFile(CONFIRMATION_RESULTS, CONFIRMATION_STUDIES, mcn._params,
                              mcn._key, lambda: mcn.code_fingerprint(), _replicate,
                              cache_prefix="newcomers_",
                              label="Monte Carlo (confirmation)")


def shipped_status(path: str | Path | None = None) -> pd.DataFrame:
    """Whether :data:`CONFIRMATION_RESULTS` (or ``path``) holds the confirmation study under
    the current code and parameters (:meth:`mia_helpers.montecarlo.StudyFile.status`; columns
    ``study``, ``key``, ``fresh`` (bool), ``replications``)."""
    return CONFIRMATION_FILE.status(path, CONFIRMATION_STUDIES)


def read_confirmation(path: str | Path | None = None) -> pd.DataFrame | None:
    """The confirmation study's rows (the columns of
    :func:`mia_helpers.montecarlo_newcomers.run_study`), or None when the file does not hold
    them under the current key (stale or absent). For the shipped file under another code
    fingerprint: the record of the earlier code (:func:`_kept`; its ``attrs`` name the
    fingerprint).

    Raises
    ------
    ValueError
        When the file exists but cannot be read as a results file (names it and the remedy);
        for the shipped file under an unrecorded fingerprint when neither this code's rows
        nor a record are found (:func:`_kept`)."""
    if path is None:
        return _kept(CONFIRMATION_FILE, mcn._params(**CONFIRMATION_STUDY))
    return CONFIRMATION_FILE.read(mcn._key(mcn._params(**CONFIRMATION_STUDY)), path)


def run_confirmation(replications: int, newcomers: int, bootstrap: int, base_seed: int,
                     main_base_seed: int, interval: str = "linearized",
                     progress: bool = False) -> pd.DataFrame:
    """Appendix A's confirmation study: :func:`mia_helpers.montecarlo_newcomers.run_study`
    with ``base_seed``, read from :data:`CONFIRMATION_RESULTS` when that file holds it under
    the current key (the defaults of Appendix A: :data:`CONFIRMATION_STUDY`), else computed
    (400 data sets of 10,000 newcomers: about 15 minutes on two cores).

    Parameters
    ----------
    replications, newcomers, bootstrap, interval, progress : as in ``run_study``.
    base_seed : the confirmation study's base seed.
    main_base_seed : the base seed of the study it confirms; must differ.

    Returns
    -------
    pandas.DataFrame: the rows of ``run_study``; at the parameters of
    :data:`CONFIRMATION_STUDY` under another code fingerprint, the record of the earlier code
    (:func:`mia_helpers.claims.kept_study_rows`, its ``attrs`` name the fingerprint), never
    computed.

    Raises
    ------
    ValueError
        If ``base_seed`` equals ``main_base_seed`` (the two studies would be the same data
        sets: Appendix A's parameter ``nc_confirmation_seed`` must differ from ``seed``); or at
        the study's parameters under another code fingerprint when no record is found
        (:func:`_kept`)."""
    if int(base_seed) == int(main_base_seed):
        raise ValueError(
            f"nc_confirmation_seed ({base_seed}) equals the seed of the study it confirms "
            f"({main_base_seed}): the confirmation would re-read the same data sets; give "
            f"another base seed (the shipped confirmation uses {CONFIRMATION_STUDY['base_seed']})")
    kept = _kept(CONFIRMATION_FILE, mcn._params(
        replications, newcomers=newcomers, bootstrap=bootstrap, base_seed=base_seed,
        interval=interval))
    if kept is not None:
        return kept
    return mcn.run_study(replications, newcomers=newcomers, bootstrap=bootstrap,
                         base_seed=base_seed, interval=interval, progress=progress,
                         shipped=CONFIRMATION_FILE.path())


def _kept(study_file: StudyFile, params: dict[str, Any]) -> pd.DataFrame | None:
    """The rows of a kept study (the confirmation, replication and targeted studies) at the
    normalised ``params`` when they are one of ``study_file.studies``: this code's rows, or
    the record of an earlier code fingerprint (:func:`mia_helpers.claims.kept_study_rows`);
    None for other parameters, or when this code's rows are missing (the caller reads the
    cache or computes, as before the records).

    Raises
    ------
    ValueError
        At a kept study's parameters under a code fingerprint that is not recorded's when
        neither this code's rows nor a record are found: a kept study is never recomputed at
        its parameters (restore the file from git)."""
    from mia_helpers import claims

    if params not in [study_file.params(**p) for p in study_file.studies.values()]:
        return None
    rows, _ = claims.kept_study_rows(study_file, params)
    if rows is not None or study_file.fingerprint() in claims.RECORDED_FINGERPRINTS:
        return rows
    raise ValueError(
        f"{study_file.relpath} holds neither this code's rows nor a record of earlier code "
        f"(fingerprints {', '.join(claims.RECORDED_FINGERPRINTS)}) for this study, which is "
        "kept as a record and never recomputed at its parameters; restore the shipped copy "
        f"with git checkout -- {study_file.relpath.as_posix()}")


def first_study(rows: pd.DataFrame, base_seed: int, confirmation: pd.DataFrame
                ) -> tuple[pd.DataFrame, int]:
    """The study the confirmation reading confirms, and its base seed: ``(rows, base_seed)``
    (the run's inburgering study) unless ``confirmation`` is a record of earlier code
    (:func:`mia_helpers.claims.record_fingerprint`); then the record of the same code of
    :data:`CONFIRMED_STUDY` (the shipped file, else its archive under
    :data:`mia_helpers.claims.RECORDS_FOLDER`) and its base seed 2005, so that a reading
    never pools two codes.

    Raises
    ------
    ValueError
        When ``confirmation`` is a record and that record of the confirmed study is not
        found (restore it from git)."""
    from mia_helpers import claims

    fp = claims.record_fingerprint(confirmation)
    if fp is None:
        return rows, int(base_seed)
    kept, _ = claims.kept_study_rows(mcn.NEWCOMERS_FILE, CONFIRMED_STUDY)
    if kept is None or claims.record_fingerprint(kept) != fp:
        raise ValueError(
            f"the inburgering study of base seed {CONFIRMED_STUDY['base_seed']} is not found as "
            f"a record of fingerprint {fp} (the confirmation's): restore "
            f"{claims.record_file(mcn.SHIPPED_RESULTS, fp)} with git checkout")
    return kept, int(CONFIRMED_STUDY["base_seed"])


def record_main(study_file: StudyFile, argv: list[str] | None) -> int | None:
    """The answer of a kept study's command when its file (``--out``, default the shipped one)
    holds no rows of this code but every study of the file as a record of an earlier code
    fingerprint (:data:`mia_helpers.claims.RECORDED_FINGERPRINTS`): with ``--check``, print
    that it is a record, kept and not regenerated, and return 0; without, refuse to overwrite
    it and return 2 (nothing computed). None otherwise (and for ``--help``): the caller goes
    on with :meth:`mia_helpers.montecarlo.StudyFile.main`."""
    import argparse

    from mia_helpers import claims

    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--out", default=None)
    pre.add_argument("--check", action="store_true")
    pre.add_argument("-h", "--help", action="store_true")
    known, _ = pre.parse_known_args(argv)
    current = study_file.fingerprint()
    if known.help or current in claims.RECORDED_FINGERPRINTS:
        return None
    target = study_file.path(known.out)
    shown = known.out if known.out is not None else study_file.relpath.as_posix()
    try:
        if study_file.status(known.out)["fresh"].any():
            return None
        found = set()
        for params in study_file.studies.values():
            p = study_file.params(**params)
            fps = [fp for fp in claims.RECORDED_FINGERPRINTS
                   if study_file.read(study_file.key(p, fp), known.out) is not None]
            if not fps:
                return None
            found.add(fps[0])
    except (ValueError, OSError):  # a damaged or missing file: StudyFile.main says so
        return None
    if len(found) != 1 or not target.is_file():
        return None
    fp = found.pop()
    what = (f"a record of fingerprint {fp} ({claims.RECORDED_FINGERPRINTS[fp]}): kept, not "
            "regenerated")
    if known.check:
        print(f"{shown}: {what} (this code's fingerprint is {current}).")
        return 0
    print(f"error: {shown} is {what}; nothing was computed and it is left alone (to run the "
          "study under this code, give --out a new file).")
    return 2


def main(argv: list[str] | None = None) -> int:
    """``python -m mia_helpers.montecarlo_confirmation [--check] [--out PATH] [--n-jobs N]``:
    regenerate :data:`CONFIRMATION_RESULTS`, or (``--check``) report whether it is fresh (exit
    status 1 if not). A file kept as a record of earlier code is reported as such (exit 0)
    and never overwritten (exit 2; :func:`record_main`)."""
    kept = record_main(CONFIRMATION_FILE, argv)
    if kept is not None:
        return kept
    return CONFIRMATION_FILE.main(argv, "mia_helpers.montecarlo_confirmation")


#: issue 14's criteria, in the order they are read
CRITERIA = ("bias", "coverage", "bound_coverage")
#: the first and last quarter since the start that issue 14's criteria judge (inclusive): read
#: from :func:`mia_helpers.montecarlo.calibration`'s default (a fingerprinted file, which
#: types it once), so that every other reader of the criteria imports this constant
ISSUE14_QUARTERS: tuple[int, int] = tuple(
    inspect.signature(calibration).parameters["quarters"].default)


def issue14_criteria(results: pd.DataFrame, quarters: tuple[int, int] = ISSUE14_QUARTERS,
                     n_se: float = 2.0, band: tuple[float, float] = (0.90, 0.98)
                     ) -> pd.DataFrame:
    """Issue 14's criteria for the matched estimator of a study's rows, per estimand, criterion
    and quarter (the rule of ``tests/test_calibration_shipped.py``, which checks its own copy
    against this one).

    Each quarter's rows are split by what the estimate claims
    (:func:`mia_helpers.claims.point_and_bound_summaries`): ``bias`` (the point estimates'
    mean error within ``n_se`` Monte Carlo SE of zero), ``coverage`` (the point estimates'
    intervals: coverage within ``band``, widened for fewer than 200 data sets by
    :func:`mia_helpers.montecarlo.coverage_tolerance`), ``bound_coverage`` (the flagged
    estimates' worst-case intervals: coverage at least the widened band's lower end; they may
    over-cover by design).

    Parameters
    ----------
    results : rows of :func:`mia_helpers.montecarlo_newcomers.run_study` or
        :func:`mia_helpers.montecarlo.run_montecarlo` (one study, or several stacked: a pooled
        reading), with ``estimand``, ``estimator``, ``quarter_since_start``, ``att_pp``,
        ``true_att_pp``, ``ci_low``, ``ci_high`` and ``unsupported_share``.
    quarters : the first and last quarter since the start judged (inclusive).
    n_se : the bias criterion's multiple of the Monte Carlo SE.
    band : the coverage band of issue 14.

    Returns
    -------
    pandas.DataFrame, one row per estimand, criterion and quarter with data sets: ``estimand``,
    ``criterion`` (one of :data:`CRITERIA`), ``quarter_since_start``, ``data_sets`` (int, the
    part's size), ``value`` (bias in pp, or coverage as a share), ``mc_se`` (its Monte Carlo
    SE), ``low``, ``high`` (the criterion's bounds: +-n_se MC SE for the bias, the widened
    band for a coverage), ``judged`` (bool: False for a bias over fewer than two data sets,
    which has no Monte Carlo SE) and ``holds`` (bool; False where not judged). A part whose
    estimates carry no interval has a missing coverage: it is judged and fails, as in the
    test file (a coverage that cannot be computed is not in the band); a quarter without
    data sets in a part has no row (module docstring, point 4).
    """
    from mia_helpers.claims import point_and_bound_summaries
    from mia_helpers.montecarlo import coverage_tolerance

    recs = []
    parts = dict(zip(("point", "bound"), point_and_bound_summaries(results), strict=True))
    for part, s in parts.items():
        s = s[(s["estimator"] == "matched") & s["quarter_since_start"].between(*quarters)]
        for r in s.itertuples(index=False):
            n = int(r.replications)
            low_c, high_c = (float(x) for x in coverage_tolerance(n, band))
            rows = ([("bias", r.bias, r.mc_se_bias, -n_se * r.mc_se_bias,
                      n_se * r.mc_se_bias)] if part == "point" else [])
            rows.append(("coverage" if part == "point" else "bound_coverage", r.coverage,
                         r.mc_se_coverage, low_c, high_c if part == "point" else 1.0))
            for crit, value, se, low, high in rows:
                # the test file's rule: a bias over one data set is not judged; a missing
                # value (a coverage without intervals) is judged and fails
                judged = bool(crit != "bias" or n >= 2)
                recs.append(dict(estimand=r.estimand, criterion=crit,
                                 quarter_since_start=int(r.quarter_since_start), data_sets=n,
                                 value=float(value), mc_se=float(se), low=float(low),
                                 high=float(high), judged=judged,
                                 holds=bool(judged and low <= value <= high)))
    cols = ["estimand", "criterion", "quarter_since_start", "data_sets", "value", "mc_se",
            "low", "high", "judged", "holds"]
    out = pd.DataFrame(recs, columns=cols)
    order = {c: i for i, c in enumerate(CRITERIA)}
    return out.sort_values(["estimand", "criterion", "quarter_since_start"],
                           key=lambda x: x.map(order) if x.name == "criterion" else x,
                           ignore_index=True)


#: the readings of :func:`confirmation_verdicts` (module docstring, points 2 and 3)
READINGS = {"holds": "holds on both studies",
            "chance": "fails on the shipped study only: Monte Carlo chance",
            "defect": "fails on the confirmation study: a defect",
            "open": "fails on the shipped study and on the pooled data sets"}


def confirmation_verdicts(shipped: pd.DataFrame, confirmation: pd.DataFrame,
                          quarters: tuple[int, int] = ISSUE14_QUARTERS) -> pd.DataFrame:
    """The confirmation study's reading of issue 14's criteria (module docstring, fixed before
    its data were generated): per estimand and criterion, the quarters where the criterion
    fails on the shipped study, on the confirmation study and on both pooled, and the reading.

    Parameters
    ----------
    shipped, confirmation : the two studies' rows (:func:`issue14_criteria`'s input); pooled
        by stacking (every data set one row per estimand, estimator and quarter).
    quarters : the quarters judged.

    Returns
    -------
    pandas.DataFrame, one row per estimand and criterion: ``estimand``, ``criterion``,
    ``fails_shipped``, ``fails_confirmation``, ``fails_pooled`` (tuples of quarters where the
    criterion is judged and fails), ``not_judged_confirmation`` (tuple of quarters where the
    pooled data sets have a part but the confirmation study's is too small to judge or has
    no data sets: point 4; the reading does not wait for them, its sentence says so),
    ``reading`` (a key of :data:`READINGS`: ``defect`` when the confirmation study fails;
    else ``chance`` when the shipped study fails and the pooled data sets do not; ``open``
    when both the shipped and the pooled fail; else ``holds``).
    """
    tables = {name: issue14_criteria(rows, quarters) for name, rows in
              (("shipped", shipped), ("confirmation", confirmation),
               ("pooled", pd.concat([shipped, confirmation], ignore_index=True)))}
    recs = []
    keys = sorted({(e, c) for t in tables.values()
                   for e, c in zip(t["estimand"], t["criterion"], strict=True)},
                  key=lambda ec: (ec[0], CRITERIA.index(ec[1])))
    for est, crit in keys:
        fails: dict[str, tuple[int, ...]] = {}
        judged: set[int] = set()
        for name, t in tables.items():
            sel = t[(t["estimand"] == est) & (t["criterion"] == crit)]
            fails[name] = tuple(int(q) for q in
                                sel.loc[sel["judged"] & ~sel["holds"], "quarter_since_start"])
            if name == "confirmation":
                judged = {int(q) for q in sel.loc[sel["judged"], "quarter_since_start"]}
        pooled = tables["pooled"]
        pooled_q = pooled.loc[(pooled["estimand"] == est) & (pooled["criterion"] == crit),
                              "quarter_since_start"]
        # a part the confirmation study cannot judge: too small, or absent altogether
        unjudged = tuple(sorted({int(q) for q in pooled_q} - judged))
        reading = ("defect" if fails["confirmation"] else
                   "open" if fails["shipped"] and fails["pooled"] else
                   "chance" if fails["shipped"] else "holds")
        recs.append(dict(estimand=est, criterion=crit, fails_shipped=fails["shipped"],
                         fails_confirmation=fails["confirmation"],
                         fails_pooled=fails["pooled"], not_judged_confirmation=unjudged,
                         reading=reading))
    return pd.DataFrame(recs)


#: resamples of :func:`null_failure_rates` (fixed in the protocol before any was drawn)
NULL_RESAMPLES = 2000
#: the seed of :func:`null_failure_rates`' resampling (fixed in the protocol)
NULL_SEED = 48
#: the check families of :func:`null_failure_rates`: :data:`CRITERIA`, then any of them
NULL_FAMILIES = (*CRITERIA, "any")


@dataclass(frozen=True)
class NullFailureRates:
    """What :func:`null_failure_rates` returns: ``families`` (one row per family of
    :data:`NULL_FAMILIES`), ``checks`` (one row per check with data sets on the study itself),
    ``resamples`` (B, the resamples drawn), ``observed_failures`` (int: the checks judged and
    failing on the study itself, by :func:`issue14_criteria`) and ``at_least_observed`` (the
    share of resamples in which at least that many checks fail; 1.0 when the study fails none;
    NaN where not computed). rev48: the confirmation study fails two checks, and "at least
    one fails" (0.256) is not how often a null study fails as many (0.091)."""

    families: pd.DataFrame
    checks: pd.DataFrame
    resamples: int
    observed_failures: int = 0
    at_least_observed: float = float("nan")


def null_failure_rates(results: pd.DataFrame, resamples: int = NULL_RESAMPLES,
                       seed: int = NULL_SEED, quarters: tuple[int, int] = ISSUE14_QUARTERS,
                       n_se: float | None = None, band: tuple[float, float] | None = None
                       ) -> NullFailureRates:
    """How often an estimator without bias and with exactly nominal coverage would fail at
    least one of issue 14's checks (:func:`issue14_criteria`) on one study of this design:
    the chance that rule 2 of the module docstring ("a criterion that fails on the
    confirmation study is a defect") calls such an estimator defective. A description; it
    adopts nothing and changes no verdict (the reading fixed in advance stands, and the strict
    expected failures of ``tests/test_calibration_shipped.py`` stay as they are).

    Protocol (null48, the forty-fifth session; committed before any number was computed):

    1. Rows. The study's matched rows at ``quarters`` with an estimate and a truth (the rows
       :func:`mia_helpers.montecarlo.summarise` keeps); each data set (``replication``) gives
       at most one row per estimand and quarter. A row is a point estimate or a bound by the
       rule of :func:`mia_helpers.claims.point_and_bound_summaries`
       (:func:`mia_helpers.labels.not_point_identified`). A cell is (estimand, quarter, part).
    2. Null for the bias. Each point estimate's error (``att_pp - true_att_pp``) is centred on
       its cell's mean error over the study's data sets: the errors keep their spread and each
       data set's correlation across quarters and estimands, and their mean is zero.
    3. Null for the coverage of the point estimates. Each interval is shifted by the same
       amount as its estimate and rescaled about the shifted estimate by one factor ``c`` per
       cell (each side keeps its own length, so asymmetric intervals stay asymmetric): a data
       set's interval holds the truth iff its scale ``r`` (the factor at which the truth
       reaches the interval's edge on the side of the truth: centred error over the length of
       that side) is at most ``c``. The data sets of a cell are ranked by ``r`` (ties by data
       set): the ``m = floor(0.95 n)`` smallest cover, and, when 0.95 n is not whole, the next
       one covers with probability ``0.95 n - m``, drawn afresh in each resample, so that the
       cell's expected coverage over its ``n`` point estimates is exactly 0.95 (a cell of one
       data set covers with probability 0.95). Null for the bounds: the same with no shift,
       rescaled about the interval's midpoint (the bounds may over-cover by design; exactly
       0.95, the least they may cover at nominal level, is the null of their one-sided check).
    4. Resampling (Efron & Tibshirani 1993, the nonparametric bootstrap): ``resamples`` (fixed
       at :data:`NULL_RESAMPLES`) draws of the study's data sets with replacement, each data
       set keeping its whole vector (errors, interval scales, which part it falls in at each
       quarter), as a (resamples x data sets) matrix of multinomial counts from
       ``numpy.random.default_rng(seed)`` (seed fixed at :data:`NULL_SEED`).
    5. Checks. Each resample is read by issue 14's rules as :func:`issue14_criteria` applies
       them: its ``n_se`` and ``band`` (its own defaults unless given), the band widened by
       :func:`mia_helpers.montecarlo.coverage_tolerance` for the resample's part size, a bias
       judged only over two or more data sets, a part without data sets not judged. That the
       vectorised reading is ``issue14_criteria``'s is checked on every call: on the study's
       own rows (no centring, each data set once) it must give ``issue14_criteria``'s verdict
       for every row, else RuntimeError.
    6. Reported, per family of :data:`NULL_FAMILIES` (bias checks, point coverage checks, bound
       coverage checks, any check): the share of resamples in which at least one judged check
       of the family fails, its Monte Carlo SE over the resamples (sqrt(p (1 - p) / B)), the
       number of checks judged on the study itself, and the rate under independence of the
       checks as an analytic cross-check, 1 - prod(1 - p_k) over those checks: p_k = 2 (1 -
       Phi(n_se)) for a bias check (0.0455 at 2 SE), the binomial(n, 0.95) probability that
       the coverage falls outside its widened band for a coverage check of n estimates (below
       the band's lower end for a bound check). Per check, its resampled failure rate.
       Added after the first number (rev48, a description like the rest): the checks that
       fail on the study itself and the share of resamples failing at least as many.

    Known limits, stated in advance: a bootstrap resample repeats data sets, so a tiny part
    (a data set drawn twice is two identical estimates) is less variable than new data sets
    would be, and a part the study holds once is in a resample absent, once, or repeated (its
    bias, when judged, is then exactly zero); the analytic rate does not have this limit but
    assumes independent checks.

    Parameters
    ----------
    results : one study's rows (:func:`mia_helpers.montecarlo_newcomers.run_study`'s columns:
        ``replication``, ``estimand``, ``estimator``, ``quarter_since_start``, ``att_pp``,
        ``true_att_pp``, ``ci_low``, ``ci_high``, and the flag columns of
        :func:`mia_helpers.labels.not_point_identified`).
    resamples : B, the number of bootstrap resamples (>= 1).
    seed : the seed of the resampling.
    quarters : the first and last quarter judged (inclusive).
    n_se, band : the bias bound in Monte Carlo SE and the coverage band; None:
        :func:`issue14_criteria`'s defaults.

    Returns
    -------
    NullFailureRates: ``families`` (columns ``family``, ``checks`` (int, judged on the study),
    ``rate`` (share of resamples with a failing check of the family), ``mc_se``,
    ``independent_rate``) and ``checks`` (``issue14_criteria``'s ``estimand``, ``criterion``,
    ``quarter_since_start``, ``data_sets``, ``judged`` on the study, and ``null_rate``: the
    share of resamples in which that check is judged and fails; ``independent_rate``: its
    p_k, NaN where not judged on the study).

    Raises
    ------
    ValueError
        Naming the column: a required column missing, a matched estimate at a judged
        quarter without an interval (``ci_low``/``ci_high``: the null needs each one), a data
        set with two rows for one estimand and quarter (``replication``: several studies
        stacked); or ``resamples`` below 1.
    RuntimeError
        If the vectorised reading of the study's own rows differs from
        :func:`issue14_criteria`'s.
    """
    from mia_helpers.labels import not_point_identified
    from mia_helpers.montecarlo import coverage_tolerance

    defaults = inspect.signature(issue14_criteria).parameters
    n_se = float(defaults["n_se"].default if n_se is None else n_se)
    band = tuple(defaults["band"].default if band is None else band)
    if int(resamples) < 1:
        raise ValueError(f"null_failure_rates: resamples must be >= 1, got {resamples!r}")
    need = ["replication", "estimand", "estimator", "quarter_since_start", "att_pp",
            "true_att_pp", "ci_low", "ci_high"]
    missing = [c for c in need if c not in results.columns]
    if missing:
        raise ValueError(f"null_failure_rates: results lack the column(s) {missing} "
                         "(rows of montecarlo_newcomers.run_study)")
    d = results[(results["estimator"] == "matched")
                & results["quarter_since_start"].between(*quarters)]
    d = d.dropna(subset=["att_pp", "true_att_pp"])
    for col in ("ci_low", "ci_high"):
        if d[col].isna().any():
            raise ValueError(f"null_failure_rates: {int(d[col].isna().sum())} matched "
                             f"estimates at quarters {quarters} have no {col!r}: the null "
                             "rescales each estimate's interval")
    if d.duplicated(["replication", "estimand", "quarter_since_start"]).any():
        raise ValueError("null_failure_rates: a 'replication' has two rows for one estimand "
                         "and quarter (several studies stacked?): give one study's rows")
    arr = _null_arrays(d, not_point_identified(d), coverage_tolerance)
    nominal = arr["nominal"]
    # the consistency check: the vectorised reading of the study's own rows is
    # issue14_criteria's (point 5 of the protocol)
    own = _null_verdicts(np.ones((1, arr["R"])), arr, "observed", n_se, band, None)
    ref = issue14_criteria(results, quarters, n_se, band)
    got = own.merge(ref, on=["estimand", "criterion", "quarter_since_start"], how="outer",
                    suffixes=("", "_ref"), indicator=True)
    bad = got[(got["_merge"] != "both") | (got["judged"] != got["judged_ref"])
              | (got["holds"] != got["holds_ref"])]
    if len(bad):
        raise RuntimeError("null_failure_rates: the vectorised reading differs from "
                           "issue14_criteria on the study's own rows:\n" + bad.to_string())
    rng = np.random.default_rng(seed)
    w = rng.multinomial(arr["R"], np.full(arr["R"], 1.0 / arr["R"]), size=int(resamples))
    u = rng.random((int(resamples), arr["K"]))
    fails = _null_verdicts(w.astype(float), arr, "null", n_se, band, u)
    checks = fails.drop(columns="judged").merge(ref[["estimand", "criterion", "quarter_since_start", "data_sets",
                              "judged"]].rename(columns={"judged": "judged_on_study"}),
                         on=["estimand", "criterion", "quarter_since_start"], how="inner")
    p_bias = 2.0 * float(stats.norm.sf(n_se))
    indep = []
    for r in checks.itertuples(index=False):
        n = int(r.data_sets)
        if not r.judged_on_study:
            indep.append(np.nan)
            continue
        if r.criterion == "bias":
            indep.append(p_bias)
            continue
        low, high = (float(x) for x in coverage_tolerance(n, band))
        x = np.arange(n + 1)
        out = (x / n < low) | ((x / n > high) if r.criterion == "coverage" else False)
        indep.append(float(stats.binom.pmf(x[out], n, nominal).sum()))
    checks["independent_rate"] = indep
    fam_rows = []
    mat = np.stack(checks["fail_matrix"].to_list(), axis=1)  # resamples x checks
    for fam in NULL_FAMILIES:
        sel = (checks["criterion"] == fam).to_numpy() if fam != "any" else np.ones(
            len(checks), dtype=bool)
        rate = float(mat[:, sel].any(axis=1).mean()) if sel.any() else 0.0
        judged = sel & checks["judged_on_study"].to_numpy(dtype=bool)
        fam_rows.append(dict(family=fam, checks=int(judged.sum()), rate=rate,
                             mc_se=float(np.sqrt(rate * (1 - rate) / int(resamples))),
                             independent_rate=float(
                                 1 - np.prod(1 - checks.loc[judged, "independent_rate"]))))
    observed = int((ref["judged"] & ~ref["holds"]).sum())
    at_least = float((mat.sum(axis=1) >= observed).mean()) if observed else 1.0
    checks = checks.rename(columns={"judged_on_study": "judged"}).drop(
        columns=["fail_matrix", "fails", "holds"])
    return NullFailureRates(pd.DataFrame(fam_rows), checks[[
        "estimand", "criterion", "quarter_since_start", "data_sets", "judged", "null_rate",
        "independent_rate"]], int(resamples), observed, at_least)


def _null_arrays(d: pd.DataFrame, flagged: np.ndarray, tolerance: Any) -> dict[str, Any]:
    """The (data sets x cells) arrays of :func:`null_failure_rates` (points 1-3 of its
    protocol): cells are (estimand, quarter); ``point``/``bound`` masks, the observed errors
    and cover indicators, the centred errors, the null's sure cover indicators and, per cell
    and part, the data set that covers with probability ``frac``."""
    nominal = float(inspect.signature(tolerance).parameters["nominal"].default)
    ids, ri = np.unique(d["replication"].to_numpy(), return_inverse=True)
    cells = sorted(set(zip(d["estimand"], d["quarter_since_start"].astype(int), strict=True)))
    ci = pd.MultiIndex.from_tuples(cells).get_indexer(
        list(zip(d["estimand"], d["quarter_since_start"].astype(int), strict=True)))
    R, K = len(ids), len(cells)

    def grid(values: np.ndarray) -> np.ndarray:
        g = np.full((R, K), np.nan)
        g[ri, ci] = values
        return g

    att, truth = grid(d["att_pp"].to_numpy(float)), grid(d["true_att_pp"].to_numpy(float))
    lo, hi = grid(d["ci_low"].to_numpy(float)), grid(d["ci_high"].to_numpy(float))
    flag = grid(np.asarray(flagged, dtype=float))
    point, bound = flag == 0, flag == 1
    err = att - truth
    count = point.sum(axis=0)
    mean_err = np.where(point, err, 0.0).sum(axis=0) / np.maximum(count, 1)
    centred = np.where(point, err - mean_err, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        # the scale at which the truth reaches the interval's edge (point 3)
        r_point = np.where(centred > 0, centred / (att - lo),
                           np.where(centred < 0, -centred / (hi - att), 0.0))
        mid, half = (lo + hi) / 2, (hi - lo) / 2
        r_bound = np.where(truth == mid, 0.0, np.abs(truth - mid) / half)
    r_point = np.where(np.isnan(r_point) | (r_point < 0), np.inf, r_point)
    r_bound = np.where(np.isnan(r_bound) | (r_bound < 0), np.inf, r_bound)
    observed = (lo <= truth) & (truth <= hi)
    null_cover, edge, frac = {}, {}, {}
    for part, mask, r in (("point", point, r_point), ("bound", bound, r_bound)):
        cover = np.zeros((R, K))
        edge[part], frac[part] = np.full(K, -1), np.zeros(K)
        for k in range(K):  # a loop over cells, not data sets
            members = np.flatnonzero(mask[:, k])
            n = len(members)
            if n == 0:
                continue
            order = members[np.lexsort((members, r[members, k]))]
            m = int(np.floor(nominal * n + 1e-9))
            cover[order[:m], k] = 1.0
            if m < n and nominal * n - m > 1e-9:
                edge[part][k], frac[part][k] = order[m], nominal * n - m
        null_cover[part] = cover
    return dict(R=R, K=K, cells=cells, nominal=nominal, point=point, bound=bound,
                err=np.where(point, err, 0.0), centred=centred,
                observed=np.where(point | bound, observed, False).astype(float),
                null_cover=null_cover, edge=edge, frac=frac)


def _null_verdicts(w: np.ndarray, arr: dict[str, Any], kind: str, n_se: float,
                   band: tuple[float, ...], u: np.ndarray | None) -> pd.DataFrame:
    """Issue 14's checks (:func:`issue14_criteria`'s rules) on each row of the weights ``w``
    (resamples x data sets): ``kind`` "observed" reads the study's own errors and cover
    indicators, "null" the centred errors and the null's cover indicators (``u``: resamples
    x cells uniforms for the edge data sets). One row per check with data sets on the study:
    ``judged``, ``fails`` (of the first resample), ``holds``, ``null_rate`` and
    ``fail_matrix`` (bool per resample)."""
    from mia_helpers.montecarlo import coverage_tolerance

    recs = []
    est = arr["centred"] if kind == "null" else arr["err"]
    for part, crit in (("point", "coverage"), ("bound", "bound_coverage")):
        mask = arr[part].astype(float)
        n = w @ mask
        if kind == "null":
            cov_sum = w @ (arr["null_cover"][part] * mask)
            has = arr["edge"][part] >= 0
            edge_w = w[:, np.where(has, arr["edge"][part], 0)] * has
            cov_sum = cov_sum + edge_w * (u < arr["frac"][part])
        else:
            cov_sum = w @ (arr["observed"] * mask)
        low, high = coverage_tolerance(np.maximum(n, 1), band)
        with np.errstate(invalid="ignore", divide="ignore"):
            cov = cov_sum / n
        cov_ok = (cov >= low) & ((cov <= high) if part == "point" else True)
        checks = [(crit, n >= 1, cov_ok)]
        if part == "point":
            s1, s2 = w @ (est * mask), w @ (est ** 2 * mask)
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = s1 / n
                sd = np.sqrt(np.maximum(s2 - s1 ** 2 / n, 0.0) / (n - 1))
                se = sd / np.sqrt(n)
            checks.insert(0, ("bias", n >= 2, (-n_se * se <= mean) & (mean <= n_se * se)))
        present = arr[part].any(axis=0)
        for criterion, judged, ok in checks:
            fail = judged & ~ok
            for k, (estimand, q) in enumerate(arr["cells"]):
                if not present[k]:
                    continue
                recs.append(dict(estimand=estimand, criterion=criterion,
                                 quarter_since_start=int(q), judged=bool(judged[0, k]),
                                 fails=bool(fail[0, k]), holds=bool(judged[0, k] and ok[0, k]),
                                 null_rate=float(fail[:, k].mean()), fail_matrix=fail[:, k]))
    return pd.DataFrame(recs)


if __name__ == "__main__":
    raise SystemExit(main())
