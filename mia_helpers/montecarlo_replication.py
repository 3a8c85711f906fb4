"""The replication study of the inburgering Monte Carlo (issue 14), and the reading of issue
14's criteria across the shipped, confirmation and replication studies: "a defect replicates".

Why. Two checks of issue 14 fail on the confirmation study
(:mod:`mia_helpers.montecarlo_confirmation`, base seed 2007): the "now versus never" bias at
quarter 5 and its coverage at quarter 6 (one data set). Rule 2 of that study's reading, fixed
before it ran, calls any such failure a defect of the estimator; a pre-registered diagnosis
located no cause (``benchmarks/never_decompose.py``), and the quarter-5 bias has not recurred
on the later bases read by other benchmarks (2011, 2012, 2016-2018, 2020, 2022). The
forty-fifth session measured what rule 2 costs (:func:`mia_helpers.montecarlo_confirmation.
null_failure_rates`, a protocol committed before its number): an estimator without bias and
with exact coverage fails at least one of the confirmation study's 20 checks in 0.256 of
studies of this design. So rule 2 calls a perfect estimator defective in about one study in
four. The confirmation study's reading says its failure stays open "until a cause is found or
the project revises that reading in advance of a new study". This module is that revision and
that new study. The team was asked for the decision in the forty-third to forty-fifth sessions
and gave none; the project's engineer took it in the forty-sixth (``book/design.md``,
"Issue 14's reading across studies"), and this docstring, the reading's code and its tests
were committed before any data set of the new study was generated.

What does not change: issue 14's thresholds. Every study is judged by
:func:`mia_helpers.montecarlo_confirmation.issue14_criteria` with its defaults (bias within 2
Monte Carlo SE of zero, coverage of the point estimates in [0.90, 0.98] widened for parts of
fewer than 200 data sets, coverage of the worst-case bounds at least the band's lower end;
quarters 4-8; both estimands). What changes is how one failure of one check on one study is
read.

Design, fixed in the forty-sixth session before any of its data sets was generated: the
shipped inburgering study's parameters unchanged except ``base_seed`` = 2025
(:data:`REPLICATION_STUDY`), 400 data sets, the same code. Base seeds 2025-2030 were reserved
unread for issue 14 since the forty-fifth session. Results in :data:`REPLICATION_RESULTS`.
The other bases read since the confirmation study (2006, 2009-2012, 2016-2018, 2020, 2022)
served diagnoses and adoption studies of other sizes and designs, none read under a reading
fixed in advance as a replication; they are motivation only and are not part of this reading.

Reading, fixed in advance (:func:`replication_verdicts`), revised after a methodological
review (rev49) and before the study's first data set:

1. A check is one estimand, criterion and quarter of ``issue14_criteria``. Each is judged on
   each study on its own, at issue 14's thresholds. The studies, in order: the shipped study
   (base 2005), the confirmation study (base 2007), the replication study (base 2025)
   (:data:`STUDIES`; :func:`replication_verdicts` refuses another order, and data sets whose
   seeds are not their base seed's).
2. A defect replicates: a check that fails on two studies *in the same direction* (a bias
   below zero twice or above zero twice; a coverage below its band twice or above it twice)
   is a defect of the estimator.
3. A check whose failures do not replicate (one failure, or failures in opposite
   directions), and which is judged and holds on a study after its last failure, is not
   replicated (:data:`READINGS`; not "chance": at this power a small defect often does not
   replicate either, see below). This replaces rule 2 of the confirmation study's reading: its
   two failures read as not replicated if they do not recur here in their direction and as a
   defect if they do.
4. A check whose last failure is on the last study that judges it is undecided. If the
   replication study leaves a check undecided, a second replication study of the same design
   on base seed 2026 (:data:`SECOND_REPLICATION_STUDY`) is run and read for the undecided
   checks only, by rules 2-3 with it appended. A check it leaves undecided (failing in a new
   direction, or not judged there) stays undecided for good: issue 14 then stays open, and no
   further study is added by this reading (:func:`needs_second` refuses a third).
5. Against a small bias that no single study of 400 data sets detects: the confirmation and
   replication studies' rows, the two on seeds no choice of the estimator had seen, are pooled
   (800 data sets) and each bias check over at least :data:`MIN_POOLED_DATA_SETS` (30) pooled
   point estimates is judged on them at the Bonferroni bound of a family-wise 0.05 over the m
   such checks, z = Phi^-1(1 - 0.05 / (2 m)) pooled Monte Carlo SE (2.69 for m = 7, the bias
   checks of more than 30 data sets on the two finished studies). A bias check failing pooled
   is a defect, whatever rules 2-4 say. Smaller pooled cells (quarter 6 of "now versus never":
   1 to 4 point estimates per study, errors as far as -27.7 pp against truths of a few) have no
   reliable normal null and are reported, not read. The pool of all three studies is reported
   beside it and not read (the shipped study's seeds were seen while the estimator was chosen).
6. Issue 14's criteria are met by the inburgering estimator when no check is a defect and
   none is undecided (:func:`issue14_met`). A bias over fewer than two data sets is not
   judged and a part without data sets has no check, as in ``issue14_criteria``. Small parts
   stay in rules 2-4 (a minimum part size was considered and not adopted: issue 14 judges
   them, and setting one now would drop the confirmation study's quarter-6 failure after it
   was seen); their higher null failure rates are counted in the cost below.
7. This reading's verdict at the first read of base 2025 is final for issue 14 under the
   code it ran with (:data:`FIRST_READ`, recorded after the run with the code fingerprint).
   Any later change to the estimator regenerates the studies on the same seeds; it must then
   be judged on a fresh reserved base (2027-2030) under a reading committed beforehand, not
   by reading these seeds again (``tests/test_calibration_shipped.py`` checks the
   fingerprint).
8. The book (Appendix A) shows the replication study's checks beside the other two studies',
   and the reading. The confirmation study's strict expected failures in
   ``tests/test_calibration_shipped.py`` stay: they are facts of that study; its reading's
   test follows this reading.

What this reading costs (:func:`null_reading_rate`, simulating the rules themselves under an
estimator without bias and with exact coverage: each check's failure probability from its
part size, a t distribution for a bias over few data sets and the binomial coverage, the
small quarter-6 parts of the replication studies drawn as Poisson with the mean of the two
finished studies' sizes). Computed before the run, seed 49, 20,000 draws: over series of
three fresh studies of this design the reading calls such an estimator defective in 0.108
(Monte Carlo SE 0.002); given what the shipped and confirmation studies already showed (their
failures fixed), in 0.144. Against 0.256 for rule 2 of the confirmation reading on one study.
The checks are taken as independent, which overstates both (within a study they correlate
positively: the confirmation's bias family fails in 0.189 of its resamples, 0.278 were they
independent), while taking every replication part's size as the confirmation's may go
either way. Power, stated in advance: against a true "now versus never" bias at quarter 5
equal to the two finished studies' pooled estimate (-0.38 pp), the replication fails that
check in its direction (rule 2) with probability 0.26; rule 5 fires when the replication's
quarter-5 bias lies below -0.48 pp (the confirmation's -0.59 pp and equal sizes pooled),
with probability 0.37 under that bias and 0.04 under none. A small defect may well read
"not replicated".

Status (added after the run; the text above is the protocol as fixed). The replication study
(base 2025) ran on the protocol's commit (7d58259, code fingerprint 515525be1b6b8dc9). Its own
checks: 18 of 19 judged hold; the "now versus later" bias at quarter 7 lies 2.03 Monte Carlo SE
above zero (+0.089 pp), a failure neither finished study shows; it has no quarter-6 "now
versus never" point estimate. Read by the rules: the confirmation's quarter-5 "now versus
never" bias (-0.13 pp here, 0.5 SE) and the shipped study's quarter-6 "now versus later"
coverage (0.950 here) do not replicate; rule 5 reads 7 pooled bias checks at 2.69 SE and none
lies beyond (the farthest, quarter-5 "now versus never", 1.9 SE). Two checks were left
undecided, so rule 4 ran the second replication study (base 2026) for them: the quarter-7
"now versus later" bias holds there (-0.01 pp), so it is not replicated; the second study has
no quarter-6 "now versus never" point estimate either, so the confirmation's quarter-6
coverage failure (one interval of one data set) stays undecided for good. By rule 6 the
inburgering estimator does not meet issue 14's criteria under this reading, and by rule 4 no
further study is added; issue 14 stays open on that check alone (:data:`FIRST_READ`). The
second study, read for those two checks only as rule 4 says, also shows a check it was not to
read: its quarter-4 "now versus never" intervals cover 0.982 (331 point estimates, one above
the band's 0.98); it is reported here and in Appendix A, not read.

Records (added in the fifty-second session, rec55; the rules and the status above unchanged).
After issue 14's switch to the bias-corrected "now versus later" estimator this file is kept
as a record of fingerprint 515525be1b6b8dc9 (the earlier, uncorrected estimator), never
regenerated: :func:`run_replication` reads it at the studies' parameters, Appendix A reports
the reading as a record of that code, and :func:`main` reports the record and refuses to
overwrite it.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from mia_helpers import montecarlo_newcomers as mcn
from mia_helpers.montecarlo import StudyFile
from mia_helpers.montecarlo_confirmation import (
    CONFIRMATION_STUDY,
    CRITERIA,
    ISSUE14_QUARTERS,
    _kept,
    issue14_criteria,
    record_main,
)

#: the replication study's shipped results (relative to the project root)
REPLICATION_RESULTS = Path("results") / "montecarlo_replication.parquet"
#: the shipped inburgering study's parameters on base seed 2025 (module docstring)
REPLICATION_STUDY: dict[str, Any] = {**CONFIRMATION_STUDY, "base_seed": 2025}
#: the second replication study, run only for checks the first leaves undecided (rule 4)
SECOND_REPLICATION_STUDY: dict[str, Any] = {**CONFIRMATION_STUDY, "base_seed": 2026}
#: every study of :data:`REPLICATION_RESULTS` (name -> :func:`mcn.run_study` parameters): the
#: replication study and, since its first read left two checks undecided (rule 4), the second
REPLICATION_STUDIES: dict[str, dict[str, Any]] = {
    "inburgering_replication": REPLICATION_STUDY,
    "inburgering_second_replication": SECOND_REPLICATION_STUDY}
#: the studies of the reading, in order (rule 1); the second replication comes last (rule 4)
STUDIES = ("shipped", "confirmation", "replication")
#: the name of the second replication study in :func:`replication_verdicts`' output
SECOND = "second replication"
#: the family-wise level of the pooled bias checks (rule 5)
POOLED_FAMILY_ALPHA = 0.05
#: the least pooled point estimates for rule 5 to read a bias check
MIN_POOLED_DATA_SETS = 30
#: the studies rule 5 pools (the two on seeds no choice of the estimator had seen)
POOLED_STUDIES = ("confirmation", "replication")
#: the readings of :func:`replication_verdicts` (module docstring, rules 2-5)
READINGS = {"holds": "holds on every study",
            "not_replicated": "fails without replicating and holds on a later study: not "
                              "replicated",
            "defect": "fails twice in the same direction, or its pooled bias fails: a defect",
            "undecided": "fails on the last study that judges it: undecided"}
#: the first read of the replication study (rule 7): the code fingerprint it ran with (of
#: :func:`mia_helpers.montecarlo_newcomers.code_fingerprint`), the commit of the protocol, the
#: verdict (rule 6) and each check's reading that is not "holds" (module docstring, "Status")
FIRST_READ: dict[str, Any] | None = {
    "fingerprint": "515525be1b6b8dc9",
    "protocol_commit": "7d58259",
    "verdict": "does not meet",
    "readings": {("now_vs_later", "bias", 7): "not_replicated",
                 ("now_vs_later", "coverage", 6): "not_replicated",
                 ("now_vs_never", "bias", 5): "not_replicated",
                 ("now_vs_never", "coverage", 6): "undecided"},
}


def _replicate(seed: int, p: dict[str, Any]) -> pd.DataFrame:
    """One replication (:func:`mia_helpers.montecarlo_newcomers._replicate`); defined here so
    that the results file's error messages name this module's command."""
    return mcn._replicate(seed, p)


#: the replication file: the newcomer studies' keys, fingerprint and replication function
REPLICATION_FILE = StudyFile(REPLICATION_RESULTS, REPLICATION_STUDIES, mcn._params, mcn._key,
                             lambda: mcn.code_fingerprint(), _replicate,
                             cache_prefix="newcomers_", label="Monte Carlo (replication)")


def shipped_status(path: str | Path | None = None) -> pd.DataFrame:
    """Whether :data:`REPLICATION_RESULTS` (or ``path``) holds the replication studies under
    the current code and parameters (:meth:`mia_helpers.montecarlo.StudyFile.status`; columns
    ``study``, ``key``, ``fresh`` (bool), ``replications``)."""
    return REPLICATION_FILE.status(path, REPLICATION_STUDIES)


def read_replication(path: str | Path | None = None,
                     study: Mapping[str, Any] = REPLICATION_STUDY) -> pd.DataFrame | None:
    """The rows of ``study`` (default :data:`REPLICATION_STUDY`) in :data:`REPLICATION_RESULTS`
    (or ``path``), or None when the file does not hold them under the current key. For the
    shipped file under another code fingerprint: the record of the earlier code
    (:func:`mia_helpers.montecarlo_confirmation._kept`; its ``attrs`` name the fingerprint).

    Raises
    ------
    ValueError
        When the file exists but cannot be read as a results file (names it and the remedy);
        for the shipped file of a kept study under an unrecorded fingerprint when neither
        this code's rows nor a record are found."""
    if path is None:
        kept = _kept(REPLICATION_FILE, mcn._params(**study))
        if kept is not None:
            return kept
    return REPLICATION_FILE.read(mcn._key(mcn._params(**study)), path)


