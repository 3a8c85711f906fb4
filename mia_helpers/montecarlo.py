"""Monte Carlo study of the effect estimators on the synthetic generator (Appendix A).

Each replication draws a fresh synthetic data set (its own seed, derived from a base seed),
builds the panel, estimates the effect of one measure on cumulative entry into stable
employment with the book's estimators and compares every estimate with *that replication's*
true effect (counterfactual re-simulation with common random numbers,
:mod:`mia_helpers.synthetic.truth`):

- ``naive`` (``now_vs_later``): starters against the whole pool at the same elapsed duration u,
  no covariate adjustment (:func:`mia_helpers.effects.estimate_effects`);
- ``matched`` (``now_vs_later``): dynamic propensity-score matching
  (:func:`mia_helpers.matching.match`), Sianesi's "now versus later";
- ``matched`` (``now_vs_never``): the same matched controls censored at a later start of the
  measure and reweighted by inverse probability of censoring weights;
- ``ever_never``: the static comparison of spells with *any* start of the measure against spells
  with none, both on the registration clock (:func:`ever_never`); it is compared with the
  ``now_vs_later`` truth to show the bias of ever-versus-never comparisons (Crepon et al. 2009).

Confidence intervals come from :func:`mia_helpers.effects.estimate_effects` with the study's
``interval`` method (default the book's linearized, person-clustered intervals); with
``bootstrap > 0`` the person-clustered percentile bootstrap runs beside them on the same data
sets (:data:`BOOT_COLUMNS`, compared by :func:`interval_comparison`). :func:`summarise` returns, per estimand, estimator
and quarter since the start, the bias (mean of estimate minus truth), the RMSE and the coverage
of the 95 % intervals, all in percentage points.

Replications run in parallel (joblib) with a tqdm progress bar; the results of a whole study
are cached as ``<cache root>/montecarlo/<hash>.parquet`` keyed by a hash of every parameter
and of the source code of the estimators and the generator (:func:`code_fingerprint`), so a
book build does not redo them unless a parameter or the code changes.

Shipped results. Appendix A's studies (:data:`APPENDIX_A_STUDIES`: >= 200 replications for IBO,
basic training and the zero-effect measure, plus the sensitivity scenario) take far longer than
a book build may. Their results are shipped in :data:`SHIPPED_RESULTS`, written by the
documented command ``python -m mia_helpers.montecarlo`` (``make montecarlo``). Each study in
that file carries its key (parameters + code fingerprint); :func:`run_montecarlo` reads a study
from it only when the key matches, i.e. the file was computed by this very code with these very
parameters, and otherwise recomputes. A test (``tests/test_montecarlo_shipped.py``) fails when
the shipped file is missing or stale, so CI catches code changes that were not followed by a
regeneration.

The generator's "now versus later" truth switches the start off and redraws the person's
allocation given "not this measure" (common random numbers), so in the counterfactual the
person may start another measure in that quarter, as the matched pool may (issue 14; before,
no measure could start there, a definitional gap of a few tenths of a point).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from mia_helpers.files import atomic_path, results_file_problem, unwritable_reason

if TYPE_CHECKING:
    from mia_helpers.matching import MatchResult

__all__ = [
    "APPENDIX_A_FILE",
    "APPENDIX_A_STUDIES",
    "StudyFile",
    "BOOT_COLUMNS",
    "check_study_interval",
    "study_estimates",
    "MC_VERSION",
    "SHIPPED_RESULTS",
    "cache_path",
    "code_fingerprint",
    "shipped_status",
    "study_key",
    "write_shipped",
    "calibration",
    "ever_never",
    "interval_comparison",
    "ReplicationData",
    "replication",
    "replication_data",
    "replication_estimates",
    "replication_columns",
    "replication_panel",
    "replication_seeds",
    "run_montecarlo",
    "summarise",
]

#: bump when the estimators or the replication change, so old caches are not reused
MC_VERSION = 5  # 2: truth redraws given 'not m'; no self-matches; 3: linearized intervals; 4: t on df
# 5: true_att_matched_pp, the truth over the matched starters
#: (estimand of the truth, estimator) pairs reported by a replication
ESTIMATORS = (("now_vs_later", "naive"), ("now_vs_later", "matched"),
              ("now_vs_never", "naive"), ("now_vs_never", "matched"),
              ("now_vs_later", "ever_never"))


#: modules whose source determines a replication's result (hashed by :func:`code_fingerprint`)
FINGERPRINT_SOURCES = ("montecarlo.py", "matching.py", "effects.py", "bias_correction.py",
                       "panel.py", "schemas.py",
                       "matched_truth.py", "codes.py", "quarters.py", "core/*.py", "synthetic/*.py",
                       "synthetic/*.yaml", "synthetic/*.yml", "synthetic/*.json")
#: the shipped results of Appendix A's studies (relative to the project root)
SHIPPED_RESULTS = Path("results") / "montecarlo_appendix_a.parquet"
_IBO_SENS = {"sensitivity.unobserved_selection": 1.0, "sensitivity.unobserved_job": 0.5}
_COMMON = dict(replications=200, residents=3000, newcomers=300, bootstrap=49, base_seed=2029,
               k=3, caliper=0.2, max_quarter=12, interval="linearized")
#: the sensitivity scenarios and exercises ask about bias: no comparison bootstrap
_NO_BOOT = dict(_COMMON, bootstrap=0)
#: Appendix A's Monte Carlo studies (name -> :func:`run_montecarlo` parameters); the notebook's
#: defaults equal these, so a build reads them from :data:`SHIPPED_RESULTS`
APPENDIX_A_STUDIES: dict[str, dict[str, Any]] = {
    "ibo": dict(_COMMON, measure="workplace_learning_ibo"),
    "basic_training": dict(_COMMON, measure="training_basic"),
    "zero_effect": dict(_COMMON, measure="vacancy_referral_automatic"),
    "ibo_unobserved_trait": dict(_NO_BOOT, measure="workplace_learning_ibo",
                                 overrides=_IBO_SENS),
    # the exercises: fewer replications (their questions are about large differences)
    "ibo_no_caliper": dict(_NO_BOOT, measure="workplace_learning_ibo", replications=100,
                           caliper=float("inf")),
    "ibo_half_loading": dict(_NO_BOOT, measure="workplace_learning_ibo", replications=100,
                             overrides={**_IBO_SENS, "sensitivity.unobserved_job": 0.25}),
}


def _typing_only(stmt: object) -> bool:
    """Whether a statement exists for type checkers only: an ``if TYPE_CHECKING:`` block
    without ``else`` (never run) or an import of ``TYPE_CHECKING`` alone from :mod:`typing`
    (binds a constant False). Called after :func:`source_digest` has removed the name
    ``TYPE_CHECKING`` from imports that bind other names too."""
    if isinstance(stmt, ast.If) and not stmt.orelse:
        test = stmt.test
        return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
            and isinstance(test.value, ast.Name) and test.value.id == "typing")
    return isinstance(stmt, ast.ImportFrom) and stmt.module == "typing" and not stmt.names


def source_digest(path: str | Path) -> bytes:
    """The part of a source file that can change a replication's result, as bytes.

    A Python file (``.py``) gives the dump of its syntax tree (:func:`ast.dump`) without
    docstrings, without the annotations of function arguments and returns and without the
    statements that exist for type checkers only (an ``if TYPE_CHECKING:`` block, never run,
    and ``from typing import TYPE_CHECKING`` alone): comments, docstrings, type hints of
    signatures and the imports they need, blank lines and line breaks leave it unchanged, so
    documentation can be improved without regenerating the shipped Monte Carlo results, while
    every statement, string constant (warning and error texts included) and annotated
    assignment (dataclass fields) is in it. Any other file (the generator's YAML/JSON
    parameters) gives its bytes with line endings normalised. The dump is that of the running
    Python's minor version (the project pins Python 3.11: ``requirements.txt``, README); on
    another minor version the syntax tree's dump, and with it the fingerprint, may differ, and
    the shipped results then read as stale, as they do on another numpy version.

    Raises
    ------
    SyntaxError
        For a ``.py`` file that does not parse (the package could not import it either).
    OSError
        For a file that cannot be read.
    """
    path = Path(path)
    raw = path.read_bytes().replace(b"\r\n", b"\n")
    if path.suffix != ".py":
        return raw
    tree = ast.parse(raw, filename=str(path))
    for node in ast.walk(tree):  # first: TYPE_CHECKING out of the imports of typing
        if isinstance(node, ast.ImportFrom) and node.module == "typing":
            node.names = [a for a in node.names if a.name != "TYPE_CHECKING"]
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)):
                body = body[1:]
            node.body = [s for s in body if not _typing_only(s)] or [ast.Pass()]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            node.returns = None
        if isinstance(node, ast.arg):
            node.annotation = None
    return ast.dump(tree, include_attributes=False).encode()


@functools.lru_cache(maxsize=512)
def _source_hash(path: str, mtime_ns: int, size: int) -> bytes:
    """SHA-256 of :func:`source_digest` of ``path``, cached per process under the file's
    modification time and size (a file written again is read again): parsing the sources
    takes about 0.35 s, and a book build or a test run asks for the fingerprint of every
    study it reads."""
    return hashlib.sha256(source_digest(path)).digest()


def file_hash(path: Path) -> bytes:
    """:func:`_source_hash` of ``path`` under its current modification time and size."""
    st = path.stat()
    return _source_hash(str(path), st.st_mtime_ns, st.st_size)


def code_fingerprint() -> str:
    """SHA-256 (16 hex digits) of the source files that determine a replication's result
    (:data:`FINGERPRINT_SOURCES`, each by the hash of its :func:`source_digest`:
    documentation and signature type hints do not count) and of the numpy version."""
    pkg = Path(__file__).resolve().parent
    h = hashlib.sha256(f"numpy {np.__version__}".encode())
    files = sorted({f for pat in FINGERPRINT_SOURCES for f in pkg.glob(pat) if f.is_file()})
    for f in files:
        h.update(f.relative_to(pkg).as_posix().encode())
        h.update(file_hash(f))
    return h.hexdigest()[:16]


def replication_seeds(base_seed: int, replications: int) -> list[int]:
    """Seeds of the replications: independent streams derived from ``base_seed``."""
    state = np.random.SeedSequence(int(base_seed)).generate_state(int(replications))
    return [int(s % 2_000_000_000) for s in state]


def ever_never(panel: pd.DataFrame, measure: str, max_quarter: int = 12,
               stable_quarters: int = 4, window_end: int | None = None) -> pd.DataFrame:
    """Static "ever versus never" comparison on the registration clock.

    Registration spells of residents that start unemployed are split into those with *any* start
    of ``measure`` in the spell ("ever") and those without ("never"). For each horizon k the
    share with a stable job starting in quarters r+1..r+k after the registration quarter r
    (horizon observed when ``r + k + stable_quarters - 1 <= window_end``) is compared.

    Returns
    -------
    pandas.DataFrame with ``quarter_since_start`` (k, here quarters since registration),
    ``att_pp`` (ever minus never, percentage points), ``n_treated`` (ever spells observed at k),
    ``n_control`` (never spells observed at k).

    Notes
    -----
    This is the comparison that Crepon et al. (2009) warn against: to start a measure at all, a
    jobseeker must still be unemployed when it starts, so "ever" conditions on not having found
    work before, and "never" holds all those who found work quickly. The difference mixes the
    effect with this survival selection (and with the selection on characteristics).
    """
    # on the panel's columns as arrays (no frame is copied or merged)
    pid = panel["person_id"].to_numpy().astype(np.int64)
    quarter = panel["quarter"].to_numpy().astype(np.int64)
    reg_start = panel["registration_start"]
    keep = panel["registered"].to_numpy(bool) & reg_start.notna().to_numpy()
    if "sample" in panel.columns:
        keep &= (panel["sample"] == "resident").to_numpy()
    rows = np.flatnonzero(keep)
    r_all = reg_start.to_numpy(np.int64, na_value=0)[rows]
    # one key per (person, registration spell); quarter indices are small (|q| < 50,000)
    spells, spell_idx = np.unique(pid[rows] * 100_000 + r_all + 50_000, return_inverse=True)
    ever_spell = np.zeros(spells.size, bool)
    ever_spell[spell_idx[panel[f"start_{measure}"].to_numpy(bool)[rows]]] = True
    # spells that begin unemployed (one row each: the spell's first quarter)
    first = (quarter[rows] == r_all) & ~panel["employed"].to_numpy(bool)[rows]
    s_pid, r = pid[rows[first]], quarter[rows[first]]
    ever = ever_spell[spell_idx[first]]
    # first stable job start strictly after r (any quarter of the person's panel): the next
    # (person, quarter) key after (person, r) among the sorted job starts, if the same person's
    job = panel["stable_job_start"].to_numpy(bool)
    job_key = np.sort(pid[job] * 100_000 + quarter[job] + 50_000)
    nxt = np.searchsorted(job_key, s_pid * 100_000 + r + 50_000, side="right")
    found = np.zeros(r.size, bool)
    inside = nxt < job_key.size
    found[inside] = job_key[nxt[inside]] // 100_000 == s_pid[inside]
    E = np.full(r.size, np.nan)  # quarters from r to that start
    E[found] = job_key[nxt[found]] % 100_000 - 50_000 - r[found]
    end = int(panel["quarter"].max()) if window_end is None else int(window_end)
    E = np.nan_to_num(E, nan=1e9)
    recs = []
    for k in range(1, max_quarter + 1):
        obs = r + k + stable_quarters - 1 <= end
        y = E <= k
        e, n = obs & ever, obs & ~ever
        if e.sum() == 0 or n.sum() == 0:
            continue
        recs.append(dict(quarter_since_start=k, att_pp=100 * (y[e].mean() - y[n].mean()),
                         n_treated=int(e.sum()), n_control=int(n.sum())))
    return pd.DataFrame(recs)


@dataclass(frozen=True)
class ReplicationData:
    """The synthetic data of one replication (:func:`replication_data`).

    Attributes
    ----------
    config, window : generator configuration (overrides applied) and observation window.
    population, history : :class:`~mia_helpers.synthetic.population.Population` and the
        simulated :class:`~mia_helpers.synthetic.simulate.History`.
    truth : the replication's true effects of the measure on residents
        (:func:`mia_helpers.synthetic.truth.activation_truth`).
    """

    config: Any
    window: Any
    population: Any
    history: Any
    truth: pd.DataFrame


def replication_data(
    seed: int,
    residents: int = 3000,
    newcomers: int = 300,
    measure: str = "workplace_learning_ibo",
    overrides: Mapping[str, Any] | None = None,
) -> ReplicationData:
    """Stage 1 of :func:`replication`: draw the population, simulate its history and compute
    the true effects of ``measure`` (residents) by counterfactual re-simulation.

    Same ``seed`` and parameters, same data (the generator's draws are keyed by seed).
    """
    from mia_helpers.quarters import Window
    from mia_helpers.synthetic.config import GeneratorConfig, apply_overrides
    from mia_helpers.synthetic.population import make_population
    from mia_helpers.synthetic.simulate import simulate
    from mia_helpers.synthetic.truth import activation_truth

    cfg = apply_overrides(GeneratorConfig(), dict(overrides or {}))
    window = Window()
    pop = make_population(cfg, seed, residents, newcomers, window)
    hist = simulate(pop, cfg, seed, window)
    truth = activation_truth(pop, hist, cfg, seed, window, measures=(measure,),
                             populations=("resident",))
    return ReplicationData(cfg, window, pop, hist, truth)


def replication_panel(data: ReplicationData,
                      columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Stage 2 of :func:`replication`: the six registers of the simulated history and the
    person-quarter panel with person covariates, in memory
    (:func:`mia_helpers.panel.panel_from_registers`: the book's DuckDB SQL, one thread, since
    replications run in parallel; the registers are the generator's own, so not validated,
    and the exclusion log is not counted). ``columns``: only these panel columns (and the
    person covariates), e.g. :func:`replication_columns`, the ones a replication reads;
    None: all."""
    from mia_helpers.panel import PanelSpec, panel_from_registers
    from mia_helpers.synthetic.registers import all_registers

    registers = all_registers(data.population, data.history)
    return panel_from_registers(registers, PanelSpec(window=data.window, threads=1),
                                validate=False, exclusions=False, columns=columns)[0]


def replication_columns(measure: str = "workplace_learning_ibo") -> list[str]:
    """The panel columns that :func:`replication_estimates` reads for ``measure``: those of
    the match (:func:`mia_helpers.matching.panel_reads`) and of :func:`ever_never`.
    :func:`replication` builds only these (about a third of the panel's columns, the same
    estimates; the query is the same, DuckDB leaves out the work of the others)."""
    from mia_helpers.matching import TreatmentSpec, panel_reads
    from mia_helpers.panel import OUTPUT_COLUMNS

    reads = panel_reads(TreatmentSpec.measure(measure), OUTPUT_COLUMNS)
    if reads is None:  # a callable rule may read any column
        return list(OUTPUT_COLUMNS)
    ever = {"person_id", "quarter", "registration_start", "registered", "employed",
            "stable_job_start", f"start_{measure}"}
    return [c for c in OUTPUT_COLUMNS if c in {*reads, *ever}]


def replication_estimates(
    data: ReplicationData,
    panel: pd.DataFrame,
    seed: int,
    measure: str = "workplace_learning_ibo",
    bootstrap: int = 49,
    k: int = 3,
    caliper: float = 0.2,
    max_quarter: int = 12,
    bootstrap_method: str = "fixed",
    interval: str = "linearized",
) -> pd.DataFrame:
    """Stage 3 of :func:`replication`: match, estimate both estimands with intervals, add the
    ever-versus-never comparison and attach the truth (rows as :func:`replication` returns
    them)."""
    from mia_helpers.matching import TreatmentSpec, match

    res = match(panel, TreatmentSpec.measure(measure), k=k, caliper=caliper)
    est = study_estimates(res, seed, bootstrap, max_quarter, bootstrap_method, interval)
    ev = ever_never(panel, measure, max_quarter, data.config.truth.stable_quarters,
                    data.window.end)
    ev = ev.assign(estimand="now_vs_later", estimator="ever_never", ci_low=np.nan,
                   ci_high=np.nan, se=np.nan, df=np.nan, unsupported_share=np.nan,
                   effective_controls=np.nan, point_identified=True,
                   **{c: np.nan for c in BOOT_COLUMNS
                                                  if c in est.columns})[est.columns]
    # the key columns converted in one astype each (the truth's three columns only): the
    # same frame as converting them one at a time
    keys = {"estimand": str, "quarter_since_start": np.int64}
    out = pd.concat([est, ev], ignore_index=True).astype(keys)
    t = data.truth[["estimand", "quarter_since_start", "true_att_pp"]].astype(keys)
    out = out.merge(t, on=["estimand", "quarter_since_start"], how="left")
    tm = matched_starters_truth(res, data.population, data.history, data.config, seed,
                                data.window, measure).astype(keys)
    out = out.merge(tm, on=["estimand", "quarter_since_start"], how="left")
    # only the matched estimator averages over the matched starters
    out["true_att_matched_pp"] = out["true_att_matched_pp"].where(
        out["estimator"] == "matched")
    return out.assign(seed=int(seed))


def matched_starters_truth(res: MatchResult, population: Any, history: Any, config: Any,
                           seed: int, window: Any, treatment: str) -> pd.DataFrame:
    """The generator's truth averaged over the starters of ``res`` who found a twin.

    The generator's ``true_att_pp`` averages over all of a measure's starters; a caliper
    match estimates the effect over the matched ones (Rosenbaum & Rubin 1985, incomplete
    matching). This is the truth of that narrower estimand, by the generator's own
    counterfactual re-simulation with common random numbers
    (:func:`mia_helpers.matched_truth.truth_over_starts`).

    Returns
    -------
    pandas.DataFrame with ``estimand`` (str), ``quarter_since_start`` (int64) and
    ``true_att_matched_pp`` (float, percentage points); no rows when nobody was matched.
    """
    from mia_helpers.matched_truth import starts_of, truth_over_starts

    cols = ["estimand", "quarter_since_start", "true_att_matched_pp"]
    rows = res.rows
    matched = np.unique(res.pairs["treated"].to_numpy())
    if matched.size == 0:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in
                             zip(cols, (str, np.int64, float), strict=True)})
    r, c = starts_of(population, rows["person_id"].to_numpy()[matched],
                     rows["quarter"].to_numpy()[matched], window)
    t = truth_over_starts(population, history, config, seed, window, treatment, r, c)
    return t.rename(columns={"true_att_pp": "true_att_matched_pp"})[cols]


