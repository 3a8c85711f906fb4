"""Dates to quarter indices, and person-month rows to person-quarter rows.

Quarter index of a date: ``(year - 2005) * 4 + (month - 1) // 3`` (2005Q1 = 0, see
:mod:`mia_helpers.quarters`); any day of a quarter maps to that quarter.

Monthly positions (one row per person and month) become one row per person and quarter by one
of two rules, chosen in the mapping:

``last`` (default)
    The row of the latest month observed in the quarter: normally the position held in the
    quarter's last month. This is the reference-date convention of quarterly position statistics
    (the situation at the end of the quarter), and it never invents a combination of attributes:
    FTE, wage class and regular-job flag come from the same month as the position.
``majority``
    The position held in most observed months of the quarter; a tie goes to the position of the
    latest month among the tied ones. The other attributes come from the latest month holding the
    chosen position.

Both rules keep every person-quarter that has at least one month; none is dropped.
"""

from __future__ import annotations

import datetime
import re

import numpy as np
import pandas as pd

from mia_helpers.quarters import BASE_YEAR

#: Time zone in which an extract's time-zone-aware timestamps are read (mapping key ``timezone``).
DEFAULT_TIMEZONE = "Europe/Brussels"
_LABEL = r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$"
#: the directives of a quarter pattern (:func:`quarter_pattern`): the year and the quarter number
QUARTER_DIRECTIVES = {"%Y": r"(?P<year>\d{4})", "%q": r"(?P<quarter>[1-4])", "%%": "%"}


def quarter_pattern(fmt: str) -> str:
    """The regular expression of a quarter pattern: a format holding ``%q`` (the quarter
    number 1-4), ``%Y`` (the four-digit year) and literal text, e.g. ``"%Y%q"`` for
    ``"20103"``, ``"%YK%q"`` for ``"2010K3"`` (Dutch *kwartaal*), ``"%q/%Y"`` for ``"3/2010"``.
    Letters of the literal text match in either case; spaces around the value are ignored.

    Raises
    ------
    ValueError
        If ``fmt`` lacks ``%q`` or ``%Y``, holds either twice, or holds another ``%``
        directive (a day or month has no place in a quarter), saying which.
    """
    out, i, seen = [], 0, []
    while i < len(fmt):
        if fmt[i] == "%":
            d = fmt[i:i + 2]
            if d not in QUARTER_DIRECTIVES:
                raise ValueError(f"quarter pattern {fmt!r}: directive {d!r} is not allowed; a "
                                 "quarter pattern holds %Y (year), %q (quarter 1-4) and "
                                 "literal text, e.g. '%Y%q' for '20103' or '%YK%q' for '2010K3'")
            if d != "%%":
                seen.append(d)
            out.append(QUARTER_DIRECTIVES[d])
            i += 2
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    for d in ("%Y", "%q"):
        if seen.count(d) != 1:
            raise ValueError(f"quarter pattern {fmt!r} needs {d} exactly once (found "
                             f"{seen.count(d)}), e.g. '%Y%q' for '20103' or '%YK%q' for '2010K3'")
    return r"^\s*" + "".join(out) + r"\s*$"


def quarter_of_pattern(values: pd.Series, fmt: str) -> pd.Series:
    """Quarter index (nullable Int16) of text in the quarter pattern ``fmt``
    (:func:`quarter_pattern`): ``quarter_of_pattern(["20103"], "%Y%q")`` is 22 (2010Q3).
    Values that do not match are missing (the caller lists them as unparseable)."""
    parts = values.astype("string").str.extract(re.compile(quarter_pattern(fmt), re.IGNORECASE))
    year = pd.to_numeric(parts["year"], errors="coerce")
    qn = pd.to_numeric(parts["quarter"], errors="coerce")
    return ((year - BASE_YEAR) * 4 + qn - 1).astype("Int16")


def _to_local(values: pd.Series, timezone: str | None, where: str) -> pd.Series:
    """Time-zone-aware datetimes -> naive wall-clock datetimes in ``timezone``."""
    if timezone is None:
        from mia_helpers.adapters.mapping import MappingFileError

        example = values.dropna().head(1)
        raise MappingFileError(
            f"{where}: the values are time-zone-aware timestamps (e.g. "
            f"{example.iloc[0] if len(example) else '?'}) and the mapping sets `timezone: null`; "
            "set `timezone:` to the time zone the extract's dates are meant in (e.g. "
            "Europe/Brussels) or deliver dates without a time zone")
    return values.dt.tz_convert(timezone).dt.tz_localize(None)


