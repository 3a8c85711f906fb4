"""English words for counts in the package's messages (errors, warnings, notes, command output),
with no import beyond the standard library, so that the command line and the data checks can use
them without loading the reporting modules.

mend49: messages printed "row(s)", "column(s)", "file(s)" whatever the count; they now use
:func:`plural`, which :func:`mia_helpers.labels.min_cell_count` (the disclosure bound's noun)
builds on too.
"""

from __future__ import annotations

import re
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


#: "1 row(s)", "2 more broken rule(s)": a count, up to two words, then a noun with "(s)"
_COUNTED_S = re.compile(r"(?<![\w.])(\d[\d,]*)((?: [a-z][a-z-]*){0,2}?) ([a-z][a-z-]*)\(s\)"
                        r"( (?:are|have)\b)?")
#: "column(s) ['wage_class']": a noun with "(s)" before the list it counts
_LISTED_S = re.compile(r"\b([a-z][a-z-]*)\(s\) (\[[^\[\]]*\])( (?:are|have)\b)?")
#: the verb after a listed noun, in the singular
_VERB_ONE = {" are": " is", " have": " has"}


def real_plurals(text: str) -> str:
    """``text`` with each "(s)" plural that states its number written in that number: after a
    count ("1 row(s)" reads "1 row", "and 2 more broken rule(s)" "and 2 more broken rules")
    or before the list it counts ("column(s) ['gender'] are ignored" reads "column ['gender']
    is ignored").
    A verb "are" or "have" right after a counted or listed noun agrees with it ("1 risk
    set(s) have terms" reads "1 risk set has terms"). Other "(s)" are kept. For the messages of the fingerprinted modules (schemas.py's register
    rules; PREAMBLE: their code may not change), which the command line prints through it
    (user51: adapt printed "breaks rule 'missing_source_column': 1 column(s)"). Returns the
    text; raises nothing."""
    import ast

    def counted_match(m: re.Match) -> str:
        n = int(m.group(1).replace(",", ""))
        verb = m.group(4) or ""  # user52: "1 risk set(s) have" read "1 risk set have"
        return (f"{m.group(1)}{m.group(2)} {plural(n, m.group(3))}"
                f"{_VERB_ONE.get(verb, verb) if n == 1 else verb}")

    def listed_match(m: re.Match) -> str:
        try:
            items = ast.literal_eval(m.group(2))
        except (ValueError, SyntaxError):
            return m.group(0)
        verb = m.group(3) or ""
        return (f"{plural(len(items), m.group(1))} {m.group(2)}"
                f"{_VERB_ONE.get(verb, verb) if len(items) == 1 else verb}")

    return _LISTED_S.sub(listed_match, _COUNTED_S.sub(counted_match, text))
