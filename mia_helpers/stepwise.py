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
    estimate: Callable[..., Any], specs: dict[str, Any], parameter: str,
    required: bool = False, **kwargs: Any
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
    required : bool
        Raise ``ValueError`` (naming ``parameter``, the reasons and ``caliper``) when no step
        could be estimated, instead of returning ``(None, skipped)``.
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
        step the data cannot estimate, but a mistake to fix); with ``required``, when no step
        could be estimated.
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
    if required:
        raise ValueError(f"no step of {parameter}={list(specs)} could be estimated ({skipped}); "
                         "widen the caliper (parameter `caliper`) or use a larger extract")
    return None, skipped


def obligated_exercise_effects(
    panel: Any, full: Any, steps_done: list[str], residence_grounds: list[str] | None,
    arrival_quarters: Any, **kwargs: Any
) -> tuple[Any | None, Any | None, list[str], str]:
    """Chapter 5's obligated-grounds exercise: inburgering's "now versus later" effects within
    the obligated residence grounds (family, asylum) beside the chapter's own.

    Parameters
    ----------
    panel : pandas.DataFrame
        The whole person-quarter panel (:func:`mia_helpers.panel.load_panel`).
    full : pandas.DataFrame
        The chapter's ``tidy`` effects table (over the grounds it kept).
    steps_done : list of str
        The steps the chapter estimated; inburgering must be among them.
    residence_grounds : list of str or None
        The chapter's ``residence_grounds`` parameter (None: all grounds).
    arrival_quarters : object
        The chapter's ``arrival_quarters`` parameter
        (:func:`mia_helpers.newcomers.newcomer_panel`).
    **kwargs
        ``k``, ``caliper``, ``max_quarter`` of :func:`mia_helpers.newcomers.newcomer_effects`.

    Returns
    -------
    (sub, full, grounds, why)
        ``sub``: the ``tidy`` table within the obligated grounds (None when not estimated);
        ``full``: the chapter's table (None when ``sub`` is); ``grounds``: the obligated grounds
        among those kept; ``why``: why there is no comparison ("" when there is one), in
        words, for :func:`mia_helpers.claims.obligated_gap_claim`.
    """
    from mia_helpers import newcomers as nc

    grounds = [g for g in ("family", "asylum") if g in (residence_grounds or [g])]
    why = ("inburgering is not among the steps estimated" if "inburgering" not in steps_done
           else "no obligated ground is among those kept" if not grounds
           else "the chapter keeps only obligated grounds already"
           if set(residence_grounds or ()) == set(grounds) else "")
    if why:
        return None, None, grounds, why
    sub = nc.newcomer_panel(panel, arrival_quarters, grounds)
    r, _ = effects_skipping(nc.newcomer_effects, nc.newcomer_specs(["inburgering"]),
                            "treatments", panel=sub, estimands=("now_vs_later",),
                            with_hazard=False, **kwargs)
    if r is None:
        return None, None, grounds, "no obligated starter found a twin within the caliper"
    return r.tidy, full, grounds, ""