def run_replication(replications: int, newcomers: int, bootstrap: int, base_seed: int,
                    other_seeds: Sequence[int], interval: str = "linearized",
                    progress: bool = False) -> pd.DataFrame:
    """Appendix A's replication study: :func:`mia_helpers.montecarlo_newcomers.run_study` with
    ``base_seed``, read from :data:`REPLICATION_RESULTS` when that file holds it under the
    current key (Appendix A's defaults: :data:`REPLICATION_STUDY`, and
    :data:`SECOND_REPLICATION_STUDY` when rule 4 ran it), else computed (400 data sets of
    10,000 newcomers: about 20 minutes on two cores).

    Parameters
    ----------
    replications, newcomers, bootstrap, interval, progress : as in ``run_study``.
    base_seed : the replication study's base seed.
    other_seeds : the base seeds of the studies it replicates; ``base_seed`` must differ from
        each (the same seed would re-read the same data sets).

    Returns
    -------
    pandas.DataFrame: the rows of ``run_study``; at the parameters of a study of
    :data:`REPLICATION_STUDIES` under another code fingerprint, the record of the earlier
    code (:func:`mia_helpers.claims.kept_study_rows`, its ``attrs`` name the fingerprint),
    never computed.

    Raises
    ------
    ValueError
        If ``base_seed`` is one of ``other_seeds`` (names both); at a kept study's parameters
        under another code fingerprint when no record is found
        (:func:`mia_helpers.montecarlo_confirmation._kept`)."""
    others = [int(s) for s in other_seeds]
    if int(base_seed) in others:
        raise ValueError(
            f"replication base seed {base_seed} equals the base seed of a study it replicates "
            f"({others}): it would re-read the same data sets; give another base seed (the "
            f"shipped replication uses {REPLICATION_STUDY['base_seed']})")
    kept = _kept(REPLICATION_FILE, mcn._params(
        replications, newcomers=newcomers, bootstrap=bootstrap, base_seed=base_seed,
        interval=interval))
    if kept is not None:
        return kept
    return mcn.run_study(replications, newcomers=newcomers, bootstrap=bootstrap,
                         base_seed=base_seed, interval=interval, progress=progress,
                         shipped=REPLICATION_FILE.path())


