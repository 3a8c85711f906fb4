"""ec27: the text drawn in a figure is read, not only listed.

Each chapter's figures are glued with myst-nb; :func:`mia_helpers.figure_text.keep_figure_text`
(called by ``protect_warnings``) has IPython keep every figure's drawn text (titles, axis and
tick labels, legends, annotations) in the output's metadata, and the runner's HTML keeps it on
the ``<img>``. ``export-check`` reads it with the rules of printed text: a small count written
in a figure is refused, a clean figure passes without review, and a figure whose metadata was
removed is still listed for review (ec26).
"""

from __future__ import annotations

import copy
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from mia_helpers import export_check as ec  # noqa: E402
from mia_helpers.figure_text import (  # noqa: E402
    FIGURE_TEXT_KEY,
    HTML_ATTR,
    figure_text,
    glued_figure_texts,
    keep_figure_text,
)
from mia_helpers.notebook_run import paste_glue  # noqa: E402

GLUE = "application/papermill.record/"




def _glued(name: str, fig) -> dict:
    """The output myst-nb's ``glue(name, fig, display=False)`` writes (its code, without the
    display call)."""
    from IPython.core.formatters import format_display_data

    data, meta = format_display_data(fig)
    meta["scrapbook"] = {"name": name, "mime_prefix": GLUE}
    plt.close(fig)
    return {"output_type": "display_data", "metadata": meta,
            "data": {GLUE + k: v for k, v in data.items()}}


def _figure(annotation: str = "", title: str = "Entries by quarter",
            legend: str = "starters", xlabel: str = "quarter") -> plt.Figure:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar([1, 2, 3], [40, 55, 61], label=legend)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("persons")
    ax.legend()
    if annotation:
        ax.annotate(annotation, (1, 40))
    return fig


def _scan(tmp_path, outputs: list[dict]) -> ec.ScanResult:
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "fig",
         "outputs": outputs}]}
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    (folder / "c.ipynb").write_text(json.dumps(nb))
    return ec.scan(folder, 10)


def test_keep_figure_text_adds_the_drawn_text_to_a_glued_figures_metadata(shell):
    assert keep_figure_text()
    out = _glued("fig-a", _figure("n = 40"))
    assert GLUE + "image/png" in out["data"]
    kept = out["metadata"][FIGURE_TEXT_KEY]
    roles = {(t["role"], t["text"]) for t in kept["texts"]}
    assert {("title", "Entries by quarter"), ("axis label", "persons"), ("legend", "starters"),
            ("annotation", "n = 40"), ("axis label", "quarter")} <= roles, roles
    assert any(r == "tick label" for r, _ in roles)  # drawn tick labels, laid out first


def test_keep_figure_text_does_nothing_outside_a_kernel():
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.clear_instance()
    assert keep_figure_text() is False


@pytest.mark.parametrize("where, kwargs", [
    ("annotation", {"annotation": "only 3 persons entered"}),
    ("title", {"title": "Antwerp (n = 4)"}),
    ("legend", {"legend": "Maghreb, 2 starters"}),
    ("axis label", {"xlabel": "quarter (a handful of starters)"}),
])
def test_a_small_count_drawn_in_a_figure_is_refused(shell, tmp_path, where, kwargs):
    keep_figure_text()
    res = _scan(tmp_path, [_glued("fig-a", _figure(**kwargs))])
    assert [f.rule for f in res.findings] == ["small_count"], (where, res.findings)
    assert res.findings[0].where == "cell 1 [In 1], output 1 (glued fig-a), figure text"
    assert "figure's drawn text" in res.findings[0].detail
    assert res.figures == []  # read, so not listed for review
    rec = json.loads(ec.write_results(res, tmp_path / "out", 10,
                                      tmp_path / "out" / ec.RECORD_NAME).read_text())
    figs = [e for e in rec["results"].values() if e["type"] == "figure"]
    assert [e["status"] for e in figs] == ["fail"] and rec["status"] == "fail"


def test_a_clean_figure_passes_without_review(shell, tmp_path):
    keep_figure_text()
    res = _scan(tmp_path, [_glued("fig-a", _figure("n = 40"))])
    assert res.ok and res.figures == [], (res.findings, res.figures)
    rec = json.loads(ec.write_results(res, tmp_path / "out", 10,
                                      tmp_path / "out" / ec.RECORD_NAME).read_text())
    assert [e["status"] for e in rec["results"].values() if e["type"] == "figure"] == ["pass"]


def test_tick_labels_are_read_apart_from_the_axis_label(shell, tmp_path):
    # a tick "3" on an axis "persons" is a scale, not "3 persons": each text is read alone
    keep_figure_text()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [3, 4, 5])
    ax.set_yticks([3, 4, 5])
    ax.set_ylabel("persons")
    res = _scan(tmp_path, [_glued("fig-a", fig)])
    assert res.ok and res.figures == [], res.findings


