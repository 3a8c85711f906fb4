"""Hand-made RRR tables for chapter 3's "what remains of the second generation's gap"
(:func:`mia_helpers.claims.second_remaining_claims`, which judges "up to sampling error" by
whether the generator's true IBO RRR lies inside M1's published interval; claims51)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from mia_helpers.covariates import KEY

IBO = "workplace_learning_ibo"


def rrr_inputs(cells: Iterable[str], true: float = 0.8,
               intervals: Mapping[str, tuple[float, float, float]] | None = None
               ) -> dict[str, pd.DataFrame]:
    """``rrr`` and ``true_rrr`` for :func:`second_remaining_claims`: every cell's true IBO RRR
    ``true``, and M1's RRR with its interval (estimate, low, high) from ``intervals``, else
    0.8 [0.6, 1.1], which covers the default truth."""
    cells = list(cells)
    ci = {c: (intervals or {}).get(c, (0.8, 0.6, 1.1)) for c in cells}
    rrr = pd.DataFrame({"outcome": IBO, KEY: cells,
                        "exp_estimate": [ci[c][0] for c in cells],
                        "exp_ci_low": [ci[c][1] for c in cells],
                        "exp_ci_high": [ci[c][2] for c in cells]})
    true_rrr = pd.DataFrame({"outcome": IBO, KEY: cells, "exp_estimate": true})
    return {"rrr": rrr, "true_rrr": true_rrr}