def second_replication_seed(base_seed: int, other_seeds: Sequence[int]) -> int:
    """Rule 4's base seed: the first integer after the replication study's ``base_seed`` that
    no other study of the reading uses (2026 for the shipped studies:
    :data:`SECOND_REPLICATION_STUDY`)."""
    taken = {int(s) for s in other_seeds} | {int(base_seed)}
    seed = int(base_seed) + 1
    while seed in taken:
        seed += 1
    return seed


def run_reading(shipped: pd.DataFrame, confirmation: pd.DataFrame, replications: int,
                newcomers: int, bootstrap: int, base_seed: int, other_seeds: Sequence[int],
                interval: str = "linearized") -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Appendix A's replication reading: the replication study (:func:`run_replication`),
    :func:`replication_verdicts` of the three studies and, where they leave a check
    undecided, of the second replication study on :func:`second_replication_seed` too (rule
    4). The second study is run (or read) whatever the first three show, so that the studies
    a run computes are known before it starts (:func:`mia_helpers.chapters.
    appendix_a_studies`); its rows are read only where rule 4 says.

    ``other_seeds``: the base seeds of the shipped and confirmation studies, in that order
    (each study's data sets are checked against its base seed).

    Returns ``(verdicts, studies)``: ``studies`` maps :data:`STUDIES` (and :data:`SECOND`
    when it ran) to their rows.

    Raises
    ------
    ValueError
        As :func:`run_replication` (a base seed of another study)."""
    others = [int(s) for s in other_seeds]
    rows = run_replication(replications, newcomers, bootstrap, base_seed, others, interval)
    studies = dict(zip(STUDIES, (shipped, confirmation, rows), strict=True))
    seeds = dict(zip(STUDIES, [*others[:2], int(base_seed)], strict=False))
    verdicts = replication_verdicts(studies, base_seeds=seeds)
    seeds[SECOND] = second_replication_seed(base_seed, others)
    second = run_replication(replications, newcomers, bootstrap, seeds[SECOND],
                             [*others, int(base_seed)], interval)
    if needs_second(verdicts):
        verdicts = replication_verdicts(studies, second, base_seeds=seeds)
        studies[SECOND] = second
    return verdicts, studies


def main(argv: list[str] | None = None) -> int:
    """``python -m mia_helpers.montecarlo_replication [--check] [--out PATH] [--n-jobs N]``:
    regenerate :data:`REPLICATION_RESULTS`, or (``--check``) report whether it is fresh (exit
    status 1 if not). A file kept as a record of earlier code is reported as such (exit 0)
    and never overwritten (exit 2; :func:`mia_helpers.montecarlo_confirmation.record_main`)."""
    kept = record_main(REPLICATION_FILE, argv)
    if kept is not None:
        return kept
    return REPLICATION_FILE.main(argv, "mia_helpers.montecarlo_replication")


def pooled_bias_bound(checks: int, family_alpha: float = POOLED_FAMILY_ALPHA) -> float:
    """Rule 5's bound in pooled Monte Carlo SE: the two-sided Bonferroni quantile
    Phi^-1(1 - family_alpha / (2 checks)) (2.69 for 7 checks at 0.05).

    Raises
    ------
    ValueError
        If ``checks`` is below 1 or ``family_alpha`` not in (0, 1)."""
    if int(checks) < 1 or not 0.0 < float(family_alpha) < 1.0:
        raise ValueError(f"pooled_bias_bound: checks must be >= 1 and family_alpha in (0, 1), "
                         f"got {checks!r} and {family_alpha!r}")
    return float(stats.norm.isf(float(family_alpha) / (2 * int(checks))))


_KEY = ["estimand", "criterion", "quarter_since_start"]


def failure_direction(row: pd.Series) -> str:
    """Which way a failing check of ``issue14_criteria`` fails: "low" (a bias below its
    bound, a coverage below its band), "high", "missing" (no value: a coverage without
    intervals) or "fails" (a table without ``value``/``low``/``high``: hand-made)."""
    if not {"value", "low", "high"} <= set(row.index):
        return "fails"
    v = float(row["value"])
    if not np.isfinite(v):
        return "missing"
    return "low" if v < float(row["low"]) else "high"


def _reading(judged: Sequence[str], fails: Sequence[str], directions: Sequence[str],
             order: Sequence[str]) -> str:
    """Rules 2-4 for one check: ``judged`` and ``fails`` are study names in ``order``,
    ``directions`` the failures' directions (:func:`failure_direction`)."""
    if not fails:
        return "holds"
    if any(directions.count(d) >= 2 for d in set(directions)):
        return "defect"
    last = max(order.index(f) for f in fails)
    return ("not_replicated" if any(order.index(n) > last for n in judged)
            else "undecided")


def read_checks(criteria: Mapping[str, pd.DataFrame], pooled_bias: pd.DataFrame | None = None,
                second: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rules 1-5 on the studies' checks, as tables of
    :func:`mia_helpers.montecarlo_confirmation.issue14_criteria` (the pure part of
    :func:`replication_verdicts`, tested on hand-made tables).

    Parameters
    ----------
    criteria : study name -> its ``issue14_criteria`` table, in the studies' order (rule 1).
    pooled_bias : the ``issue14_criteria`` table of rule 5's pool at its bound, holding only
        the bias checks rule 5 reads; None: rule 5 is not applied.
    second : the second replication study's ``issue14_criteria`` table (rule 4), read for the
        checks the others leave undecided only; None: not run.

    Returns
    -------
    pandas.DataFrame, one row per check with data sets on some study: ``estimand``,
    ``criterion``, ``quarter_since_start``, ``judged`` and ``fails`` (tuples of study names,
    in order; :data:`SECOND` appended where it was read), ``directions`` (the failures'
    directions, aligned with ``fails``), ``pooled_bias_fails`` (bool; False where rule 5 does
    not read the check) and ``reading`` (a key of :data:`READINGS`).

    Raises
    ------
    ValueError
        If ``criteria`` is empty or a table lacks a column of ``issue14_criteria``'s output.
    """
    if not criteria:
        raise ValueError("read_checks: no study's criteria given")
    need = [*_KEY, "judged", "holds"]
    for name, t in {**criteria, **({} if second is None else {SECOND: second}),
                    **({} if pooled_bias is None else {"pooled": pooled_bias})}.items():
        missing = [c for c in need if c not in t.columns]
        if missing:
            raise ValueError(f"read_checks: the criteria of {name!r} lack the column(s) "
                             f"{missing} (issue14_criteria's output)")
    names = list(criteria)
    keys = sorted({tuple(k) for t in criteria.values() for k in t[_KEY].itertuples(index=False)},
                  key=lambda k: (k[0], CRITERIA.index(k[1]) if k[1] in CRITERIA else 99, k[2]))
    index = {name: t.set_index(_KEY) for name, t in criteria.items()}
    pooled = (None if pooled_bias is None else
              pooled_bias[pooled_bias["criterion"] == "bias"].set_index(_KEY))
    sec = None if second is None else second.set_index(_KEY)

    def judge(table: pd.DataFrame, key: tuple, name: str, judged: list, fails: list,
              dirs: list) -> None:
        if key in table.index:
            row = table.loc[key]
            if bool(row["judged"]):
                judged.append(name)
                if not bool(row["holds"]):
                    fails.append(name)
                    dirs.append(failure_direction(row))

    recs = []
    for key in keys:
        judged: list[str] = []
        fails: list[str] = []
        dirs: list[str] = []
        for name in names:
            judge(index[name], key, name, judged, fails, dirs)
        reading = _reading(judged, fails, dirs, names)
        if reading == "undecided" and sec is not None:
            judge(sec, key, SECOND, judged, fails, dirs)
            reading = _reading(judged, fails, dirs, [*names, SECOND])
        pooled_fails = bool(pooled is not None and key in pooled.index
                            and bool(pooled.loc[key, "judged"])
                            and not bool(pooled.loc[key, "holds"]))
        if pooled_fails:
            reading = "defect"
        recs.append(dict(zip(_KEY, key, strict=True), judged=tuple(judged), fails=tuple(fails),
                         directions=tuple(dirs), pooled_bias_fails=pooled_fails,
                         reading=reading))
    return pd.DataFrame(recs, columns=[*_KEY, "judged", "fails", "directions",
                                       "pooled_bias_fails", "reading"])


def _check_studies(studies: Mapping[str, pd.DataFrame],
                   base_seeds: Mapping[str, int] | None) -> None:
    """Rule 1's order, and each study's data sets drawn from its base seed."""
    if tuple(studies) != STUDIES:
        raise ValueError(f"replication_verdicts: studies must be {STUDIES}, in that order "
                         f"(rule 1), got {tuple(studies)}")
    for name, base in (base_seeds or {}).items():
        if name in studies:
            _check_seeds(name, studies[name], base)


def _check_seeds(name: str, rows: pd.DataFrame, base: int) -> None:
    """Raise unless ``rows``' data sets (column ``seed``, where present) are those of
    :func:`mia_helpers.montecarlo.replication_seeds` of ``base``."""
    from mia_helpers.montecarlo import replication_seeds

    if "seed" not in rows.columns:
        return
    want = set(replication_seeds(int(base), int(rows["replication"].nunique())))
    if set(rows["seed"].astype(int)) != want:
        raise ValueError(f"replication_verdicts: the {name} study's data sets (column "
                         f"'seed') are not those of base seed {base}")


def replication_verdicts(studies: Mapping[str, pd.DataFrame],
                         second: pd.DataFrame | None = None,
                         quarters: tuple[int, int] = ISSUE14_QUARTERS,
                         family_alpha: float = POOLED_FAMILY_ALPHA,
                         base_seeds: Mapping[str, int] | None = None) -> pd.DataFrame:
    """The reading of issue 14's criteria across the studies (module docstring, fixed before
    the replication study's data were generated): :func:`read_checks` of each study's
    :func:`mia_helpers.montecarlo_confirmation.issue14_criteria`, with rule 5's pooled bias.

    Parameters
    ----------
    studies : study name -> its rows (``issue14_criteria``'s input): exactly :data:`STUDIES`,
        in that order.
    second : the second replication study's rows (rule 4), or None.
    quarters : the quarters judged.
    family_alpha : rule 5's family-wise level.
    base_seeds : study name (:data:`STUDIES` or :data:`SECOND`) -> base seed; where given,
        the study's ``seed`` column must hold that base seed's data sets.

    Returns
    -------
    pandas.DataFrame: :func:`read_checks`' columns, plus ``pooled_data_sets``,
    ``pooled_bias_pp`` and ``pooled_mc_se`` (rule 5's pool: point estimates, bias and its Monte
    Carlo SE; NaN for other criteria), ``pooled_bound_se`` (rule 5's bound, the same in every
    row; NaN when it reads no check), ``pooled_read`` (bool: rule 5 reads the check) and
    ``all_three_bias_pp``, ``all_three_mc_se`` (the three studies pooled, reported only).

    Raises
    ------
    ValueError
        If ``studies`` is not :data:`STUDIES` in order, or a study's data sets are not its
        base seed's."""
    _check_studies(studies, base_seeds)
    if second is not None and base_seeds and SECOND in base_seeds:
        _check_seeds(SECOND, second, base_seeds[SECOND])
    criteria = {name: issue14_criteria(rows, quarters) for name, rows in studies.items()}
    pool = pd.concat([studies[n] for n in POOLED_STUDIES], ignore_index=True)
    plain = issue14_criteria(pool, quarters)
    readable = plain[(plain["criterion"] == "bias") & plain["judged"]
                     & (plain["data_sets"] >= MIN_POOLED_DATA_SETS)]
    bound = pooled_bias_bound(len(readable), family_alpha) if len(readable) else np.nan
    pooled = (issue14_criteria(pool, quarters, n_se=bound).merge(readable[_KEY], on=_KEY)
              if len(readable) else None)
    sec = None if second is None else issue14_criteria(second, quarters)
    out = read_checks(criteria, pooled, sec)
    p = plain[plain["criterion"] == "bias"][[*_KEY, "data_sets", "value", "mc_se"]].rename(
        columns={"data_sets": "pooled_data_sets", "value": "pooled_bias_pp",
                 "mc_se": "pooled_mc_se"})
    out = out.merge(p, on=_KEY, how="left")
    out["pooled_bound_se"] = bound
    read_keys = set(map(tuple, readable[_KEY].itertuples(index=False)))
    out["pooled_read"] = [tuple(k) in read_keys for k in out[_KEY].itertuples(index=False)]
    three = issue14_criteria(pd.concat(list(studies.values()), ignore_index=True), quarters)
    three = three[three["criterion"] == "bias"][[*_KEY, "value", "mc_se"]].rename(
        columns={"value": "all_three_bias_pp", "mc_se": "all_three_mc_se"})
    return out.merge(three, on=_KEY, how="left")


def needs_second(verdicts: pd.DataFrame) -> bool:
    """Whether rule 4 runs the second replication study: some check of ``verdicts``
    (:func:`replication_verdicts` without ``second``) is undecided.

    Raises
    ------
    ValueError
        If ``verdicts`` already read the second replication study (rule 4 adds no third)."""
    if verdicts["judged"].map(lambda j: SECOND in j).any():
        raise ValueError("needs_second: these verdicts already read the second replication "
                         "study; rule 4 adds no further study (what stays undecided stays so)")
    return bool((verdicts["reading"] == "undecided").any())


def issue14_met(verdicts: pd.DataFrame) -> bool:
    """Rule 6: issue 14's criteria are met when no check is a defect and none is undecided."""
    return bool(len(verdicts)) and bool(
        verdicts["reading"].isin(["holds", "not_replicated"]).all())


#: draws and seed of :func:`null_reading_rate` (fixed before the replication study ran)
NULL_DRAWS = 20_000
NULL_SEED = 49


def _null_outcomes(rng: np.random.Generator, criterion: str, n: np.ndarray, n_se: float,
                   band: tuple[float, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One check's outcomes on ``len(n)`` null studies with part sizes ``n``: ``judged``,
    ``direction`` (0 holds, -1 low, +1 high) and the bias's standard normal score (for rule
    5; 0 for coverages). A bias's mean over its SE is t with n - 1 degrees of freedom
    (normal errors); a coverage is binomial(n, nominal) over n."""
    from mia_helpers.montecarlo import coverage_tolerance

    n = np.asarray(n, dtype=int)
    size = n.size
    if criterion == "bias":
        judged = n >= 2
        z = rng.standard_normal(size)
        # t on n - 1 df: z over sqrt(chi2 / df); large parts are normal
        df = np.maximum(n - 1, 1)
        t = z / np.sqrt(rng.chisquare(df) / df)
        direction = np.where(judged & (np.abs(t) > n_se), np.sign(t), 0).astype(int)
        return judged, direction, np.where(judged, z, 0.0)
    judged = n >= 1
    nominal = float(inspect.signature(coverage_tolerance).parameters["nominal"].default)
    cover = rng.binomial(np.maximum(n, 1), nominal) / np.maximum(n, 1)
    low, high = coverage_tolerance(np.maximum(n, 1), band)
    direction = np.where(cover < low, -1, np.where(
        (cover > high) & (criterion == "coverage"), 1, 0))
    return judged, np.where(judged, direction, 0).astype(int), np.zeros(size)


def null_reading_rate(shipped_criteria: pd.DataFrame, confirmation_criteria: pd.DataFrame,
                      conditional: bool, draws: int = NULL_DRAWS, seed: int = NULL_SEED,
                      n_se: float = 2.0, band: tuple[float, float] = (0.90, 0.98)
                      ) -> tuple[float, float]:
    """How often this module's reading calls an estimator without bias and with exact
    coverage defective: rules 2-5 (:func:`_reading`, the rules themselves) over ``draws``
    simulated series of studies (module docstring, "What this reading costs").

    Each check of the two finished studies' ``issue14_criteria`` tables is simulated on each
    study from its part size: a bias as t on n - 1 degrees of freedom (judged from two data
    sets), a coverage as binomial(n, 0.95) over n against the band widened for n
    (:func:`mia_helpers.montecarlo.coverage_tolerance`). The shipped and confirmation
    studies keep their own part sizes; the replication studies' parts take the
    confirmation's size where both finished studies hold at least
    :data:`MIN_POOLED_DATA_SETS`, else a Poisson draw with the mean of the two sizes (one
    draw per estimand, quarter and criterion). Rule 5 pools the confirmation's and the
    replication's standard normal scores, weighted by the square roots of their sizes, for
    the bias checks of at least that many pooled data sets. Checks are independent.

    Parameters
    ----------
    shipped_criteria, confirmation_criteria : ``issue14_criteria`` tables of the two
        finished studies (their ``data_sets``; with ``conditional`` also ``judged``,
        ``holds``, ``value``, ``low``, ``high`` and ``mc_se``).
    conditional : True: the two finished studies' outcomes are kept as they are and only the
        replication studies are simulated (what the reading costs now); False: all studies
        are simulated (what it costs a series of fresh studies).
    draws, seed : simulated series and the seed of ``numpy.random.default_rng``.
    n_se, band : issue 14's thresholds (``issue14_criteria``'s defaults).

    Returns
    -------
    (rate, mc_se): the share of series with some check read as a defect, and its binomial
    Monte Carlo SE.

    Raises
    ------
    ValueError
        If ``draws`` is below 1 or a table lacks ``data_sets``."""
    if int(draws) < 1:
        raise ValueError(f"null_reading_rate: draws must be >= 1, got {draws!r}")
    for name, t in (("shipped_criteria", shipped_criteria),
                    ("confirmation_criteria", confirmation_criteria)):
        if "data_sets" not in t.columns:
            raise ValueError(f"null_reading_rate: {name} lacks 'data_sets' (issue14_criteria's "
                             "output)")
    rng = np.random.default_rng(int(seed))
    B = int(draws)
    tables = {"shipped": shipped_criteria.set_index(_KEY),
              "confirmation": confirmation_criteria.set_index(_KEY)}
    keys = sorted(set(tables["shipped"].index) | set(tables["confirmation"].index))
    order = [*STUDIES, SECOND]
    sims: dict[tuple, dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}
    sizes: dict[tuple, dict[str, int]] = {}
    for key in keys:
        n = {name: int(t.loc[key, "data_sets"]) if key in t.index else 0
             for name, t in tables.items()}
        sizes[key] = n
        large = min(n.values()) >= MIN_POOLED_DATA_SETS
        sims[key] = {}
        for name in order:
            if name in tables and conditional:
                continue
            if name in tables:
                size = np.full(B, n[name])
            elif large:
                size = np.full(B, n["confirmation"])
            else:
                size = rng.poisson(np.mean(list(n.values())), B)
            sims[key][name] = (*_null_outcomes(rng, key[1], size, n_se, band), size)
    # rule 5: the bias checks of at least MIN_POOLED_DATA_SETS pooled data sets
    pooled_keys = [k for k in keys if k[1] == "bias"
                   and min(sizes[k].values()) >= MIN_POOLED_DATA_SETS]
    bound = pooled_bias_bound(max(len(pooled_keys), 1))
    defect = np.zeros(B, dtype=bool)
    for key in keys:
        fails_by_draw = []
        for name in STUDIES:
            if name in sims[key]:
                judged, direction, _z, _n = sims[key][name]
                fails_by_draw.append((name, judged, direction))
            else:
                row = tables[name].loc[key] if key in tables[name].index else None
                j = bool(row is not None and row["judged"])
                way = None if row is None or not j or bool(row["holds"]) else \
                    failure_direction(row)
                d = {None: 0, "low": -1, "high": 1}.get(way, 2)
                fails_by_draw.append((name, np.full(B, j), np.full(B, d)))
        sj, sd, _sz, _sn = sims[key][SECOND]
        for b in range(B):
            judged = [nm for nm, j, _d in fails_by_draw if j[b]]
            fails = [nm for nm, j, d in fails_by_draw if j[b] and d[b] != 0]
            dirs = [str(d[b]) for nm, j, d in fails_by_draw if j[b] and d[b] != 0]
            r = _reading(judged, fails, dirs, list(STUDIES))
            if r == "undecided" and sj[b]:
                judged.append(SECOND)
                if sd[b] != 0:
                    fails.append(SECOND)
                    dirs.append(str(sd[b]))
                r = _reading(judged, fails, dirs, order)
            if r == "defect":
                defect[b] = True
        if key in pooled_keys:
            _j, _d, z_r, n_r = sims[key]["replication"]
            n_c = sizes[key]["confirmation"]
            if "confirmation" in sims[key]:
                z_c = sims[key]["confirmation"][2]
            else:
                row = tables["confirmation"].loc[key]
                z_c = np.full(B, float(row["value"]) / float(row["mc_se"]))
            z = (np.sqrt(n_c) * z_c + np.sqrt(n_r) * z_r) / np.sqrt(n_c + n_r)
            defect |= np.abs(z) > bound
    rate = float(defect.mean())
    return rate, float(np.sqrt(rate * (1 - rate) / B))


if __name__ == "__main__":
    raise SystemExit(main())
