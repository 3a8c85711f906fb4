"""The targeted study of issue 14: a design that fills the one part the reading left undecided.

Why. The reading "a defect replicates" (:mod:`mia_helpers.montecarlo_replication`, rules 1-8,
fixed in the forty-sixth session before its studies ran) left one check undecided for good:
the coverage of the matched "now versus never" point estimates at quarter 6 of the
inburgering study. That part holds the data sets whose estimate at quarter 6 is a point
estimate; the design of every study so far (10,000 newcomers a data set) almost never fills
it: 4 point estimates on the shipped study, 1 on the confirmation study (its interval misses,
the failure), 0 on each replication. At quarter 6 the twins' modelled probability of not
having signed lies near the positivity floor (true 0.0029 for an obligated twin against the
floor 0.001, ``benchmarks/never_positivity.py``), so the flag is set in nearly every data
set and the Kaplan-Meier of the rest rests on about 10 effective twins. By rule 6 the
estimator therefore does not meet issue 14, and rule 4 adds no further study of that design.
The reading named three ways out, each to be fixed in advance of a study on the reserved
bases 2027-2030: a design that fills the part, a minimum part size for a coverage check, or
the team reading the undecided check as not a defect. The team was asked in the forty-sixth
to forty-eighth sessions and gave no answer. The project's engineer decided in the
forty-ninth session, as in the forty-sixth: **a design that fills the part**, the only one
of the three that adds evidence instead of changing what counts. The other two would judge
the confirmation study's failure after it was seen. This docstring, the reading's code and
its tests were committed before any data set of base seed 2027 was generated.

What does not change: the estimator and its code (the study runs with the code fingerprint
of the replication's first read, ``FIRST_READ["fingerprint"]`` of
:mod:`mia_helpers.montecarlo_replication`; a changed fingerprint refuses the reading), issue
14's thresholds (:func:`mia_helpers.montecarlo_confirmation.issue14_criteria` with its
defaults), and rules 1-8 of the replication reading with their verdicts on every other check.

Design (:data:`TARGETED_STUDY`), fixed before its first data set: the inburgering study's
parameters except

- ``newcomers`` = 40,000 a data set (four times the book's). Sizing pilot on the throw-away
  seeds 99990-99997 (never used for issue 14; only the fill and the run time were looked at,
  no estimate against its truth): the quarter-6 estimate was a point estimate in 6 of the 8
  data sets (effective twins 20 to 41 where it was), against 0.5 per cent of data sets at
  10,000; quarter 7 gave none (positivity fails there in truth). 11 to 25 seconds a data set
  on one core of a loaded machine.
- ``replications`` = 300 (expected about 225 quarter-6 point estimates at the pilot's fill;
  about 40 to 60 minutes on two cores), a number fixed now and run to the end: no look at any
  estimate before the last data set.
- ``bootstrap`` = 0: issue 14's criteria read the linearized intervals only; the pilot
  showed the same estimates with and without the bootstrap's 49 replications.
- ``base_seed`` = 2027, the first of the reserved bases 2027-2030.

Reading, fixed in advance (:func:`targeted_verdicts`):

T1. The checks read are those the replication reading leaves undecided
    (:data:`mia_helpers.montecarlo_replication.FIRST_READ`: the quarter-6 "now versus never"
    coverage only). Each is judged on the targeted study by ``issue14_criteria`` at issue
    14's thresholds (the band widened for fewer than 200 point estimates) and read by rules
    2-3 with the targeted study appended after the second replication study.
T2. So: the coverage below its band, the direction of the confirmation study's failure, is
    a second failure in the same direction, **a defect**; inside the band, the failure did
    not replicate and a later study holds: **not replicated**; above the band (opposite
    directions) or not judged (no quarter-6 point estimate): **undecided for good**. No
    further study is added after this one, whatever it shows.
T3. Every other check keeps its reading. The targeted study's other checks (other quarters,
    the bias at quarter 6, the bounds) are a design of another size than the book's: they
    are reported in Appendix A beside the reading and are not read.
T4. Rule 6 then decides issue 14: met when no check is a defect and none is undecided
    (:func:`mia_helpers.montecarlo_replication.issue14_met`).
T5. The first read is final for the code fingerprint it ran with (:data:`TARGETED_READ`,
    recorded after the run).

What this reading costs and can find (:func:`coverage_null_rates`; binomial, exact; the
part's size is random, these are its likely values). An estimator whose intervals cover 0.95
is read as a defect with probability 0.0036 at 150 point estimates, 0.0010 at 225 and 0.0001
at 300, and left undecided (coverage above the band) with 0.018, 0.011 and 0.002. If the
intervals covered 0.90 at quarter 6 the reading would call a defect with probability 0.43 at
150 and 0.49 at 225; at 0.88, 0.73 and 0.82; at 0.85, 0.95 and 0.99.

What it cannot tell. In the targeted design the quarter-6 point estimates rest on about 20 to
40 effective twins (pilot), in the book's design on 10 to 16 (the five such estimates of the
four studies). A coverage inside the band here says the interval holds where the part is
filled; it cannot say whether the rare quarter-6 estimate at 10,000 newcomers, on a dozen
effective twins, covers as often. Appendix A says so beside the verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from mia_helpers import montecarlo_newcomers as mcn
from mia_helpers.montecarlo import StudyFile, coverage_tolerance
from mia_helpers.montecarlo_confirmation import (
    CONFIRMATION_STUDY,
    ISSUE14_QUARTERS,
    issue14_criteria,
)
from mia_helpers.montecarlo_replication import (
    _KEY,
    SECOND,
    STUDIES,
    _check_seeds,
    _reading,
    failure_direction,
)
from mia_helpers.words import plural

__all__ = [
    "TARGETED",
    "TARGETED_READ",
    "TARGETED_RESULTS",
    "TARGETED_STUDY",
    "TARGETED_STUDIES",
    "coverage_null_rates",
    "read_targeted",
    "shipped_status",
    "targeted_verdicts",
]

#: the targeted study's shipped results (relative to the project root)
TARGETED_RESULTS = Path("results") / "montecarlo_targeted.parquet"
#: the targeted study (module docstring, "Design"): the confirmation study's parameters with
#: four times the newcomers, 300 data sets, no bootstrap, on the first reserved base seed
TARGETED_STUDY: dict[str, Any] = {**CONFIRMATION_STUDY, "replications": 300,
                                  "newcomers": 40_000, "bootstrap": 0, "base_seed": 2027}
#: every study of :data:`TARGETED_RESULTS` (name -> :func:`mcn.run_study` parameters)
TARGETED_STUDIES: dict[str, dict[str, Any]] = {"inburgering_targeted": TARGETED_STUDY}
#: the targeted study's name in :func:`targeted_verdicts`' ``judged`` and ``fails``
TARGETED = "targeted"
#: the order of the studies a check can be judged on, the targeted study last (rule T1)
ORDER = (*STUDIES, SECOND, TARGETED)
#: the first read of the targeted study (rule T5): fingerprint, protocol commit, verdict and
#: the reading of each check it read; None until the study has been read
TARGETED_READ: dict[str, Any] | None = None


def _replicate(seed: int, p: dict[str, Any]) -> pd.DataFrame:
    """One replication (:func:`mia_helpers.montecarlo_newcomers._replicate`); defined here so
    that the results file's error messages name this module's command."""
    return mcn._replicate(seed, p)


#: the targeted study's results file: the newcomer studies' keys, fingerprint and replication
TARGETED_FILE = StudyFile(TARGETED_RESULTS, TARGETED_STUDIES, mcn._params, mcn._key,
                          lambda: mcn.code_fingerprint(), _replicate,
                          cache_prefix="newcomers_", label="Monte Carlo (targeted study)")


def shipped_status(path: str | Path | None = None) -> pd.DataFrame:
    """Whether :data:`TARGETED_RESULTS` (or ``path``) holds the targeted study under the current
    code and parameters (:meth:`mia_helpers.montecarlo.StudyFile.status`; columns ``study``,
    ``key``, ``fresh`` (bool), ``replications``)."""
    return TARGETED_FILE.status(path, TARGETED_STUDIES)


def read_targeted(path: str | Path | None = None) -> pd.DataFrame | None:
    """The targeted study's rows in :data:`TARGETED_RESULTS` (or ``path``), or None when the
    file does not hold them under the current key.

    Raises
    ------
    ValueError
        When the file exists but cannot be read as a results file (names it and the remedy)."""
    return TARGETED_FILE.read(mcn._key(mcn._params(**TARGETED_STUDY)), path)


def targeted_verdicts(verdicts: pd.DataFrame, targeted: pd.DataFrame,
                      quarters: tuple[int, int] = ISSUE14_QUARTERS,
                      base_seed: int | None = None) -> pd.DataFrame:
    """Rules T1-T4 (module docstring, fixed before the study ran): the undecided checks of the
    replication reading judged on the targeted study.

    Parameters
    ----------
    verdicts : the replication reading's verdicts
        (:func:`mia_helpers.montecarlo_replication.replication_verdicts` with the second
        study), one row per check with ``estimand``, ``criterion``, ``quarter_since_start``,
        ``judged``, ``fails``, ``directions`` (tuples) and ``reading``.
    targeted : the targeted study's rows (``issue14_criteria``'s input).
    quarters : the quarters judged.
    base_seed : where given, ``targeted``'s data sets (column ``seed``) must be this base
        seed's (:func:`mia_helpers.montecarlo.replication_seeds`).

    Returns
    -------
    pandas.DataFrame: ``verdicts`` with, for each check read (``targeted_read`` True: its
    reading was "undecided"), :data:`TARGETED` appended to ``judged`` where the targeted study
    judges it (and to ``fails`` with its direction where it fails there) and ``reading``
    re-read by rules 2-3; ``targeted_data_sets``, ``targeted_value``, ``targeted_low``,
    ``targeted_high`` (the targeted study's part size, value and bounds for the checks read;
    NaN elsewhere). Other rows are unchanged.

    Raises
    ------
    ValueError
        If ``verdicts`` lacks a column named above, already holds the targeted study, or
        ``targeted``'s data sets are not ``base_seed``'s."""
    need = [*_KEY, "judged", "fails", "directions", "reading"]
    missing = [c for c in need if c not in verdicts.columns]
    if missing:
        raise ValueError(f"targeted_verdicts: verdicts lack the {plural(missing, 'column')} {missing} "
                         "(montecarlo_replication.replication_verdicts' output)")
    if verdicts["judged"].map(lambda j: TARGETED in j).any():
        raise ValueError("targeted_verdicts: these verdicts already read the targeted study; "
                         "rule T2 adds no further study")
    if base_seed is not None:
        _check_seeds(TARGETED, targeted, int(base_seed))
    crit = issue14_criteria(targeted, quarters).set_index(_KEY)
    out = verdicts.copy()
    out["targeted_read"] = out["reading"] == "undecided"
    cols = {"targeted_data_sets": "data_sets", "targeted_value": "value",
            "targeted_low": "low", "targeted_high": "high"}
    for c in cols:
        out[c] = np.nan
    for i in out.index[out["targeted_read"]]:
        key = tuple(out.loc[i, _KEY])
        judged = list(out.at[i, "judged"])
        fails = list(out.at[i, "fails"])
        dirs = list(out.at[i, "directions"])
        if key in crit.index:
            row = crit.loc[key]
            for c, src in cols.items():
                out.at[i, c] = float(row[src])
            if bool(row["judged"]):
                judged.append(TARGETED)
                if not bool(row["holds"]):
                    fails.append(TARGETED)
                    dirs.append(failure_direction(row))
        out.at[i, "judged"] = tuple(judged)
        out.at[i, "fails"] = tuple(fails)
        out.at[i, "directions"] = tuple(dirs)
        out.at[i, "reading"] = _reading(judged, fails, dirs, list(ORDER))
    return out


def coverage_null_rates(point_estimates: Sequence[int] | np.ndarray,
                        coverage: float = 0.95) -> pd.DataFrame:
    """How rule T2 reads a coverage check over a part of ``point_estimates`` data sets when the
    intervals cover with probability ``coverage`` (exact binomial; the band of
    :func:`mia_helpers.montecarlo.coverage_tolerance`).

    Returns
    -------
    pandas.DataFrame, one row per part size: ``point_estimates`` (int), ``low``, ``high`` (the
    band), ``p_defect`` (coverage below the band: a failure in the confirmation study's
    direction) and ``p_undecided`` (above it).

    Raises
    ------
    ValueError
        If a part size is below 1 or ``coverage`` is not in [0, 1]."""
    n = np.asarray(point_estimates, dtype=int).ravel()
    if n.size == 0 or np.any(n < 1) or not 0.0 <= float(coverage) <= 1.0:
        raise ValueError(f"coverage_null_rates: part sizes must be >= 1 and coverage in [0, 1], "
                         f"got {point_estimates!r} and {coverage!r}")
    recs = []
    for size in n:
        low, high = (float(x) for x in coverage_tolerance(int(size)))
        k = np.arange(int(size) + 1)
        pmf = stats.binom.pmf(k, int(size), float(coverage))
        share = k / int(size)
        recs.append(dict(point_estimates=int(size), low=low, high=high,
                         p_defect=float(pmf[share < low].sum()),
                         p_undecided=float(pmf[share > high].sum())))
    return pd.DataFrame(recs)


def main(argv: list[str] | None = None) -> int:
    """``python -m mia_helpers.montecarlo_targeted [--check] [--out PATH] [--n-jobs N]``:
    regenerate :data:`TARGETED_RESULTS`, or (``--check``) report whether it is fresh (exit
    status 1 if not)."""
    return TARGETED_FILE.main(argv, "mia_helpers.montecarlo_targeted")


if __name__ == "__main__":
    raise SystemExit(main())
