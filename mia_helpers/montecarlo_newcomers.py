"""Monte Carlo study of chapter 5's inburgering estimator on the generator (Appendix A).

Each replication draws a fresh synthetic population of newcomers (its own seed, derived from a
base seed by :func:`mia_helpers.montecarlo.replication_seeds`), builds the panel, estimates the
effect of signing the integration contract (inburgering) on cumulative entry into stable
*regular* employment with chapter 5's estimator (:func:`mia_helpers.newcomers.newcomer_effects`
with :func:`mia_helpers.newcomers.newcomer_specs`: quarters since arrival as the clock, ABB
registration in an earlier quarter in the risk set, exact cells of sex, residence ground,
labour-market access and calendar year, linearized person-clustered intervals) and compares every estimate with *that
replication's* true effect (:func:`mia_helpers.synthetic.truth.newcomer_truth`: counterfactual
re-simulation of every non-working contract signer with common random numbers). The summaries
are those of Appendix A's other studies (:func:`mia_helpers.montecarlo.summarise` and
:func:`mia_helpers.montecarlo.calibration`: bias, Monte Carlo SE of the bias, coverage with its
binomial Monte Carlo SE, per estimand, estimator and quarter since the start).

Size of a replication (:data:`INBURGERING_STUDY`). The estimator fits one propensity logit per
quarter since arrival u = 1..11 (and a pooled one for u >= 12) inside exact cells of sex,
residence ground, labour-market access and calendar year
(:data:`mia_helpers.newcomers.NEWCOMER_EXACT`), and matches within a caliper of 0.2 SD. The truth is
the effect on *all* non-working contract signers, the estimate that on the matched ones, so a
replication must be large enough that few signers lack a twin and that the late risk sets have
starters for their logits. With 10,000 newcomers (chapter 5's default data) each risk set
u = 1..11 holds more than 100 signers and about a fifth of the signers go unmatched (22 % on
the seed-2005 data set; 13 % before the residence-ground cell); with 2,000 newcomers the late risk sets hold about 30 signers, several logit
terms are not identified and about half of the signers go unmatched, so the matched population
is no longer the one the truth describes. 10,000 newcomers is also the data set whose estimates
chapter 5 shows, so the study speaks to them. Residents are not generated (``residents=0``):
the chapter 5 estimator uses newcomers only and the generator simulates every person
independently.

Shipped results. Like Appendix A's other studies, the study's rows are shipped in
:data:`SHIPPED_RESULTS`, written by the documented command
``python -m mia_helpers.montecarlo_newcomers --n-jobs 2`` (``make montecarlo``). Each row carries
the study key: a hash of the parameters and of :func:`code_fingerprint` (the sources of
Appendix A's fingerprint, :func:`mia_helpers.montecarlo.code_fingerprint`, plus
:mod:`mia_helpers.newcomers`, :mod:`mia_helpers.covariates` and this module). :func:`run_study`
reads the file only when the key matches; a stale or missing file makes it recompute (as
Appendix A does), and ``tests/test_montecarlo_newcomers.py`` fails when a shipped file is stale.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from mia_helpers.montecarlo import (
    BOOT_COLUMNS,
    StudyFile,
    calibration,
    check_study_interval,
    study_estimates,
    summarise,
)

if TYPE_CHECKING:
    from mia_helpers.matching import MatchResult

__all__ = [
    "EXTRA_SOURCES",
    "INBURGERING_STUDY",
    "MC_VERSION",
    "NEWCOMER_STUDIES",
    "NEWCOMERS_FILE",
    "REPLICATION_COLUMNS",
    "SHIPPED_RESULTS",
    "calibration",
    "code_fingerprint",
    "replication",
    "replication_match",
    "run_study",
    "shipped_status",
    "study_key",
    "summarise",
    "write_shipped",
]

#: bump when the replication changes in a way the source fingerprint does not see
MC_VERSION = 4  # 2: linearized intervals, bootstrap as comparison; 3: t on df
# 4: true_att_matched_pp, the truth over the matched starters
#: sources hashed on top of :func:`mia_helpers.montecarlo.code_fingerprint` (package-relative)
EXTRA_SOURCES = ("newcomers.py", "covariates.py", "montecarlo_newcomers.py")
#: the shipped results of the newcomer studies (relative to the project root)
SHIPPED_RESULTS = Path("results") / "montecarlo_newcomers.parquet"
#: columns of :func:`replication`
REPLICATION_COLUMNS = ("estimand", "estimator", "quarter_since_start", "att_pp", "ci_low",
                       "ci_high", "se", "df", "n_treated", "unsupported_share",
                       "effective_controls", "point_identified", "true_att_pp",
                       "true_att_matched_pp", "n_starters", "n_matched",
                       "seed", *BOOT_COLUMNS)
#: the inburgering study of Appendix A (:func:`run_study` parameters; the notebook's defaults).
#: 400 replications: at 200 the coverage band [0.90, 0.98] that issue 14 sets is about 2 binomial
#: Monte Carlo SEs above a coverage of 0.95, and ten checks (two estimands, quarters 4-8) leave a
#: real chance that one lands outside by Monte Carlo error alone; the first 200 replications
#: covered 0.985 at quarters 6 and 7 ("now versus later"), while 200 other seeds
#: (``benchmarks/later_variance.py --base-seed 2006``) covered 0.945-0.98 there
INBURGERING_STUDY: dict[str, Any] = dict(
    replications=400, newcomers=10_000, residents=0, treatment="inburgering", bootstrap=49,
    base_seed=2029, k=3, caliper=0.2, max_quarter=12, interval="linearized")
#: every newcomer study written by :func:`write_shipped` (name -> parameters)
NEWCOMER_STUDIES: dict[str, dict[str, Any]] = {"inburgering": INBURGERING_STUDY}


def code_fingerprint() -> str:
    """SHA-256 (16 hex digits) of Appendix A's source fingerprint
    (:func:`mia_helpers.montecarlo.code_fingerprint`: generator, panel, matching, effects ...)
    and of :data:`EXTRA_SOURCES` (chapter 5's estimator and this module), each by
    :func:`mia_helpers.montecarlo.source_digest` (documentation and signature type hints do
    not count)."""
    from mia_helpers import montecarlo

    pkg = Path(__file__).resolve().parent
    h = hashlib.sha256(montecarlo.code_fingerprint().encode())
    for name in EXTRA_SOURCES:
        h.update(name.encode())
        h.update(montecarlo.file_hash(pkg / name))
    return h.hexdigest()[:16]


def replication(
    seed: int,
    newcomers: int = 10_000,
    residents: int = 0,
    treatment: str = "inburgering",
    bootstrap: int = 49,
    k: int = 3,
    caliper: float = 0.2,
    max_quarter: int = 12,
    overrides: Mapping[str, Any] | None = None,
    interval: str = "linearized",
) -> pd.DataFrame:
    """One replication: generate newcomers, estimate with chapter 5's estimator, attach the truth.

    Parameters
    ----------
    seed : seed of the synthetic data set (and of its bootstrap).
    newcomers, residents : sample sizes (persons); the estimator uses the newcomers.
    treatment : newcomer step of :data:`mia_helpers.codes.NEWCOMER_TREATMENTS`.
    bootstrap : person-clustered bootstrap replications: the intervals when
        ``interval="bootstrap"``, a comparison in the ``boot_*`` columns when ``"linearized"``
        (NaN when 0).
    interval : interval method of :func:`mia_helpers.effects.estimate_effects`
        (``"linearized"``: the book's, or ``"bootstrap"``).
    k, caliper, max_quarter : matching and horizon parameters of
        :func:`mia_helpers.newcomers.newcomer_effects`.
    overrides : generator config overrides (:func:`mia_helpers.synthetic.config.apply_overrides`).

    Returns
    -------
    pandas.DataFrame with :data:`REPLICATION_COLUMNS`, one row per (estimand, estimator,
    quarter_since_start): ``att_pp``, ``ci_low``, ``ci_high`` (95 % interval of the
    ``interval`` method), ``se``, ``boot_ci_low``, ``boot_ci_high``, ``boot_se`` (the
    comparison bootstrap's, or NaN), ``unsupported_share`` (the positivity diagnostic of
    the matched "now versus never", :func:`mia_helpers.effects.estimate_effects`),
    ``effective_controls`` (the effective number of twins behind that estimate's
    Kaplan-Meier; NaN for the other rows), ``point_identified`` (bool: False where that estimate is flagged, by positivity or by too
    few effective twins) and
    ``true_att_pp`` (this data set's true effect of the estimand) in
    percentage points of cumulative entry into stable regular employment; ``n_treated`` (starters
    behind the estimate at that quarter), ``n_starters`` and ``n_matched`` (starters in the risk
    sets and those matched, for the whole replication) and ``seed``.

    Raises
    ------
    ValueError
        For an unknown ``treatment`` or ``newcomers < 1``.
    """
    res, truth = replication_match(seed, newcomers, residents, treatment, k, caliper,
                                   overrides)
    out = study_estimates(res, seed, bootstrap, max_quarter, interval=interval)
    out = out.assign(**{c: np.nan for c in BOOT_COLUMNS if c not in out.columns})
    out = out.astype({"estimand": str, "estimator": str, "quarter_since_start": np.int64})
    t = truth.astype({"estimand": str, "quarter_since_start": np.int64})
    out = out.merge(t[["estimand", "quarter_since_start", "true_att_pp",
                       "true_att_matched_pp"]],
                    on=["estimand", "quarter_since_start"], how="left", validate="many_to_one")
    # only the matched estimator averages over the matched starters
    out["true_att_matched_pp"] = out["true_att_matched_pp"].where(
        out["estimator"] == "matched")
    out = out.assign(n_starters=int(res.n_treated), n_matched=int(res.n_matched),
                     seed=int(seed))
    return out[list(REPLICATION_COLUMNS)]


def replication_match(
    seed: int,
    newcomers: int = 10_000,
    residents: int = 0,
    treatment: str = "inburgering",
    k: int = 3,
    caliper: float = 0.2,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[MatchResult, pd.DataFrame]:
    """Stage 1 of :func:`replication`: draw the data set of ``seed``, build its panel
    (Parquet files in a temporary folder, one DuckDB thread), match with chapter 5's
    specification and compute the generator's truth.

    Returns
    -------
    (MatchResult, pandas.DataFrame)
        The match of ``treatment`` on the newcomer panel and the truth rows of that treatment
        for the group ``"all"`` (both estimands; ``quarter_since_start``, ``true_att_pp``...)
        with ``true_att_matched_pp``, the truth over the matched starters only
        (:func:`mia_helpers.montecarlo.matched_starters_truth`).

    Raises
    ------
    ValueError
        For an unknown ``treatment`` or ``newcomers < 1``.
    """
    from mia_helpers import codes
    from mia_helpers import newcomers as nc
    from mia_helpers.matching import match
    from mia_helpers.panel import PanelSpec, build_panel, load_panel
    from mia_helpers.quarters import Window
    from mia_helpers.synthetic import write_parquet
    from mia_helpers.synthetic.config import GeneratorConfig, apply_overrides
    from mia_helpers.synthetic.population import make_population
    from mia_helpers.synthetic.registers import all_registers
    from mia_helpers.synthetic.simulate import simulate
    from mia_helpers.synthetic.truth import newcomer_truth

    if treatment not in codes.NEWCOMER_TREATMENTS:
        raise ValueError(f"unknown treatment {treatment!r}; choose from "
                         f"{tuple(codes.NEWCOMER_TREATMENTS)}")
    if int(newcomers) < 1:
        raise ValueError(f"newcomers must be >= 1, got {newcomers!r}")
    cfg = apply_overrides(GeneratorConfig(), dict(overrides or {}))
    window = Window()
    pop = make_population(cfg, seed, int(residents), int(newcomers), window)
    hist = simulate(pop, cfg, seed, window)
    truth = newcomer_truth(pop, hist, cfg, seed, window)
    truth = truth[(truth["treatment"].astype(str) == treatment)
                  & (truth["group"].astype(str) == "all")]
    tmp = Path(tempfile.mkdtemp(prefix="mia_mc_nc_"))
    try:
        for name, df in all_registers(pop, hist).items():
            write_parquet(df, tmp / f"{name}.parquet")
        # one DuckDB thread: replications run in parallel, one per core
        build_panel(tmp, PanelSpec(window=window, threads=1), validate=False)
        panel = load_panel(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    # chapter 5's match (newcomer_effects matches each spec this way)
    res = match(nc.newcomer_panel(panel), nc.newcomer_specs([treatment])[treatment], k=k,
                caliper=caliper)
    keys = {"estimand": str, "quarter_since_start": np.int64}
    from mia_helpers.montecarlo import matched_starters_truth

    tm = matched_starters_truth(res, pop, hist, cfg, seed, window, treatment)
    truth = truth.astype(keys).merge(tm.astype(keys), on=list(keys), how="left",
                                     validate="one_to_one")
    return res, truth


def _params(replications: int = 200, newcomers: int = 10_000, residents: int = 0,
            treatment: str = "inburgering", bootstrap: int = 49, base_seed: int = 2005,
            k: int = 3, caliper: float = 0.2, max_quarter: int = 12,
            overrides: Mapping[str, Any] | None = None,
            interval: str = "linearized") -> dict[str, Any]:
    check_study_interval(interval, bootstrap)
    return dict(replications=int(replications), newcomers=int(newcomers),
                residents=int(residents), treatment=str(treatment), bootstrap=int(bootstrap),
                base_seed=int(base_seed), k=int(k), caliper=float(caliper),
                max_quarter=int(max_quarter), overrides=dict(sorted((overrides or {}).items())),
                interval=str(interval))


def _key(params: Mapping[str, Any], fingerprint: str | None = None) -> str:
    fp = code_fingerprint() if fingerprint is None else fingerprint
    blob = json.dumps({"study": "newcomers", "version": MC_VERSION, "code": fp, **params},
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def study_key(**params: Any) -> str:
    """Key of a study: hash of its :func:`run_study` parameters (defaults filled in), of
    :data:`MC_VERSION` and of :func:`code_fingerprint`."""
    return _key(_params(**params))


def _replicate(seed: int, p: Mapping[str, Any]) -> pd.DataFrame:
    """One replication of the study ``p`` (normalised :func:`run_study` parameters)."""
    return replication(seed, p["newcomers"], p["residents"], p["treatment"], p["bootstrap"],
                       p["k"], p["caliper"], p["max_quarter"], p["overrides"], p["interval"])


#: the newcomer studies' shipped results (:data:`SHIPPED_RESULTS`, :data:`NEWCOMER_STUDIES`):
#: the same reading, caching, checking and writing as Appendix A's
#: (:class:`mia_helpers.montecarlo.StudyFile`)
NEWCOMERS_FILE = StudyFile(SHIPPED_RESULTS, NEWCOMER_STUDIES, _params, _key,
                           lambda: code_fingerprint(), _replicate,  # looked up at call time
                           cache_prefix="newcomers_",
                           label="Monte Carlo (newcomers)")


def _shipped_path(path: str | Path | None = None) -> Path:
    return NEWCOMERS_FILE.path(path)


def _read_shipped(key: str, path: str | Path | None = None) -> pd.DataFrame | None:
    """Rows of the study ``key`` in this study's shipped file (Appendix A's reader)."""
    return NEWCOMERS_FILE.read(key, path)


def run_study(
    replications: int = 200,
    newcomers: int = 10_000,
    residents: int = 0,
    treatment: str = "inburgering",
    bootstrap: int = 49,
    base_seed: int = 2005,
    k: int = 3,
    caliper: float = 0.2,
    max_quarter: int = 12,
    overrides: Mapping[str, Any] | None = None,
    n_jobs: int = 2,
    progress: bool = True,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    shipped: bool | str | Path = True,
    interval: str = "linearized",
) -> pd.DataFrame:
    """Run (or read) ``replications`` replications of :func:`replication`
    (:meth:`mia_helpers.montecarlo.StudyFile.run` of :data:`NEWCOMERS_FILE`).

    Parameters
    ----------
    replications : number of synthetic data sets R (>= 1; seeds from
        :func:`mia_helpers.montecarlo.replication_seeds` of ``base_seed``).
    newcomers, residents, treatment, bootstrap, k, caliper, max_quarter, overrides, interval :
        passed to :func:`replication`.
    n_jobs : parallel workers (joblib, one replication each).
    progress : tqdm progress bar over replications.
    cache_dir : cache folder (default ``data/synthetic/montecarlo`` or ``$MIA_DATA_ROOT/montecarlo``).
    use_cache : read and write the cache.
    shipped : read the study from :data:`SHIPPED_RESULTS` (or this path) when it holds it under
        the current key (same parameters, same code); ``False`` never reads it.

    Returns
    -------
    pandas.DataFrame: the rows of :func:`replication` of every replication, with
    ``replication`` (0..R-1).

    Raises
    ------
    ValueError
        ``replications < 1``, or interval arguments that cannot run.
    """
    params = _params(replications, newcomers, residents, treatment, bootstrap, base_seed, k,
                     caliper, max_quarter, overrides, interval)
    return NEWCOMERS_FILE.run(params, n_jobs, progress, cache_dir, use_cache, shipped)


def shipped_status(path: str | Path | None = None,
                   studies: Mapping[str, Mapping[str, Any]] | None = None) -> pd.DataFrame:
    """Whether the shipped file holds every study of ``studies`` (default
    :data:`NEWCOMER_STUDIES`) computed by the current code with the current parameters
    (:meth:`mia_helpers.montecarlo.StudyFile.status`).

    Returns
    -------
    pandas.DataFrame with ``study``, ``key`` (current), ``fresh`` (bool: the file holds rows
    under that key) and ``replications`` (distinct replications found under it).
    """
    return NEWCOMERS_FILE.status(path, studies)


def write_shipped(path: str | Path | None = None,
                  studies: Mapping[str, Mapping[str, Any]] | None = None, n_jobs: int = 2,
                  progress: bool = True) -> Path:
    """Recompute ``studies`` (default :data:`NEWCOMER_STUDIES`) without any cache and write them
    to the shipped results file (atomically; rows with ``study`` and ``study_key``;
    :meth:`mia_helpers.montecarlo.StudyFile.write`).

    Raises
    ------
    RuntimeError
        When the package source changed while the studies ran (the key would be wrong).
    """
    return NEWCOMERS_FILE.write(path, studies, n_jobs, progress)


def main(argv: list[str] | None = None) -> int:
    """``python -m mia_helpers.montecarlo_newcomers [--check] [--out PATH] [--n-jobs N]``:
    regenerate the shipped results of the newcomer Monte Carlo studies, or (``--check``)
    report whether they are fresh (exit status 1 if not)."""
    return NEWCOMERS_FILE.main(argv, "mia_helpers.montecarlo_newcomers")


if __name__ == "__main__":
    raise SystemExit(main())
