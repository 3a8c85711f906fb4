"""One rule for parameter values: parsing (YAML 1.2 core schema) and checking (type and range).

Every value given on the command line (``chapter -p NAME VALUE``, options of ``synth``,
``panel``, ``effects``, ``--set key=value``) is parsed by :func:`parse_value` and checked by a
:class:`Rule` before any kernel or long computation starts.

Parsing follows the YAML 1.2 *core* schema (a superset of JSON): ``null``/``~`` is None,
``true``/``false`` are booleans (``yes``, ``no``, ``on``, ``off`` stay text), ``10``, ``-3``,
``0x1F``, ``0o17`` are integers (``010`` is ten, not octal), ``1e-3``, ``.5``, ``2.``, ``.inf``
are numbers, ``[a, b]`` and ``{k: v}`` are lists and mappings; dates stay text. PyYAML's default
is YAML 1.1, under which ``1e-3`` is a string and ``no`` is False; that is why this module
has its own resolver.

A :class:`Rule` states a type and a range or code list; :meth:`Rule.check` returns the value
(ints widened to float where a number is expected) or raises
:class:`~mia_helpers.files.ParameterError` naming the parameter and the valid range.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mia_helpers.files import ParameterError


class Core12Loader(yaml.SafeLoader):
    """PyYAML safe loader with the implicit resolvers of the YAML 1.2 core schema."""


Core12Loader.yaml_implicit_resolvers = {}
_RESOLVERS = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
     list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+0123456789.")),
]
for _tag, _regex, _first in _RESOLVERS:
    Core12Loader.add_implicit_resolver(_tag, re.compile(_regex), _first)


def _construct_int(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _construct_float(loader: yaml.SafeLoader, node: yaml.Node) -> float:
    text = loader.construct_scalar(node).lower()
    if text.endswith((".inf",)):
        return -math.inf if text.startswith("-") else math.inf
    if text == ".nan":
        return math.nan
    return float(text)


Core12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Core12Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


class KeysAsWrittenLoader(Core12Loader):
    """YAML 1.2 core loader whose mapping keys are the text as written (``01:`` -> ``"01"``,
    ``yes:`` -> ``"yes"``, ``1.0:`` -> ``"1.0"``): for files whose keys are source codes."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        """A YAML mapping with its keys as written in the file (not converted to numbers or
        booleans); :class:`yaml.constructor.ConstructorError` for a key that is not plain text
        or that repeats."""
        self.flatten_mapping(node)
        out = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
            else:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be plain text", key_node.start_mark)
            if key in out:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            out[key] = self.construct_object(value_node, deep=deep)
        return out


KeysAsWrittenLoader.add_constructor("tag:yaml.org,2002:map", KeysAsWrittenLoader.construct_yaml_map)


def load_yaml(text: str, keys_as_written: bool = False) -> Any:
    """Parse YAML text with the 1.2 core schema (optionally keeping mapping keys as text)."""
    return yaml.load(text, Loader=KeysAsWrittenLoader if keys_as_written else Core12Loader)  # noqa: S506


def parse_value(text: str) -> Any:
    """One command-line value by the YAML 1.2 core schema (JSON is a subset).

    Raises :class:`ParameterError` when ``text`` is not valid YAML (e.g. an unclosed ``[``).
    """
    try:
        return load_yaml(text)
    except yaml.YAMLError as err:
        raise ParameterError(f"cannot parse {text!r} as a YAML/JSON value: "
                             f"{str(err).splitlines()[0]}") from None


_TEXT_KINDS = ("str", "choice", "path", "quarter")


def _given(name: str, value: str) -> str:
    """How ``value`` is written for parameter ``name`` on the command line: ``-p name value``,
    or ``--option value`` for a command's option (user38: export-check's ``--min-cell abc``
    was told to write ``-p --min-cell 7``)."""
    return f"{name} {value}" if name.startswith("-") else f"-p {name} {value}"


def _number_hint(name: str, value: Any, kind: str) -> str:
    """What to do when a number parameter got ``value`` that is not a number (teach29): text
    that reads as a number was quoted (``-p seed '"7"'``: write ``-p seed 7``); other text is
    not a number at all; ``true``/``false`` are booleans. Empty when there is nothing to add."""
    what = "a whole number" if kind == "int" else "a number"
    if isinstance(value, bool):
        return f" (true/false is not {what})"
    if isinstance(value, str):
        try:
            float(value.strip())
        except ValueError:
            return f" (text, not {what}: write digits, e.g. {_given(name, '7')})" \
                if kind == "int" else \
                f" (text, not {what}: write digits, e.g. {_given(name, '0.5')})"
        return (f" (quoted, so read as text: write it without quotes, "
                f"{_given(name, value.strip())})")
    if isinstance(value, list | dict):
        return " (a single value, not a list)"
    return ""


def _quarter_hint(value: str) -> str:
    """The quarter label a user who typed ``value`` probably meant (teach29): ``2006-Q1``,
    ``2006q1``, ``2006 Q1``, ``Q1 2006``, ``2006/1`` -> `` (write it as 2006Q1)``; a quarter
    number outside 1..4 is said so; empty when ``value`` reads as no year and quarter."""
    import re

    text = value.strip()
    m = (re.fullmatch(r"(\d{4})\s*[-/_. ]?\s*[qQkK]?\s*(\d)", text)
         or re.fullmatch(r"[qQkK](\d)\s*[-/_. ]?\s*(\d{4})", text))
    if m is None:
        return " (year, then Q, then the quarter 1 to 4, with nothing between: e.g. 2006Q1)"
    year, q = (m.group(1), m.group(2)) if len(m.group(1)) == 4 else (m.group(2), m.group(1))
    if q not in "1234":
        return f" (the quarter after Q is 1 to 4, not {q})"
    return f" (write it as {year}Q{q}: upper-case Q, nothing between)"


def _label_as_index_hint(name: str, element: Any, values: list) -> str:
    """For a quarter label ``element`` of the list ``values`` given where integers are expected
    (chapter 5's ``arrival_quarters``, quarter indices): ``"; it reads as a quarter label: as
    a quarter index (2005Q1 = 0) 2010Q1 is 20, so write -p arrival_quarters '[20, 31]'"``
    (the list, with each label converted, when every element is a label or an integer);
    empty for an element that is no quarter label. fresh50: ``-p arrival_quarters '[2010Q1,
    2012Q4]'`` was told only that '2010Q1' is not an integer."""
    from mia_helpers.quarters import to_index

    def index(v: Any) -> int | None:
        if isinstance(v, int) and not isinstance(v, bool):
            return v
        try:
            return to_index(v.strip()) if isinstance(v, str) else None
        except ValueError:
            return None

    if not isinstance(element, str) or index(element) is None:
        return ""
    said = (f"; it reads as a quarter label: as a quarter index (2005Q1 = 0) "
            f"{element.strip()} is {index(element)}")
    converted = [index(v) for v in values]
    if None in converted:
        return said
    return said + f", so write {_given(name, repr(str(converted)))}"


