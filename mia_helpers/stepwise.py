"""Estimate several treatments and skip, with a warning, those the data cannot estimate.

Chapter 5 estimates its integration steps together (:func:`mia_helpers.newcomers.newcomer_effects`),
and the matching engine stops the whole run when one step has no starter matched within the
caliper (``ValueError("'mo': no treated unit matched within the caliper ...")``). On a small
extract that stops the chapter mid-run; :func:`effects_skipping` drops such a step instead, warns
naming it and what to do, and returns the steps it skipped so that the prose can say that they
were not estimated.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any


def _failed_step(error: ValueError, steps: list[str]) -> str | None:
    """The step an engine error names at its start (``"'mo': ..."``), else None."""
    text = str(error)
    return next((s for s in steps if text.startswith(f"{s!r}:")), None)


def effects_skipping(
    estimate: Callable[..., Any], specs: dict[str, Any], parameter: str, **kwargs: Any
) -> tuple[Any | None, dict[str, str]]:
    """``estimate(panel, specs=specs, **kwargs)`` without the steps it cannot estimate.

    Parameters
    ----------
    estimate : callable
        An effects function taking ``specs`` (treatment -> TreatmentSpec) and the keyword
        arguments ``kwargs`` (``panel`` included), e.g.
        :func:`mia_helpers.newcomers.newcomer_effects`; it must raise ``ValueError`` whose
        message starts with the failing treatment's repr (``"'mo': ..."``) for a step-specific
        failure, as the matching engine does.
    specs : dict
        The steps to estimate, in order.
    parameter : str
        The notebook parameter that lists the steps (named in the warning, e.g. ``"treatments"``).
    **kwargs
        Passed on to ``estimate``.

    Returns
    -------
    (result, skipped)
        ``result``: what ``estimate`` returns for the steps it could estimate (None when none
        could); ``skipped``: step -> the engine's reason, in the order skipped. A run with a
        failing step is repeated without it (at most ``len(specs)`` runs).

    Warns
    -----
    UserWarning
        Once per skipped step, naming it, the reason, and the two remedies: leave it out of
        ``parameter`` or widen ``caliper``.

    Raises
    ------
    ValueError
        Any error of ``estimate`` that does not name one of the steps at its start (it is not a
        step the data cannot estimate, but a mistake to fix).
    """
    left = dict(specs)
    skipped: dict[str, str] = {}
    while left:
        try:
            return estimate(specs=left, **kwargs), skipped
        except ValueError as err:
            step = _failed_step(err, list(left))
            if step is None:
                raise
            reason = str(err)[len(repr(step)) + 1 :].strip()
            skipped[step] = reason
            del left[step]
            rest = [s for s in specs if s not in skipped]
            warnings.warn(
                f"{step!r} is not estimated and is left out of this run: {reason}. To estimate "
                f"it, widen `caliper` (now {kwargs.get('caliper', 'the default')}); to leave it "
                f"out, pass -p {parameter} '[{', '.join(rest)}]'.",
                stacklevel=2,
            )
    return None, skipped
