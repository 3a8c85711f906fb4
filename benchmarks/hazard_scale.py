"""Scale of the chapter-2 hazard models: fit M3 on the person-period data of up to 1M persons.

The person-period rows of the book's default data (20,000 residents, of whom about 10,000 leave
school inside the window) are resampled by person, with replacement and new ids, to the target
number of school leavers; then the rows are grouped into covariate x duration cells
(:func:`mia_helpers.hazard.group_periods`) and the largest model (M3) is fitted with
person-clustered standard errors (:func:`mia_helpers.hazard.fit_hazard`), followed by the KHB
decomposition. Prints seconds per stage and the peak resident memory of the process.

Plain resampling keeps the covariate combinations of the 10,000 source persons, so the number of
cells stays that of the default data; ``--mix`` recombines covariate blocks across persons and
gives an upper bound on the cells (and the cost) of real data of that size.

Run: ``python benchmarks/hazard_scale.py --persons 1000000 [--mix] [--event stable]
[--link logit]``
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from mia_helpers import hazard as hz
from mia_helpers.data import ensure_data
from mia_helpers.khb import khb


def peak_gib() -> float:
    """Peak resident set size of this process so far, GiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


STATIC_BLOCKS = {
    "individual": ["sex", "education", "study_field", "dutch_level", "age_at_leaving"],
    "household": ["couple", "has_children", "female_with_children"],
    "parental": ["parent_employed", "parent_education"],
}


def resample_persons(pp, n_persons: int, seed: int = 0, mix: bool = False):
    """Person-period rows of ``n_persons`` persons drawn with replacement from ``pp``.

    With ``mix``, each new person takes the static covariates of each block from a different,
    independently drawn person (the key, the quarter path and the time-varying covariates from
    the first): the covariate combinations are then far more varied than in real data, so the
    number of cells, hence the cost of the fit, is an upper bound. Estimates are meaningless.
    """
    rng = np.random.default_rng(seed)
    pid = pp["person_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, pid[1:] != pid[:-1]])
    lengths = np.diff(np.r_[starts, len(pid)])
    pick = rng.integers(0, len(starts), n_persons)
    rows = np.repeat(starts[pick], lengths[pick]) + (
        np.arange(lengths[pick].sum()) - np.repeat(np.cumsum(lengths[pick]) - lengths[pick],
                                                    lengths[pick])
    )
    out = pp.iloc[rows].reset_index(drop=True)
    out["person_id"] = np.repeat(np.arange(n_persons, dtype=np.int64), lengths[pick])
    if mix:
        for cols in STATIC_BLOCKS.values():
            donor = np.repeat(starts[rng.integers(0, len(starts), n_persons)], lengths[pick])
            for c in cols:
                out[c] = pp[c].iloc[donor].to_numpy()
                if hasattr(pp[c], "cat"):
                    out[c] = out[c].astype(pp[c].dtype)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, default=1_000_000, help="school leavers")
    ap.add_argument("--event", choices=["job", "stable"], default="stable")
    ap.add_argument("--link", choices=["logit", "cloglog"], default="logit")
    ap.add_argument("--no-khb", action="store_true", help="skip the KHB decomposition")
    ap.add_argument("--mix", action="store_true",
                    help="recombine covariate blocks across persons: upper bound on the cells")
    a = ap.parse_args()

    t0 = time.perf_counter()
    base = hz.school_leaver_periods(ensure_data(), a.event)
    t1 = time.perf_counter()
    pp = resample_persons(base, a.persons, mix=a.mix)
    t2 = time.perf_counter()
    print(f"persons {a.persons:,}  person-quarters {len(pp):,}  "
          f"({pp.memory_usage(deep=True).sum() / 2**30:.2f} GiB as a DataFrame)")
    print(f"expand (default data) {t1 - t0:6.1f} s; resample {t2 - t1:6.1f} s; "
          f"peak {peak_gib():.2f} GiB")
    covs = [hz.KEY, *hz.block_covariates(["individual", "household", "parental"])]
    g = hz.group_periods(pp, covs)
    del pp
    t3 = time.perf_counter()
    print(f"group into {len(g.cells):,} cells {t3 - t2:6.1f} s; peak {peak_gib():.2f} GiB")
    fit = hz.fit_hazard(g, covs, link=a.link, name="M3")
    t4 = time.perf_counter()
    print(f"fit M3 {a.link} ({len(fit.params)} terms, clustered SEs) {t4 - t3:6.1f} s; "
          f"converged {fit.converged}; peak {peak_gib():.2f} GiB")
    k = hz.key_term("maghreb:second")
    print(f"  {k}: {fit.params[k]:.3f} (se {fit.bse[k]:.4f})")
    if not a.no_khb:
        added = {b: hz.BLOCKS[b] for b in ("individual", "household", "parental")}
        r = khb(g, hz.KEY, added, link=a.link)
        t5 = time.perf_counter()
        s = r.summary.set_index("term").loc[k]
        print(f"KHB (3 fits) {t5 - t4:6.1f} s; share explained for {k}: {s['share']:.3f}; "
              f"peak {peak_gib():.2f} GiB")
    print(f"total {time.perf_counter() - t0:6.1f} s; peak resident memory {peak_gib():.2f} GiB")


if __name__ == "__main__":
    main()