def close_codes(text: str, choices: Sequence[str], n: int = 3) -> list[str]:
    """Up to ``n`` codes of ``choices`` a user who typed ``text`` may have meant: the close
    matches of :func:`difflib.get_close_matches` (a typo: ``workplace_learning_ib``), then the
    codes that contain ``text`` (three characters or more, any case) as a part
    (``ibo`` -> ``workplace_learning_ibo``, ``training`` -> both training codes)."""
    import difflib

    hits = difflib.get_close_matches(text, list(choices), n)
    low = text.strip().lower()
    if len(low) >= 3:
        hits += [c for c in choices if low in c.lower() and c not in hits]
    return hits[:n]


def did_you_mean(text: str, choices: Sequence[str]) -> str:
    """``"; did you mean 'a'?"`` / ``"; did you mean 'a' or 'b'?"`` (:func:`close_codes`), or
    ``""`` when no code is close."""
    hits = close_codes(text, choices)
    if not hits:
        return ""
    names = [repr(h) for h in hits]
    return "; did you mean " + (names[0] if len(names) == 1
                                else ", ".join(names[:-1]) + " or " + names[-1]) + "?"


_GROUPED = re.compile(r"[+-]?\d{1,3}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})*")


def _thousands_grouped(text: str) -> tuple[str, str] | None:
    """``(digits, separator)`` where ``text`` is a whole number with its thousands grouped by
    ``.`` or ``,`` (``"5.000"`` -> ``("5000", ".")``), else None."""
    m = _GROUPED.fullmatch(text.strip())
    return None if m is None else (text.strip().replace(m.group("sep"), ""), m.group("sep"))


