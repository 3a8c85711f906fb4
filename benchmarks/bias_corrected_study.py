"""The runner of the bias-corrected matching study of issue 14 (design and reading fixed in
:mod:`mia_helpers.montecarlo_bias_corrected` before its first data set; book/design.md
section 4.7).

One data set (:func:`dataset_rows`, seed s): the data set of
``montecarlo_newcomers.replication_match(s, 10_000, 0, "inburgering", 3, 0.2)`` drawn with the
exploratory diagnosis's recorder installed (``benchmarks/nvl_bias_diagnosis.py``: it changes no
draw, and lets :func:`nvl_bias_diagnosis.expected_outcomes` re-simulate each risk-set row's
future with fresh draws); chapter 5's match; the truth over all starters
(:func:`mia_helpers.synthetic.truth.newcomer_truth`) and over the matched starters
(:func:`mia_helpers.montecarlo.matched_starters_truth`) of the "now versus later" estimand;
the book's realised estimate and linearized interval
(:func:`mia_helpers.montecarlo.study_estimates`, the matched "now versus later" rows); the
corrected one (:func:`mia_helpers.bias_correction.corrected_later_estimates` on the realised
outcomes 1[E <= k], observed where A >= k); and both estimators' expected errors, the same
estimators applied to each row's expected outcome from
:data:`mia_helpers.montecarlo_bias_corrected.REPLICAS` re-simulations (starters under the
truth's counterfactual, the contract blocked in their quarter). Rows:
:data:`mia_helpers.montecarlo_bias_corrected.RESULT_COLUMNS`, one per seed, estimator and
quarter 1-12. Checks raised as errors (never printed as values): the corrected function's
uncorrected estimate equals the package's matched estimate (1e-9 pp: the same arithmetic on
the same pairs, rounding only), and both have an estimate at the same quarters.

Usage (PYTHONPATH at the project; the runner sets one BLAS thread per process)::

    python benchmarks/bias_corrected_study.py --smoke 4280 4283   # trial seeds 4280-4299 only
    python benchmarks/bias_corrected_study.py --run               # THE study (blind)
    python benchmarks/bias_corrected_study.py --run --design targeted   # the second study

``--design targeted`` runs the second study
(:mod:`mia_helpers.montecarlo_bias_corrected_targeted`: 40,000 newcomers a data set, base
2030) the same way; its trial seeds under ``--smoke`` draw that design's size.

``--smoke A B`` runs seeds A..B-1 (only 4280-4299) on one core and prints each data set's
seconds and its pooled figures (trial seeds are no part of the study). ``--run`` runs the
study's seeds (``replication_seeds(DESIGN["base_seed"], DESIGN["replications"])``) on
``--jobs`` worker processes (default 2) and prints progress only (data sets done and
seconds): no estimate, error or truth is printed before the last data set, and a data set
that fails stops the run with its seed and the check's name only. Each data set's rows go to
a partial file in ``--cache`` (default ``_build/montecarlo_bias_corrected/``) carrying the
code key (:func:`code_key`); an interrupted run resumes from them, and a cache written under
another code key is refused (no data set is drawn twice with different code: remove the
folder only if the earlier run is to be discarded, and say so). At the end the rows are
written atomically to ``results/montecarlo_bias_corrected.parquet`` with the metadata of
:func:`run_metadata`. The run's reading is Appendix A's (section "A study of bias-corrected
matching"), by :func:`mia_helpers.montecarlo_bias_corrected.read_study`.

Cost (``--smoke``, one core of a shared two-core machine, fifty-first session): about 5 s a
data set, so the study's 400 data sets take about 17 minutes on two idle cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

import nvl_bias_diagnosis as nvl  # noqa: E402

from mia_helpers import montecarlo_bias_corrected as bcs  # noqa: E402
from mia_helpers.claims import (  # noqa: E402
    BIAS_CORRECTED_METADATA_KEY,
    BIAS_CORRECTED_STUDIES,
)
from mia_helpers.words import plural  # noqa: E402

#: the trial seeds (``--smoke``); no other seed but the study's is ever drawn here
TRIAL_SEEDS = range(4280, 4300)
#: the horizons (quarters since the start) of every estimate
K = int(bcs.DESIGN["max_quarter"])
#: the default folder of the per-data-set partial files (relative to the project)
CACHE = Path("_build") / "montecarlo_bias_corrected"
#: the study this process runs (:func:`use_design`): "book" (the first study,
#: :mod:`mia_helpers.montecarlo_bias_corrected`) or "targeted" (the second,
#: :mod:`mia_helpers.montecarlo_bias_corrected_targeted`)
DESIGN_NAME = "book"


def use_design(name: str) -> None:
    """Run the study ``name`` in this process: its design module becomes ``bcs`` (the design,
    the re-simulations and the reading of :data:`mia_helpers.claims.BIAS_CORRECTED_STUDIES`).
    Raises ValueError for another name."""
    import importlib

    global bcs, DESIGN_NAME
    if name not in BIAS_CORRECTED_STUDIES:
        raise ValueError(f"unknown design {name!r}; choose from {list(BIAS_CORRECTED_STUDIES)}")
    bcs = importlib.import_module(BIAS_CORRECTED_STUDIES[name]["module"])
    DESIGN_NAME = name
#: tolerance (pp) of the check that the corrected function's uncorrected estimate is the
#: package's: the same sums over the same pairs, so only rounding differs (about 1e-14)
SAME_TOL = 1e-9

Estimator = Callable[..., pd.DataFrame]


def _corrected() -> Estimator:
    from mia_helpers.bias_correction import corrected_later_estimates

    return corrected_later_estimates


def hashed_sources() -> dict[str, str]:
    """SHA-256 (hex) of the three sources the study's figures rest on beside the package's
    fingerprinted code: ``mia_helpers/bias_correction.py``, this runner and
    ``benchmarks/nvl_bias_diagnosis.py`` (keys: their paths relative to the project)."""
    from mia_helpers.files import sha256_file

    names = ("mia_helpers/bias_correction.py", "benchmarks/bias_corrected_study.py",
             "benchmarks/nvl_bias_diagnosis.py")
    return {n: sha256_file(ROOT / n) for n in names}


def code_key() -> dict:
    """What a partial or result file was computed with: the study's parameters
    (:func:`mia_helpers.montecarlo_bias_corrected.study_params`), the Monte Carlo code
    fingerprint (:func:`mia_helpers.montecarlo_newcomers.code_fingerprint`) and
    :func:`hashed_sources`."""
    from mia_helpers import montecarlo_newcomers as mcn

    return dict(study_params=dict(bcs.study_params()),
                code_fingerprint=mcn.code_fingerprint(), sha256=hashed_sources())


def draw(seed: int) -> tuple[dict, pd.DataFrame]:
    """The data set of ``seed`` as ``montecarlo_newcomers.replication_match`` draws it (the
    book's design, :data:`mia_helpers.montecarlo_bias_corrected.DESIGN`), with the
    diagnosis's recorder installed (recording off: it changes no draw). Returns the
    diagnosis's data-set dict (``pop``, ``hist``, ``cfg``, ``window``, ``panel``, ``seed``) and
    the truth rows of the treatment, group "all" (:func:`newcomer_truth`)."""
    from mia_helpers.synthetic.truth import newcomer_truth

    nvl.install_recorder()
    nvl.PATCH["record"], nvl.PATCH["fresh"] = False, None
    if bcs.DESIGN["residents"] != 0:
        raise ValueError("the diagnosis's data set has no residents")
    d = nvl.draw_dataset(int(seed), int(bcs.DESIGN["newcomers"]))
    truth = newcomer_truth(d["pop"], d["hist"], d["cfg"], d["seed"], d["window"])
    truth = truth[(truth["treatment"].astype(str) == bcs.DESIGN["treatment"])
                  & (truth["group"].astype(str) == "all")]
    return d, truth


def match(d: dict):
    """Chapter 5's match of the data set (the diagnosis's ``_match(d, "package")``: k = 3,
    caliper 0.2 SD, :func:`mia_helpers.newcomers.newcomer_specs`)."""
    if (bcs.DESIGN["k"], bcs.DESIGN["caliper"]) != (3, 0.2):
        raise ValueError("the diagnosis's package match is k = 3, caliper 0.2")
    return nvl._match(d, "package")


def truth_rows(res, d: dict, truth: pd.DataFrame) -> pd.DataFrame:
    """``true_att_pp`` and ``true_att_matched_pp`` of "now versus later" per quarter 1..K
    (index ``quarter_since_start``), as ``replication_match`` merges them."""
    from mia_helpers.montecarlo import matched_starters_truth

    keys = {"estimand": str, "quarter_since_start": np.int64}
    tm = matched_starters_truth(res, d["pop"], d["hist"], d["cfg"], d["seed"], d["window"],
                                bcs.DESIGN["treatment"])
    t = truth.astype(keys).merge(tm.astype(keys), on=list(keys), how="left",
                                 validate="one_to_one")
    t = t[t["estimand"] == "now_vs_later"].set_index("quarter_since_start")
    return t[["true_att_pp", "true_att_matched_pp"]].reindex(range(1, K + 1))


def dataset_rows(seed: int, corrected: Estimator | None = None,
                 replicas: int = bcs.REPLICAS) -> pd.DataFrame:
    """The study's rows of one data set (see the module docstring).

    Parameters
    ----------
    seed : the data set's seed (the caller checks it is the study's or a trial seed).
    corrected : the corrected estimator, :func:`mia_helpers.bias_correction.
        corrected_later_estimates` (default) or a function of the same signature and columns.
    replicas : re-simulations behind each expected outcome (the design's
        :data:`~mia_helpers.montecarlo_bias_corrected.REPLICAS`; fewer only in tests).

    Returns
    -------
    pandas.DataFrame
        :data:`~mia_helpers.montecarlo_bias_corrected.RESULT_COLUMNS`, 2 x K rows (estimators
        "book" and "corrected", quarters 1..K); pp throughout, ``n_treated`` int. The book's
        row is the uncorrected estimator the study judged; under the switched code (the
        package's matched estimate bias-corrected) its ``se_pp``, ``ci_low`` and ``ci_high``
        are NaN: the package no longer computes that estimator's interval, and the study's
        rows are kept as a record of the code that ran it.

    Raises
    ------
    RuntimeError
        If the corrected function's uncorrected estimate differs from the package's uncorrected
        matched "now versus later" estimate (:func:`mia_helpers.effects._later_matched_fast`,
        the arithmetic of the book's estimator before the switch) by more than
        :data:`SAME_TOL` pp, or either has an
        estimate at a quarter where the other has none (the message names the seed and the
        quarters, no value).
    """
    from mia_helpers.effects import _later_matched_fast, estimation_arrays, outcome_arrays
    from mia_helpers.matched_truth import starts_of
    from mia_helpers.montecarlo import study_estimates

    corrected = corrected or _corrected()
    level = float(bcs.DESIGN["level"])
    d, truth = draw(seed)
    res = match(d)
    tr = truth_rows(res, d, truth)
    est = study_estimates(res, seed, 0, K, interval="linearized")
    book = est[(est["estimand"].astype(str) == "now_vs_later")
               & (est["estimator"].astype(str) == "matched")]
    book = book.set_index("quarter_since_start").reindex(range(1, K + 1))
    ea = estimation_arrays(res, "person_id", "score")
    oa = outcome_arrays(res, K)
    ks = np.arange(1, K + 1)[None, :]
    observed = oa.A[:, None] >= ks
    real = corrected(ea, (oa.E[:, None] <= ks).astype(np.float64), observed, level=level)
    real = real.set_index("quarter_since_start").reindex(range(1, K + 1))
    # the package's uncorrected arithmetic (since the switch, its matched "now versus later"
    # estimate is the bias-corrected one, so the book's row of this study is computed here)
    m1, m0, _ = _later_matched_fast(ea.treated_pos, ea.control, ea.weight, oa.E, oa.A, K)
    a, b = real["att_uncorrected_pp"].to_numpy(float), 100 * (m1 - m0)
    gaps = np.flatnonzero(np.isnan(a) != np.isnan(b))
    off = np.flatnonzero(np.abs(np.nan_to_num(a - b)) > SAME_TOL)
    if gaps.size or off.size:
        raise RuntimeError(
            f"seed {seed}: the corrected function's uncorrected estimate is not the package's "
            f"uncorrected matched 'now versus later' estimate at quarters {sorted({*(gaps + 1), *(off + 1)})}"
            " (check: same arithmetic on the same pairs)")
    rows = res.rows
    r, c = starts_of(d["pop"], rows["person_id"].to_numpy(), rows["quarter"].to_numpy(),
                     d["window"])
    mu = nvl.expected_outcomes(d, r, c, rows["treated"].to_numpy(bool), int(replicas))
    nvl.PATCH["record"] = False
    expected = corrected(ea, mu, observed, level=level)
    expected = expected.set_index("quarter_since_start").reindex(range(1, K + 1))
    q = pd.Index(range(1, K + 1), name="quarter_since_start")
    common = dict(seed=int(seed), quarter_since_start=q.to_numpy(np.int64),
                  true_att_matched_pp=tr["true_att_matched_pp"].to_numpy(float),
                  true_att_pp=tr["true_att_pp"].to_numpy(float))
    # the book's interval when the package's matched estimate is still the uncorrected one
    # (the code the study ran with); under the switched code it has none for it: NaN
    same = np.allclose(book["att_pp"].to_numpy(float), b, rtol=0, atol=SAME_TOL,
                       equal_nan=True)
    nan = np.full(K, np.nan)
    out_book = pd.DataFrame(dict(
        common, estimator="book", n_treated=book["n_treated"].fillna(0).to_numpy(np.int64),
        att_pp=b, se_pp=book["se"].to_numpy(float) if same else nan,
        ci_low=book["ci_low"].to_numpy(float) if same else nan,
        ci_high=book["ci_high"].to_numpy(float) if same else nan,
        expected_error_pp=expected["att_uncorrected_pp"].to_numpy(float)))
    out_corr = pd.DataFrame(dict(
        common, estimator="corrected",
        n_treated=real["n_treated"].fillna(0).to_numpy(np.int64),
        att_pp=real["att_pp"].to_numpy(float), se_pp=real["se_pp"].to_numpy(float),
        ci_low=real["ci_low"].to_numpy(float), ci_high=real["ci_high"].to_numpy(float),
        expected_error_pp=expected["att_pp"].to_numpy(float)))
    return pd.concat([out_book, out_corr], ignore_index=True)[list(bcs.RESULT_COLUMNS)]


# --- the study: workers, partial files, the result file -----------------------------------
def _worker_init(design: str) -> None:
    """A worker's start: the study's design (:func:`use_design`) and one thread."""
    use_design(design)
    _one_thread()


def _one_thread() -> None:
    """One BLAS/OpenMP thread in this process (the machine's cores go to the workers)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    warnings.simplefilter("ignore")  # nothing the reading could see is printed


def _partial(cache: Path, seed: int) -> Path:
    return cache / f"seed_{int(seed)}.parquet"


def _key_blob(key: dict) -> bytes:
    return json.dumps(key, sort_keys=True).encode()


def write_rows(df: pd.DataFrame, path: Path, meta: dict) -> Path:
    """Write ``df`` to ``path`` atomically (:func:`mia_helpers.files.atomic_path`) with
    ``meta`` as JSON under the pyarrow metadata key
    :data:`mia_helpers.claims.BIAS_CORRECTED_METADATA_KEY`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from mia_helpers.files import atomic_path

    table = pa.Table.from_pandas(df, preserve_index=False)
    md = dict(table.schema.metadata or {})
    md[BIAS_CORRECTED_METADATA_KEY.encode()] = json.dumps(meta, sort_keys=True).encode()
    with atomic_path(path) as tmp:
        pq.write_table(table.replace_schema_metadata(md), tmp)
    return path


def read_meta(path: Path) -> dict | None:
    """The JSON metadata of a file of :func:`write_rows` (None when it has none)."""
    import pyarrow.parquet as pq

    md = pq.read_schema(path).metadata or {}
    raw = md.get(BIAS_CORRECTED_METADATA_KEY.encode())
    return None if raw is None else json.loads(raw)


def _work(args: tuple[int, str, str]) -> tuple[int, float]:
    seed, cache, key_json = args
    t0 = time.perf_counter()
    df = dataset_rows(seed)
    write_rows(df, _partial(Path(cache), seed), dict(json.loads(key_json), seed=int(seed)))
    return seed, time.perf_counter() - t0


def cached_seeds(cache: Path, seeds: Sequence[int], key: dict) -> list[int]:
    """The seeds of ``seeds`` whose partial file in ``cache`` exists.

    Raises
    ------
    RuntimeError
        If a partial file of ``cache`` was written under another :func:`code_key` or for a
        seed outside ``seeds`` (no data set is drawn twice with different code).
    """
    done, want = [], {int(s) for s in seeds}
    for f in sorted(cache.glob("seed_*.parquet")):
        meta = read_meta(f) or {}
        s = meta.pop("seed", None)
        if s not in want or _key_blob(meta) != _key_blob(key):
            raise RuntimeError(
                f"{f} was written by another code or design (or for another seed) than this "
                "run's: its data set is not drawn again with different code. Finish the study "
                "with the code that began it, or discard that run deliberately (remove "
                f"{cache}) and say so beside the results")
        done.append(int(s))
    return done


def run_study(cache: Path = CACHE, out: Path | None = None, jobs: int = 2,
              seeds: Sequence[int] | None = None) -> Path:
    """Run the study blind and write its result file; returns the file's path.

    ``seeds`` defaults to the design's (``replication_seeds(base_seed, replications)``); the
    result file is ``out`` (default the design's file of :data:`mia_helpers.claims.BIAS_CORRECTED_STUDIES` under
    the project). Prints only progress (data sets done, seconds). Raises what a data set
    raises (:func:`dataset_rows`) and :func:`cached_seeds`'s RuntimeError."""
    from concurrent.futures import ProcessPoolExecutor

    from mia_helpers.montecarlo import replication_seeds

    t0 = time.perf_counter()
    seeds = list(seeds) if seeds is not None else replication_seeds(
        bcs.DESIGN["base_seed"], bcs.DESIGN["replications"])
    cache = ROOT / cache if not Path(cache).is_absolute() else Path(cache)
    cache.mkdir(parents=True, exist_ok=True)
    key = code_key()
    done = set(cached_seeds(cache, seeds, key))
    todo = [s for s in seeds if s not in done]
    print(f"{len(done)} of {len(seeds)} {plural(len(seeds), 'data set')} already in {cache}; "
          f"{len(todo)} to run on {jobs} {plural(int(jobs), 'process', 'processes')}",
          flush=True)
    args = [(s, str(cache), json.dumps(key)) for s in todo]
    n = len(done)
    if todo:
        ex = ProcessPoolExecutor(max_workers=int(jobs), initializer=_worker_init,
                                 initargs=(DESIGN_NAME,))
        try:
            for _ in ex.map(_work, args):
                n += 1
                print(f"{n} of {len(seeds)} {plural(len(seeds), 'data set')} done, "
                      f"{time.perf_counter() - t0:.0f} s", flush=True)
        except BaseException:
            ex.shutdown(wait=False, cancel_futures=True)  # stop at the first failure
            raise
        ex.shutdown()
    df = pd.concat([pd.read_parquet(_partial(cache, s)) for s in seeds], ignore_index=True)
    bcs._check_rows(df)
    meta = dict(key, date=datetime.now(UTC).isoformat(timespec="seconds"),
                run_seconds=round(time.perf_counter() - t0, 1), data_sets=len(seeds))
    path = Path(out) if out is not None else ROOT / BIAS_CORRECTED_STUDIES[DESIGN_NAME]["results"]
    write_rows(df, path, meta)
    print(f"wrote {path} ({len(seeds)} {plural(len(seeds), 'data set')}, "
          f"{time.perf_counter() - t0:.0f} s)",
          flush=True)
    return path


def smoke(first: int, stop: int, corrected: Estimator | None = None) -> pd.DataFrame:
    """Run trial seeds ``first``..``stop - 1`` (only :data:`TRIAL_SEEDS`) on this core and
    print each data set's seconds and its figures pooled over quarters 4-8 (trial seeds are
    no part of the study). Returns the rows. Raises ValueError for a seed outside
    :data:`TRIAL_SEEDS`."""
    bad = [s for s in range(first, stop) if s not in TRIAL_SEEDS]
    if bad or stop <= first:
        raise ValueError(f"--smoke takes trial seeds {TRIAL_SEEDS.start}-"
                         f"{TRIAL_SEEDS.stop - 1} only (A < B), got {first} {stop}")
    _one_thread()
    parts = []
    for s in range(first, stop):
        t0 = time.perf_counter()
        df = dataset_rows(s, corrected)
        sec = time.perf_counter() - t0
        q = df[df["quarter_since_start"].isin(bcs.QUARTERS)]
        fig = q.assign(err=q["att_pp"] - q["true_att_matched_pp"]).groupby("estimator")[
            ["expected_error_pp", "err"]].mean()
        print(f"seed {s}: {sec:.1f} s; quarters 4-8, expected error book "
              f"{fig.loc['book', 'expected_error_pp']:+.3f} corrected "
              f"{fig.loc['corrected', 'expected_error_pp']:+.3f} pp; realised error book "
              f"{fig.loc['book', 'err']:+.3f} corrected {fig.loc['corrected', 'err']:+.3f} pp",
              flush=True)
        parts.append(df)
    return pd.concat(parts, ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--smoke A B`` (trial seeds) or ``--run`` (the study); see the module
    docstring."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--smoke", nargs=2, type=int, metavar=("A", "B"),
                   help="trial seeds A..B-1 (4280-4299 only), one core, figures printed")
    g.add_argument("--run", action="store_true", help="the study (blind; writes the results)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes of --run")
    ap.add_argument("--cache", default=None,
                    help=f"folder of --run's partial files (default {CACHE}, with the suffix "
                         "_targeted for the targeted design)")
    ap.add_argument("--design", default="book", choices=list(BIAS_CORRECTED_STUDIES),
                    help="the study: book (the first, base 2028) or targeted (the second, "
                         "base 2030)")
    a = ap.parse_args(argv)
    use_design(a.design)
    if a.cache is None:
        a.cache = str(CACHE) + ("" if a.design == "book" else f"_{a.design}")
    if a.smoke:
        if not all(s in TRIAL_SEEDS for s in (a.smoke[0], a.smoke[1] - 1)):
            ap.error(f"--smoke takes trial seeds {TRIAL_SEEDS.start}-{TRIAL_SEEDS.stop - 1} "
                     "only")
        smoke(*a.smoke)
    else:
        run_study(Path(a.cache), jobs=a.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

