"""The text drawn in a figure, kept with the figure for ``export-check`` (ec27).

A PNG cannot be read, but the text drawn in it (titles, axis labels, tick labels, legend
entries, annotations, a count or share written on a bar) can state a count of persons. The
text is known when the figure is displayed: :func:`keep_figure_text` (called by each chapter
through :func:`mia_helpers.disclosure.protect_warnings`) has IPython add it to the metadata of
every output that displays or glues a matplotlib figure, under :data:`FIGURE_TEXT_KEY`
(:func:`figure_text_metadata`), and the chapter runner's HTML keeps it on the figure's
``<img>`` (:data:`HTML_ATTR`): a glued figure's through
:func:`mia_helpers.notebook_run.paste_glue`, a shown one's through the runner's template
(:func:`mia_helpers.notebook_run.keep_shown_figure_text`; ec28).
``python -m mia_helpers export-check`` reads that text with the rules of prose
(:func:`mia_helpers.disclosure.small_count_matches`), one drawn text at a time; a figure
without it (drawn elsewhere, or its metadata removed) is listed for the output checker
(status ``review``), as before.

The metadata describes the figure object that the PNG formatter renders right after: it is
written by the kernel, not by hand, and a run folder's files are fingerprinted by the run's
manifest (``edited_output``), so an edited notebook is refused.
"""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Any

from mia_helpers import disclosure_vocabulary as vocab

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: key of an output's metadata holding a figure's drawn text
FIGURE_TEXT_KEY = "mia_figure_text"
#: attribute of an ``<img>`` in the runner's HTML holding :func:`figure_text_metadata` as JSON
HTML_ATTR = "data-mia-figure-text"
#: version of the layout of :func:`figure_text_metadata`
VERSION = 1

__all__ = ["FIGURE_TEXT_KEY", "HTML_ATTR", "figure_text", "figure_text_metadata",
           "glued_figure_texts", "keep_figure_text", "read_figure_text"]


def _roles(fig: Figure, panels: dict[int, int]) -> dict[int, str]:
    """What each known text artist of ``fig`` is, by ``id``: title, axis label, tick label,
    legend, annotation (any other text is ``text``); the panel (index in ``fig.axes``) of each
    title and axis label is added to ``panels``."""
    roles: dict[int, str] = {}
    for t in (getattr(fig, "_suptitle", None), getattr(fig, "_supxlabel", None),
              getattr(fig, "_supylabel", None)):
        if t is not None:
            roles[id(t)] = "figure title"
    for leg in list(getattr(fig, "legends", [])) + [ax.get_legend() for ax in fig.axes]:
        if leg is not None:
            roles[id(leg.get_title())] = "legend title"
            roles.update((id(t), "legend") for t in leg.get_texts())
    for k, ax in enumerate(fig.axes):
        for t in (ax.title, getattr(ax, "_left_title", None), getattr(ax, "_right_title", None)):
            if t is not None:
                roles[id(t)] = "title"
                panels[id(t)] = k
        for axis in (ax.xaxis, ax.yaxis):
            roles[id(axis.label)] = "axis label"
            panels[id(axis.label)] = k  # an axis label's own ``axes`` is not set
            roles[id(axis.get_offset_text())] = "tick label"
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                roles[id(tick.label1)] = roles[id(tick.label2)] = "tick label"
        roles.update((id(t), "annotation") for t in ax.texts)
    return roles


def figure_text(fig: Figure) -> list[dict[str, Any]]:
    """Every visible, non-empty text of ``fig`` as drawn: ``{"role": ..., "text": ...,
    "axes": k}`` in the figure's order (titles, axis and tick labels, legend entries and title,
    annotations and other text, such as values written on bars or in a heatmap's cells;
    ``axes`` is the index of its panel in ``fig.axes``, None for the figure's own text). The
    figure is laid out first (``draw_without_rendering``), so tick labels are those drawn."""
    from matplotlib.text import Text

    fig.draw_without_rendering()
    panels: dict[int, int] = {}
    roles = _roles(fig, panels)
    panel = {id(ax): k for k, ax in enumerate(fig.axes)}
    out: list[dict[str, Any]] = []
    for t in fig.findobj(Text):
        s = t.get_text()
        if t.get_visible() and s.strip():
            k = panels.get(id(t), panel.get(id(t.axes)) if t.axes is not None else None)
            out.append({"role": roles.get(id(t), "text"), "text": s, "axes": k})
    return out


def figure_text_metadata(fig: Figure) -> dict[str, Any]:
    """The value of :data:`FIGURE_TEXT_KEY` for ``fig``: ``{"version": 1, "texts":
    figure_text(fig)}``."""
    return {"version": VERSION, "texts": figure_text(fig)}


