"""Re-run one chapter of the book with other parameters: ``python -m mia_helpers chapter``.

Every chapter is a MyST Markdown notebook with a ``parameters``-tagged code cell near its top
(one literal assignment per line, each with a ``# comment`` that documents it). This module

- reads that cell without executing anything (:func:`read_parameters`): every assignment is
  evaluated with :func:`ast.literal_eval`, and its trailing comment is kept as documentation;
- parses command-line values as YAML/JSON literals and checks them against the defaults
  (:func:`parse_value`, :func:`check_parameters`), so that unknown chapters, unknown parameter
  names and values of the wrong type are rejected *before* a kernel starts;
- executes the chapter with papermill (:func:`run_chapter`, through
  :func:`mia_helpers.notebook_run.execute`, kernel ``python3``, working directory the
  notebooks folder) into ``_build/runs/<chapter>-<hash of the parameters>/``, renders the
  executed notebook to HTML with nbconvert next to it and, when :mod:`mia_helpers.manifest`
  is present, writes ``manifest.json`` (all parameters used, data and source fingerprints).

Command line::

    python -m mia_helpers chapter --list
    python -m mia_helpers chapter activation_effects \\
        -p measures '["workplace_learning_ibo"]' -p bootstrap 50 [--out DIR]

Type rules (the default decides): an ``int`` default takes only integers; a ``float`` default
takes integers and decimals; a ``bool`` default only ``true``/``false``; a ``str`` default any
text (unquoted is fine); a ``list`` default a YAML/JSON list whose elements have the type of the
default's elements; a ``None`` default says nothing about the type and takes any value (a path,
a number, a list). Paths given to parameters named ``*_dir``, ``*_path`` or ``*_file`` are made
absolute relative to the caller's working directory, since the chapter runs in ``notebooks/``.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import io
import json
import sys
import tokenize
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from mia_helpers.cli import COMMANDS
from mia_helpers.codes import MEASURE_TYPES, MEASURES

#: short chapter name -> notebook file (in the notebooks folder); the file stem is accepted too
CHAPTERS: dict[str, str] = {
    "panel_construction": "01_panel_construction.md",
    "school_leaver_entry": "02_school_leaver_entry.md",
    "activation_inflow": "03_activation_inflow.md",
    "activation_effects": "04_activation_effects.md",
    "newcomer_integration": "05_newcomer_integration.md",
    "conclusions": "06_conclusions.md",
    "matching_method": "A_matching_method.md",
    "reproducibility": "B_reproducibility.md",
}

#: parameters whose list elements must come from a code list (checked before execution)
CHOICES: dict[str, tuple[str, ...]] = {
    "measures": tuple(dict.fromkeys([*MEASURES, *MEASURE_TYPES.values()])),
}

_PATH_SUFFIXES = ("_dir", "_path", "_file")


class ChapterError(ValueError):
    """A chapter name, parameter name or parameter value that cannot be run."""


class ChapterFailed(RuntimeError):
    """A cell of the chapter raised; ``notebook`` and ``html`` hold the partial run."""

    def __init__(self, message: str, notebook: Path, html: Path | None):
        super().__init__(message)
        self.notebook, self.html = notebook, html


@dataclass(frozen=True)
class Parameter:
    """One assignment of a chapter's ``parameters`` cell.

    ``default`` is the literal value; ``literal`` is False when the right-hand side is not a
    Python literal (then ``source`` holds its text and any value is accepted).
    """

    name: str
    default: Any
    comment: str
    source: str
    literal: bool = True

    @property
    def kind(self) -> str:
        """Human-readable type the parameter accepts."""
        if not self.literal or self.default is None:
            return "any (default None)" if self.literal else "any"
        d = self.default
        if isinstance(d, bool):
            return "bool"
        if isinstance(d, int):
            return "int"
        if isinstance(d, float):
            return "float (or int)"
        if isinstance(d, str):
            return "str"
        if isinstance(d, list | tuple):
            elem = _element_type(d)
            return f"list of {elem.__name__}" if elem else "list"
        return type(d).__name__


def project_root() -> Path:
    """The repository root (holds ``_toc.yml``)."""
    from mia_helpers.data import project_root as root

    return root()


def notebooks_dir() -> Path:
    """The folder of chapter sources: ``<project root>/notebooks``."""
    return project_root() / "notebooks"


def resolve_chapter(name: str, notebooks: str | Path | None = None) -> tuple[str, Path]:
    """Map a chapter name (short name or file stem) to ``(short name, source path)``.

    Raises :class:`ChapterError` listing the valid names when ``name`` is unknown or the
    source file is missing.
    """
    folder = Path(notebooks) if notebooks is not None else notebooks_dir()
    key = Path(name).name.removesuffix(".md")
    short = key if key in CHAPTERS else next(
        (s for s, f in CHAPTERS.items() if Path(f).stem == key), None)
    if short is None:
        valid = "\n".join(f"  {s:<22} {f}" for s, f in CHAPTERS.items())
        hint = difflib.get_close_matches(key, [*CHAPTERS, *(Path(f).stem for f in CHAPTERS.values())], 1)
        did = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise ChapterError(f"unknown chapter {name!r}{did}; valid chapters (short name or file "
                           f"stem):\n{valid}")
    path = folder / CHAPTERS[short]
    if not path.exists():
        raise ChapterError(f"chapter {short!r}: source {path} is missing")
    return short, path


def _comments_by_line(source: str) -> dict[int, str]:
    """Line number (1-based) -> text of the ``#`` comment on that line."""
    out: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                out[tok.start[0]] = tok.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError):
        pass
    return out


