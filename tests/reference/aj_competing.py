"""Spells of registration for the Aalen-Johansen reference test against R's ``survfit``.

The spells are those of :func:`mia_helpers.competing.competing_data` (``grouping="types"``)
on the small synthetic panel of ``tests/test_competing.py`` (seed 2005, 3,000 residents,
1,500 newcomers; our own generated data), reduced to one row per distinct spell history and
sex with its count ``n``: ``entry`` (first quarter u at risk), ``last_u`` (last quarter at
risk), ``outcome`` (0 none, k = 1..K the k-th measure type started at ``last_u``),
``outcome_label``, ``exit`` (0 none, 1 ``exit_job``, 2 ``exit_inactivity`` at the end of
``last_u``), ``exit_label`` and ``censored`` (0/1: the last row lies at the window end). The
script checks that expanding these rows (:func:`expand_spells`) gives back competing_data's
rows ``sex, u, outcome, exit, censored`` exactly, spell by spell.

Usage (CI does not run it; it needs the generated data, about 20 s)::

    python tests/reference/aj_competing.py              # writes aj_competing_spells.csv
    Rscript tests/reference/aj_competing.R tests/reference   # writes aj_competing.csv

``tests/test_ref32_aalen_johansen.py`` compares :func:`mia_helpers.competing.
nonparametric_cif` on the expanded spells with the committed R output; its ``rlive`` test
reruns the R script.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SPELLS = "aj_competing_spells.csv"
COLUMNS = ["sex", "entry", "last_u", "outcome", "outcome_label", "exit", "exit_label",
           "censored", "n"]


def expand_spells(spells: pd.DataFrame) -> pd.DataFrame:
    """Person-period rows of ``spells`` (columns :data:`COLUMNS`): each row repeated ``n``
    times, each repetition one spell with rows u = entry..last_u; ``outcome``, ``exit`` and
    ``censored`` are those of the spell on its last row and 0 / False before.

    Returns
    -------
    DataFrame with columns ``spell`` (int), ``sex``, ``u``, ``outcome``, ``exit``,
    ``censored`` (bool), one row per spell and quarter at risk, sorted by spell and u.

    Raises
    ------
    ValueError
        A column of :data:`COLUMNS` is missing, or ``last_u < entry`` or ``n < 1`` in a row.
    """
    missing = [c for c in COLUMNS if c not in spells.columns]
    if missing:
        raise ValueError(f"{SPELLS}: missing column(s) {missing}")
    bad = (spells["last_u"] < spells["entry"]) | (spells["n"] < 1)
    if bad.any():
        raise ValueError(f"{SPELLS}: rows {list(spells.index[bad])} have last_u < entry or n < 1")
    s = spells.loc[spells.index.repeat(spells["n"])].reset_index(drop=True)
    length = (s["last_u"] - s["entry"] + 1).to_numpy()
    rows = s.loc[s.index.repeat(length)].reset_index(names="spell")
    rows["u"] = rows["entry"] + rows.groupby("spell").cumcount()
    last = (rows["u"] == rows["last_u"]).to_numpy()
    out = pd.DataFrame({"spell": rows["spell"], "sex": rows["sex"], "u": rows["u"],
                        "outcome": np.where(last, rows["outcome"], 0),
                        "exit": np.where(last, rows["exit"], 0),
                        "censored": last & rows["censored"].astype(bool).to_numpy()})
    return out


def make_spells() -> pd.DataFrame:
    """The spells table from the generated data (see the module docstring)."""
    from mia_helpers import competing as C
    from mia_helpers.data import ensure_data
    from mia_helpers.panel import load_panel

    cd = C.competing_data(load_panel(ensure_data(seed=2005, residents=3000, newcomers=1500)),
                          grouping="types")
    cd = cd.sort_values(["person_id", "spell", "u"], kind="stable")
    g = cd.groupby(["person_id", "spell"], sort=False)
    last = g.tail(1)
    per = pd.DataFrame({"sex": last["sex"].astype(str).to_numpy(),
                        "entry": g["u"].min().to_numpy(), "last_u": last["u"].to_numpy(),
                        "outcome": last["outcome"].to_numpy(),
                        "outcome_label": last["outcome_label"].astype(str).to_numpy(),
                        "exit": last["exit"].to_numpy(),
                        "censored": last["censored"].astype(int).to_numpy()})
    exits = list(cd.attrs["exits"])
    per["exit_label"] = np.where(per["exit"] > 0,
                                 np.array(["none", *exits])[per["exit"].to_numpy()], "none")
    # the expansion must give back competing_data's rows, spell by spell
    per_sorted = per.reset_index(drop=True)
    back = expand_spells(per_sorted.assign(n=1))
    want = cd[["sex", "u", "outcome", "exit", "censored"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        back[["sex", "u", "outcome", "exit", "censored"]].astype({"sex": str}),
        want.astype({"sex": str, "censored": bool}), check_dtype=False)
    if ((per["outcome"] > 0) & (per["exit"] > 0)).any():
        raise ValueError("a spell has both a measure start and an exit on its last row")
    if ((per["exit"] > 0) & (per["censored"] == 1)).any():
        raise ValueError("a spell has an exit on a row at the window end")
    keys = [c for c in COLUMNS if c != "n"]
    return (per.groupby(keys, sort=True).size().rename("n").reset_index()[COLUMNS])


def main(out: Path = HERE / SPELLS) -> None:
    spells = make_spells()
    spells.to_csv(out, index=False)
    print(f"written: {out} ({len(spells)} rows, {int(spells['n'].sum())} spells)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / SPELLS)
