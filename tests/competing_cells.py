"""Chapter 3's person-period data by measure type on the small synthetic extract (seed 2005,
3,000 residents, 1,500 newcomers), kept to three origin-generation cells, and the row filter
that keeps the frame's attributes: the crafted data of ``tests/test_gap34_unidentified_cells.py``
and ``tests/test_prose36_exit_flags.py`` (each drops the persons that make one term of its cell
not identified)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import competing as cr
from mia_helpers.data import ensure_data
from mia_helpers.panel import load_panel

SMALL = {"seed": 2005, "residents": 3000, "newcomers": 1500}
CELLS = ["belgian:native", "maghreb:first", "subsaharan:first"]


def keep_rows(cd: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The rows of ``cd`` where ``mask`` ((n,) bool) holds, renumbered, with ``cd``'s attrs
    (the outcome labels :mod:`mia_helpers.competing` reads)."""
    out = cd[mask].reset_index(drop=True)
    out.attrs = dict(cd.attrs)
    return out


def three_cells() -> pd.DataFrame:
    """The competing-risks data of :data:`CELLS` (``competing_data``, grouping "types")."""
    cd = cr.competing_data(load_panel(ensure_data(**SMALL)), grouping="types")
    return keep_rows(cd, cd[cr.KEY].astype(str).isin(CELLS).to_numpy())