def parse_parameters_source(source: str, where: str = "parameters cell") -> dict[str, Parameter]:
    """Parse the text of a ``parameters`` cell into ``{name: Parameter}``, in order.

    Each statement must be an assignment to one name (``x = 1`` or ``x: int = 1``). Its value
    is evaluated with :func:`ast.literal_eval`; the comment on the statement's line(s), or the
    comment lines directly above it, is its documentation.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise ChapterError(f"{where}: cannot parse the parameters cell: {err}") from err
    comments = _comments_by_line(source)
    lines = source.splitlines()
    params: dict[str, Parameter] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name, value = stmt.targets[0].id, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            name, value = stmt.target.id, stmt.value
        else:
            raise ChapterError(f"{where}, line {stmt.lineno}: only assignments to one name are "
                               f"allowed in a parameters cell, got {ast.unparse(stmt)!r}")
        text = ast.get_source_segment(source, value) or ast.unparse(value)
        try:
            default, literal = ast.literal_eval(value), True
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            default, literal = None, False
        end = stmt.end_lineno or stmt.lineno
        doc = [comments[i] for i in range(stmt.lineno, end + 1) if i in comments]
        if not doc:  # full-line comments directly above the assignment
            i = stmt.lineno - 1
            while i >= 1 and lines[i - 1].lstrip().startswith("#"):
                doc.insert(0, comments.get(i, ""))
                i -= 1
        params[name] = Parameter(name, default, " ".join(d for d in doc if d), text, literal)
    return params


def read_parameters(source: str | Path) -> dict[str, Parameter]:
    """The parameters of a chapter source (MyST Markdown or any format jupytext reads).

    Nothing is executed: the cell tagged ``parameters`` is parsed as literals.
    """
    import jupytext

    nb = jupytext.read(Path(source))
    cells = [c for c in nb.cells
             if c.cell_type == "code" and "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise ChapterError(f"{source}: no code cell tagged 'parameters'")
    if len(cells) > 1:
        raise ChapterError(f"{source}: {len(cells)} cells tagged 'parameters'; expected one")
    return parse_parameters_source(cells[0].source, where=str(source))


def _element_type(values: list | tuple) -> type | None:
    types = {type(v) for v in values}
    if not types:
        return None
    if types <= {int, float} and float in types:
        return float
    return types.pop() if len(types) == 1 else None


def parse_value(text: str) -> Any:
    """A command-line value as a YAML/JSON literal (``50``, ``0.1``, ``true``, ``[a, b]``,
    ``null``); text that is not valid YAML stays a string."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def _type_ok(value: Any, expected: type) -> bool:
    if expected is bool:
        return isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, expected)


