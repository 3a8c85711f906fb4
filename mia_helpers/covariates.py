"""One covariate builder: every derived covariate defined once, with one name.

The discrete-time hazard models (:mod:`mia_helpers.hazard`), the multinomial inflow model
(:mod:`mia_helpers.competing`) and the propensity logits (:mod:`mia_helpers.matching`) build
their derived covariates with these functions, so a covariate has the same name and the same
definition in every chapter. Dummies of a categorical variable are named ``var[level]``
(:func:`dummy_name`).

=========================  =================================================================
name                       definition
=========================  =================================================================
``origin_generation``      ``"origin:generation"`` (:data:`KEY`), reference
                           :data:`REFERENCE_ORIGIN_GENERATION` (``belgian:native``)
``experience_years``       employed quarters, capped at :data:`EXPERIENCE_CAP_QUARTERS` (20),
                           divided by 4: years of employment, at most five
``has_children``           1 if the household has at least one child
``children_capped``        number of children, capped at :data:`CHILDREN_CAP` (3)
``female_with_children``   1 for a woman with at least one child
``age_under_25``           1 if aged under 25 (years, calendar-year age)
``age_50_plus``            1 if aged 50 or more
=========================  =================================================================
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from mia_helpers import codes

#: the key variable of the book: origin x generation, values "origin:generation"
KEY = "origin_generation"
#: its reference level (natives of Belgian origin)
REFERENCE_ORIGIN_GENERATION = "belgian:native"
#: experience cap in quarters (five years)
EXPERIENCE_CAP_QUARTERS = 20
#: cap of the number of children
CHILDREN_CAP = 3


def dummy_name(var: str, level: object) -> str:
    """Name of the dummy of ``level`` of categorical ``var``: ``var[level]``."""
    return f"{var}[{level}]"


def origin_generation_levels(
    generations: tuple[str, ...] = ("first", "intermediate", "second"),
) -> list[str]:
    """Origin x generation levels, the reference first: natives, then per foreign origin the
    given generations (school leavers: intermediate and second only)."""
    out = [REFERENCE_ORIGIN_GENERATION]
    for o in codes.ORIGINS:
        if o == "belgian":
            continue
        out += [f"{o}:{g}" for g in generations]
    return out


def origin_generation(origin: ArrayLike, generation: ArrayLike) -> np.ndarray:
    """``"origin:generation"`` strings (object array) from two equal-length arrays."""
    o = np.asarray(origin).astype(str).astype(object)
    g = np.asarray(generation).astype(str).astype(object)
    return o + ":" + g


def experience_years(experience_quarters: ArrayLike) -> np.ndarray:
    """Years of employment from employed quarters: ``min(quarters, 20) / 4`` (float64)."""
    return np.minimum(np.asarray(experience_quarters, np.float64), EXPERIENCE_CAP_QUARTERS) / 4.0


def has_children(children: ArrayLike) -> np.ndarray:
    """1.0 if the number of children is positive, else 0.0."""
    return (np.asarray(children, np.float64) > 0).astype(np.float64)


def children_capped(children: ArrayLike) -> np.ndarray:
    """Number of children capped at :data:`CHILDREN_CAP`."""
    return np.minimum(np.asarray(children, np.float64), CHILDREN_CAP)


def female_with_children(sex: ArrayLike, children: ArrayLike) -> np.ndarray:
    """1.0 for a woman (``sex == "female"``) with at least one child."""
    return ((np.asarray(sex).astype(str) == "female") & (has_children(children) > 0)).astype(
        np.float64)


def age_under_25(age_years: ArrayLike) -> np.ndarray:
    """1.0 if aged under 25 years."""
    return (np.asarray(age_years, np.float64) < 25).astype(np.float64)


def age_50_plus(age_years: ArrayLike) -> np.ndarray:
    """1.0 if aged 50 years or more."""
    return (np.asarray(age_years, np.float64) >= 50).astype(np.float64)
