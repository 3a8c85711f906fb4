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
Three ways out were put to the team in the closing notes of the forty-sixth to
forty-eighth sessions (the project's issue tracker, not a committed file; the replication
module's docstring says only that a minimum part size was considered and not adopted), each
to be fixed in advance of a study on the reserved bases 2027-2030: a design that fills the
part, a minimum part size for a coverage check, or the team reading the undecided check as
not a defect. The team gave no answer. So this is a new reading, added to rules 1-8, not a
rule they named. The project's engineer decided in the
forty-ninth session, as in the forty-sixth: **a design that fills the part**, the only one
of the three that adds evidence instead of changing what counts, and the only one that can
still end in a defect. The other two would judge the confirmation study's failure after it
was seen, and both would read "met" at once. The book's own design cannot fill the part: at
its fill (5 point estimates in the 1,600 data sets of the four studies, 0.3 per cent) about
200 point estimates would need some 65,000 data sets. This docstring, the reading's code and
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
  data sets (effective twins 20 to 41 where it was), against 0.3 per cent of data sets at
  10,000; quarter 7 gave none (positivity fails there in truth). 11 to 25 seconds a data set
  on one core of a loaded machine. The pilot's script is ``benchmarks/targeted_pilot.py``;
  its output was not kept beyond these figures.
- ``replications`` = 200 (expected about 150 quarter-6 point estimates at the pilot's fill,
  80 to 186 over the fill's 95 per cent range 0.40 to 0.93), a number fixed now and run to
  the end: no look at any estimate, nor at the part's size, before the last data set. (First
  committed as 300; lowered to 200 with the review's revisions below, before any result was
  read, because the run under the machine's load took about 25 seconds a data set, two
  hours for 300.)
- ``bootstrap`` = 0: issue 14's criteria read the linearized intervals only; the pilot
  showed the same estimates with and without the bootstrap's 49 replications.
- ``base_seed`` = 2027, the first of the reserved bases 2027-2030.

Reading, fixed in advance (:func:`targeted_verdicts`):

T1. The checks read are those the replication reading leaves undecided
    (:data:`mia_helpers.montecarlo_replication.FIRST_READ`: the quarter-6 "now versus never"
    coverage) and the other check of the same part, the quarter-6 "now versus never" bias
    (:data:`READ_ALSO`; T3a). Each is judged on the targeted study by ``issue14_criteria`` at
    issue 14's thresholds (the band widened for fewer than 200 point estimates) and read by
    rules 2-3 with the targeted study appended after the second replication study. A part of
    fewer than :data:`MIN_POINT_ESTIMATES` (100) point estimates counts as not judged there.
T2. So: the coverage below its band, the direction of the confirmation study's failure, is
    a second failure in the same direction, **a defect**; inside the band, the failure did
    not replicate and a later study holds: **not replicated**; above the band (opposite
    directions) or not judged (no quarter-6 point estimate): **undecided for good**. No
    further study is added after this one, whatever it shows.
T3. Every other check keeps its reading. The targeted study's other checks (other quarters,
    the bounds) are reported in Appendix A beside the reading and are not read: each was
    judged on studies of the book's design with hundreds of point estimates or bounds.
T3a. The quarter-6 "now versus never" bias is read as well (review rev52): it "holds" on 4
    point estimates of the shipped study alone, whose seeds were seen while the estimator
    was chosen (+2.28 pp, 1.97 Monte Carlo SE), and reading only the check that can close
    the issue while leaving unread the same part's check that can only keep it open would
    lean towards "met". Read by rules 2-3 with the targeted study last: a failure there is
    its first and last, so undecided for good; holding, it holds.
T4. Rule 6 then decides issue 14: met when no check is a defect and none is undecided
    (:func:`mia_helpers.montecarlo_replication.issue14_met`). If it is met, Appendix A and
    the design page say that it is met for the filled part only: the quarter-6 point
    estimate of the book's own design (rare, on about a dozen effective twins) stays untested
    (:data:`MET_FOR_FILLED_PART`, fixed now).
T5. The first read is final for the code fingerprint it ran with (:data:`TARGETED_READ`,
    recorded after the run, with the time its run started). :func:`targeted_verdicts` refuses
    to read under another fingerprint than the replication reading's first read.

