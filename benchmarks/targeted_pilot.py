"""Sizing pilot of the targeted study (``mia_helpers.montecarlo_targeted``, forty-ninth
session): for one data set of the inburgering study at a given number of newcomers, the run
time and, at quarters 5-7 of the matched "now versus never", whether the estimate is a point
estimate, the share of treated without support and the effective twins. It prints no estimate
against its truth: the pilot sized the design by its fill only.

Run on the throw-away seeds 99990-99997 only (never used for issue 14)::

    python benchmarks/targeted_pilot.py 40000 0 99990

Arguments: newcomers, bootstrap replications, seed. Prints one line.
"""

from __future__ import annotations

import sys
import time

from mia_helpers import montecarlo_newcomers as mcn


def main(argv: list[str]) -> None:
    """Print the pilot's line for ``argv`` = [newcomers, bootstrap, seed]."""
    n, boot, seed = (int(a) for a in argv)
    p = mcn._params(replications=1, newcomers=n, bootstrap=boot)
    t = time.time()
    d = mcn._replicate(seed, p)
    elapsed = time.time() - t
    d = d[(d.estimand == "now_vs_never") & (d.estimator == "matched")].set_index(
        "quarter_since_start")
    print(n, boot, seed, f"{elapsed:.1f} s", "quarters 5-7 point estimate",
          d.loc[5:7, "point_identified"].tolist(), "unsupported share",
          d.loc[5:7, "unsupported_share"].round(4).tolist(), "effective twins",
          d.loc[5:7, "effective_controls"].round(1).tolist(), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
