"""Confidence levels: the one place where a level becomes a critical value.

No module of :mod:`mia_helpers` writes a literal critical value; every interval takes the
caller's ``level`` and turns it into ``z`` here.
"""

from __future__ import annotations

from scipy import stats


def check_level(level: float) -> float:
    """Return ``level`` as a float after checking ``0 < level < 1``.

    Raises
    ------
    ValueError
        If ``level`` is not strictly between 0 and 1 (e.g. 95 instead of 0.95).
    """
    level = float(level)
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be a probability strictly between 0 and 1 (e.g. 0.95), "
                         f"got {level!r}")
    return level


def critical_value(level: float = 0.95) -> float:
    """Two-sided standard normal critical value of a ``level`` Wald interval,
    ``norm.ppf(0.5 + level / 2)`` (e.g. 1.95996... for 0.95).

    Raises ``ValueError`` unless ``0 < level < 1`` (:func:`check_level`).
    """
    return float(stats.norm.ppf(0.5 + check_level(level) / 2.0))
