"""Does the positivity flag of the matched "now versus never" select data sets by the error of
their estimate (issue 14, the strict xfail ``never-bias`` of
``tests/test_calibration_shipped.py``)?

(Docstring completed below with the measured table and the reading.)
"""
from __future__ import annotations

import argparse
import contextlib
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import expit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ipcw_correction import newcomer_match  # noqa: E402

ESTIMAND = "now_vs_never"
KMAX = 9
#: residence grounds that oblige a newcomer to sign (the generator's
#: ``PopulationConfig.obligated_grounds``; "asylum" is the reference level of the design)
OBLIGATED = ("family", "asylum")


@contextlib.contextmanager
def capture():
    """Within the block, ``effects.effect_curves`` leaves its IPCW fit and its intervals
    before the worst-case widening in the yielded dict (``eta``, ``bl``, ``info``, ``lo``,
    ``hi``); nothing it returns changes."""
    from mia_helpers import effects as ef

    got: dict = {}
    fit, wcb = ef._fit_ipcw_arrays, ef._worst_case_bounds

    def fit_capture(*a, **kw):
        info: dict = {}
        eta, bl = fit(*a, **{**kw, "fit_info": info})
        got.update(eta=eta, bl=bl, info=info)
        return eta, bl

    def wcb_capture(lo, hi, share, m1):
        got.update(lo=np.asarray(lo, float).copy(), hi=np.asarray(hi, float).copy())
        return wcb(lo, hi, share, m1)

    ef._fit_ipcw_arrays, ef._worst_case_bounds = fit_capture, wcb_capture
    try:
        yield got
    finally:
        ef._fit_ipcw_arrays, ef._worst_case_bounds = fit, wcb


def evaluate(seed: int) -> pd.DataFrame:
    """Rows (quarter 1..KMAX) of one data set of the inburgering study: the estimate and its
    truth, the raw (unwidened) interval, the shipped flag share and the candidate statistics
    of positivity (module docstring)."""
    from mia_helpers import effects as ef

    res, truth, K = newcomer_match(seed, ESTIMAND)
    ea, oa = ef.estimation_arrays(res, "person_id", "score"), ef.outcome_arrays(res, K)
    with warnings.catch_warnings(), capture() as got:
        warnings.simplefilter("ignore")
        out = ef.effect_curves(ea, oa, (ESTIMAND,), interval="linearized")[(ESTIMAND, "matched")]
    eta, bl, info = got["eta"], got["bl"], got["info"]
    tp, cp, w = ea.treated_pos, ea.control, ea.weight
    ks = np.arange(1, K + 1)
    obl = res.rows["residence_ground"].astype(str).isin(OBLIGATED).to_numpy()
    # modelled probability of not having signed before k (no reg: as the shipped flag)
    h = expit(eta[cp, None] + bl[None, :K])
    before = np.hstack([np.ones((cp.size, 1)), np.cumprod(1.0 - h, axis=1)[:, :-1]])
    with np.errstate(divide="ignore"):
        logb = np.log10(before)
    wk = w[:, None] * (oa.A[tp][:, None] >= ks[None, :])  # (P, K)
    tot = wk.sum(axis=0)
    use = wk > 0
    logmin = np.where(use, logb, np.inf).min(axis=0)
    # expected persons behind the never path: pair-weighted modelled survival before k
    n_exp = (wk * before).sum(axis=0)
    n_exp_obl = (wk * before * obl[cp][:, None]).sum(axis=0)
    tot_obl = (wk * obl[cp][:, None]).sum(axis=0)
    # twins' rows observed at risk at l = k (pair-weighted; distinct rows)
    Ec = oa.E[cp]
    lim = np.minimum(np.minimum(Ec, oa.S[cp]), oa.A[cp])
    at_k = lim[:, None] >= ks[None, :]
    n_risk = (wk * at_k).sum(axis=0)
    n_risk_rows = np.array([np.unique(cp[use[:, j] & at_k[:, j]]).size for j in range(K)])
    ipcw = ef._ipcw(eta[cp], bl, oa.reg[cp], K)
    a = wk * at_k * ipcw
    with np.errstate(invalid="ignore", divide="ignore"):
        ess = a.sum(axis=0) ** 2 / (a ** 2).sum(axis=0)
    # the obligated twins' signing: fitted (mean over their person-periods of the fit) and
    # observed (share signing among their person-periods at risk), and the non-obligated
    rows, y, q = info.get("rows"), info.get("y"), info.get("quarter")
    stats = {}
    if rows is not None:
        fitted = expit(eta[rows] + bl[q - 1])
        for name, m in (("obl", obl[rows]), ("non", ~obl[rows])):
            stats[f"h_fit_{name}"] = float(np.average(fitted[m], weights=info["weight"][m]))
            stats[f"h_obs_{name}"] = float(np.average(y[m], weights=info["weight"][m]))
            stats[f"h_fit1_{name}"] = float(np.average(fitted[m & (q == 1)],
                                                       weights=info["weight"][m & (q == 1)]))
    kk = ks[:KMAX]
    return pd.DataFrame(dict(
        seed=seed, quarter_since_start=kk,
        att_pp=out["att"][:KMAX], true_att_pp=[truth.get(int(k), np.nan) for k in kk],
        m1=out["m1"][:KMAX], m0=out["m0"][:KMAX], se=out["se"][:KMAX],
        lo_raw=got["lo"][:KMAX], hi_raw=got["hi"][:KMAX],
        ci_low=out["lo"][:KMAX], ci_high=out["hi"][:KMAX],
        share=out["unsupported"][:KMAX], n_treated=tot[:KMAX], n_treated_obl=tot_obl[:KMAX],
        logmin=logmin[:KMAX], n_exp=n_exp[:KMAX], n_exp_obl=n_exp_obl[:KMAX],
        n_risk=n_risk[:KMAX], n_risk_rows=n_risk_rows[:KMAX], ess=ess[:KMAX], **stats))


def run(seeds: list[int], out: Path) -> pd.DataFrame:
    """Evaluate ``seeds``, appending to the CSV ``out`` after each (resumes: seeds already in
    ``out`` are skipped)."""
    done = set(pd.read_csv(out)["seed"]) if out.exists() else set()
    for i, s in enumerate(seeds):
        if s in done:
            continue
        t = time.time()
        df = evaluate(int(s))
        df.to_csv(out, mode="a", header=not out.exists(), index=False)
        print(f"{i + 1}/{len(seeds)} seed {s} {time.time() - t:.1f}s", flush=True)
    return pd.read_csv(out)


def main(argv=None) -> None:
    from mia_helpers.montecarlo import replication_seeds
    from mia_helpers.montecarlo_newcomers import INBURGERING_STUDY

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base-seed", type=int, default=INBURGERING_STUDY["base_seed"])
    p.add_argument("--replications", type=int, default=400)
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--out", type=Path, default=Path("/tmp/never_pretest.csv"))
    p.add_argument("--from-csv", nargs="+", type=Path)
    a = p.parse_args(argv)
    if a.from_csv:
        return
    seeds = replication_seeds(a.base_seed, a.replications)[a.first:]
    run(seeds, a.out)


if __name__ == "__main__":
    main()
