"""Disclosure control of a table whose counts are part of another published table's counts.

Chapter 5 publishes the newcomers per residence ground twice: all of them in the steps table,
and those at risk in the feeder model (non-working newcomers, the model's ``n_persons`` per
ground term, :func:`mia_helpers.newcomers.feeder_table`). The difference is the number left out
of the feeder analysis: a reader who holds both tables learns it by subtraction. With seed
4242, 2,500 residents and 1,200 newcomers, ground "Work" had 125 persons in the steps table and
120 in the feeder table, so 5 persons (fewer than ``min_cell`` 10) were identifiable as left
out. :func:`feeder_against_steps` declares that relation to
:func:`mia_helpers.disclosure.suppress` (steps count = feeder count + an unpublished
difference) so that its own rules, and its checking record, decide what the feeder table may
show. It lives here and not in ``newcomers.py``, which is fingerprinted (editing it makes the
shipped Monte Carlo results stale).

References
----------
Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley (section 4.2, disclosure
by differencing of linked tables).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from mia_helpers.disclosure import Protected, suppress

__all__ = ["FEEDER_VALUES", "feeder_against_steps"]

#: the value columns of :func:`mia_helpers.newcomers.feeder_table` (estimates computed on the
#: persons and events of their row: hidden with a hidden count)
FEEDER_VALUES: tuple[str, ...] = ("odds_ratio", "ci_low", "ci_high", "p")

#: reasons of a hidden count that a value of its row follows (``disclosure.suppress``'s
#: ``derived`` rule)
_FOLLOWED = ("primary", "complement", "ledger", "derived")


def feeder_against_steps(feeder: Protected, periods: pd.DataFrame, steps: pd.DataFrame,
                         min_cell: int = 10, variable: str = "residence_ground",
                         persons: str = "n_persons", values: Sequence[str] = FEEDER_VALUES,
                         name: str = "feeder model against the steps table (per ground)"
                         ) -> Protected:
    """The feeder table with the cells hidden that, set against the steps table, would tell
    how many persons of a ground are left out of the feeder analysis.

    Per ground with a term in ``feeder`` (``"residence_ground[work]"``) and a count published
    in ``steps``, one row of a table holding the steps count (``n_steps``), the feeder's
    persons (``n_persons``) and first measure starts (``n_events``) goes through
    :func:`mia_helpers.disclosure.suppress` with the relations ``n_steps = n_persons +
    difference`` and ``n_persons = n_events + difference`` (each difference unpublished, the
    relation's remainder): a small difference is then protected by suppress's own rules
    (complementary suppression and the exact audit), and the hidden cells are in the run's
    checking record under ``name``. Each count hidden there is hidden in the returned feeder
    table too, and so are the row's ``values`` (odds ratio, interval, p-value: computed on
    those persons).

    Parameters
    ----------
    feeder : Protected
        :func:`mia_helpers.newcomers.feeder_table` (``term``, ``n_persons``, ``n_events`` and
        ``values``).
    periods : DataFrame
        The person-periods the feeder model was fitted on
        (:func:`mia_helpers.newcomers.feeder_periods`: ``person_id``, ``event``, ``variable``);
        the counts hidden in ``feeder`` are recounted from them for the rules (not published).
    steps : DataFrame
        The steps table as published (``variable``, ``persons``): a hidden count (missing or a
        text marker) gives no relation, since the reader has no total to subtract from.
    min_cell : int
        Disclosure threshold (persons).
    variable, persons : str
        The grouping column (also the feeder terms' prefix) and the persons column of
        ``steps``.
    values : sequence of str
        The value columns of ``feeder`` hidden with a hidden count of their row.
    name : str
        The linked table's name in the checking record.

    Returns
    -------
    Protected
        ``feeder`` (same rows and columns) with the further hidden cells missing and their
        reasons (``complement`` for a count, ``derived`` for a value); ``feeder`` itself is
        not modified.

    Raises
    ------
    ValueError
        If a column is missing, or a count published in ``feeder`` differs from the one
        recounted from ``periods`` (not the periods of that table).
    """
    from mia_helpers.labels import require_columns

    require_columns(feeder.data, ["term", "n_persons", "n_events", *values],
                    "linked_tables.feeder_against_steps", "newcomers.feeder_table")
    require_columns(periods, ["person_id", "event", variable],
                    "linked_tables.feeder_against_steps", "newcomers.feeder_periods")
    require_columns(steps, [variable, persons], "linked_tables.feeder_against_steps",
                    "the chapter's steps table")
    terms = feeder.data["term"].astype(str)
    prefix = f"{variable}["
    on_ground = terms.str.startswith(prefix) & terms.str.endswith("]")
    shown = pd.to_numeric(steps[persons], errors="coerce")
    total = dict(zip(steps[variable].astype(str), shown, strict=True))
    rows, where = [], []
    level_of = periods[variable].astype(str)
    for i in np.flatnonzero(on_ground.to_numpy()):
        level = terms.iat[i][len(prefix):-1]
        n_steps = total.get(level, np.nan)
        if pd.isna(n_steps):  # no published total: nothing to subtract from
            continue
        m = (level_of == level).to_numpy()
        n_persons = int(periods.loc[m, "person_id"].nunique())
        n_events = int(periods.loc[m, "event"].sum())
        for col, n in (("n_persons", n_persons), ("n_events", n_events)):
            pub = feeder.data[col].iat[i]
            if not pd.isna(pub) and int(pub) != n:
                raise ValueError(
                    f"linked_tables.feeder_against_steps: {col} of term {terms.iat[i]!r} is "
                    f"{int(pub)} in the feeder table but {n} in periods; pass the periods the "
                    "feeder model was fitted on")
        rows.append({variable: level, "n_steps": int(n_steps), "n_persons": n_persons,
                     "n_events": n_events})
        where.append(i)
    data, reason = feeder.data.copy(), feeder.reason.copy()
    out = Protected(data, reason, list(feeder.count_cols), feeder.min_cell, feeder.name)
    if not rows:
        return out
    linked = suppress(pd.DataFrame(rows), count_cols=["n_steps", "n_persons", "n_events"],
                      min_cell=min_cell, name=name,
                      relations=[("n_steps", ["n_persons"], False),
                                 ("n_persons", ["n_events"], False)])
    for k, i in enumerate(where):
        for col in ("n_persons", "n_events"):
            why = linked.reason[col].iat[k]
            if why and reason[col].iat[i] == "":
                reason.loc[reason.index[i], col] = why
                data.loc[data.index[i], col] = pd.NA
        if reason.loc[reason.index[i], ["n_persons", "n_events"]].isin(_FOLLOWED).any():
            for v in values:
                if reason[v].iat[i] == "":
                    reason.loc[reason.index[i], v] = "derived"
                    data.loc[data.index[i], v] = np.nan
    return out