def replication(
    seed: int,
    residents: int = 3000,
    newcomers: int = 300,
    measure: str = "workplace_learning_ibo",
    bootstrap: int = 49,
    overrides: Mapping[str, Any] | None = None,
    k: int = 3,
    caliper: float = 0.2,
    max_quarter: int = 12,
    bootstrap_method: str = "fixed",
    interval: str = "linearized",
) -> pd.DataFrame:
    """One Monte Carlo replication: generate, estimate, attach the truth.

    The stages are :func:`replication_data` (population, history, truth),
    :func:`replication_panel` (registers and the panel's :func:`replication_columns`, in
    memory) and
    :func:`replication_estimates` (matching, both estimands, intervals, ever versus never);
    ``benchmarks/mc_replication.py`` times them one by one.

    ``interval`` is the interval method of :func:`mia_helpers.effects.estimate_effects`:
    ``"linearized"`` (default, the book's: interval on the person-clustered linearized
    standard error, Student t on its ``df``) or ``"bootstrap"`` (percentile interval of ``bootstrap`` replications).
    With ``"linearized"`` and ``bootstrap > 0``, the bootstrap intervals are computed as well,
    for comparison, in the :data:`BOOT_COLUMNS`. ``bootstrap_method`` is passed to the
    bootstrap (``"refit"`` re-estimates scores, calipers and IPCW in each bootstrap
    replication; ``"fixed"`` not).

    Returns
    -------
    pandas.DataFrame, one row per (estimand, estimator, quarter_since_start): ``att_pp``,
    ``ci_low``, ``ci_high`` (95 % interval of the ``interval`` method; NaN for
    ``ever_never``), ``se``, ``df``, ``n_treated``, ``unsupported_share`` (the positivity
    diagnostic of the matched "now versus never", see
    :func:`mia_helpers.effects.estimate_effects`; NaN for the other rows),
    ``effective_controls`` (float64, the effective number of twins behind that estimate's
    Kaplan-Meier, below :data:`mia_helpers.effects.MIN_CONTROL_PERSONS` no point estimate;
    NaN for the other rows), ``point_identified`` (bool: False where that estimate holds worst-case bounds),
    ``true_att_pp`` (the replication's true effect of
    the estimand), in percentage points of cumulative entry into stable employment, and the
    :data:`BOOT_COLUMNS` when a comparison bootstrap ran.
    """
    data = replication_data(seed, residents, newcomers, measure, overrides)
    panel = replication_panel(data, replication_columns(measure))
    return replication_estimates(data, panel, seed, measure, bootstrap, k, caliper,
                                 max_quarter, bootstrap_method, interval)


