"""English words for counts in the package's messages (errors, warnings, notes, command output),
with no import beyond the standard library, so that the command line and the data checks can use
them without loading the reporting modules.

mend49: messages printed "row(s)", "column(s)", "file(s)" whatever the count; they now use
:func:`plural`, which :func:`mia_helpers.labels.min_cell_count` (the disclosure bound's noun)
builds on too.
"""

from __future__ import annotations

from collections.abc import Sized


def plural(n: int | Sized, noun: str, plural_form: str | None = None) -> str:
    """``noun`` in the number of ``n``: singular for exactly one, else ``plural_form`` (by
    default ``noun + "s"``). ``n`` is a count or a sized collection (its length: the missing
    columns of an error, ``plural(missing, "column")``). ``plural(1, "row")`` reads "row",
    ``plural(0, "row")`` and ``plural(3, "row")`` "rows", ``plural(2, "person-quarter")``
    "person-quarters", ``plural(2, "id")`` "ids"."""
    k = len(n) if isinstance(n, Sized) and not isinstance(n, str) else int(n)
    return noun if k == 1 else (plural_form or noun + "s")


def counted(n: int | Sized, noun: str, plural_form: str | None = None) -> str:
    """The count and its noun: ``counted(1, "row")`` reads "1 row", ``counted(3, "row")``
    "3 rows", ``counted(["a", "b"], "file")`` "2 files" (:func:`plural`)."""
    k = len(n) if isinstance(n, Sized) and not isinstance(n, str) else int(n)
    return f"{k} {plural(k, noun, plural_form)}"