def parse_dates(
    values: pd.Series, fmt: str, timezone: str | None = DEFAULT_TIMEZONE, where: str = "dates"
) -> pd.Series:
    """Parse ``values`` to (naive) datetimes; already-typed dates pass through, unparseable text
    is NaT. Missing values stay missing.

    ``fmt`` is a ``strftime`` pattern such as ``"%d/%m/%Y"``. Time-zone-aware values (a Parquet
    timestamp with a time zone, datetimes with ``tzinfo``, or text parsed with ``%z``/``%Z``)
    are converted to the wall-clock time of ``timezone``, the time zone the extract's dates are
    meant in (default Europe/Brussels: ``2011-03-31T23:30:00+00:00`` is 1 April 2011, 01:30,
    in Brussels, so quarter 2011Q2). With ``timezone=None`` such values are refused
    (:class:`~mia_helpers.adapters.mapping.MappingFileError` naming ``where``).
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return _to_local(values, timezone, where)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values
    first = values.dropna().head(1)
    if len(first) and isinstance(first.iloc[0], datetime.date):  # Parquet date32 -> date objects
        if any(getattr(v, "tzinfo", None) is not None for v in values.dropna()):
            return _to_local(pd.to_datetime(values, errors="coerce", utc=True), timezone, where)
        return pd.to_datetime(values, errors="coerce")
    text = values.astype("string").str.strip()
    if "%z" in fmt or "%Z" in fmt:
        return _to_local(pd.to_datetime(text, format=fmt, errors="coerce", utc=True), timezone,
                         where)
    return pd.to_datetime(text, format=fmt, errors="coerce")


def quarter_of_dates(dates: pd.Series) -> pd.Series:
    """Quarter index (nullable Int16) of each datetime: 2005-01-01..2005-03-31 -> 0."""
    q = (dates.dt.year - BASE_YEAR) * 4 + (dates.dt.month - 1) // 3
    return q.astype("Int16")


def quarter_of_labels(values: pd.Series) -> pd.Series:
    """Quarter index (nullable Int16) of labels such as ``"2011Q1"`` (or ``"2011-Q1"``,
    ``"2011 Q1"``, ``"2011q1"``)."""
    # user28: '2010q3' was unparseable, and no format the message offered read it
    parts = values.astype("string").str.extract(re.compile(_LABEL, re.IGNORECASE))
    year = pd.to_numeric(parts[0], errors="coerce")
    qn = pd.to_numeric(parts[1], errors="coerce")
    return ((year - BASE_YEAR) * 4 + qn - 1).astype("Int16")


def month_in_quarter(dates: pd.Series) -> pd.Series:
    """0, 1 or 2: the position of the month inside its quarter."""
    return ((dates.dt.month - 1) % 3).astype("Int8")


def collapse_months(
    df: pd.DataFrame, rule: str = "last", key: str = "person_id", position: str = "position"
) -> pd.DataFrame:
    """Person-month rows -> person-quarter rows (see the module docstring for the rules).

    Parameters
    ----------
    df : one row per person and month, with columns ``key``, ``quarter`` (index),
        ``month`` (0..2 inside the quarter), ``position`` and any attributes.
    rule : ``"last"`` or ``"majority"``.

    Returns
    -------
    pandas.DataFrame
        One row per (key, quarter), without the ``month`` column, in (key, quarter) order.

    Raises
    ------
    ValueError
        If a person has two rows for the same month (the caller reports them).
    """
    if rule not in ("last", "majority"):
        raise ValueError(f"unknown monthly rule {rule!r}")
    order = [key, "quarter", "month"]
    if rule == "last":
        out = df.sort_values(order, kind="stable").drop_duplicates([key, "quarter"], keep="last")
    else:
        votes = df.groupby([key, "quarter", position], observed=True, dropna=False)[key] \
            .transform("size")
        tmp = df.assign(_votes=votes.to_numpy())
        tmp = tmp.sort_values([key, "quarter", "_votes", "month"], kind="stable")
        out = tmp.drop_duplicates([key, "quarter"], keep="last").drop(columns="_votes")
    out = out.sort_values([key, "quarter"], kind="stable").drop(columns="month")
    return out.reset_index(drop=True)


def duplicate_months(df: pd.DataFrame, key: str = "person_id") -> np.ndarray:
    """Boolean mask of rows sharing (key, quarter, month) with another row."""
    return df.duplicated([key, "quarter", "month"], keep=False).to_numpy()