#: why an empty path is refused (user52: ``--out "$OUT"`` with ``OUT`` unset wrote a chapter's
#: run, or ``synth``'s registers, into the current folder; ``-p data_dir ''`` read it)
EMPTY_PATH = ("an empty path (an unset shell variable?) would be read as the current folder; "
              "give the folder or file, or . for the current folder")


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


@dataclass(frozen=True)
class Rule:
    """Type and range of one parameter.

    ``kind`` is one of ``int``, ``float``, ``bool``, ``str``, ``choice`` (one of ``choices``),
    ``path``, ``quarter`` (a label such as ``2005Q1``) or ``list`` (of ``item``, with
    ``min_items``..``max_items`` elements, ``unique`` without repeats). ``minimum`` /
    ``maximum`` bound numbers (``exclusive_minimum`` / ``exclusive_maximum`` make them strict);
    ``nullable`` accepts None (``null``); ``also`` lists numbers accepted outside the range
    (e.g. 0 = "no bootstrap" next to ">= 2"); ``any`` accepts every parsed value.
    """

    kind: str
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    choices: tuple[str, ...] = ()
    item: Rule | None = None
    min_items: int = 0
    max_items: int | None = None
    unique: bool = False
    nullable: bool = False
    must_exist: bool = False
    exclusive_maximum: bool = False
    also: tuple[float, ...] = ()

    def describe(self) -> str:
        """The valid values in words, e.g. ``integer >= 1`` or ``one of logit, cloglog``."""
        if self.kind in ("int", "float"):
            name = "integer" if self.kind == "int" else "number"
            lo = hi = ""
            if self.minimum is not None:
                lo = f" {'>' if self.exclusive_minimum else '>='} {_num(self.minimum)}"
            if self.maximum is not None:
                hi = f"{' and' if lo else ''} {'<' if self.exclusive_maximum else '<='} {_num(self.maximum)}"
            text = f"{name}{lo}{hi}" + (" (finite)" if self.kind == "float" and not (lo and hi) else "")
            if self.minimum is not None and self.minimum == self.maximum:
                text = f"exactly {_num(self.minimum)}"
            if self.also:
                text = " or ".join(_num(a) for a in self.also) + f" or {text}"
        elif self.kind == "bool":
            text = "true or false"
        elif self.kind == "choice":
            text = "one of " + ", ".join(self.choices)
        elif self.kind == "quarter":
            text = "a quarter label such as 2005Q1"
        elif self.kind == "path":
            text = "an existing folder" if self.must_exist else "a path"
        elif self.kind == "list":
            n = f"{self.min_items}" if self.max_items == self.min_items else (
                f"{self.min_items}..{self.max_items}" if self.max_items else f">= {self.min_items}")
            rep = ", no repeats" if self.unique else ""
            text = f"a list of {n} elements{rep}, each {self.item.describe() if self.item else 'any'}"
        elif self.kind == "any":
            return "any YAML/JSON value"
        else:
            text = "text"
        return f"null or {text}" if self.nullable else text

    def from_text(self, text: str) -> Any:
        """Parse command-line ``text`` for this rule (text kinds keep unquoted text as written)."""
        stripped = text.strip()
        if self.nullable and stripped in ("null", "~", "Null", "NULL"):
            return None
        if self.kind in _TEXT_KINDS and stripped[:1] not in ("[", "{", '"', "'"):
            return text
        return parse_value(text)

    def check(self, name: str, value: Any) -> Any:
        """Return ``value`` checked (and ints widened for numbers) or raise
        :class:`~mia_helpers.files.ParameterError` naming ``name``, the rule and the value."""
        def bad(extra: str = "") -> ParameterError:
            return ParameterError(f"parameter {name!r} must be {self.describe()}; "
                                  f"got {value!r}{extra}")

        if self.kind == "any":
            return value
        if value is None:
            if self.nullable:
                return None
            # user38: an empty value (-p min_cell '') is read as null and was shown as None
            raise bad(" (no value: an empty value or null is read as none; give one)")
        k = self.kind
        if k == "bool":
            if not isinstance(value, bool):
                raise bad()
            return value
        if k in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise bad(_number_hint(name, value, k))
            if k == "int" and not isinstance(value, int):
                if not (isinstance(value, float) and value.is_integer()):
                    # user38: said " (a whole number)" of 2.5, as if it were one
                    low = math.floor(value)
                    raise bad(f" (not a whole number: give one without a fraction, such as "
                              f"{low} or {low + 1})")
                value = int(value)
            if k == "float":
                value = float(value)
                if not math.isfinite(value):
                    raise bad()
            if value in self.also:
                return value
            if self.minimum is not None and (
                    value < self.minimum or (self.exclusive_minimum and value == self.minimum)):
                raise bad()
            if self.maximum is not None and (
                    value > self.maximum or (self.exclusive_maximum and value == self.maximum)):
                # a share typed as a percentage (-p level 95): say so; not of a value just
                # above one (user52: panel --min-fte 1.5 read "1.5 % is 0.015")
                pct = (f" (a share, not a percentage: {_num(value)} % is {_num(value / 100)})"
                       if self.maximum <= 1 and 2 <= value <= 100 else "")
                raise bad(pct)
            return value
        if k == "list":
            if isinstance(value, tuple):
                value = list(value)
            if not isinstance(value, list):
                raise bad(f" (write a list, e.g. '{self._list_example(value)}')")
            if len(value) < self.min_items or (self.max_items is not None
                                               and len(value) > self.max_items):
                raise bad()
            if self.unique and len({repr(v) for v in value}) < len(value):
                raise bad(" (repeated elements)")
            if self.item is None:
                return value
            out = []
            for v in value:
                try:
                    out.append(self.item.check(name, v))
                except ParameterError:
                    hint = (did_you_mean(v, self.item.choices)
                            if self.item.kind == "choice" and isinstance(v, str) else
                            _label_as_index_hint(name, v, value) if self.item.kind == "int" else "")
                    raise bad(f" (element {v!r} is not {self.item.describe()}{hint})") from None
            return out
        if not isinstance(value, str):
            raise bad()
        if k == "choice" and value not in self.choices:
            hint = did_you_mean(value, self.choices)
            raise bad(f" ({hint.removeprefix('; ')})" if hint else "")
        if k == "quarter":
            from mia_helpers.quarters import to_index

            try:
                to_index(value)
            except ValueError:
                raise bad(_quarter_hint(value)) from None
            return value.strip()
        if k == "path" and not value.strip():  # user52: Path("") is the current folder
            raise ParameterError(f"parameter {name!r}: {EMPTY_PATH}")
        if k == "path" and self.must_exist:
            p = Path(value).expanduser()
            if not p.is_dir():  # newuser22: "does not exist (a file, not a folder)" for a file
                where = ("" if p.is_absolute() else
                         f" (a relative path is read from the current folder {Path.cwd()})")
                raise ParameterError(
                    f"parameter {name!r}: {p} is a file, not a folder" if p.exists() else
                    f"parameter {name!r}: folder {p} does not exist{where}")
        return value

    def _list_example(self, value: Any) -> str:
        """The list a user who typed ``value`` (not a list) probably meant: its comma-separated
        parts in brackets, each code of a choice list completed where exactly one code is
        close (``ibo`` -> ``[workplace_learning_ibo]``); ``[a, b]`` for any other value."""
        if not isinstance(value, str) or not value.strip():
            return "[a, b]"
        parts = [x.strip() for x in value.split(",")]
        if self.item is not None and self.item.kind == "choice":
            choices = self.item.choices
            parts = [p if p in choices or len(close_codes(p, choices)) != 1
                     else close_codes(p, choices)[0] for p in parts]
        return f"[{', '.join(parts)}]"

    def parse(self, name: str, text: str) -> Any:
        """:meth:`from_text` then :meth:`check`; :class:`~mia_helpers.files.ParameterError`
        naming ``name`` for text that cannot be read or a value that breaks the rule.

        A whole number written with thousands separators (``5.000``, ``2,500``, ``10.000.000``)
        is refused, naming the digits without them (user44: the class sizes written the Flemish
        way, ``-p residents 5.000``, were read as 5 residents and ``-p newcomers 2.500`` refused
        as "not a whole number: ... such as 2 or 3")."""
        grouped = _thousands_grouped(text) if self.kind == "int" else None
        if grouped is not None:
            raise ParameterError(
                f"parameter {name!r} must be {self.describe()}; got {text.strip()!r} (digits "
                f"grouped by {grouped[1]!r}, read as a thousands separator: write the number "
                f"without it, {_given(name, grouped[0])})")
        try:
            value = self.from_text(text)
        except ParameterError as err:
            raise ParameterError(f"parameter {name!r}: {err}") from None
        return self.check(name, value)

    def argtype(self, option: str) -> Callable[[str], Any]:
        """An ``argparse`` ``type=`` function: argparse then reports the option, exit 2."""
        import argparse

        def convert(text: str) -> Any:
            try:
                return self.parse(option, text)
            except ParameterError as err:
                raise argparse.ArgumentTypeError(str(err)) from None

        convert.__name__ = self.kind
        return convert


