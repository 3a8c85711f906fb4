"""Sphinx extension: the teaching edition and the chapters' notebook downloads.

Two things the pinned packages do not do on their own:

1. **Hidden gated solutions.** sphinx-exercise 1.2.1's ``hide_solutions`` option drops a
   ``{solution}`` directive, but for the *gated* form used by the chapters
   (``{solution-start}`` ... code cells ... ``{solution-end}``) it drops only the start
   marker: the code cells and prose inside stay on the page. With ``hide_solutions: true``
   this extension replaces the start marker by a placeholder and removes everything from it
   through the matching ``{solution-end}``, so the teaching edition shows the exercises only.
2. **A ``.ipynb`` download for every chapter.** sphinx-book-theme offers the executed
   notebook of a MyST Markdown chapter only when a launch button (Binder, JupyterHub...) is
   configured; the secure environment has none. This copies the executed notebook
   (``_build/jupyter_execute/<page>.ipynb``) next to the page sources and puts it into the
   download menu. In the teaching edition the solution cells are removed from the copy too
   (:func:`mia_helpers.solutions.strip_solutions`, which ``chapter --no-solutions`` uses too),
   and so are they from the page's source copy, the menu's ``.md``
   (:func:`mia_helpers.solutions.strip_solution_text`).
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx_exercise.directive import SolutionStartDirective
from sphinx_exercise.nodes import solution_end_node

from mia_helpers.solutions import (  # shared with the chapter runner
    strip_solution_text,
    strip_solutions,
)


class hidden_solution(nodes.Element):
    """Placeholder for a gated solution removed in the teaching edition."""


class HidingSolutionStart(SolutionStartDirective):
    """``{solution-start}`` that leaves a placeholder when solutions are hidden."""

    def run(self):
        result = super().run()  # registers the gated directive (its checks stay active)
        if self.env.app.config.hide_solutions:
            return [hidden_solution()]
        return result


class RemoveHiddenSolutions(SphinxTransform):
    """Remove a hidden solution's placeholder, its content and its ``{solution-end}``."""

    default_priority = 5  # after sphinx-exercise's gate check (1), before its merges (10)

    def apply(self) -> None:
        for marker in list(self.document.findall(hidden_solution)):
            parent = marker.parent
            start = parent.index(marker)
            end = next(
                (
                    i
                    for i in range(start + 1, len(parent.children))
                    if isinstance(parent.children[i], solution_end_node)
                ),
                None,
            )
            if end is None:  # sphinx-exercise reports the unmatched gate itself
                parent.remove(marker)
                continue
            for child in parent.children[start : end + 1]:
                parent.remove(child)


def add_notebook_download(app, pagename, templatename, context, doctree) -> None:
    """Offer the executed notebook of a MyST Markdown chapter as ``.ipynb`` download."""
    if app.builder.format != "html" or "kernelspec" not in app.env.metadata.get(pagename, {}):
        return
    if not context.get("sourcename", "").endswith((".md", ".md.txt")):
        return  # an .ipynb source is offered as the source download already
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.exists():
        return
    nb = json.loads(executed.read_text(encoding="utf-8"))
    if app.config.hide_solutions:
        nb = strip_solutions(nb)
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def strip_copied_sources(app, exception) -> None:
    """In the teaching edition, leave the gated solutions out of the pages' source copies
    (``_sources/``, the download menu's ``.md``), which Sphinx writes after the page
    (teach52: a student's ``.md`` download held every solution, prose and code)."""
    if exception is not None or not app.config.hide_solutions or app.builder.format != "html":
        return
    for path in sorted((Path(app.outdir) / "_sources").rglob("*")):
        if path.is_file() and ".md" in path.suffixes:
            text = path.read_text(encoding="utf-8")
            stripped = strip_solution_text(text)
            if stripped != text:
                path.write_text(stripped, encoding="utf-8")


def use_mathjax2(app) -> None:
    """Configure MathJax 2 (Debian's ``libjs-mathjax``) as MyST configures MathJax 3.

    MyST marks the top section of every page ``mathjax_ignore`` and writes the classes to
    process into ``mathjax3_config``; MathJax 2 reads ``mathjax2_config`` instead (as
    ``tex2jax.processClass`` / ``ignoreClass``). Runs after MyST's ``builder-inited`` hook.
    """
    if "MathJax.js" not in (app.config.mathjax_path or ""):
        return
    v3 = app.config.mathjax3_config or {}
    process = v3.get("options", {}).get("processHtmlClass", "tex2jax_process|mathjax_process|math")
    app.config.mathjax2_config = {
        "tex2jax": {"processClass": process, "ignoreClass": "tex2jax_ignore|mathjax_ignore"},
        "TeX": {"equationNumbers": {"autoNumber": "none"}},
    }
    app.config.mathjax3_config = None


def setup(app):  # noqa: D103 - Sphinx entry point
    app.setup_extension("sphinx_exercise")
    app.add_node(hidden_solution)
    app.add_directive("solution-start", HidingSolutionStart, override=True)
    app.add_transform(RemoveHiddenSolutions)
    # before sphinx-book-theme builds its header buttons (priority 501)
    app.connect("html-page-context", add_notebook_download, priority=500)
    app.connect("builder-inited", use_mathjax2, priority=900)
    app.connect("build-finished", strip_copied_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