What this reading costs and can find (:func:`coverage_null_rates`; binomial, exact; the
part's size is random, these are likely values). An estimator whose intervals cover 0.95 is
read as a defect with probability 0.0115 at 100 point estimates, 0.0036 at 150 and 0.0026 at
186, and left undecided (coverage above the band) with 0.006, 0.018 and 0.015. If the
intervals covered 0.90 at quarter 6 the reading would call a defect with probability 0.42 at
100, 0.43 at 150 and 0.50 at 186; at 0.88, 0.67, 0.73 and 0.80; at 0.85, 0.90, 0.95 and
0.98. Over-covering intervals, plausible here (the shipped quarter-6 intervals run as wide
as -82.9 to 14.1 pp), leave the check undecided for good: with probability 0.05, 0.17 and
0.19 at a true coverage of 0.97, and 0.37, 0.81 and 0.88 at 0.99. The bias check (T3a) of an
unbiased estimator fails with probability about 0.047 (|t| > 2 on about 150 degrees of
freedom). A part below 100 point estimates leaves both checks undecided for good.

What it cannot tell. In the targeted design the quarter-6 point estimates rest on about 20 to
40 effective twins (pilot), in the book's design on 10 to 16 (the five such estimates of the
four studies), and the part is selected differently: there a point estimate is a rare event
(0.3 per cent of data sets), here the usual one. The confirmation's miss sat on 10.4
effective twins, just above the threshold of 10; this design has next to no power against
that apparent mechanism (thin twins near the threshold). A coverage inside the band here
says the interval holds where the part is filled; it cannot say whether the rare quarter-6
estimate at 10,000 newcomers, on a dozen effective twins, covers as often. Appendix A says
so beside the verdict, and reports (not reads) the coverage of every point estimate at
quarters 4-8 resting on fewer than :data:`THIN_TWINS` (20) effective twins across the five
studies.

Status (added after the run; the text above is the protocol as fixed). The study ran on the
revised protocol's commit (f73506f, code fingerprint 515525be1b6b8dc9, the replication's first
read's), its first data set started at 01:33 UTC on 2026-12-06 after that commit, and took 52
minutes on two cores shared with other work (about 25 seconds a data set while they ran, 5
once they stopped). Read once, by :func:`targeted_verdicts`: 104 of the 200 data sets gave a
quarter-6 point estimate (the part just reached the minimum of 100); their intervals cover
0.962 (band 0.90 to 0.993 for 104), so the confirmation's failure did not replicate; the
quarter-6 bias is -0.15 pp (0.27 Monte Carlo SE, bounds +-0.55), it holds. By rule T4 the
inburgering estimator meets issue 14's criteria under this reading, for the filled part only
(:data:`MET_FOR_FILLED_PART`). **What the study shows beyond its reading** (reported, not read,
as T3 fixed): at this design's power the "now versus later" bias lies above zero beyond 2
Monte Carlo SE at every quarter 4-8 (+0.05 to +0.08 pp, 2.4 to 3.1 SE, against truths of 1.3
to 1.9 pp; also against the truth over the matched starters), a bias the book's design (Monte
Carlo SE 0.03 to 0.05 pp) does not detect, though the replication study's +0.07 to +0.09 pp at
quarters 6-8 point the same way and the confirmation's -0.01 to -0.06 pp do not; and the
"now versus never" intervals over-cover at quarters 4 and 5 (1.000 and 0.995, above the
band). Whether issue 14 judges the estimator at the book's design only (then it is met) or
at any design (then the small "now versus later" bias is a defect to find) is the team's
question; judging it needs a reading fixed in advance of a study on base 2028-2030.