def Int(minimum: int | None = None, maximum: int | None = None, nullable: bool = False) -> Rule:  # noqa: N802
    """An integer rule."""
    return Rule("int", minimum, maximum, nullable=nullable)


def Float(minimum: float | None = None, maximum: float | None = None,  # noqa: N802
          exclusive_minimum: bool = False, nullable: bool = False) -> Rule:
    """A (finite) number rule."""
    return Rule("float", minimum, maximum, exclusive_minimum, nullable=nullable)


def Choice(choices: Sequence[str], nullable: bool = False) -> Rule:  # noqa: N802
    """One code of ``choices``."""
    return Rule("choice", choices=tuple(choices), nullable=nullable)


def ListOf(item: Rule, min_items: int = 1, max_items: int | None = None,  # noqa: N802
           unique: bool = True, nullable: bool = False) -> Rule:
    """A list of elements of ``item``."""
    return Rule("list", item=item, min_items=min_items, max_items=max_items, unique=unique,
                nullable=nullable)


#: Rules shared by chapters and commands (one concept, one rule).
LEVEL = Rule("float", 0, 1, exclusive_minimum=True, exclusive_maximum=True)
SEED = Int(0, 2**32 - 1)
PERSONS = Int(0, 10_000_000)
MIN_CELL = Int(1)
STABLE_QUARTERS = Int(1, 48)
CALIPER = Float(0, exclusive_minimum=True)
K = Int(1, 100)
#: bootstrap replications behind an interval: its standard error (ddof=1) needs two; one
#: replication would give a zero-width "interval" (chapters that draw intervals use this)
BOOTSTRAP = Int(2, 100_000)
#: the same where 0 means "no intervals" (NaN columns), as in ``effects --bootstrap``
BOOTSTRAP_OR_NONE = Rule("int", 2, 100_000, also=(0,))
MAX_QUARTER = Int(1, 80)
QUARTER = Rule("quarter")
DATA_DIR = Rule("path", nullable=True, must_exist=True)


def check_window(start: str, end: str, names: tuple[str, str] = ("window_start", "window_end")) -> None:
    """Refuse a window whose end is before its start (:class:`~mia_helpers.files.ParameterError`
    naming the two parameters ``names``)."""
    from mia_helpers.quarters import to_index

    if to_index(end) < to_index(start):
        raise ParameterError(f"parameters {names[0]!r} and {names[1]!r}: the window end {end} is "
                             f"before its start {start}")