@pytest.mark.parametrize("damage", ["remove", "other layout"])
def test_a_figure_without_its_text_is_still_listed_for_review(shell, tmp_path, damage):
    keep_figure_text()
    out = _glued("fig-a", _figure("only 3 persons entered"))
    bare = copy.deepcopy(out)
    if damage == "remove":
        del bare["metadata"][FIGURE_TEXT_KEY]
    else:
        bare["metadata"][FIGURE_TEXT_KEY] = {"texts": "only 3 persons entered"}
    res = _scan(tmp_path, [bare])
    # unread, as in ec26: listed, not refused; a value in another layout is metadata text
    assert [f.rule for f in res.findings] == ([] if damage == "remove" else ["small_count"])
    assert res.figures == [("c.ipynb", "cell 1 [In 1], output 1 (glued fig-a)")]


def test_a_count_in_an_outputs_other_metadata_is_read(tmp_path):
    out = {"output_type": "display_data", "data": {"text/plain": "x"},
           "metadata": {"note": "3 persons entered in Antwerp"}}
    res = _scan(tmp_path, [out])
    assert [f.rule for f in res.findings] == ["small_count"], res.findings
    assert res.findings[0].where == "cell 1 [In 1], output 1, metadata"


def _page(tmp_path, img: str) -> ec.ScanResult:
    folder = tmp_path / "page"
    folder.mkdir(exist_ok=True)
    (folder / "p.html").write_text(f"<html><body><p>Figure 1.</p>\n{img}\n</body></html>\n")
    return ec.scan(folder, 10)


@pytest.mark.parametrize("annotation, refused", [("only 3 persons entered", True),
                                                 ("n = 40", False)])
def test_the_runners_html_keeps_a_figures_text_on_its_img(shell, tmp_path, annotation,
                                                          refused):
    keep_figure_text()
    nb = {"cells": [{"cell_type": "code", "outputs": [
        _glued("fig-a", _figure(annotation))]}]}
    values = ec.glued_values(nb)
    md = paste_glue("```{glue:figure} fig-a\n:name: fig-a\n\nCurves.\n```\n", values,
                    figure_texts=glued_figure_texts(nb))
    assert f"{HTML_ATTR}=" in md and "<img" in md
    res = _page(tmp_path, md)
    assert [f.rule for f in res.findings] == (["small_count"] if refused else []), res.findings
    assert res.figures == []
    if refused:
        assert res.findings[0].where == "image at line 3 (Figure, fig-a), figure text"


def test_an_img_without_the_text_in_a_page_is_listed(tmp_path):
    res = _page(tmp_path, '<img id="fig-a" src="data:image/png;base64,iVBORw0KGgo=">')
    assert res.ok and res.figures == [("p.html", "image at line 2 (fig-a)")]


def test_figure_text_lists_visible_text_only():
    fig, ax = plt.subplots()
    ax.set_title("shown")
    t = ax.text(0, 0, "3 persons hidden")
    t.set_visible(False)
    texts = [x["text"] for x in figure_text(fig)]
    plt.close(fig)
    assert "shown" in texts and "3 persons hidden" not in texts


def test_the_template_icons_in_the_runners_page_head_are_not_listed(tmp_path):
    icon = "url(data:image/png;base64,iVBORw0KGgo=)"
    page = (f'<html><head>\n<meta content="mia_helpers chapter runner" name="generator"/>\n'
            f"<style>.jp-icon {{ background: {icon}; }}</style>\n</head>\n<body>\n"
            '<img id="fig-a" src="data:image/png;base64,iVBORw0KGgo=">\n</body></html>\n')
    res = _page(tmp_path, page)
    assert res.figures == [("p.html", "image at line 7 (fig-a)")], res.figures
    # without the runner's mark, a page's head is an author's: its images are listed
    res = _page(tmp_path, page.replace("mia_helpers chapter runner", "someone"))
    assert len(res.figures) == 2, res.figures


@pytest.mark.parametrize("data", [{"text/plain": "x"},  # no figure: the key is plain text
                                  {"image/png": "iVBORw0KGgo="}])  # a figure, key unreadable
def test_the_figure_text_key_hides_nothing_where_it_is_not_read_as_a_figure(tmp_path, data):
    out = {"output_type": "display_data", "data": data,
           "metadata": {FIGURE_TEXT_KEY: {"note": "3 persons entered in Antwerp"}}}
    res = _scan(tmp_path, [out])
    assert [f.rule for f in res.findings] == ["small_count"], res.findings


@pytest.mark.parametrize("heights, ylabel, refused", [
    ([40, 4], "starters", True),  # "4" written on a bar of starters: 4 starters
    ([40, 55], "starters", False),
    ([40, 4], "share of quarters (%)", False),  # no persons named: a value, not a count
])
def test_a_count_written_on_a_bar_reads_with_its_panels_noun(shell, tmp_path, heights,
                                                             ylabel, refused):
    keep_figure_text()
    fig, ax = plt.subplots(figsize=(3, 2))
    bars = ax.bar(["a", "b"], heights)
    ax.bar_label(bars)
    ax.set_ylabel(ylabel)
    res = _scan(tmp_path, [_glued("fig-a", fig)])
    assert [f.rule for f in res.findings] == (["small_count"] if refused else []), res.findings
    if refused:
        assert "'4 starters'" in res.findings[0].detail