#: columns of the comparison bootstrap (:func:`replication` with ``interval="linearized"``
#: and ``bootstrap > 0``): percentile interval and bootstrap SD, pp
BOOT_COLUMNS = ("boot_ci_low", "boot_ci_high", "boot_se")
_EST_COLUMNS = ["estimand", "estimator", "quarter_since_start", "att_pp", "ci_low", "ci_high",
                "se", "df", "n_treated", "unsupported_share", "effective_controls",
                "point_identified"]



def check_study_interval(interval: str, bootstrap: int) -> None:
    """A study's interval method and bootstrap replications (this module's and the
    inburgering study's parameters): ValueError for an unknown ``interval`` or a bootstrap
    study without at least two replications."""
    from mia_helpers.effects import INTERVAL_METHODS

    if interval not in INTERVAL_METHODS:
        raise ValueError(f"unknown interval {interval!r}; choose from {INTERVAL_METHODS}")
    if interval == "bootstrap" and int(bootstrap) < 2:
        raise ValueError(f"interval='bootstrap' needs bootstrap >= 2 replications, got "
                         f"{bootstrap!r}")


def study_estimates(res: MatchResult, seed: int, bootstrap: int, max_quarter: int,
                    bootstrap_method: str = "fixed",
                    interval: str = "linearized") -> pd.DataFrame:
    """The effect rows of one replication's match ``res`` (this module's and the inburgering
    study's): ``estimand``, ``estimator``, ``quarter_since_start``, ``att_pp``, ``ci_low``,
    ``ci_high``, ``se``, ``n_treated`` with intervals of the ``interval`` method, and the
    comparison bootstrap's in :data:`BOOT_COLUMNS` when ``interval="linearized"`` and
    ``bootstrap > 0``."""
    from mia_helpers.effects import estimate_effects

    if interval == "bootstrap":
        return estimate_effects(res, max_quarter=max_quarter, bootstrap=bootstrap, seed=seed,
                                n_jobs=1, progress=False,
                                bootstrap_method=bootstrap_method)[_EST_COLUMNS]
    est = estimate_effects(res, max_quarter=max_quarter, n_jobs=1, progress=False,
                           interval=interval)[_EST_COLUMNS]
    if bootstrap > 0:
        b = estimate_effects(res, max_quarter=max_quarter, bootstrap=bootstrap, seed=seed,
                             n_jobs=1, progress=False, bootstrap_method=bootstrap_method)
        keys = ["estimand", "estimator", "quarter_since_start"]
        b = b[[*keys, "ci_low", "ci_high", "se"]].rename(columns=dict(zip(
            ["ci_low", "ci_high", "se"], BOOT_COLUMNS, strict=True)))
        est = est.merge(b, on=keys, how="left", validate="one_to_one")
    return est


