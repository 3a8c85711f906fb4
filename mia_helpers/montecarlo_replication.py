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
(:data:`REPLICATION_STUDY`), 400 data sets, the same code (its rows are stale whenever the
other studies' are; ``make montecarlo`` regenerates all). Base seeds 2025-2030 were reserved
unread for issue 14 since the forty-fifth session. Results in :data:`REPLICATION_RESULTS`.

Reading, fixed in advance (:func:`replication_verdicts`):

1. A check is one estimand, criterion and quarter of ``issue14_criteria``. Each is judged on
   each study on its own, at issue 14's thresholds. The studies, in order: the shipped study
   (base 2005), the confirmation study (base 2007), the replication study (base 2025).
2. A defect replicates: a check that fails on two or more of the studies is a defect of the
   estimator.
3. A check that fails on exactly one study, and is judged and holds on a later study, is Monte
   Carlo chance. This replaces rule 2 of the confirmation study's reading: its two failures
   read as chance if they do not recur here and as a defect if they do. (The shipped study's
   one failure, read as chance by the confirmation's rule 3, is read by the same rule here.)
4. A check whose only failure is on the last study that judges it is undecided. If the
   replication study leaves a check undecided, a second replication study of the same design
   on base seed 2026 (:data:`SECOND_REPLICATION_STUDY`) is run and read for the undecided
   checks only: a check that fails there again is a defect; one that holds there is chance;
   one it does not judge stays undecided. This reading adds no further study.
5. Against a small bias that no single study of 400 data sets detects: the shipped,
   confirmation and replication studies' rows are pooled (1,200 data sets) and each bias check
   is judged on them at the Bonferroni bound of a family-wise 0.05 over the m bias checks
   judged pooled, z = Phi^-1(1 - 0.05 / (2 m)) pooled Monte Carlo SE (2.69 for m = 7, the bias
   checks the confirmation study judges; 2.81 for m = 10). A
   bias check failing pooled is a defect, whatever rules 2-4 say. The second replication
   study is not pooled.
6. Issue 14's criteria are met by the inburgering estimator when no check is a defect and
   none is undecided (:func:`issue14_met`). A bias over fewer than two data sets is not
   judged and a part without data sets has no check, as in ``issue14_criteria``.
7. The book (Appendix A) shows the replication study's checks beside the other two studies',
   and the reading. The confirmation study's strict expected failures in
   ``tests/test_calibration_shipped.py`` stay: they are facts of that study; its reading's
   test follows this reading.

What this reading costs, computed before the run (:func:`replication_null_rate`, from the
checks' failure probabilities under independence that
:func:`mia_helpers.montecarlo_confirmation.null_failure_rates` reports for the confirmation
study, taken as every study's): an estimator without bias and with exact coverage is called
defective by rules 2-4 in 0.068 of series of studies of this design (its 20 checks judged on
the confirmation study), and by rule 5 in at most 0.05 more (at most 0.118 in all), against
0.256 for rule 2 of the confirmation reading on one study (0.349 under independence). Its power is lower for a defect that fails a check in fewer than half of the studies;
rule 5 is there for a small bias shared by all.
"""

from __future__ import annotations

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
    issue14_criteria,
)

#: the replication study's shipped results (relative to the project root)
REPLICATION_RESULTS = Path("results") / "montecarlo_replication.parquet"
#: the shipped inburgering study's parameters on base seed 2025 (module docstring)
REPLICATION_STUDY: dict[str, Any] = {**CONFIRMATION_STUDY, "base_seed": 2025}
#: the second replication study, run only for checks the first leaves undecided (rule 4)
SECOND_REPLICATION_STUDY: dict[str, Any] = {**CONFIRMATION_STUDY, "base_seed": 2026}
#: every study of :data:`REPLICATION_RESULTS` (name -> :func:`mcn.run_study` parameters)
REPLICATION_STUDIES: dict[str, dict[str, Any]] = {"inburgering_replication": REPLICATION_STUDY}
#: the studies of the reading, in order (rule 1); the second replication comes last (rule 4)
STUDIES = ("shipped", "confirmation", "replication")
#: the name of the second replication study in :func:`replication_verdicts`' output
SECOND = "second replication"
#: the family-wise level of the pooled bias checks (rule 5)
POOLED_FAMILY_ALPHA = 0.05
#: the readings of :func:`replication_verdicts` (module docstring, rules 2-5)
READINGS = {"holds": "holds on every study",
            "chance": "fails on one study and holds on a later one: Monte Carlo chance",
            "defect": "fails on two studies, or its bias fails on the studies pooled: a defect",
            "undecided": "fails on the last study that judges it: undecided"}


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
    (or ``path``), or None when the file does not hold them under the current key.

    Raises
    ------
    ValueError
        When the file exists but cannot be read as a results file (names it and the remedy)."""
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
    pandas.DataFrame: the rows of ``run_study``.

    Raises
    ------
    ValueError
        If ``base_seed`` is one of ``other_seeds`` (names both)."""
    others = [int(s) for s in other_seeds]
    if int(base_seed) in others:
        raise ValueError(
            f"replication base seed {base_seed} equals the base seed of a study it replicates "
            f"({others}): it would re-read the same data sets; give another base seed (the "
            f"shipped replication uses {REPLICATION_STUDY['base_seed']})")
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
    undecided, the second replication study on :func:`second_replication_seed` (rule 4).

    Returns ``(verdicts, studies)``: ``studies`` maps :data:`STUDIES` (and :data:`SECOND`
    when it ran) to their rows.

    Raises
    ------
    ValueError
        As :func:`run_replication` (a base seed of another study)."""
    others = [int(s) for s in other_seeds]
    rows = run_replication(replications, newcomers, bootstrap, base_seed, others, interval)
    studies = dict(zip(STUDIES, (shipped, confirmation, rows), strict=True))
    verdicts = replication_verdicts(studies)
    if needs_second(verdicts):
        second = run_replication(replications, newcomers, bootstrap,
                                 second_replication_seed(base_seed, others),
                                 [*others, int(base_seed)], interval)
        verdicts = replication_verdicts(studies, second)
        studies[SECOND] = second
    return verdicts, studies


def main(argv: list[str] | None = None) -> int:
    """``python -m mia_helpers.montecarlo_replication [--check] [--out PATH] [--n-jobs N]``:
    regenerate :data:`REPLICATION_RESULTS`, or (``--check``) report whether it is fresh (exit
    status 1 if not)."""
    return REPLICATION_FILE.main(argv, "mia_helpers.montecarlo_replication")


def pooled_bias_bound(checks: int, family_alpha: float = POOLED_FAMILY_ALPHA) -> float:
    """Rule 5's bound in pooled Monte Carlo SE: the two-sided Bonferroni quantile
    Phi^-1(1 - family_alpha / (2 checks)) (2.81 for 10 checks at 0.05).

    Raises
    ------
    ValueError
        If ``checks`` is below 1 or ``family_alpha`` not in (0, 1)."""
    if int(checks) < 1 or not 0.0 < float(family_alpha) < 1.0:
        raise ValueError(f"pooled_bias_bound: checks must be >= 1 and family_alpha in (0, 1), "
                         f"got {checks!r} and {family_alpha!r}")
    return float(stats.norm.isf(float(family_alpha) / (2 * int(checks))))


_KEY = ["estimand", "criterion", "quarter_since_start"]


def read_checks(criteria: Mapping[str, pd.DataFrame], pooled_bias: pd.DataFrame | None = None,
                second: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rules 1-5 on the studies' checks, as tables of
    :func:`mia_helpers.montecarlo_confirmation.issue14_criteria` (the pure part of
    :func:`replication_verdicts`, tested on hand-made tables).

    Parameters
    ----------
    criteria : study name -> its ``issue14_criteria`` table, in the studies' order (rule 1).
    pooled_bias : the ``issue14_criteria`` table of the studies pooled, read at rule 5's bound
        (only its ``bias`` rows are read); None: rule 5 is not applied.
    second : the second replication study's ``issue14_criteria`` table (rule 4), read for the
        checks the others leave undecided only; None: not run.

    Returns
    -------
    pandas.DataFrame, one row per check with data sets on some study: ``estimand``,
    ``criterion``, ``quarter_since_start``, ``judged`` and ``fails`` (tuples of study names,
    in order; the second replication's name :data:`SECOND` appended where it was read),
    ``pooled_bias_fails`` (bool; False for other criteria or without ``pooled_bias``) and
    ``reading`` (a key of :data:`READINGS`).

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
    recs = []
    for key in keys:
        judged, fails = [], []
        for name in names:
            if key in index[name].index:
                row = index[name].loc[key]
                if bool(row["judged"]):
                    judged.append(name)
                    if not bool(row["holds"]):
                        fails.append(name)
        pooled_fails = bool(pooled is not None and key in pooled.index
                            and bool(pooled.loc[key, "judged"])
                            and not bool(pooled.loc[key, "holds"]))
        reading = _reading(judged, fails, names)
        if reading == "undecided" and sec is not None:
            if key in sec.index and bool(sec.loc[key, "judged"]):
                judged.append(SECOND)
                if not bool(sec.loc[key, "holds"]):
                    fails.append(SECOND)
                reading = "defect" if len(fails) >= 2 else "chance"
        if pooled_fails:
            reading = "defect"
        recs.append(dict(zip(_KEY, key, strict=True), judged=tuple(judged), fails=tuple(fails),
                         pooled_bias_fails=pooled_fails, reading=reading))
    return pd.DataFrame(recs, columns=[*_KEY, "judged", "fails", "pooled_bias_fails",
                                       "reading"])


def _reading(judged: list[str], fails: list[str], order: list[str]) -> str:
    """Rules 2-4 for one check: ``judged`` and ``fails`` are study names in ``order``."""
    if len(fails) >= 2:
        return "defect"
    if not fails:
        return "holds"
    later = [n for n in judged if order.index(n) > order.index(fails[0])]
    return "chance" if later else "undecided"


def replication_verdicts(studies: Mapping[str, pd.DataFrame],
                         second: pd.DataFrame | None = None,
                         quarters: tuple[int, int] = ISSUE14_QUARTERS,
                         family_alpha: float = POOLED_FAMILY_ALPHA) -> pd.DataFrame:
    """The reading of issue 14's criteria across the studies (module docstring, fixed before
    the replication study's data were generated): :func:`read_checks` of each study's
    :func:`mia_helpers.montecarlo_confirmation.issue14_criteria`, with rule 5's pooled bias.

    Parameters
    ----------
    studies : study name -> its rows (``issue14_criteria``'s input), in order: the shipped,
        confirmation and replication studies (:data:`STUDIES`); pooled by stacking for rule 5.
    second : the second replication study's rows (rule 4), or None.
    quarters : the quarters judged.
    family_alpha : rule 5's family-wise level.

    Returns
    -------
    pandas.DataFrame: :func:`read_checks`' columns, plus ``pooled_bias_pp`` and
    ``pooled_mc_se`` (the pooled bias and its Monte Carlo SE; NaN for other criteria) and the
    bound used, ``pooled_bound_se`` (the same in every row).

    Raises
    ------
    ValueError
        If ``studies`` is empty (as :func:`read_checks`)."""
    if not studies:
        raise ValueError("replication_verdicts: no study given")
    criteria = {name: issue14_criteria(rows, quarters) for name, rows in studies.items()}
    stacked = pd.concat(list(studies.values()), ignore_index=True)
    plain = issue14_criteria(stacked, quarters)
    m = int(((plain["criterion"] == "bias") & plain["judged"]).sum())
    bound = pooled_bias_bound(max(m, 1), family_alpha)
    pooled = issue14_criteria(stacked, quarters, n_se=bound)
    sec = None if second is None else issue14_criteria(second, quarters)
    out = read_checks(criteria, pooled, sec)
    p = pooled[pooled["criterion"] == "bias"][[*_KEY, "value", "mc_se"]].rename(
        columns={"value": "pooled_bias_pp", "mc_se": "pooled_mc_se"})
    out = out.merge(p, on=_KEY, how="left")
    out["pooled_bound_se"] = bound
    return out


def needs_second(verdicts: pd.DataFrame) -> bool:
    """Whether rule 4 runs the second replication study: some check of ``verdicts``
    (:func:`replication_verdicts` without ``second``) is undecided."""
    return bool((verdicts["reading"] == "undecided").any())


def issue14_met(verdicts: pd.DataFrame) -> bool:
    """Rule 6: issue 14's criteria are met when no check is a defect and none is undecided."""
    return bool(len(verdicts)) and bool(verdicts["reading"].isin(["holds", "chance"]).all())


def replication_null_rate(p: Sequence[float] | np.ndarray, studies: int = len(STUDIES),
                          family_alpha: float = POOLED_FAMILY_ALPHA) -> dict[str, float]:
    """What the reading costs an estimator without bias and with exact coverage (module
    docstring): with ``p`` the checks' failure probabilities on one study (the same on every
    study, independent across studies and checks), the probability that rules 2-4 call some
    check a defect over ``studies`` studies and the second replication (a check is a defect
    when it fails on two of the studies, or on the last and then on the second replication),
    and that plus rule 5's family-wise level (an upper bound: Bonferroni).

    Returns ``{"replicated": ..., "bound": ...}``.

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] or ``studies`` is below 2."""
    q = np.asarray(p, dtype=float)
    if q.size and ((q < 0) | (q > 1) | np.isnan(q)).any():
        raise ValueError("replication_null_rate: failure probabilities must lie in [0, 1]")
    if int(studies) < 2:
        raise ValueError(f"replication_null_rate: studies must be >= 2, got {studies!r}")
    n = int(studies)
    at_least_two = 1.0 - stats.binom.cdf(1, n, q)
    last_only = q * (1 - q) ** (n - 1)
    per_check = at_least_two + last_only * q
    replicated = float(1.0 - np.prod(1.0 - per_check))
    return {"replicated": replicated, "bound": min(1.0, replicated + float(family_alpha))}


if __name__ == "__main__":
    raise SystemExit(main())