def coerce_value(param: Parameter, text: str) -> Any:
    """Check one command-line value against ``param``'s default; return the value to inject.

    Raises :class:`ChapterError` saying what was expected.
    """
    value = parse_value(text)
    d = param.default
    if not param.literal or d is None:
        return value
    bad = f"parameter {param.name!r} expects {param.kind} (default {param.source})"
    if isinstance(d, bool | int | float):
        if not _type_ok(value, type(d)):
            raise ChapterError(f"{bad}; got {text!r}")
        return float(value) if isinstance(d, float) else value
    if isinstance(d, str):
        if isinstance(value, str):
            return value
        if text.lstrip()[:1] in ("[", "{") or value is None and text.strip() not in ("", "~"):
            raise ChapterError(f"{bad}; got {text!r}")
        return text  # a number or a yes/no given for a text parameter: keep it as written
    if isinstance(d, list | tuple):
        if not isinstance(value, list):
            raise ChapterError(f"{bad}; got {text!r} (write a list, e.g. "
                               f"'{json.dumps(list(d)[:2] or ['a', 'b'])}')")
        elem = _element_type(d)
        if elem is not None:
            wrong = [v for v in value if not _type_ok(v, elem)]
            if wrong:
                raise ChapterError(f"{bad}; elements {wrong!r} are not {elem.__name__}")
            if elem is float:
                value = [float(v) for v in value]
        allowed = CHOICES.get(param.name)
        if allowed is not None:
            unknown = [v for v in value if v not in allowed]
            if unknown:
                raise ChapterError(f"parameter {param.name!r}: unknown codes {unknown!r}; valid: "
                                   f"{', '.join(allowed)}")
        return value
    if isinstance(d, dict):
        if not isinstance(value, dict):
            raise ChapterError(f"{bad}; got {text!r}")
        return value
    raise ChapterError(f"{bad}: this default's type cannot be set from the command line")


def describe_parameters(params: dict[str, Parameter], indent: str = "  ") -> str:
    """One line per parameter: ``name = default  (type)  # comment``."""
    if not params:
        return f"{indent}(no parameters)"
    width = max(len(f"{p.name} = {p.source}") for p in params.values())
    return "\n".join(
        f"{indent}{f'{p.name} = {p.source}':<{width}}  [{p.kind}]  "
        f"# {p.comment or '(undocumented)'}" for p in params.values())


def check_parameters(
    chapter: str, params: dict[str, Parameter], given: list[tuple[str, str]]
) -> dict[str, Any]:
    """Turn ``[(name, text), ...]`` from the command line into checked parameter values.

    Raises :class:`ChapterError` (listing the valid parameters) for an unknown name or a
    value of the wrong type. The last value given for a name wins.
    """
    out: dict[str, Any] = {}
    for name, text in given:
        if name not in params:
            hint = difflib.get_close_matches(name, list(params), 1)
            did = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ChapterError(f"chapter {chapter!r} has no parameter {name!r}{did}; valid "
                               f"parameters:\n{describe_parameters(params)}")
        try:
            value = coerce_value(params[name], text)
        except ChapterError as err:
            raise ChapterError(f"chapter {chapter!r}: {err}; valid parameters:\n"
                               f"{describe_parameters(params)}") from err
        if isinstance(value, str) and name.endswith(_PATH_SUFFIXES):
            value = str(Path(value).expanduser().resolve())
        out[name] = value
    return out


def run_dir(chapter: str, parameters: dict[str, Any], root: str | Path | None = None) -> Path:
    """``<root>/_build/runs/<chapter>-<hash>``: the same parameters give the same folder."""
    key = json.dumps(parameters, sort_keys=True, default=str)
    digest = hashlib.sha256(key.encode()).hexdigest()[:10] if parameters else "defaults"
    return Path(root or project_root()) / "_build" / "runs" / f"{chapter}-{digest}"


def render_html(ipynb: str | Path) -> Path:
    """Render an executed notebook to HTML (nbconvert, inputs and outputs all shown) next to it."""
    from nbconvert import HTMLExporter

    ipynb = Path(ipynb)
    body, _ = HTMLExporter().from_filename(str(ipynb))
    html = ipynb.with_suffix(".html")
    html.write_text(body, encoding="utf-8")
    return html


def _data_dir(params: dict[str, Parameter], values: dict[str, Any]) -> Path | None:
    """The data folder the run reads: ``data_dir`` if given, else the synthetic cache folder."""
    def value(name: str) -> Any:
        return values[name] if name in values else params[name].default if name in params else None

    if value("data_dir") is not None:
        return Path(value("data_dir"))
    if "seed" not in params:
        return None
    from mia_helpers.data import (
        DEFAULT_NEWCOMERS,
        DEFAULT_RESIDENTS,
        DEFAULT_SEED,
        synthetic_dir,
    )

    return synthetic_dir(value("seed") or DEFAULT_SEED, value("residents") or DEFAULT_RESIDENTS,
                         value("newcomers") or DEFAULT_NEWCOMERS)


@dataclass(frozen=True)
class ChapterRun:
    """Where one execution wrote its results."""

    notebook: Path
    html: Path
    parameters: dict[str, Any]


