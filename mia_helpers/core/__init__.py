"""The numerical core of mia_helpers: one solver family, one sandwich, one place for confidence
levels, one results vocabulary and the identification guards.

- :mod:`.glm`: weighted binary GLMs (logit, cloglog) by Newton / Fisher scoring;
- :mod:`.mnl`: the multinomial logit by Newton-Raphson;
- :mod:`.sandwich`: the cluster-robust covariance and its small-sample correction;
- :mod:`.levels`: confidence level -> critical value;
- :mod:`.results`: the ``.tidy()`` coefficient table;
- :mod:`.guards`: missing values, non-binary treatments, collinearity, separation.
"""

from mia_helpers.core.glm import (
    SEPARATION_ETA,
    BinaryGLMFit,
    find_separation,
    fit_binary,
    link_terms,
    newton_binary,
)
from mia_helpers.core.guards import (
    NotIdentifiedWarning,
    gram,
    independent_columns,
    require_binary,
    require_complete,
    warn_not_identified,
)
from mia_helpers.core.levels import check_level, critical_value
from mia_helpers.core.mnl import MNLFit, fit_mnl
from mia_helpers.core.results import EXP_KIND, TIDY_COLUMNS, coefficient_table
from mia_helpers.core.sandwich import (
    DEFAULT_CORRECTION,
    cluster_covariance,
    small_sample_factor,
)

__all__ = [
    "DEFAULT_CORRECTION", "EXP_KIND", "TIDY_COLUMNS", "BinaryGLMFit", "MNLFit",
    "NotIdentifiedWarning", "check_level", "cluster_covariance", "coefficient_table",
    "critical_value", "fit_binary", "fit_mnl", "gram", "independent_columns", "link_terms",
    "newton_binary", "require_binary", "require_complete", "small_sample_factor",
    "SEPARATION_ETA", "find_separation", "warn_not_identified",
]