def _params(replications: int = 40, residents: int = 3000, newcomers: int = 300,
            measure: str = "workplace_learning_ibo", bootstrap: int = 49, base_seed: int = 2005,
            overrides: Mapping[str, Any] | None = None, k: int = 3, caliper: float = 0.2,
            max_quarter: int = 12, bootstrap_method: str = "fixed",
            interval: str = "linearized") -> dict[str, Any]:
    check_study_interval(interval, bootstrap)
    return dict(replications=int(replications), residents=int(residents),
                newcomers=int(newcomers), measure=measure, bootstrap=int(bootstrap),
                base_seed=int(base_seed), overrides=dict(sorted((overrides or {}).items())),
                k=int(k), caliper=float(caliper), max_quarter=int(max_quarter),
                bootstrap_method=str(bootstrap_method), interval=str(interval))


def _key(params: Mapping[str, Any], fingerprint: str | None = None) -> str:
    fp = code_fingerprint() if fingerprint is None else fingerprint
    blob = json.dumps({"version": MC_VERSION, "code": fp, **params}, sort_keys=True,
                      default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def study_key(**params: Any) -> str:
    """Key of a study: hash of its :func:`run_montecarlo` parameters (defaults filled in), of
    :data:`MC_VERSION` and of :func:`code_fingerprint`."""
    return _key(_params(**params))


#: per replication (every row of it): the :class:`mia_helpers.core.NotIdentifiedWarning`
#: its model fits raised (terms of a propensity or IPCW logit without starters or controls in
#: some risk set, horizons at which "now versus never" is not point-identified), recorded by
#: :func:`record_warnings` instead of printed
WARNINGS_COLUMN = "not_identified_warnings"


def record_warnings(replicate: Callable[[int, Mapping[str, Any]], pd.DataFrame], seed: int,
                    params: Mapping[str, Any]) -> pd.DataFrame:
    """``replicate(seed, params)`` with its ``NotIdentifiedWarning`` recorded, not printed:
    the rows gain :data:`WARNINGS_COLUMN` (int64, their number, on every row). A study's
    joblib workers would otherwise write a block per warning to the notebook or terminal
    (about 170 for Appendix A with a new seed), which the results now count instead; warnings
    of any other category are issued again as they came."""
    import warnings

    from mia_helpers.core import NotIdentifiedWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", NotIdentifiedWarning)
        rows = replicate(seed, params)
    n = 0
    for w in caught:
        if issubclass(w.category, NotIdentifiedWarning):
            n += 1
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return rows.assign(**{WARNINGS_COLUMN: np.int64(n)})


def warning_counts(results: pd.DataFrame) -> tuple[int, int, int] | None:
    """``(replications with at least one recorded warning, replications, warnings in all)``
    of study rows (:meth:`StudyFile.run`; several studies stacked are told apart by
    ``study`` or ``measure`` when present), or None when the rows hold no
    :data:`WARNINGS_COLUMN` (computed before it existed)."""
    if WARNINGS_COLUMN not in results.columns:
        return None
    keys = [c for c in ("study", "measure") if c in results.columns] + ["replication"]
    per = results.groupby(keys, observed=True)[WARNINGS_COLUMN].first()
    return int((per > 0).sum()), int(len(per)), int(per.sum())


@dataclass(frozen=True)
class StudyFile:
    """A shipped results file of Monte Carlo studies, and the cache of the same studies: one
    implementation of reading, running, caching, checking and writing for Appendix A's
    studies (:data:`APPENDIX_A_FILE`) and chapter 5's inburgering study
    (:data:`mia_helpers.montecarlo_newcomers.NEWCOMERS_FILE`).

    Fields: ``relpath`` (the shipped file, relative to the project root); ``studies`` (name
    -> run parameters, the file's contents); ``params`` (the study's parameter normaliser:
    defaults filled in, types fixed, bad values refused); ``key`` (``(params, fingerprint or
    None) -> key``, 16 hex digits); ``fingerprint`` (the code fingerprint the keys hold);
    ``replicate`` (``(seed, params) -> rows`` of one replication; a module-level function, so
    that joblib's workers can load it); ``cache_prefix`` (file-name prefix in the cache
    folder); ``label`` (the progress bar's text).
    """

    relpath: Path
    studies: Mapping[str, Mapping[str, Any]]
    params: Callable[..., dict[str, Any]]
    key: Callable[..., str]
    fingerprint: Callable[[], str]
    replicate: Callable[[int, Mapping[str, Any]], pd.DataFrame]
    cache_prefix: str = ""
    label: str = "Monte Carlo replications"

    def path(self, path: str | Path | None = None) -> Path:
        """The shipped file (``path`` when given)."""
        if path is not None:
            return Path(path)
        from mia_helpers.data import project_root

        return project_root() / self.relpath

    def _damaged(self, p: Path, path: str | Path | None, problem: str) -> ValueError:
        """The error for a results file ``p`` that cannot be read (``problem``, from
        :func:`mia_helpers.files.results_file_problem`), saying what to do: restore or
        regenerate the shipped file, or fix the file given."""
        command = f"python -m {self.replicate.__module__}"
        if path is None:
            todo = (f"restore the shipped copy (`git checkout -- {self.relpath}`) or "
                    f"regenerate it with `{command}` (long, see README)")
        else:
            todo = (f"pass another file, or regenerate this one with `{command} --out {p}`")
        return ValueError(f"Monte Carlo results file: {problem}; {todo}")

    def _readable(self, p: Path, path: str | Path | None) -> None:
        """Raise :meth:`_damaged`'s error unless ``p`` is a readable results file (fp25:
        Appendix A on a truncated shipped file stopped with pyarrow's own error)."""
        problem = results_file_problem(p, ("study", "study_key", "replication"))
        if problem is not None:
            raise self._damaged(p, path, problem)

    def read(self, key: str, path: str | Path | None = None) -> pd.DataFrame | None:
        """The rows of study ``key`` in the shipped file, or None (no file, no such key).

        Raises
        ------
        ValueError
            When the file exists but is not a readable results file (empty, truncated, not
            Parquet, without the columns), naming it and what to do."""
        import pyarrow as pa

        p = self.path(path)
        if not p.exists():
            return None
        self._readable(p, path)
        try:
            d = pd.read_parquet(p, filters=[("study_key", "==", key)])
        except (pa.ArrowException, OSError) as err:  # damaged past its footer
            raise self._damaged(p, path, f"{p} cannot be read ({err})") from None
        if d.empty:
            return None
        return d.drop(columns=["study", "study_key"]).reset_index(drop=True)

    def cache_path(self, params: Mapping[str, Any], cache_dir: str | Path | None = None
                   ) -> Path:
        """Cache file of a study with these (normalised) parameters
        (``<root>/montecarlo/<prefix><key>.parquet``)."""
        if cache_dir is None:
            from mia_helpers.data import project_root

            root = Path(os.environ.get("MIA_DATA_ROOT", project_root() / "data" / "synthetic"))
            cache_dir = root / "montecarlo"
        return Path(cache_dir) / f"{self.cache_prefix}{self.key(params)}.parquet"

    def run(self, params: Mapping[str, Any], n_jobs: int = 2, progress: bool = True,
            cache_dir: str | Path | None = None, use_cache: bool = True,
            shipped: bool | str | Path = True) -> pd.DataFrame:
        """The rows of every replication of the study ``params`` (normalised by
        ``self.params``), with ``replication`` (0..R-1): from the shipped file when it holds
        the study under the current key (unless ``shipped=False``; a path reads that file),
        else from the cache (``use_cache``), else computed in parallel (joblib, one
        replication per task; seeds from :func:`replication_seeds` of ``base_seed``) and
        cached atomically. Each replication runs under :func:`record_warnings`: its rows carry
        :data:`WARNINGS_COLUMN` (int64, its number of NotIdentifiedWarnings), which are not
        printed.

        Raises
        ------
        ValueError
            If ``params["replications"]`` is below 1; or (from :meth:`read`) when the shipped
            file, or the file ``shipped`` names, exists but is not a readable results file.
        KeyError
            If ``params`` lacks ``replications`` or ``base_seed``.
        Exception
            Whatever ``self.replicate`` raises in a replication is let through (joblib
            re-raises a worker's error in the caller)."""
        if int(params["replications"]) < 1:
            raise ValueError(f"replications must be >= 1, got {params['replications']!r}")
        if shipped is not False:
            found = self.read(self.key(params), None if shipped is True else shipped)
            if found is not None:
                return found
        path = self.cache_path(params, cache_dir)
        if use_cache and path.exists():
            return pd.read_parquet(path)
        seeds = replication_seeds(params["base_seed"], params["replications"])
        from joblib import Parallel, delayed

        gen = Parallel(n_jobs=n_jobs, return_as="generator")(
            delayed(record_warnings)(self.replicate, s, params) for s in seeds)
        if progress:
            from tqdm.auto import tqdm

            gen = tqdm(gen, total=len(seeds), desc=self.label, unit="rep")
        out = pd.concat([p.assign(replication=i) for i, p in enumerate(gen)],
                        ignore_index=True)
        if use_cache:
            with atomic_path(path) as tmp:
                out.to_parquet(tmp, index=False)
        return out

    def status(self, path: str | Path | None = None,
               studies: Mapping[str, Mapping[str, Any]] | None = None) -> pd.DataFrame:
        """Whether the shipped file holds every study of ``studies`` (default the file's own)
        computed by the current code with the current parameters: ``study``, ``key``
        (current), ``fresh`` (bool: the file holds rows under that key) and
        ``replications`` (distinct replications found under it)."""
        studies = self.studies if studies is None else studies
        p = self.path(path)
        if p.exists():
            self._readable(p, path)
        have = (pd.read_parquet(p, columns=["study_key", "replication"]) if p.exists()
                else pd.DataFrame({"study_key": [], "replication": []}))
        n = have.groupby("study_key")["replication"].nunique()
        fp = self.fingerprint()
        recs = []
        for name, params in studies.items():
            key = self.key(self.params(**params), fp)
            recs.append(dict(study=name, key=key, fresh=key in n.index,
                             replications=int(n.get(key, 0))))
        return pd.DataFrame(recs)

    def write(self, path: str | Path | None = None,
              studies: Mapping[str, Mapping[str, Any]] | None = None, n_jobs: int = 2,
              progress: bool = True) -> Path:
        """Recompute ``studies`` (default the file's own) without any cache and write them to
        the shipped file (atomically; rows of every study with ``study`` and ``study_key``).

        Raises
        ------
        RuntimeError
            When the package source changed while the studies ran (the key would be wrong).
        """
        studies = self.studies if studies is None else studies
        p = self.path(path)
        fp = self.fingerprint()
        parts = []
        for name, study in studies.items():
            params = self.params(**study)
            d = self.run(params, n_jobs=n_jobs, progress=progress, use_cache=False,
                         shipped=False)
            parts.append(d.assign(study=name, study_key=self.key(params, fp)))
        if self.fingerprint() != fp:
            raise RuntimeError("the package source changed while the study ran; run it again")
        with atomic_path(p) as tmp:
            pd.concat(parts, ignore_index=True).to_parquet(tmp, index=False)
        return p

    def main(self, argv: list[str] | None, prog: str) -> int:
        """``python -m <prog> [--check] [--out PATH] [--n-jobs N]``: regenerate the shipped
        file, or (``--check``) report whether it is fresh (exit status 1 if not)."""
        import argparse

        ap = argparse.ArgumentParser(
            prog=f"python -m {prog}",
            description=f"Regenerate the shipped Monte Carlo results {self.relpath}, or check "
                        "that they are fresh.")
        ap.add_argument("--out", default=None, help=f"result file (default {self.relpath})")
        def jobs(text: str) -> int:
            if not text.lstrip("-").isdigit() or int(text) == 0 or int(text) < -1:
                raise argparse.ArgumentTypeError(
                    f"{text!r} is not a number of workers: give an integer >= 1 (or -1: all "
                    "cores)")
            return int(text)

        ap.add_argument("--n-jobs", type=jobs, default=2)
        ap.add_argument("--check", action="store_true", help="only report freshness")
        a = ap.parse_args(argv)
        target = self.path(a.out)
        shown = a.out if a.out is not None else self.relpath
        again = _regenerate_advice(prog, a.out)
        problem = results_file_problem(target, ("study_key", "replication"),
                                       write=not a.check, shown=shown)
        if problem is not None and a.check and not target.is_dir():
            print(f"unreadable: {problem}; regenerate it with {again}.")
            return 1
        if problem is not None:
            print(f"error: {problem}" + ("" if a.check else "; nothing was computed") + ".")
            return 2
        blocked = unwritable_reason(target) if not target.exists() else None
        if blocked is not None:  # --check: no command to advise that would write it there
            print(f"error: {shown} does not exist and cannot be generated there ({blocked}); "
                  "give --out a path in a writable folder"
                  + ("" if a.out is None else f", or leave --out out to check the shipped "
                     f"file {self.relpath}") + ".")
            return 2
        if not a.check:
            print(f"wrote {self.write(a.out, n_jobs=a.n_jobs)}")
        st = self.status(a.out)
        print(st.to_string(index=False))
        if bool(st["fresh"].all()):
            return 0
        if not target.exists():
            print(f"missing: {shown} does not exist; generate it with {again}.")
            return 1
        stale = ", ".join(st.loc[~st["fresh"], "study"].astype(str))
        print(f"stale: {shown} holds no rows computed by this code with these parameters for "
              f"{stale}; the book and `make test` refuse it. Regenerate it with {again}"
              + (", then commit the file." if a.out is None else "."))
        return 1


#: the modules ``make montecarlo`` runs: the book's two studies (the other shipped studies are
#: records of earlier code, never regenerated)
_MAKE_MONTECARLO_MODULES = ("mia_helpers.montecarlo", "mia_helpers.montecarlo_newcomers")


def _regenerate_advice(prog: str, out: str | None = None) -> str:
    """The command(s) :meth:`StudyFile.main` advises to regenerate a results file.

    Args:
        prog: the module, e.g. ``"mia_helpers.montecarlo"``.
        out: the ``--out`` path given, or None for the shipped file.

    Returns:
        The advice in Markdown backticks: ``make montecarlo`` (which regenerates the book's two
        studies of :data:`_MAKE_MONTECARLO_MODULES`) or the module's own command, for the shipped
        file of one of those two modules; the module's command alone otherwise.
    """
    again = f"python -m {prog} --n-jobs 2" + (f" --out {out}" if out is not None else "")
    if out is None and prog in _MAKE_MONTECARLO_MODULES:
        return f"`make montecarlo` (the book's two studies; long, see README) or `{again}`"
    return f"`{again}`"


def _replicate(seed: int, p: Mapping[str, Any]) -> pd.DataFrame:
    """One replication of the study ``p`` (normalised :func:`run_montecarlo` parameters)."""
    return replication(seed, p["residents"], p["newcomers"], p["measure"], p["bootstrap"],
                       p["overrides"], p["k"], p["caliper"], p["max_quarter"],
                       p["bootstrap_method"], p["interval"])


#: Appendix A's shipped results (:data:`SHIPPED_RESULTS`, :data:`APPENDIX_A_STUDIES`)
APPENDIX_A_FILE = StudyFile(SHIPPED_RESULTS, APPENDIX_A_STUDIES, _params, _key,
                            lambda: code_fingerprint(), _replicate)  # looked up at call time


def _shipped_path(path: str | Path | None = None) -> Path:
    return APPENDIX_A_FILE.path(path)


def _read_shipped(key: str, path: str | Path | None = None) -> pd.DataFrame | None:
    return APPENDIX_A_FILE.read(key, path)


def shipped_status(path: str | Path | None = None,
                   studies: Mapping[str, Mapping[str, Any]] | None = None) -> pd.DataFrame:
    """Whether the shipped file holds every study of ``studies`` (default
    :data:`APPENDIX_A_STUDIES`) computed by the current code with the current parameters
    (:meth:`StudyFile.status`).

    Returns
    -------
    pandas.DataFrame with ``study``, ``key`` (current), ``fresh`` (bool: the file holds rows
    under that key) and ``replications`` (distinct replications found under it).
    """
    return APPENDIX_A_FILE.status(path, studies)


def write_shipped(path: str | Path | None = None,
                  studies: Mapping[str, Mapping[str, Any]] | None = None, n_jobs: int = 2,
                  progress: bool = True) -> Path:
    """Recompute ``studies`` (default :data:`APPENDIX_A_STUDIES`) and write them to the shipped
    results file (atomically; rows of every study with ``study`` and ``study_key``;
    :meth:`StudyFile.write`).

    This is the documented regeneration command of Appendix A's results
    (``python -m mia_helpers.montecarlo``); it uses no cache, so every row is computed by the
    code whose fingerprint the key holds.
    """
    return APPENDIX_A_FILE.write(path, studies, n_jobs, progress)


def cache_path(params: Mapping[str, Any], cache_dir: str | Path | None = None) -> Path:
    """Cache file of a study with these parameters (``<root>/montecarlo/<hash>.parquet``)."""
    return APPENDIX_A_FILE.cache_path(params, cache_dir)


def run_montecarlo(
    replications: int = 40,
    residents: int = 3000,
    newcomers: int = 300,
    measure: str = "workplace_learning_ibo",
    bootstrap: int = 49,
    base_seed: int = 2005,
    overrides: Mapping[str, Any] | None = None,
    k: int = 3,
    caliper: float = 0.2,
    max_quarter: int = 12,
    n_jobs: int = 2,
    progress: bool = True,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    shipped: bool | str | Path = True,
    bootstrap_method: str = "fixed",
    interval: str = "linearized",
) -> pd.DataFrame:
    """Run (or read from the shipped file or the cache) ``replications`` Monte Carlo
    replications (:meth:`StudyFile.run` of :data:`APPENDIX_A_FILE`).

    Parameters
    ----------
    replications : number of synthetic data sets R (>= 1).
    residents, newcomers : sample size of each data set.
    measure : the VDAB measure evaluated (on residents).
    bootstrap : person-clustered bootstrap replications per data set: the intervals when
        ``interval="bootstrap"``, a comparison (:data:`BOOT_COLUMNS`) when ``"linearized"``;
        0 = none.
    base_seed : seed from which the replications' seeds derive (:func:`replication_seeds`).
    overrides : generator config overrides, e.g. ``{"sensitivity.unobserved_selection": 1.0}``.
    k, caliper, max_quarter : matching and horizon parameters.
    n_jobs : parallel workers (joblib, one replication each).
    progress : tqdm progress bar over replications.
    cache_dir : folder of the cache (default ``data/synthetic/montecarlo`` or
        ``$MIA_DATA_ROOT/montecarlo``).
    use_cache : read and write the cache.
    shipped : read the study from the shipped results file (:data:`SHIPPED_RESULTS`, or this
        path) when it holds it under the current key (same parameters, same code); ``False``
        never reads it.
    bootstrap_method : bootstrap method of :func:`mia_helpers.effects.estimate_effects`.
    interval : interval method of :func:`mia_helpers.effects.estimate_effects` (see
        :func:`replication`).

    Returns
    -------
    pandas.DataFrame: the rows of :func:`replication` of every replication, with ``replication``
    (int, 0..R-1) and :data:`WARNINGS_COLUMN` (int64, the NotIdentifiedWarnings the
    replication's model fits raised, recorded by :func:`record_warnings` on each of its rows).

    Raises
    ------
    ValueError
        ``replications < 1``, or interval arguments that cannot run
        (:func:`check_study_interval`).
    """
    params = _params(replications, residents, newcomers, measure, bootstrap, base_seed,
                     overrides, k, caliper, max_quarter, bootstrap_method, interval)
    return APPENDIX_A_FILE.run(params, n_jobs, progress, cache_dir, use_cache, shipped)


def summarise(results: pd.DataFrame, min_replications: int = 1,
              by: tuple[str, ...] = (), ci_prefix: str = "ci") -> pd.DataFrame:
    """Bias, RMSE and coverage per estimand, estimator and quarter since the start.

    Parameters
    ----------
    results : rows of :func:`run_montecarlo` (several studies may be stacked, told apart by
        the ``by`` columns, e.g. ``("measure",)``).
    min_replications : drop cells with fewer replications.
    by : extra grouping columns placed first.
    ci_prefix : ``"ci"`` (the study's intervals, ``ci_low``/``ci_high``) or ``"boot_ci"`` (the
        comparison bootstrap's, :data:`BOOT_COLUMNS`).

    Returns
    -------
    pandas.DataFrame with the ``by`` columns, ``estimand``, ``estimator``,
    ``quarter_since_start``, ``replications`` (with an estimate and a truth at that quarter),
    ``mean_truth``, ``mean_estimate``, ``bias`` (mean of estimate minus truth, pp), ``rmse``
    (pp), ``mc_se_bias`` (Monte Carlo standard error of the bias: SD of the errors over the
    square root of the replications), ``coverage`` (share of the intervals holding the
    replication's truth; NaN without intervals), ``mc_se_coverage`` (its binomial Monte
    Carlo standard error, sqrt(c (1 - c) / R)), ``mean_ci_width`` and
    ``not_point_identified`` (replications whose estimate was flagged,
    :func:`mia_helpers.labels.not_point_identified`: the matched "now versus never" lacked
    support for some treated, or rested on too few
    effective twins, and its interval holds worst-case bounds; 0 without the columns). Where the
    results carry ``true_att_matched_pp`` (the truth over the matched starters,
    :func:`matched_starters_truth`), also ``mean_truth_matched``, ``bias_matched`` (mean of
    estimate minus that truth, pp) and ``mc_se_bias_matched`` (SD of those errors over the
    square root of their count; rows without a matched truth, e.g. the naive estimator's
    where nobody was matched, are left out of both).

    Raises
    ------
    ValueError
        If ``results`` lack the ``{ci_prefix}_low``/``{ci_prefix}_high`` columns (the
        comparison bootstrap's exist only for studies run with ``interval='linearized'`` and
        ``bootstrap > 0``).
    KeyError
        If ``results`` lack ``att_pp``, ``true_att_pp``, ``estimand``, ``estimator``,
        ``quarter_since_start`` or a ``by`` column (pandas' error, naming it).
    """
    lo_c, hi_c = f"{ci_prefix}_low", f"{ci_prefix}_high"
    if lo_c not in results.columns or hi_c not in results.columns:
        raise ValueError(f"summarise: results have no {lo_c!r}/{hi_c!r} columns (the "
                         "comparison bootstrap's columns exist only for studies run with "
                         "interval='linearized' and bootstrap > 0)")
    d = results.dropna(subset=["att_pp", "true_att_pp"]).copy()
    d["err"] = d["att_pp"] - d["true_att_pp"]
    d["covered"] = np.where(d[lo_c].notna(),
                            (d[lo_c] <= d["true_att_pp"]) & (d["true_att_pp"] <= d[hi_c]),
                            np.nan)
    d["width"] = d[hi_c] - d[lo_c]
    d["err2"] = d["err"] ** 2
    from mia_helpers.labels import not_point_identified

    d["unsupported"] = not_point_identified(d)
    g = d.groupby([*by, "estimand", "estimator", "quarter_since_start"], observed=True)
    n_ci = g["covered"].count()
    cov = g["covered"].mean()
    out = pd.DataFrame({
        "replications": g.size(),
        "mean_truth": g["true_att_pp"].mean(),
        "mean_estimate": g["att_pp"].mean(),
        "bias": g["err"].mean(),
        "rmse": np.sqrt(g["err2"].mean()),
        "mc_se_bias": g["err"].std(ddof=1) / np.sqrt(g.size()),
        "coverage": cov,
        "mc_se_coverage": np.sqrt(cov * (1 - cov) / n_ci.where(n_ci > 0)),
        "mean_ci_width": g["width"].mean(),
        "not_point_identified": g["unsupported"].sum().astype(np.int64),
    })
    if "true_att_matched_pp" in d.columns:  # the truth over the matched starters
        em = d["att_pp"] - d["true_att_matched_pp"]
        gm = em.groupby([d[c] for c in [*by, "estimand", "estimator", "quarter_since_start"]],
                        observed=True)
        out["mean_truth_matched"] = g["true_att_matched_pp"].mean()
        out["bias_matched"] = gm.mean()
        out["mc_se_bias_matched"] = gm.std(ddof=1) / np.sqrt(gm.count())
    out = out.reset_index()
    return out[out["replications"] >= min_replications].reset_index(drop=True)


def coverage_tolerance(replications: ArrayLike, band: tuple[float, float] = (0.90, 0.98),
                       nominal: float = 0.95, n_se: float = 2.0, min_replications: int = 200
                       ) -> tuple[np.ndarray | float, np.ndarray | float]:
    """The coverage band of issue 14 for a summary over ``replications`` data sets: the band
    itself from ``min_replications`` (the 200 the issue asks for, where the band is about 2
    binomial Monte Carlo SEs either side of 0.95) on; below, widened where ``n_se`` binomial
    Monte Carlo standard errors of a coverage of ``nominal``, sqrt(nominal (1 - nominal) / R),
    reach beyond it. A subset of a study's data sets (those whose estimate is a point
    estimate, or a bound) so gets the band its size warrants. Returns ``(low, high)``
    (arrays like ``replications``).

    Raises
    ------
    ValueError
        If a value of ``replications`` is not finite or below 1.
    """
    r = np.asarray(replications, dtype=float)
    if not np.all(np.isfinite(r)) or np.any(r < 1):
        raise ValueError(f"coverage_tolerance: replications must be whole numbers >= 1, got "
                         f"{replications!r}")
    se = np.where(r < min_replications, np.sqrt(nominal * (1 - nominal) / r), 0.0)
    low = np.clip(np.minimum(band[0], nominal - n_se * se), 0.0, 1.0)
    return low, np.clip(np.maximum(band[1], nominal + n_se * se), 0.0, 1.0)


def _in_band(summary: pd.DataFrame, band: tuple[float, float]) -> pd.Series:
    """Whether each summary row's coverage lies in ``band`` as :func:`coverage_tolerance`
    widens it for the row's ``replications`` (bool Series; False for a missing coverage)."""
    if summary.empty:
        return pd.Series(False, index=summary.index)
    low, high = coverage_tolerance(summary["replications"].to_numpy(), band)
    c = summary["coverage"].to_numpy(dtype=float)
    return pd.Series((c >= low) & (c <= high), index=summary.index)


def calibration(summary: pd.DataFrame, quarters: tuple[int, int] = (4, 8), n_se: float = 2.0,
                coverage_band: tuple[float, float] = (0.90, 0.98),
                by: tuple[str, ...] = ()) -> pd.DataFrame:
    """How many horizons pass issue 14's calibration checks, per study and estimator.

    For each (``by``, estimand, estimator) with intervals, over the quarters
    ``quarters[0]..quarters[1]``: ``n_quarters`` (quarters with a summary row),
    ``quarters_bias_ok`` (quarters with ``|bias| <= n_se * mc_se_bias``),
    ``quarters_coverage_ok`` (quarters with coverage in ``coverage_band``, widened for a row
    of fewer than 200 replications by :func:`coverage_tolerance`, as the book's sentences and
    tests widen it: at 12 replications a coverage of 1.000 is within Monte Carlo error of
    0.95), ``max_abs_z`` (largest ``|bias| / mc_se_bias``), ``mean_bias``,
    ``coverage_min`` and ``coverage_max``. These are counts over correlated horizons (the
    same replications), reported as found, not a test.
    """
    s = summary[summary["quarter_since_start"].between(*quarters) & summary["coverage"].notna()]
    s = s.assign(z=(s["bias"] / s["mc_se_bias"]).abs(),
                 b_ok=lambda d: d["z"] <= n_se,
                 c_ok=_in_band(s, coverage_band))
    g = s.groupby([*by, "estimand", "estimator"], observed=True)
    return pd.DataFrame({
        "n_quarters": g.size(), "quarters_bias_ok": g["b_ok"].sum(),
        "quarters_coverage_ok": g["c_ok"].sum(),
        "max_abs_z": g["z"].max(), "mean_bias": g["bias"].mean(),
        "coverage_min": g["coverage"].min(), "coverage_max": g["coverage"].max(),
    }).reset_index()


def interval_comparison(results: pd.DataFrame, by: tuple[str, ...] = (),
                        quarters: tuple[int, int] | None = None,
                        coverage_band: tuple[float, float] | None = None,
                        interval: str = "linearized") -> pd.DataFrame:
    """The study's intervals against the comparison bootstrap's, for the matched estimators.

    Parameters
    ----------
    results : rows of :func:`run_montecarlo` (or of the inburgering study) with the
        :data:`BOOT_COLUMNS`; studies without them give only the study's own rows.
    by : extra grouping columns (e.g. ``("measure",)``).
    quarters, coverage_band : first and last quarter since the start compared, and the
        coverage band; ``None`` takes those of :func:`calibration` (one set of criteria).
    interval : name of the study's own interval method (the ``interval`` parameter).

    Returns
    -------
    pandas.DataFrame, one row per (``by``, estimand, ``interval`` method): ``n_quarters``,
    ``quarters_coverage_ok`` (coverage inside ``coverage_band``, widened below 200
    replications as in :func:`calibration`), ``coverage_min``,
    ``coverage_max`` and ``se_ratio_min``/``se_ratio_max``: over the quarters, the mean
    standard error of the method divided by the SD of the errors over the replications (1
    for a calibrated standard error; the SD has relative Monte Carlo error of about
    ``1 / sqrt(2 (R - 1))``).
    """
    import inspect

    defaults = inspect.signature(calibration).parameters
    quarters = defaults["quarters"].default if quarters is None else quarters
    coverage_band = (defaults["coverage_band"].default if coverage_band is None
                     else coverage_band)
    m = results[(results["estimator"] == "matched")
                & results["quarter_since_start"].between(*quarters)]
    parts = []
    methods = [(interval, "ci", "se")]
    if interval != "bootstrap" and all(c in m.columns for c in BOOT_COLUMNS) \
            and m["boot_ci_low"].notna().any():
        methods.append(("bootstrap", "boot_ci", "boot_se"))
    for name, prefix, se in methods:
        s = summarise(m, by=by, ci_prefix=prefix)
        d = m.dropna(subset=["att_pp", "true_att_pp"]).assign(
            err=lambda x: x["att_pp"] - x["true_att_pp"])
        g = d.groupby([*by, "estimand", "quarter_since_start"], observed=True)
        ratio = (g[se].mean() / g["err"].std(ddof=1)).rename("se_ratio").reset_index()
        s = s.merge(ratio, on=[*by, "estimand", "quarter_since_start"], how="left")
        s = s.assign(c_ok=_in_band(s, coverage_band))
        gg = s.groupby([*by, "estimand"], observed=True)
        parts.append(pd.DataFrame({
            "interval": name, "n_quarters": gg.size(),
            "quarters_coverage_ok": gg["c_ok"].sum(),
            "coverage_min": gg["coverage"].min(), "coverage_max": gg["coverage"].max(),
            "se_ratio_min": gg["se_ratio"].min(), "se_ratio_max": gg["se_ratio"].max(),
        }).reset_index())
    out = pd.concat(parts, ignore_index=True)
    return out[[*by, "estimand", "interval", "n_quarters", "quarters_coverage_ok",
                "coverage_min", "coverage_max", "se_ratio_min", "se_ratio_max"]]


def main(argv: list[str] | None = None) -> int:
    """``python -m mia_helpers.montecarlo [--check] [--out PATH] [--n-jobs N]``: regenerate
    the shipped results of Appendix A's studies, or (``--check``) report whether they are
    fresh (exit status 1 if not)."""
    return APPENDIX_A_FILE.main(argv, "mia_helpers.montecarlo")


if __name__ == "__main__":
    raise SystemExit(main())