def run_chapter(
    name: str,
    given: list[tuple[str, str]] | None = None,
    out: str | Path | None = None,
    notebooks: str | Path | None = None,
    progress: bool = False,
) -> ChapterRun:
    """Check the parameters, execute a chapter with papermill and render it to HTML.

    Parameters
    ----------
    name
        Short chapter name (see :data:`CHAPTERS`) or the notebook's file stem.
    given
        ``(parameter, value text)`` pairs from the command line; values are YAML/JSON literals.
    out
        Output folder (default ``_build/runs/<chapter>-<hash of the parameters>``).
    notebooks
        Folder of chapter sources (default the project's ``notebooks/``; tests use a temporary one).
    progress
        Show papermill's progress bar.

    Every check happens before the kernel starts (:class:`ChapterError`). If a cell fails,
    papermill's partial notebook is still rendered to HTML and :class:`ChapterFailed` says
    where it is.
    """
    short, source = resolve_chapter(name, notebooks)
    params = read_parameters(source)
    values = check_parameters(short, params, given or [])
    folder = Path(out) if out is not None else run_dir(short, values)
    ipynb = folder / f"{source.stem}.ipynb"
    started = datetime.now(UTC)
    from papermill.exceptions import PapermillExecutionError

    from mia_helpers.notebook_run import execute

    try:
        execute(source, ipynb, values, cwd=source.parent, kernel_name="python3", progress=progress)
    except PapermillExecutionError as err:
        html = render_html(ipynb) if ipynb.exists() else None
        raise ChapterFailed(f"chapter {short!r} failed in a cell: {err.ename}: {err.evalue}",
                            ipynb, html) from err
    html = render_html(ipynb)
    finished = datetime.now(UTC)
    try:
        from mia_helpers.manifest import write_manifest
    except ImportError:
        write_manifest = None
    if write_manifest is not None:  # every parameter the run used, defaults included
        used = {n: values[n] if n in values else p.default if p.literal else p.source
                for n, p in params.items()}
        write_manifest(folder, used, _data_dir(params, values), started, finished,
                       inputs=[source])
    return ChapterRun(ipynb, html, values)


def list_chapters(notebooks: str | Path | None = None) -> str:
    """Every chapter, its source file and its parameters with defaults and comments."""
    folder = Path(notebooks) if notebooks is not None else notebooks_dir()
    blocks = []
    for short, file in CHAPTERS.items():
        path = folder / file
        head = f"{short}  ({path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path})"
        if not path.exists():
            blocks.append(f"{head}\n  (source missing)")
            continue
        try:
            body = describe_parameters(read_parameters(path))
        except ChapterError as err:
            body = f"  (cannot read parameters: {err})"
        blocks.append(f"{head}\n{body}")
    return "\n\n".join(blocks)


def _args(p: argparse.ArgumentParser) -> None:
    p.description = ("Re-run one chapter with other parameters (papermill) and render it to "
                     "HTML under _build/runs/.")
    p.add_argument("name", nargs="?", metavar="NAME",
                   help=f"chapter: {', '.join(CHAPTERS)} (or the notebook's file stem)")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                   metavar=("KEY", "VALUE"),
                   help="set a parameter; VALUE is a YAML/JSON literal, e.g. -p bootstrap 50 "
                        "-p measures '[\"workplace_learning_ibo\"]' (repeatable)")
    p.add_argument("--out", type=Path, help="output folder (default _build/runs/<chapter>-<hash>)")
    p.add_argument("--list", action="store_true", help="list chapters and their parameters")
    p.add_argument("--notebooks", type=Path, help="folder of chapter sources (default notebooks/)")


def _run(args: argparse.Namespace) -> int:
    if args.list:
        print(list_chapters(args.notebooks))
        return 0
    if not args.name:
        print("error: give a chapter NAME or --list; chapters: " + ", ".join(CHAPTERS),
              file=sys.stderr)
        return 2
    try:
        res = run_chapter(args.name, [tuple(kv) for kv in args.parameter], args.out,
                          args.notebooks, progress=True)
    except ChapterError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except ChapterFailed as err:
        print(f"error: {err}", file=sys.stderr)
        print(f"partial notebook: {err.notebook}", file=sys.stderr)
        if err.html is not None:
            print(f"HTML rendering:   {err.html}", file=sys.stderr)
        return 1
    print(f"executed notebook: {res.notebook}")
    print(f"HTML rendering:    {res.html}")
    return 0


COMMANDS["chapter"] = (_args, _run)
