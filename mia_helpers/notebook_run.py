"""Execute a chapter's text source (MyST Markdown) with papermill.

papermill reads only ``.ipynb``; the source is converted in memory with jupytext, the
``parameters`` cell survives the conversion, and papermill injects overrides after it.
The executed notebook is written under a temporary name and renamed into place, so ``out`` is
never a half-written notebook of a run still going (or killed); its cell ids and stream
outputs are laid out the same way by two identical runs (:func:`reproducible_layout`).
"""

from __future__ import annotations

import functools
import html
import json
import logging
import os
import re
import secrets
import signal
import weakref
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jupytext
import papermill

from mia_helpers.figure_text import HTML_ATTR

#: the kernel managers of this process whose kernel has not been shut down (:func:`kill_kernels`)
_LIVE_MANAGERS: weakref.WeakSet = weakref.WeakSet()


def kill_kernels() -> list[int]:
    """Kill (SIGKILL) the kernel of every chapter run of this process that has not been shut
    down, with its process group (jupyter_client starts a kernel in a session of its own, the
    fork server's kernels call ``setsid``), and return the killed process ids. For the runner's
    SIGTERM handler (:func:`mia_helpers.cli._terminate`): no ``await``, no lock, only
    ``os.kill``/``os.killpg``, safe in a signal handler.

    api53: a SIGTERM sent to the runner alone (not its process group) ended the runner, whose
    exit closed the kernel's sockets while the kernel was still running a cell; the kernel then
    printed a traceback of pyzmq ("ZMQError: Socket operation on non-socket") on the
    terminal they share, below the runner's one-line "interrupted:". Killed first, the kernel
    prints nothing. Only the processes this process started are signalled: a manager's
    provisioner holds the ``subprocess.Popen`` (or the fork server's stand-in) of its own
    kernel."""
    killed = []
    for km in list(_LIVE_MANAGERS):
        prov = getattr(km, "provisioner", None)
        proc = getattr(prov, "process", None)
        pid = getattr(proc, "pid", None)
        if not pid or getattr(proc, "returncode", None) is not None:  # ended and reaped
            continue
        pgid = getattr(prov, "pgid", None)
        try:
            if pgid and pgid != os.getpgrp():
                os.killpg(pgid, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            continue
        killed.append(int(pid))
    return killed


def _ipc_kernel_manager(warm: bool = False) -> type:
    """The kernel manager class of every chapter run (:func:`execute`, and the book's
    execution cache, :mod:`mia_helpers.cli.execute`): jupyter_client's
    ``AsyncKernelManager`` over the ``ipc`` transport (Unix-domain sockets) instead of TCP.

    Over TCP, jupyter_client chooses free ports, closes them and lets the kernel bind them; a
    process starting at the same moment can take one in between ("Address already in use":
    the kernel dies before replying; seen once with two test workers starting kernels
    together), and the kernel's messages (a chapter's outputs, on a real extract too) travel
    unencrypted over a local port that any local user may connect to (ipykernel warns so).
    Here the connection file and the sockets live in a fresh folder of the run's own, made by
    :func:`tempfile.mkdtemp` (mode 0700, short enough for a socket path: ``/tmp/mia-kernel-
    XXXXXXXX/kernel-ipc-N``), removed when the kernel is shut down. Source: jupyter_client's
    ``ConnectionFileMixin`` (``transport``, ``ip`` derived from ``connection_file``).

    With ``warm``, the kernel is forked from a process that has imported the libraries already
    (:mod:`mia_helpers.warm_kernels`; the test suite's chapter runs)."""
    import shutil
    import tempfile
    import weakref

    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            folder = tempfile.mkdtemp(prefix="mia-kernel-")
            kwargs["transport"] = "ipc"
            kwargs["connection_file"] = os.path.join(folder, "kernel.json")
            super().__init__(**kwargs)
            self._mia_folder = folder
            _LIVE_MANAGERS.add(self)  # until shut down: kill_kernels (SIGTERM) reaches it
            # also when the kernel died and was never shut down (nbclient then skips the
            # cleanup): the folder holds the connection file and its signing key
            weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)

        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            if warm and self.provisioner is None:
                import uuid

                from mia_helpers.warm_kernels import provisioner_class

                self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
                self.provisioner = provisioner_class()(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
            return await super()._async_pre_start_kernel(**kw)

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            if not restart:
                _LIVE_MANAGERS.discard(self)
                shutil.rmtree(self._mia_folder, ignore_errors=True)

    return IPCKernelManager


@functools.cache
def kernel_manager_class(warm: bool = False) -> type:
    """:func:`_ipc_kernel_manager`'s class, made once per process (it imports jupyter_client)."""
    return _ipc_kernel_manager(warm)


def execute(
    source: str | Path,
    out: str | Path,
    parameters: dict[str, Any] | None = None,
    cwd: str | Path | None = None,
    kernel_name: str = "python3",
    progress: bool = False,
    warm: bool = False,
) -> Path:
    """Run ``source`` with ``parameters`` and write the executed notebook to ``out``.

    If a cell raises, the partial notebook is still moved to ``out`` (to be read as the failed
    run) and papermill's :class:`~papermill.exceptions.PapermillExecutionError` propagates; on
    any other interruption the temporary notebook is removed. The kernel talks to this
    process over Unix-domain sockets in a private folder (:func:`kernel_manager_class`), not
    over local TCP ports. With ``warm`` the kernel is a fork of a process that has imported the
    libraries already (:mod:`mia_helpers.warm_kernels`: the test suite's chapter runs; about
    4 s less per run), else a new process.
    """
    from papermill.exceptions import PapermillExecutionError

    source, out = Path(source), Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.tmp-{os.getpid()}-{secrets.token_hex(4)}.ipynb")
    nb = jupytext.read(source)
    # papermill parses the parameters cell only to warn about unknown names, which the
    # chapter runner has checked already (mia_helpers.chapters.check_parameters); its parser
    # takes one "=" per line and logs "Unable to parse line" for every default such as
    # dict(a=1): noise above the run, so that message alone is filtered out, and so is its
    # consequence, "Passed unknown parameter: NAME" for such a line's parameter (chapter 4's
    # `bootstrap = 0  # ... (interval = "bootstrap" only)`: `-p bootstrap 199`, the README's
    # example, warned that the parameter was unknown while it was injected and used)
    quiet, unknown = QUIET_PAPERMILL
    translators, papermill_log = logging.getLogger("papermill.translators"), logging.getLogger(
        "papermill")
    translators.addFilter(quiet)
    papermill_log.addFilter(unknown)
    try:
        papermill.execute_notebook(
            nb,
            str(tmp),
            parameters=parameters or {},
            kernel_name=kernel_name,
            cwd=str(cwd or source.parent),
            progress_bar=progress,
            kernel_manager_class=kernel_manager_class(warm),
        )
    except PapermillExecutionError:
        if tmp.exists():
            _make_reproducible(tmp)
            os.replace(tmp, out)
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        translators.removeFilter(quiet)
        papermill_log.removeFilter(unknown)
    try:
        _make_reproducible(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, out)
    return out


def reproducible_layout(nb: Any) -> Any:
    """An executed notebook laid out the same way by two identical runs (changed in place and
    returned): every cell's ``id`` is ``cell-<k>`` (k its position from 0; jupytext and
    papermill draw random ids, so two runs of a chapter differed in every cell and in the
    HTML's anchors), and consecutive stream outputs of one cell with the same name (stdout,
    stderr) are joined into one. The kernel sends a cell's printed text in pieces whose
    borders depend on timing (it flushes its stream buffer every few tenths of a second), so
    two runs of chapter 6 printed the same warnings, in the same order, cut into 5 and 7
    stream outputs. A printed warning is shown as a plain line without its file and source
    line (:func:`plain_warnings`: ``Warning (not identified): ...``; the executed notebook
    leaves the secure environment with the book, and a server path names its layout or a
    user). Other
    text, order and every other output are kept; the execution counts and papermill's timings
    (``metadata.papermill``, ``metadata.execution``) are the run's own.
    """
    for k, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{k}"
        if cell.get("cell_type") != "code":
            continue
        merged: list = []
        for o in cell.get("outputs", []):
            last = merged[-1] if merged else None
            if (o.get("output_type") == "stream" and last is not None
                    and last.get("output_type") == "stream" and last.get("name") == o.get("name")):
                last["text"] = _text(last.get("text")) + _text(o.get("text"))
            else:
                merged.append(o)
        for o in merged:
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                o["text"] = plain_warnings(_text(o.get("text")))
        cell["outputs"] = merged
    return nb


def plain_warnings(text: str) -> str:
    """Printed ``text`` (a stderr stream) with each warning in Python's own format
    (``/path/file.py:12: NotIdentifiedWarning: message`` and the indented source line after
    it) written as :func:`mia_helpers.disclosure.protect_warnings` prints it (``Warning (not
    identified): message``, no file and no source line): a warning printed before the
    chapter's first cell called it, or in a notebook that does not call it (user30: the
    file named the machine's folders and the source line told a reader nothing). Other
    lines are kept unchanged."""
    from mia_helpers.disclosure import plain_category

    out: list[str] = []
    source_next = False
    for line in text.splitlines(keepends=True):
        if source_next and line.startswith("  "):  # the one source line Python adds
            source_next = False
            continue
        source_next = False
        m = _WARNING_LINE.match(line.rstrip("\n"))
        if m:
            end = "\n" if line.endswith("\n") else ""
            out.append(f"{plain_category(m.group('category'))}: {m.group('message')}{end}")
            source_next = True
        else:
            out.append(line)
    return "".join(out)


def _make_reproducible(path: Path) -> None:
    """:func:`reproducible_layout` of the notebook file ``path``, rewritten in place."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    nbformat.write(reproducible_layout(nb), str(path))


class _DropMessage(logging.Filter):
    """A logging filter that drops the records whose message starts with ``prefix``."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.prefix)


#: the filters :func:`execute` puts on papermill's loggers while it runs: "Unable to parse
#: line" (``papermill.translators``) and "Passed unknown parameter" (``papermill``), which
#: follows from the first for a parameter whose line papermill could not parse
QUIET_PAPERMILL = (_DropMessage("Unable to parse line"), _DropMessage("Passed unknown parameter"))


# --------------------------------------------------------------------------------------------
# myst-nb glue pasted into an executed notebook, for renderers that do not know myst-nb
# (nbconvert in ``mia_helpers.chapters.render_html``)
# --------------------------------------------------------------------------------------------

#: a ``{glue:md}`` or ``{glue:figure}`` block directive (backtick or colon fence)
GLUE_BLOCK = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{glue:(?P<kind>md|figure)\}[ \t]+(?P<name>\S+)[ \t]*\n"
    r"(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
#: a MyST ``{table}`` directive as :func:`mia_helpers.labels.table_markdown` writes it
MYST_TABLE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{table\}[ \t]*(?P<caption>[^\n]*)\n(?P<options>(?::[\w-]+:[^\n]*\n)*)"
    r"(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
_OPTION = re.compile(r"^:([\w-]+):[ \t]*(.*)$")
_NUMREF = re.compile(r"\{numref\}`(?:(?P<text>[^`<]*?)\s*<(?P<target>[^`>]+)>|(?P<bare>[^`]+))`")
_REF = re.compile(
    r"\{(?P<kind>ref|term|doc)\}`(?:(?P<text>[^`<]*?)\s*<[^`>]+>|(?P<bare>[^`]+))`")
_EQ = re.compile(r"\{eq\}`(?P<label>[^`]+)`")
_FUNC = re.compile(r"\{(?:func|meth|class|mod|obj)\}`(?P<tilde>~?)(?P<name>[^`]+)`")
#: Sphinx's ``{samp}`` role (a literal sample, as ``book/disclosure.md`` marks a quoted example)
_SAMP = re.compile(r"(?<!`)\{samp\}`(?P<text>[^`]+)`")


def samp_html(m: re.Match) -> str:
    """A ``{samp}`` role (:data:`_SAMP`) as Sphinx writes it, ``<code class="samp">`` with its
    variable parts in ``<em>``, for the runner's HTML (ec28: nbconvert wrote "{samp}" before
    the code, and ``export-check`` read the example in the HTML as a statement of the page
    while it listed it for review in the notebook)."""
    from mia_helpers.export_check import samp_text

    parts = re.split(r"(?<!\\)\{([^{}]*)(?<!\\)\}", m.group("text"))
    body = "".join(f"<em>{html.escape(samp_text(p))}</em>" if i % 2
                   else html.escape(samp_text(p)) for i, p in enumerate(parts))
    return f'<code class="samp">{body}</code>'


#: a sphinxcontrib-bibtex citation role: ``{cite}``, ``{cite:p}``, ``{cite:t}``, ...
_CITE = re.compile(r"\{cite(?::(?P<kind>[a-z]+))?\}`(?P<keys>[^`]+)`")
#: the book's bibliography (``bibtex_bibfiles`` of ``_config.yml``)
REFERENCES = Path(__file__).resolve().parents[1] / "book" / "references.bib"


def _split_options(body: str) -> tuple[dict[str, str], str]:
    """Directive options (``:name: value`` lines at the top) and the rest (the caption)."""
    options: dict[str, str] = {}
    lines = body.splitlines()
    i = 0
    while i < len(lines) and (m := _OPTION.match(lines[i].strip())):
        options[m.group(1)] = m.group(2).strip()
        i += 1
    return options, "\n".join(lines[i:]).strip()


def _text(x: Any) -> str:
    return "".join(x) if isinstance(x, list) else str(x or "")


def figure_and_table_numbers(nb: Any, values: dict[str, tuple[dict, int]]) -> dict[str, str]:
    """Label -> "Table k" / "Figure k", numbered in the order the notebook's markdown pastes
    them (``{glue:md}`` tables carrying a ``:name:``, ``{glue:figure}`` blocks with one), as
    the book numbers them within a chapter."""
    numbers: dict[str, str] = {}
    counts = {"Table": 0, "Figure": 0}
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for m in GLUE_BLOCK.finditer(_text(cell["source"])):
            options, _ = _split_options(m.group("body"))
            if m.group("kind") == "figure":
                kind, label = "Figure", options.get("name")
            else:
                md = _text(values.get(m.group("name"), ({}, 0))[0].get("text/markdown"))
                t = MYST_TABLE.search(md)
                kind = "Table"
                label = _split_options(t.group("options"))[0].get("name") if t else None
            if label and label not in numbers:
                counts[kind] += 1
                numbers[label] = f"{kind} {counts[kind]}"
    return numbers


def citation_labels(bib: str | Path = REFERENCES) -> dict[str, tuple[str, str]]:
    """Key -> (authors, year) of every entry of a BibTeX file, as the book's author-year
    citations name them (``bibtex_reference_style: author_year_round``): one author's last
    name (with its "van den" part), two joined by "and", three or more as "First et al.";
    LaTeX accents decoded (pybtex, the parser of sphinxcontrib-bibtex). A missing file gives
    an empty dict (the roles then show their keys).
    """
    bib = Path(bib)
    if not bib.is_file():
        return {}
    return dict(_citation_labels(str(bib), bib.stat().st_mtime_ns))


@functools.lru_cache(maxsize=4)
def _citation_labels(path: str, _mtime: int) -> tuple[tuple[str, tuple[str, str]], ...]:
    from pybtex.database import parse_file
    from pybtex.richtext import Text

    out = []
    for key, entry in parse_file(path, bib_format="bibtex").entries.items():
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [Text.from_latex(" ".join(p.prelast_names + p.last_names)).render_as("text")
                 for p in persons]
        authors = (names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2
                   else f"{names[0]} et al." if names else key)
        out.append((key, (authors, entry.fields.get("year", "n.d."))))
    return tuple(out)


def cite_text(kind: str | None, keys: str, citations: Mapping[str, tuple[str, str]]) -> str:
    """Readable text of one citation role: ``{cite:t}`` "Sianesi (2004)", ``{cite:p}`` and
    ``{cite}`` "(Sianesi, 2004; Lechner, 1999)", ``{cite:author}`` / ``{cite:year}`` the
    names / years alone (the book's ``author_year_round`` style); a key missing from
    ``citations`` shows as "[key]" so that a wrong key is seen."""
    parts = [k.strip() for k in keys.split(",") if k.strip()]
    found = [citations.get(k) for k in parts]
    if kind in ("t", "ts"):
        return "; ".join(f"{a[0]} ({a[1]})" if a else f"[{k}]"
                         for k, a in zip(parts, found, strict=True))
    if kind in ("author", "authors", "authorpar"):
        return "; ".join(a[0] if a else f"[{k}]" for k, a in zip(parts, found, strict=True))
    if kind in ("year", "yearpar"):
        return "; ".join(a[1] if a else f"[{k}]" for k, a in zip(parts, found, strict=True))
    return "(" + "; ".join(f"{a[0]}, {a[1]}" if a else f"[{k}]"
                           for k, a in zip(parts, found, strict=True)) + ")"


def figure_text_attribute(drawn: Any) -> str:
    """The attribute `` data-mia-figure-text="..."`` (:data:`mia_helpers.figure_text.HTML_ATTR`)
    that keeps a figure's drawn text (an output's
    :data:`mia_helpers.figure_text.FIGURE_TEXT_KEY` value) on its ``<img>``: the value as
    JSON, escaped for a quoted attribute."""
    return f' {HTML_ATTR}="{html.escape(json.dumps(drawn, ensure_ascii=False), quote=True)}"'


def keep_shown_figure_text(rendered: str, output: Mapping[str, Any]) -> str:
    """nbconvert's rendering of one PNG or JPEG output (``rendered``, its ``<img>`` first)
    with the figure's drawn text kept on the ``<img>`` (:func:`figure_text_attribute`) when
    the output's metadata holds it: a figure a chapter shows (``display``, the inline
    backend), not glued, keeps it as a glued one does (:func:`paste_glue`), so
    ``export-check`` reads it in the runner's HTML too (ec28; before, such a figure was
    listed for review in the HTML while its notebook was read). A Jinja filter of the
    runner's template (:data:`mia_helpers.chapters._RUNNER_TEMPLATE`)."""
    from mia_helpers.figure_text import FIGURE_TEXT_KEY

    meta = output.get("metadata") or {}
    drawn = meta.get(FIGURE_TEXT_KEY) if isinstance(meta, Mapping) else None
    at = rendered.find("<img")
    if drawn is None or at < 0:
        return rendered
    return rendered[:at + 4] + figure_text_attribute(drawn) + rendered[at + 4:]


def paste_glue(source: str, values: dict[str, tuple[dict, int]],
               numbers: dict[str, str] | None = None,
               citations: Mapping[str, tuple[str, str]] | None = None,
               equations: Mapping[str, int] | None = None,
               titles: Mapping[str, str] | None = None,
               doc_base: str | Path | None = None,
               figure_texts: Mapping[str, Any] | None = None) -> str:
    """Markdown of one cell with myst-nb's glue blocks pasted, for a plain renderer.

    ``{glue:md}`` blocks become the glued Markdown (a MyST ``{table}`` turned into a bold
    "Table k." caption above a pipe table, with an HTML anchor of its label); ``{glue:figure}``
    blocks become the glued PNG as an inline ``data:`` image with its caption, "Figure k."
    first; ``{numref}`` roles become "Table k" / "Figure k" / "Exercise k", as ``numbers``
    holds them (a ``%s`` in the role's text is replaced by the number); ``{ref}``, ``{term}`` and ``{doc}`` roles their text, a bare
    ``{ref}`` the target's heading (``titles``: :func:`target_titles`; else its label), a bare
    ``{doc}`` the first heading of the document (relative to ``doc_base``, else its name);
    ``{eq}`` roles "(k)" (``equations``: :func:`equation_numbers`; else the label);
    ``{func}``-like roles the name as code (``~`` keeps the last part, as Sphinx does);
    ``{cite}`` roles author-year text (:func:`cite_text`). Inline
    ``{glue:text}`` roles are left to :func:`mia_helpers.export_check.resolve_glue`. A block
    whose name was not glued (or has no Markdown / PNG) is left as it is, so that a missing
    value shows.

    Parameters
    ----------
    source : str
        Markdown of one cell.
    values : dict
        :func:`mia_helpers.export_check.glued_values` of the executed notebook.
    figure_texts : dict, optional
        :func:`mia_helpers.figure_text.glued_figure_texts` of the notebook: a pasted figure
        keeps its drawn text on its ``<img>`` (:data:`mia_helpers.figure_text.HTML_ATTR`), which
        ``export-check`` reads (ec27); a figure without it is listed for review.
    numbers : dict, optional
        :func:`figure_and_table_numbers` of the notebook (default: no numbers).
    citations : dict, optional
        :func:`citation_labels` (default: those of the book's ``book/references.bib``).

    Returns
    -------
    str
    """
    numbers, equations, titles = numbers or {}, equations or {}, titles or {}
    citations = citation_labels() if citations is None else citations

    def block(m: re.Match) -> str:
        bundle = values.get(m.group("name"), ({}, 0))[0]
        options, caption = _split_options(m.group("body"))
        if m.group("kind") == "md":
            md = _text(bundle.get("text/markdown"))
            if not md:
                return m.group(0)

            def table(t: re.Match) -> str:
                label = _split_options(t.group("options"))[0].get("name", "")
                number = numbers.get(label, "Table")
                anchor = f'<a id="{html.escape(label, quote=True)}"></a>\n\n' if label else ""
                return (f"{anchor}**{number}.** {t.group('caption').strip()}\n\n"
                        f"{t.group('body').strip()}\n")

            return "\n" + MYST_TABLE.sub(table, md).strip() + "\n"
        png = _text(bundle.get("image/png")).replace("\n", "")
        if not png:
            return m.group(0)
        label = options.get("name", "")
        number = numbers.get(label, "Figure")
        anchor = f' id="{html.escape(label, quote=True)}"' if label else ""
        drawn = (figure_texts or {}).get(m.group("name"))
        if drawn is not None:  # the figure's drawn text, for export-check (ec27)
            anchor += figure_text_attribute(drawn)
        return (f'\n<img{anchor} src="data:image/png;base64,{png}" '
                f'alt="{html.escape(number, quote=True)}" style="max-width: 100%;"/>\n\n'
                f"**{number}.** {caption}\n")

    def numref(m: re.Match) -> str:
        target = (m.group("target") or m.group("bare")).strip()
        number = numbers.get(target, target)
        text = m.group("text")
        return text.replace("%s", number.split()[-1]) if text and "%s" in text else number

    def ref(m: re.Match) -> str:
        if m.group("text"):
            return m.group("text").strip()
        bare = m.group("bare").strip()
        if m.group("kind") == "ref":
            return titles.get(bare, bare)
        return _doc_title(bare, doc_base) if m.group("kind") == "doc" else bare

    out = GLUE_BLOCK.sub(block, source)
    out = _NUMREF.sub(numref, out)
    out = _EQ.sub(lambda m: f"({equations.get(m.group('label'), m.group('label'))})", out)
    out = _CITE.sub(lambda m: cite_text(m.group("kind"), m.group("keys"), citations), out)
    out = _FUNC.sub(lambda m: "`" + (m.group("name").rsplit(".", 1)[-1] if m.group("tilde")
                                      else m.group("name")) + "`", out)
    out = _SAMP.sub(samp_html, out)
    return _REF.sub(ref, out)


def _doc_title(path: str, doc_base: str | Path | None) -> str:
    """The first heading of the MyST document ``path`` (relative to ``doc_base``, without its
    suffix), else the path's last part: the text a bare ``{doc}`` shows."""
    if doc_base is not None:
        f = (Path(doc_base) / path).with_suffix(".md")
        if f.is_file():
            head = re.search(r"^#[ \t]+(.+)$", f.read_text(encoding="utf-8"), re.M)
            if head:
                return head.group(1).strip()
    return Path(path).name


#: a MyST directive block of the book's chapters that a plain renderer would print as code:
#: its name, argument and body (options first)
_DIRECTIVE = re.compile(
    r"^```\{(?P<kind>admonition|exercise|solution-start|solution-end|math)\}[ \t]*"
    r"(?P<arg>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)


def _exercise_labels(source: str) -> list[str]:
    """The labels of one cell's ``{exercise}`` blocks in order ("" for one without)."""
    return [_split_options(m.group("body"))[0].get("label", "")
            for m in _DIRECTIVE.finditer(source) if m.group("kind") == "exercise"]


def exercise_numbers(nb: Any) -> dict[str, int]:
    """Exercise label -> its number within the chapter (1, 2, ... in the order of the
    notebook's ``{exercise}`` blocks, labelled or not, as the book numbers them); for the
    solutions, which name their exercise by label."""
    out: dict[str, int] = {}
    k = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for label in _exercise_labels(cell.source):
                k += 1
                if label:
                    out[label] = k
    return out


def reference_numbers(nb: Any, values: dict[str, tuple[dict, int]]) -> dict[str, str]:
    """Label -> the text a ``{numref}`` to it shows in the book: "Table k" and "Figure k"
    (:func:`figure_and_table_numbers`) and "Exercise k" (:func:`exercise_numbers`; the book's
    sphinx-exercise numbers exercises within the chapter, and a ``{numref}`` to one shows
    "Exercise k"). For :func:`paste_glue`'s ``numbers``: without the exercises a ``{numref}``
    to an exercise printed its raw label in the runner's HTML."""
    numbers = figure_and_table_numbers(nb, values)
    for label, k in exercise_numbers(nb).items():
        numbers.setdefault(label, f"Exercise {k}")
    return numbers


def first_exercises(nb: Any) -> list[int]:
    """Per cell, the number the cell's first ``{exercise}`` block takes (1 + the exercises
    of the cells before it, labelled or not): :func:`plain_directives`' ``first_exercise``."""
    out, k = [], 1
    for cell in nb.cells:
        out.append(k)
        if cell.cell_type == "markdown":
            k += len(_exercise_labels(cell.source))
    return out


#: a MyST target line ``(label)=`` and the heading that follows it (section titles of refs)
_TARGET = re.compile(r"^\((?P<label>[\w.:-]+)\)=[ \t]*$", re.M)
_TARGET_TITLE = re.compile(r"^\((?P<label>[\w.:-]+)\)=[ \t]*\n(?:[ \t]*\n)*#+[ \t]+(?P<title>.+)$",
                           re.M)
#: a labelled display equation: ``$$ (label)`` closing a ``$$`` block (MyST dollarmath)
_DOLLAR_LABEL = re.compile(r"^\$\$[ \t]*\((?P<label>[\w.:-]+)\)[ \t]*$", re.M)


def _tag(k: int | None) -> str:
    """A MathJax equation number, `` \\tag{k}`` (empty without a number)."""
    return " \\tag{" + str(k) + "}" if k else ""


def equation_numbers(nb: Any) -> dict[str, int]:
    """Equation label -> its number within the chapter (1, 2, ... in the order of the
    notebook's labelled display equations: ``$$ (label)`` and ``{math}`` blocks with a
    ``:label:``, as the book numbers them)."""
    out: dict[str, int] = {}
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        found = [(m.start(), m.group("label")) for m in _DOLLAR_LABEL.finditer(cell.source)]
        found += [(m.start(), _split_options(m.group("body"))[0].get("label", ""))
                  for m in _DIRECTIVE.finditer(cell.source) if m.group("kind") == "math"]
        for _, label in sorted(found):
            if label and label not in out:
                out[label] = len(out) + 1
    return out


def target_titles(texts: Iterable[str]) -> dict[str, str]:
    """Target label -> the title of the heading that follows its ``(label)=`` line, over the
    given Markdown texts (a chapter's cells, the book's other sources): the text a bare
    ``{ref}`` shows in the book."""
    out: dict[str, str] = {}
    for text in texts:
        for m in _TARGET_TITLE.finditer(text):
            out.setdefault(m.group("label"), m.group("title").strip())
    return out


def book_targets(root: str | Path | None = None) -> dict[str, str]:
    """:func:`target_titles` of the book's MyST sources (``notebooks/*.md``, ``book/*.md``
    under ``root``, default the project root); empty where there are none."""
    from mia_helpers.chapters import project_root

    base = Path(root) if root is not None else project_root()
    files = sorted((base / "notebooks").glob("*.md")) + sorted((base / "book").glob("*.md"))
    return target_titles(f.read_text(encoding="utf-8") for f in files)


def plain_directives(source: str, exercises: Mapping[str, int] | None = None,
                     equations: Mapping[str, int] | None = None,
                     first_exercise: int | None = None) -> str:
    """Markdown of one cell with the book's MyST directive blocks written for a plain
    renderer (nbconvert prints an unknown fenced block as code, with its braces): an
    ``{admonition}`` becomes a framed block with its title in bold, an ``{exercise}`` a
    framed "Exercise k." block (``exercises``: :func:`exercise_numbers`), ``{solution-start}``
    a bold "Solution to Exercise k." line (a solution may run over several cells, code cells
    included, so it is not folded) and ``{solution-end}`` a rule, a ``{math}`` block display
    math. Blocks of other kinds are left as they are. Labelled equations get their number
    (``\\tag{k}``, ``equations``: :func:`equation_numbers`) and ``(label)=`` target lines
    become HTML anchors. Roles (``{eq}``, ``{ref}``, ...) are :func:`paste_glue`'s.

    Parameters
    ----------
    source : str
        Markdown of one cell.
    exercises : mapping, optional
        Exercise label -> number (default: none, "Exercise." without a number).
    equations : mapping, optional
        Equation label -> number (:func:`equation_numbers`).
    first_exercise : int, optional
        The number of the cell's first ``{exercise}`` block (:func:`first_exercises`): the
        cell's exercises are numbered from it in order, labelled or not; default None: by
        label only (an unlabelled exercise gets no number).

    Returns
    -------
    str
    """
    exercises, equations = exercises or {}, equations or {}
    seen = [0]  # exercise blocks of this cell so far
    frame = 'style="border-left: 4px solid #9aa; padding: 0.2em 1em; margin: 1em 0;"'

    def one(m: re.Match) -> str:
        kind, arg = m.group("kind"), m.group("arg").strip()
        options, body = _split_options(m.group("body"))
        if kind == "math":
            anchor = (f'<a id="{html.escape(options["label"], quote=True)}"></a>\n\n'
                      if "label" in options else "")
            return f"{anchor}$$\n{body}{_tag(equations.get(options.get('label', '')))}\n$$"
        if kind == "solution-end":
            return "<hr/>"
        if kind == "solution-start":
            k = exercises.get(arg)
            return f"**Solution to Exercise{f' {k}' if k else ''}.**"
        if kind == "exercise":
            k = exercises.get(options.get("label", ""))
            if first_exercise is not None:
                k = first_exercise + seen[0]
            seen[0] += 1
            title = f"Exercise{f' {k}' if k else ''}."
            label = options.get("label", "")
            if label:  # the target of a {numref} to the exercise
                return (f'<a id="{html.escape(label, quote=True)}"></a>\n\n'
                        f"<div {frame}>\n\n**{title}**\n\n{body}\n\n</div>")
        else:
            title = html.escape(arg) if arg else "Note"
        return f"<div {frame}>\n\n**{title}**\n\n{body}\n\n</div>"

    def dollar(m: re.Match) -> str:
        label = m.group("label")
        return (f"{_tag(equations.get(label))}$$\n\n"
                f'<a id="{html.escape(label, quote=True)}"></a>')

    out = _DIRECTIVE.sub(one, source)
    out = _DOLLAR_LABEL.sub(dollar, out)
    # the anchor on a line of its own, then a blank line: an HTML block ends only there, and
    # the heading after it must not be read as part of it
    return _TARGET.sub(lambda m: f'<a id="{html.escape(m.group("label"), quote=True)}"></a>\n',
                       out)


# --------------------------------------------------------------------------------------------
# warnings printed by a code cell, each distinct one once (for the runner's HTML)
# --------------------------------------------------------------------------------------------

#: the first line of a warning as :func:`warnings.showwarning` prints it
_WARNING_LINE = re.compile(
    r"^(?P<where>\S[^\n]*?:\d+): (?P<category>[A-Za-z_][\w.]*(?:Warning|Error)): (?P<message>.*)$")


def collapse_warnings(outputs: list) -> list:
    """A code cell's outputs with each distinct warning shown once, with a count.

    Python prints a warning to stderr as ``file:line: Category: message`` followed by the
    indented source line (:func:`mia_helpers.disclosure.protect_warnings`, which every
    chapter calls, as ``Warning (kind): message`` alone); a cell that fits the same model
    several times (chapter 2 by sex) prints the same not-identified warning many times,
    across several stderr stream outputs. The stderr stream outputs of the cell are joined;
    every warning (kind and message) is kept at its first place, with ``[shown N times in
    this cell]`` after it when repeated; other stderr lines and all other outputs are kept
    unchanged, in order; a warning in Python's own format is written as a plain line first
    (:func:`plain_warnings`). The book itself (myst-nb) is not touched: this is for the
    runner's HTML
    (:func:`mia_helpers.chapters.render_html`).

    Parameters
    ----------
    outputs : list of nbformat output dicts of one code cell.

    Returns
    -------
    list : the outputs, the stderr streams replaced by one (at the place of the first).
    """
    from mia_helpers.disclosure import PLAIN_WARNING_LINE

    err = [o for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    if not err:
        return list(outputs)
    lines = plain_warnings("".join(_text(o.get("text")) for o in err)).splitlines(keepends=True)
    blocks: list[list[str]] = []  # a warning: its line plus its indented source lines
    keys: list[tuple[str, str] | None] = []
    for line in lines:
        plain = PLAIN_WARNING_LINE.match(line.rstrip("\n"))
        if plain:  # as protect_warnings prints it (plain_warnings): no file, no source line
            blocks.append([line])
            keys.append((plain.group("kind") or "", plain.group("message")))
        elif blocks and keys[-1] is not None and line[:1] in (" ", "\t"):
            blocks[-1].append(line)
        else:
            blocks.append([line])
            keys.append(None)
    counts: dict[tuple[str, str], int] = {}
    for k in keys:
        if k is not None:
            counts[k] = counts.get(k, 0) + 1
    text, seen = [], set()
    for k, b in zip(keys, blocks, strict=True):
        if k is None:
            text.extend(b)
            continue
        if k in seen:
            continue
        seen.add(k)
        text.extend(b)
        if counts[k] > 1:
            text.append(f"  [shown {counts[k]} times in this cell]\n")
    merged = dict(err[0])
    merged["text"] = "".join(text)
    out, placed = [], False
    for o in outputs:
        if any(o is e for e in err):
            if not placed:
                out.append(type(err[0])(merged) if isinstance(err[0], dict) else merged)
                placed = True
            continue
        out.append(o)
    return out