Records (added in the fifty-second session, rec55; the rules and the status above unchanged).
After issue 14's switch to the bias-corrected "now versus later" estimator this file is kept
as a record of fingerprint 515525be1b6b8dc9 (the earlier, uncorrected estimator), never
regenerated: :func:`read_targeted` reads it as that record, rule T5 lets
:func:`targeted_verdicts` read the record of :data:`TARGETED_READ`'s code (its verdicts are
that code's, reported as a record), and :func:`main` reports the record and refuses to
overwrite it.
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
    _kept,
    issue14_criteria,
    record_main,
)
from mia_helpers.montecarlo_replication import (
    _KEY,
    FIRST_READ,
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
#: four times the newcomers, 200 data sets, no bootstrap, on the first reserved base seed
TARGETED_STUDY: dict[str, Any] = {**CONFIRMATION_STUDY, "replications": 200,
                                  "newcomers": 40_000, "bootstrap": 0, "base_seed": 2027}
#: every study of :data:`TARGETED_RESULTS` (name -> :func:`mcn.run_study` parameters)
TARGETED_STUDIES: dict[str, dict[str, Any]] = {"inburgering_targeted": TARGETED_STUDY}
#: the targeted study's name in :func:`targeted_verdicts`' ``judged`` and ``fails``
TARGETED = "targeted"
#: the order of the studies a check can be judged on, the targeted study last (rule T1)
ORDER = (*STUDIES, SECOND, TARGETED)
#: the other check of the quarter-6 part, read as well (rule T3a)
READ_ALSO = (("now_vs_never", "bias", 6),)
#: the least point estimates for the targeted study to judge a check it reads (rule T1)
MIN_POINT_ESTIMATES = 100
#: effective twins below which Appendix A reports the point estimates' coverage (not read)
THIN_TWINS = 20
#: what Appendix A and the design page say when the reading is met (rule T4), fixed before
#: the run
MET_FOR_FILLED_PART = (
    "it is met for the filled part only: the quarter-6 point estimate of the book's own "
    "design, rare and resting on about a dozen effective twins, stays untested")
#: the first read of the targeted study (rule T5): fingerprint, protocol commit, when its run
#: started, verdict, the reading of each check it read and how many of the checks it does not
#: read fail (module docstring, "Status")
TARGETED_READ: dict[str, Any] | None = {
    "fingerprint": "515525be1b6b8dc9",
    "protocol_commit": "f73506f",
    "run_started": "2026-12-06 01:33 UTC",
    "verdict": "meets",
    "readings": {("now_vs_never", "bias", 6): "holds",
                 ("now_vs_never", "coverage", 6): "not_replicated"},
    "unread_failing": 7,  # of the 19 judged checks it does not read (rule T3): reported
}


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
    file does not hold them under the current key. For the shipped file under another code
    fingerprint: the record of the earlier code (:func:`mia_helpers.claims.kept_study_rows`;
    its ``attrs`` name the fingerprint), never computed.

    Raises
    ------
    ValueError
        When the file exists but cannot be read as a results file (names it and the remedy);
        for the shipped file under an unrecorded fingerprint when neither this code's rows
        nor a record are found (:func:`mia_helpers.montecarlo_confirmation._kept`)."""
    if path is None:
        return _kept(TARGETED_FILE, mcn._params(**TARGETED_STUDY))
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
    reading was "undecided", or it is in :data:`READ_ALSO`), :data:`TARGETED` appended to ``judged`` where the targeted study
    judges it (and to ``fails`` with its direction where it fails there) and ``reading``
    re-read by rules 2-3 (a part of fewer than :data:`MIN_POINT_ESTIMATES` point estimates
    is not judged); ``targeted_data_sets``, ``targeted_value``, ``targeted_low``,
    ``targeted_high`` (the targeted study's part size, value and bounds for the checks read;
    NaN elsewhere). Other rows are unchanged.

    Raises
    ------
    ValueError
        If ``verdicts`` lacks a column named above, already holds the targeted study, the
        estimator's code fingerprint is not the replication reading's first read's and
        ``targeted`` is not a record of that code (rule T5), or ``targeted``'s data sets are
        not ``base_seed``'s."""
    need = [*_KEY, "judged", "fails", "directions", "reading"]
    missing = [c for c in need if c not in verdicts.columns]
    if missing:
        raise ValueError(f"targeted_verdicts: verdicts lack the {plural(missing, 'column')} {missing} "
                         "(montecarlo_replication.replication_verdicts' output)")
    if verdicts["judged"].map(lambda j: TARGETED in j).any():
        raise ValueError("targeted_verdicts: these verdicts already read the targeted study; "
                         "rule T2 adds no further study")
    from mia_helpers.claims import record_fingerprint

    fp = mcn.code_fingerprint()
    # rule T5: the code of the first read, or the record of that code (rec55)
    if FIRST_READ is None or FIRST_READ["fingerprint"] not in (fp,
                                                                 record_fingerprint(targeted)):
        raise ValueError(f"targeted_verdicts: the estimator's code fingerprint {fp} is not the "
                         "replication reading's first read's; rule T5 reads the targeted study "
                         "for that code only (a changed estimator is judged on a fresh "
                         "reserved base under a reading committed beforehand)")
    if base_seed is not None:
        _check_seeds(TARGETED, targeted, int(base_seed))
    crit = issue14_criteria(targeted, quarters).set_index(_KEY)
    out = verdicts.copy()
    also = {tuple(k) for k in READ_ALSO}
    listed = np.array([tuple(k) in also for k in out[_KEY].itertuples(index=False)], dtype=bool)
    out["targeted_read"] = (out["reading"] == "undecided").to_numpy() | listed
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
            if bool(row["judged"]) and int(row["data_sets"]) >= MIN_POINT_ESTIMATES:
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


def _not_ours(path: Path) -> str | None:
    """Why the existing file ``path`` is not for :func:`main` to advise regenerating into, or
    None: it holds another study's rows (user53: ``--check --out`` on the shipped inburgering
    file advised regenerating the targeted study into it, which would overwrite that study),
    or it is not a Parquet file and is not named as one (``--out README.md``). A missing or
    damaged ``.parquet`` file is left to :meth:`mia_helpers.montecarlo.StudyFile.main`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from mia_helpers.files import results_file_problem

    if not path.is_file():
        return None
    if path.suffix != ".parquet":
        if results_file_problem(path, ("study", "study_key", "replication")) is not None:
            return f"{path} is not a results file of this study (not Parquet)"
    try:
        names = pq.read_table(path, columns=["study"]).column("study").unique().to_pylist()
    except (pa.ArrowException, OSError, KeyError):
        return None
    others = sorted({str(n) for n in names} - set(TARGETED_STUDIES))
    if others:
        whose = "another study's" if len(others) == 1 else "other studies'"
        return (f"{path} holds {whose} results ({', '.join(others)}), not only the targeted "
                "study's")
    return None


def main(argv: list[str] | None = None) -> int:
    """``python -m mia_helpers.montecarlo_targeted [--check] [--out PATH] [--n-jobs N]``:
    regenerate :data:`TARGETED_RESULTS`, or (``--check``) report whether it is fresh (exit
    status 1 if not). An ``--out`` file of another study, or not Parquet, is refused (exit
    status 2) and left alone, without advice to regenerate into it (:func:`_not_ours`);
    ``--check`` of a missing shipped file advises restoring it from git; ``--help`` adds that
    without ``--check`` the study is recomputed and the file overwritten."""
    import argparse

    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--out", default=None)
    pre.add_argument("--check", action="store_true")
    known, rest = pre.parse_known_args(argv)
    why = None if known.out is None else _not_ours(Path(known.out))
    if why is not None:
        print(f"error: {why}; it is left alone. Give --out a file of the targeted study, or "
              f"leave --out out to use the shipped {TARGETED_RESULTS.as_posix()}.")
        return 2
    kept = record_main(TARGETED_FILE, argv)
    if kept is not None:
        return kept
    shipped = TARGETED_RESULTS.as_posix()
    if known.check and known.out is None and not rest and not TARGETED_FILE.path().exists():
        # user53: the shared message advised `make montecarlo` ("both shipped files"), which
        # recomputes all five studies for hours; the shipped copy is in git
        print(shipped_status().to_string(index=False))
        print(f"missing: {shipped} does not exist; restore the shipped copy with git checkout "
              f"-- {shipped} (its first read, TARGETED_READ, is final for the code it ran "
              "with), or regenerate it with python -m mia_helpers.montecarlo_targeted "
              "--n-jobs 2 (long, see README).")
        return 1
    try:
        return TARGETED_FILE.main(argv, "mia_helpers.montecarlo_targeted")
    except SystemExit as stop:  # after --help: what the shared help does not say (user53)
        if stop.code == 0:
            import textwrap

            print("\n" + textwrap.fill(
                  f"The book only reads {shipped}; its first read (TARGETED_READ) is final for "
                  "the code it ran with. Without --check this command recomputes the study "
                  f"({int(TARGETED_STUDY['replications'])} data sets of "
                  f"{int(TARGETED_STUDY['newcomers']):,} newcomers; 52 min on two shared cores "
                  "when it ran) and overwrites the file. A missing file is restored with "
                  f"git checkout -- {shipped}.", 79))
        raise


if __name__ == "__main__":
    raise SystemExit(main())