def read_figure_text(value: Any) -> list[str] | None:
    """The drawn texts of a :data:`FIGURE_TEXT_KEY` value (a dict, or its JSON text), or
    None when it is absent or not in the layout of :func:`figure_text_metadata` (the figure
    is then not read: ``export-check`` lists it for review). A whole number written as a
    value (an annotation or other text of a panel, such as a bar's label) in a panel whose
    title or axis label names persons ("persons", "number of starters") is given with that
    noun too ("4" in a panel "starters" reads "4 starters"): a count drawn on a bar states
    it as much as a sentence does; tick labels are the axis's scale, not counts. A panel
    labelled by a count word alone ("Count", "Frequency": :data:`_GENERIC_COUNT`), or with
    no title or axis label at all (pandas' ``value_counts().plot.bar()``), counts persons as
    far as the check can tell ("4" reads "4 persons"; dpo50)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, dict) or value.get("version") != VERSION:
        return None
    texts = value.get("texts")
    if not isinstance(texts, list) or not all(
            isinstance(t, dict) and isinstance(t.get("text"), str) for t in texts):
        return None
    out = [t["text"] for t in texts]
    nouns: dict[Any, str] = {}
    for t in texts:
        if t.get("role") in ("title", "axis label") and t.get("axes") not in nouns:
            m = _PERSON_NOUN.search(t["text"])
            if m:
                nouns[t.get("axes")] = m.group(0)
            elif _GENERIC_COUNT.fullmatch(t["text"]):  # dpo50: "Count", "Frequency"
                nouns[t.get("axes")] = "persons"
    labelled = {t.get("axes") for t in texts if t.get("role") in ("title", "axis label")
                and t["text"].strip()}
    for t in texts:  # dpo50: a panel that names nothing (pandas' value_counts().plot.bar())
        k = t.get("axes")
        if k is not None and k not in labelled and k not in nouns:
            nouns[k] = "persons"
    for t in texts:
        k = t.get("axes")
        if k in nouns and t.get("role") in ("annotation", "text") \
                and re.fullmatch(r"\s*\d+\s*", t["text"]):
            out.append(f"{t['text'].strip()} {nouns[k]}")
    return out


#: a panel's title or axis label that is a count word alone, as plotting libraries write by
#: default (pandas' ``value_counts().plot.bar()`` "count", seaborn's "Count", a histogram's
#: "Frequency"): a whole number on its bars is read as a count of persons (dpo50: "4" on a
#: bar passed), as the unit is not said; refuse when unsure
_GENERIC_COUNT = re.compile(r"\s*(?:count|counts|frequency|freq|number|n|no\.?|aantal|anzahl|"
                            r"nombre|effectif|frequentie|häufigkeit|fréquence)\s*",
                            re.IGNORECASE)
#: a noun of persons in a panel's title or axis label (not the rows, events or trials of
#: :data:`~mia_helpers.disclosure_vocabulary.COUNT_NOUNS`, which an axis also counts)
_PERSON_NOUN = re.compile(r"(?<![\w-])(?:" + "|".join((*vocab.PERSON_NOUNS, "treated"))
                          + r")(?![\w-])", re.IGNORECASE)


def _bundle_metadata(fig: Figure) -> tuple[dict, dict]:
    """IPython mime-bundle printer of a figure: no data (the PNG formatter still renders it),
    the metadata :func:`figure_text_metadata`."""
    return {}, {FIGURE_TEXT_KEY: figure_text_metadata(fig)}


def keep_figure_text() -> bool:
    """Have IPython add :func:`figure_text_metadata` to the metadata of every output that
    shows a matplotlib figure (``display``, the inline backend, myst-nb's ``glue``), through
    its mime-bundle formatter, which the inline backend's PNG settings do not replace.
    Returns False (and does nothing) outside an IPython kernel. Calling it again is harmless.
    """
    ipython = sys.modules.get("IPython")  # not imported: no kernel (a worker process)
    ip = ipython.get_ipython() if ipython is not None else None
    if ip is None:
        return False
    from matplotlib.figure import Figure

    ip.display_formatter.mimebundle_formatter.for_type(Figure, _bundle_metadata)
    return True


def glued_figure_texts(nb: dict) -> dict[str, Any]:
    """The :data:`FIGURE_TEXT_KEY` value of each output a notebook glued with myst-nb, by glue
    name (the last value of a name wins, as in
    :func:`mia_helpers.export_check.glued_values`); names without one are left out."""
    out: dict[str, Any] = {}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for o in cell.get("outputs") or []:
            meta = o.get("metadata") or {}
            sb = meta.get("scrapbook")
            if isinstance(sb, dict) and "name" in sb:
                out.pop(str(sb["name"]), None)
                if FIGURE_TEXT_KEY in meta:
                    out[str(sb["name"])] = meta[FIGURE_TEXT_KEY]
    return out
