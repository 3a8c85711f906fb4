"""The second bias-corrected matching study of issue 14: the targeted design, where the "now
versus later" bias was largest. Design and reading fixed before its first data set
(fifty-first session, after the first study was read).

Why. The first study (:mod:`mia_helpers.montecarlo_bias_corrected`, base 2028, the book's
design of 10,000 newcomers) read: by its rule R1 the book's bias was not confirmed (its
pooled expected error over quarters 4-8 lay within 2 Monte Carlo SE of zero), by R2 the
corrected estimator's lay within 2 Monte Carlo SE of zero, so by R4 the next step is to make
the corrected estimator the book's (Appendix A, section "A study of bias-corrected matching").
On the book's design the old estimator's bias is small against the study's precision, so that
study could not show that the correction removes a bias that is there. The bias the post hoc
comparison found most clearly was on the targeted design of 40,000 newcomers a data set
(+0.078 pp, Monte Carlo SE 0.023, against the truth over the matched starters; Appendix A,
section "Post hoc: the "now versus later" bias on two designs"). This study asks the first
study's two questions there, on seeds no estimator has seen. It adds evidence before the
switch of R4; it does not replace the studies R4 names (base 2029), and it does not resolve
issue 14.

Design (:data:`DESIGN`), fixed now: the first study's in every respect (both estimators on
the same pairs, the truth over the matched starters with common random numbers, the expected
errors from :data:`REPLICAS` = 8 re-simulations, the runner ``benchmarks/bias_corrected_study.py``
with ``--design targeted``) except

- ``newcomers`` = 40,000 a data set (the targeted study's, :mod:`mia_helpers.montecarlo_targeted`);
- ``replications`` = 150 data sets, seeds ``montecarlo.replication_seeds(2030, 150)`` (base
  2030, the last reserved base; 2029 stays for R4's studies), run to the end with no
  estimate looked at before the last data set. The number was fixed by run time alone,
  before any data set of 40,000 newcomers was drawn with this runner: the first study took
  2.9 s a data set on two cores (1,161 s for 400), and four times the newcomers were
  expected to cost about four times as much, so about 25 minutes on two cores. Power: if the per-data-set spread
  of the pooled expected error halves with four times the newcomers (0.29 pp at 10,000 in
  the first study), the Monte Carlo SE is about 0.012 pp, and a bias of the targeted
  design's post hoc size (0.078 pp) lies more than 6 of them from zero.

Reading (:func:`mia_helpers.montecarlo_bias_corrected.read_study`, the first study's code,
unchanged), fixed now. Q = quarters 4-8.

T-R1: the book's pooled expected error exceeds 0 by more than 2 MC SE: "the bias of the book's
   estimator at the targeted design is confirmed on fresh seeds"; otherwise "not confirmed".
T-R2 (primary): the corrected estimator's pooled expected error lies within 2 MC SE of 0:
   "the correction removes the bias at the targeted design, within the study's precision";
   otherwise "the correction does not remove the bias at the targeted design".
T-R3: issue 14's ten checks of the corrected estimator at quarters 4-8 (realised bias within
   2 MC SE of the matched truth, coverage in [0.90, 0.98]), reported with the rate at which
   an unbiased, calibrated estimator fails at least one.
T-R4 (what follows): if T-R2 holds, the first study's R4 stands (the switch, judged on base
   2029). If T-R2 fails, R4 is suspended: the correction does not remove the bias where it
   was found, and the book keeps its estimator until that is understood.

No further data set of base 2030 is drawn after the study, whatever it shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mia_helpers.montecarlo_bias_corrected import (  # the first study's reading, unchanged
    ESTIMATORS,
    QUARTERS,
    REPLICAS,
    RESULT_COLUMNS,
    _check_rows,
    null_failure_rate,
    pooled_errors,
    read_study,
)

__all__ = ["DESIGN", "ESTIMATORS", "QUARTERS", "REPLICAS", "RESULT_COLUMNS", "null_failure_rate",
           "pooled_errors", "read_study", "study_params", "_check_rows"]

#: the study's design (see the module docstring); fixed before its first data set
DESIGN: dict[str, Any] = dict(replications=150, base_seed=2030, newcomers=40_000, residents=0,
                              treatment="inburgering", k=3, caliper=0.2, max_quarter=12,
                              level=0.95)


def study_params() -> Mapping[str, Any]:
    """The fixed design (:data:`DESIGN` with :data:`REPLICAS`), for a result file's metadata."""
    return dict(DESIGN, replicas=REPLICAS)
