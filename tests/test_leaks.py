"""A corpus of planted disclosure leaks: each kind in its own run folder, built here.

``export-check`` must fail on every one (naming the rule) and pass a clean run folder made of
the package's protected tables. The leaks are the kinds of issue 16: small counts in every
output channel of a notebook and in every file the runner writes, files the check cannot
read, identifiers by name and by content, person-level rows without an identifier,
differences between related counts, successive horizons. Notebooks are JSON with the outputs
Jupyter records for real displays (``_repr_html_``, ``repr``, ``to_latex``...).
"""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import cli
from mia_helpers.disclosure import (
    coarsen_steps,
    redact_small_counts,
    reset_record,
    safe_crosstab,
    suppress,
    withhold_separation_counts,
)
from mia_helpers.export_check import RECORD_NAME, scan

MIN_CELL = 10
SMALL = pd.DataFrame({"origin": ["belgian", "maghreb", "turkish"], "n_persons": [1200, 4, 35],
                      "employed_pct": [61.0, 50.0, 40.0]})


WARNING = ("/x/mia_helpers/matching.py:9: NotIdentifiedWarning: 'inburgering' propensity "
           "logits: term 'residence_ground[work]' has only treated where it is 1 (1 treated "
           "in 1 rows); the ridge keeps the scores finite\n")


def _display(df: pd.DataFrame) -> dict:
    return {"output_type": "execute_result", "execution_count": 1, "metadata": {},
            "data": {"text/plain": repr(df), "text/html": df._repr_html_()}}


def _stream(text: str, name: str = "stdout") -> dict:
    return {"output_type": "stream", "name": name, "text": text}


def _nb(folder: Path, outputs: list[dict], tags: list[str] | None = None,
        markdown: str = "# Chapter", name: str = "chapter.ipynb") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": markdown},
        {"cell_type": "code", "execution_count": 1, "metadata": {"tags": tags or []},
         "source": "x", "outputs": outputs}]}
    path = folder / name
    path.write_text(json.dumps(nb))
    return path


def _html_page(body: str) -> str:
    return f"<html><body><div class='jp-Cell'>{body}</div></body></html>"


# one builder per kind of leak: (folder) -> None, with the rule export-check must report
LEAKS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "html_display": ("small_count", lambda d: _nb(d, [_display(SMALL)])),
    "printed_stdout": ("small_count", lambda d: _nb(d, [_stream(SMALL.to_string())])),
    "printed_stderr": ("small_count", lambda d: _nb(d, [_stream(SMALL.to_string(), "stderr")])),
    "markdown_output": ("small_count", lambda d: _nb(d, [{
        "output_type": "display_data", "metadata": {},
        "data": {"text/markdown": SMALL.to_markdown(index=False)
                 if hasattr(SMALL, "to_markdown") else ""}}])),
    "latex_output": ("small_count", lambda d: _nb(d, [{
        "output_type": "display_data", "metadata": {},
        "data": {"text/latex": SMALL.to_latex(index=False), "text/plain": "<table>"}}])),
    "json_output": ("small_count", lambda d: _nb(d, [{
        "output_type": "display_data", "metadata": {},
        "data": {"application/json": {"measure": "mo", "n_treated": 4}}}])),
    "markdown_cell": ("small_count", lambda d: _nb(
        d, [], markdown="| group | n |\n|---|---|\n| a | 3 |\n| b | 120 |\n")),
    "failed_run_html": ("failed_run", lambda d: (d.mkdir(), (d / "chapter.html").write_text(
        _html_page("<span>An Exception was encountered at <a href='#x'>In [7]</a></span>")))),
    "error_output": ("national_number", lambda d: _nb(d, [{
        "output_type": "error", "ename": "ValueError",
        "evalue": "bad record for 85.07.30-033.28",
        "traceback": ["\x1b[0;31mValueError\x1b[0m: bad record for 85.07.30-033.28"]}])),
    "integer_column_without_count_name": ("small_count", lambda d: _nb(d, [_display(
        pd.DataFrame({"male": [120, 3], "female": [80, 40]}, index=["a", "b"]))])),
    "count_row_label": ("small_count", lambda d: _nb(d, [_display(
        pd.DataFrame({"a": [3, 1.5], "b": [400, 2.5]}, index=["n_persons", "mean_age"]))])),
    "hidden_checkpoint": ("small_count", lambda d: _nb(
        d / ".ipynb_checkpoints", [_display(SMALL)], name="chapter-checkpoint.ipynb")),
    "csv": ("small_count", lambda d: (d.mkdir(), SMALL.to_csv(d / "figure_data.csv",
                                                              index=False))),
    "runner_html": ("small_count", lambda d: (d.mkdir(), (d / "chapter.html").write_text(
        _html_page(SMALL._repr_html_())))),
    "runner_html_printed": ("small_count", lambda d: (d.mkdir(), (d / "chapter.html").write_text(
        _html_page("<div class='jp-OutputArea-output'><pre>" + SMALL.to_string() +
                   "</pre></div>")))),
    "markdown_file": ("small_count", lambda d: (d.mkdir(), (d / "results.md").write_text(
        "| group | n |\n|---|---|\n| a | 3 |\n| b | 120 |\n"))),
    "json_file": ("small_count", lambda d: (d.mkdir(), (d / "effects.json").write_text(
        json.dumps([{"measure": "mo", "n_treated": 4}, {"measure": "ibo", "n_treated": 300}])))),
    "txt_file": ("unknown_file", lambda d: (d.mkdir(), (d / "notes.txt").write_text("n = 4"))),
    "no_extension": ("unknown_file", lambda d: (d.mkdir(), (d / "README").write_text("hello"))),
    "gzip": ("unknown_file", lambda d: (d.mkdir(), (d / "t.csv.gz").write_bytes(
        gzip.compress(SMALL.to_csv().encode())))),
    "zip": ("unknown_file", lambda d: (d.mkdir(), zipfile.ZipFile(d / "t.zip", "w").close())),
    "sqlite": ("data_file", lambda d: (d.mkdir(), sqlite3.connect(d / "t.sqlite").close())),
    "image": ("unknown_file", lambda d: (d.mkdir(), (d / "fig.png").write_bytes(b"\x89PNG"))),
    "parquet": ("data_file", lambda d: (d.mkdir(), SMALL.to_parquet(d / "panel.parquet"))),
    "ragged_csv": ("unreadable", lambda d: (d.mkdir(), (d / "t.csv").write_text(
        "group,n\na,120\nb,30,7\n"))),
    "broken_json": ("unreadable", lambda d: (d.mkdir(), (d / "t.json").write_text("{'n': 4"))),
    "broken_notebook": ("unreadable", lambda d: (d.mkdir(), (d / "c.ipynb").write_text("{}"))),
    "person_id_name": ("person_id_column", lambda d: _nb(d, [_display(pd.DataFrame(
        {"person_id": [17, 23], "quarter": [4, 5], "wage": [2100.0, 1800.0]}))])),
    "national_number_content": ("national_number", lambda d: (d.mkdir(), pd.DataFrame(
        {"code": ["85.07.30-033.28", "90.02.11-151.40"], "score": [0.3, 0.7]}).to_csv(
        d / "scores.csv", index=False))),
    "id_like_integers": ("id_like_values", lambda d: (d.mkdir(), pd.DataFrame(
        {"ref": np.random.default_rng(1).choice(np.arange(10_000, 90_000), 25, replace=False),
         "score": np.linspace(0, 1, 25)}).to_csv(d / "scores.csv", index=False))),
    "person_level_rows": ("person_level_rows", lambda d: _nb(d, [_display(pd.DataFrame(
        {"sex": ["female", "male", "male"], "birth_year": [1984, 1990, 1979],
         "origin": ["maghreb", "turkish", "belgian"], "wage_class": [3, 5, 2]}))])),
    "difference_persons_events": ("difference", lambda d: _nb(d, [_display(pd.DataFrame(
        {"group": ["a", "b"], "n_persons": [106, 400], "n_events": [103, 200]}))])),
    "difference_treated_dropped": ("difference", lambda d: _nb(d, [_display(pd.DataFrame(
        {"measure": ["mo", "nt2"], "n_treated": [288, 500], "n_matched": ["<10", "480"],
         "n_dropped": [287, 20]}))])),
    # DPO finding (seed 77): the model fits' warnings named one treated person of a group
    "warning_counts_stderr": ("small_count", lambda d: _nb(d, [_stream(WARNING, "stderr")])),
    "warning_counts_of_its_rows": ("small_count", lambda d: _nb(d, [_stream(
        "inflow model: term 'u[6]' is not identified for outcome 'mo': 3 of its 144 rows "
        "have that outcome\n", "stderr")])),
    "warning_counts_runner_html": ("small_count", lambda d: (d.mkdir(), (
        d / "chapter.html").write_text(_html_page(
            "<div class='jp-OutputArea-output'><pre>" + WARNING + "</pre></div>")))),
    "successive_horizons": ("horizon_difference", lambda d: _nb(d, [_display(pd.DataFrame(
        {"measure": ["ibo"] * 3, "quarter_since_start": [4, 5, 8],
         "n_treated": [106, 103, 80], "att_pp": [3.1, 3.4, 4.0]}))])),
}


@pytest.mark.parametrize("kind", sorted(LEAKS))
def test_every_planted_leak_fails(tmp_path, kind):
    rule, build = LEAKS[kind]
    run = tmp_path / f"run-{kind}"
    build(run)
    res = scan(run, MIN_CELL)
    assert not res.ok, f"{kind}: export-check passed a leak"
    assert rule in {f.rule for f in res.findings}, [str(f) for f in res.findings]
    assert cli.main(["export-check", str(run), "--record", str(tmp_path / "rec.json")]) == 1
    rec = json.loads((tmp_path / "rec.json").read_text())
    assert rec["status"] == "fail"


def test_a_failed_chapter_leaves_nothing_that_passes(tmp_path):
    """An error output fails the notebook, and the runner's rendering next to it fails too."""
    run = tmp_path / "run"
    _nb(run, [_display(SMALL.assign(n_persons=[1200, 40, 35])), {
        "output_type": "error", "ename": "KeyError", "evalue": "'x'", "traceback": []}])
    (run / "chapter.html").write_text(_html_page("<p>partial</p>"))
    got = {(f.file, f.rule) for f in scan(run, MIN_CELL).findings}
    assert got == {("chapter.ipynb", "failed_run"), ("chapter.html", "failed_run")}


def _clean_run(folder: Path) -> None:
    """A run folder made only of the package's protected tables (rendered), a manifest-like
    JSON, figure data of a coarsened curve and the checking records."""
    reset_record()
    folder.mkdir()
    support = suppress(pd.DataFrame({"measure": ["mo", "nt2", "ibo"],
                                     "n_treated": [288, 500, 40], "n_matched": [1, 480, 35],
                                     "n_dropped": [287, 20, 5]}),
                       count_cols=["n_treated", "n_matched", "n_dropped"],
                       relations=[("n_treated", ["n_matched", "n_dropped"], True)])
    summary = suppress(pd.DataFrame({"measure": ["ibo"] * 3, "quarter_since_start": [4, 5, 8],
                                     "n_treated": [106, 103, 80], "att_pp": [3.1, 3.4, 4.0]}),
                       count_cols=["n_treated"], value_cols=["att_pp"],
                       sequence=("quarter_since_start", ["measure"]))
    hz = suppress(pd.DataFrame({"group": ["a", "b"], "n_persons": [106, 400],
                                "n_events": [103, 200], "ratio": [1.2, 0.8]}),
                  count_cols=["n_persons", "n_events"], value_cols={"ratio": "n_events"},
                  relations=[("n_persons", ["n_events"], False)])
    people = pd.DataFrame({"person_id": np.arange(60), "sex": ["male", "female"] * 30,
                           "origin": ["belgian"] * 57 + ["maghreb"] * 3})
    cross = safe_crosstab(people, "origin", "sex", min_cell=MIN_CELL)
    outputs = [_display(t.render()) for t in (support, summary, hz)] + [_display(cross)]
    outputs.append(_stream("built the panel: 4,500 persons\n"))
    shown = withhold_separation_counts(redact_small_counts(WARNING, MIN_CELL))  # dpo30c
    outputs.append(_stream(shown +
                           "term 'x' has one group only where it is 1 (direction "
                           "withheld)\n",
                           "stderr"))
    _nb(folder, outputs)
    (folder / "chapter.html").write_text(_html_page("".join(
        o["data"]["text/html"] for o in outputs if "data" in o)))
    summary.to_csv(folder / "summary.csv", index=False)
    rng = np.random.default_rng(0)
    km = pd.DataFrame({"u": np.arange(10), "n_at_risk": 400 - 30 * np.arange(10),
                       "events": rng.integers(0, 9, 10)})
    km["cum_incidence"] = np.cumsum(km["events"]) / 400
    # with the persons at risk beside it, so that export-check reads each step (dpo46)
    coarsen_steps(km, "u", "cum_incidence", "events", "n_at_risk", start=0.0).assign(
        n_at_risk=km["n_at_risk"]).to_csv(folder / "curve.csv", index=False)
    (folder / "manifest.json").write_text(json.dumps({
        "chapter": "activation_effects", "parameters": {"bootstrap": 5, "seed": 2005,
                                                        "min_cell": 10, "k": 3},
        "inputs": {"panel.parquet": {"sha256": "ab" * 32, "bytes": 123456}}}))
    from mia_helpers.disclosure import write_record
    write_record(folder / "disclosure_record.json")


def test_clean_run_folder_passes_and_records(tmp_path, capsys):
    run = tmp_path / "run-clean"
    _clean_run(run)
    res = scan(run, MIN_CELL)
    assert res.ok, "\n".join(map(str, res.findings))
    assert cli.main(["export-check", str(run)]) == 0
    rec = json.loads((run / RECORD_NAME).read_text())
    assert rec["status"] == "pass" and rec["min_cell"] == MIN_CELL
    assert all(r["status"] == "pass" for r in rec["results"].values())
    assert scan(run, MIN_CELL).ok  # the record itself is recognised on a second check
    capsys.readouterr()


def test_the_clean_tables_really_hide_what_the_leaks_show(tmp_path):
    """The clean folder differs from the leaks by suppression, not by luck: each rule fired."""
    _clean_run(tmp_path / "run")
    rec = json.loads((tmp_path / "run" / "disclosure_record.json").read_text())["results"]
    assert rec["output_0"]["complement"] >= 1  # mo: dropped hidden with the matched
    assert rec["output_1"]["horizon"] == 1  # 106 -> 103
    assert rec["output_2"]["complement"] == 1  # 106 persons, 103 events


def test_package_tables_on_a_small_extract_pass_an_independent_scan(small_data):
    """Every publishing function of the package, run on a small extract (1,500 residents),
    yields tables that export-check's table scan (written apart from the suppression code)
    passes, histogram bars of at least min_cell distinct persons, and curve steps of at least
    min_cell events."""
    from mia_helpers import competing as cr
    from mia_helpers import describe
    from mia_helpers import hazard as hz
    from mia_helpers.disclosure import Protected
    from mia_helpers.effect_tables import support_histogram
    from mia_helpers.effects import (
        activation_effects,
        hazard_table,
        summary_table,
        support_table,
    )
    from mia_helpers.export_check import check_table
    from mia_helpers.panel import load_panel

    panel = load_panel(small_data)
    persons = pd.read_parquet(small_data / "persons.parquet")
    res = activation_effects(panel, ["workplace_learning_ibo", "training_vocational"],
                             progress=False)
    periods = {ev: hz.school_leaver_periods(small_data, ev) for ev in ("job", "stable")}
    cd = cr.competing_data(panel)
    tables = {
        "register_overview": describe.register_overview(small_data, MIN_CELL),
        "exclusion_log": describe.exclusion_log(small_data, MIN_CELL),
        "sample_profile": describe.sample_profile(persons, MIN_CELL),
        "support_table": support_table(res, MIN_CELL),
        "summary_table": summary_table(res.tidy, min_cell=MIN_CELL),
        "hazard_table": hazard_table(res, min_cell=MIN_CELL),
        "risk_set_table": hz.risk_set_table(periods, MIN_CELL),
        "profile_table": cr.profile_table(cd, min_cell=MIN_CELL),
        "inflow_counts": cr.inflow_counts(cd, min_cell=MIN_CELL),
    }
    for name, t in tables.items():
        shown = t.render() if isinstance(t, Protected) else t
        problems = check_table(shown, MIN_CELL)
        assert not problems, (name, problems)
    hist = support_histogram(res, min_cell=MIN_CELL)
    assert (hist["persons"] >= MIN_CELL).all()
    km = hz.km_cumulative_incidence(periods["job"], max_u=16)
    pub = hz.publishable_km(km, MIN_CELL)
    assert not {"events", "n_at_risk", "hazard"} & set(pub.columns)
    for g, d in pub.groupby(hz.KEY, observed=True):
        raw = km[km[hz.KEY] == g].set_index("u")
        vals = np.r_[0.0, d["cum_incidence"].to_numpy()]
        us = d["u"].to_numpy()
        prev = -1
        for j in np.flatnonzero(np.diff(vals) != 0):  # each published step
            assert raw.loc[us[prev + 1]: us[j], "events"].sum() >= MIN_CELL, g
            prev = j


def _tiny_chapter(tmp_path: Path, body: str) -> Path:
    from test_chapters import CHAPTERS, _myst

    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / CHAPTERS["matching_method"]).write_text(_myst("min_cell = 10  # threshold\n",
                                                            body))
    return folder


def test_runner_folder_of_a_protected_chapter_passes_and_holds_the_record(tmp_path, capsys):
    """The chapter runner's real output (notebook, HTML, manifest, the kernel's disclosure
    record) passes export-check when the chapter publishes protected tables only."""
    body = ("import pandas as pd\nfrom mia_helpers.disclosure import suppress\n"
            "t = pd.DataFrame({'measure': ['mo', 'nt2'], 'n_treated': [288, 500],\n"
            "                  'n_matched': [1, 480], 'n_dropped': [287, 20]})\n"
            "suppress(t, count_cols=['n_treated', 'n_matched', 'n_dropped'], min_cell=min_cell,\n"
            "         relations=[('n_treated', ['n_matched', 'n_dropped'], True)],\n"
            "         name='support')")
    notebooks = _tiny_chapter(tmp_path, body)
    out = tmp_path / "run"
    assert cli.main(["chapter", "matching_method", "--notebooks", str(notebooks),
                     "--out", str(out)]) == 0
    rec = json.loads((out / "disclosure_record.json").read_text())
    entry = rec["results"]["output_0"]
    assert entry["output"] == "support" and entry["primary"] == 1 and entry["complement"] == 1
    res = scan(out, MIN_CELL)
    assert res.ok, "\n".join(map(str, res.findings))
    assert res.notebooks == 1 and res.files >= 3  # notebook, its HTML, the record(s)
    capsys.readouterr()


def test_runner_folder_of_a_leaking_or_failing_chapter_fails(tmp_path, capsys):
    body = ("import pandas as pd\n"
            "display(pd.DataFrame({'measure': ['mo'], 'n_treated': [288], 'n_dropped': [287]}))\n"
            "raise RuntimeError('stop')")
    notebooks = _tiny_chapter(tmp_path, body)
    out = tmp_path / "run"
    assert cli.main(["chapter", "matching_method", "--notebooks", str(notebooks),
                     "--out", str(out)]) == 1
    rules = {(Path(f.file).suffix, f.rule) for f in scan(out, MIN_CELL).findings}
    assert {(".ipynb", "failed_run"), (".html", "failed_run"), (".ipynb", "difference")} <= rules
    capsys.readouterr()


def _glue_output(name: str, plain: str, display: bool = False) -> dict:
    """The output myst-nb's ``glue(name, value, display)`` records (myst_nb.ext.glue.glue)."""
    prefix = "" if display else "application/papermill.record/"
    return {"output_type": "display_data", "data": {prefix + "text/plain": plain},
            "metadata": {"scrapbook": {"name": name, "mime_prefix": prefix}}}


def test_glued_small_counts_fail_and_other_glued_integers_pass(tmp_path):
    """Issue 16: a glued integer count below min_cell is a published small cell (the prose
    shows it), whether glued hidden or displayed, as int or numpy integer."""
    for i, out in enumerate([_glue_output("ch4_n_treated", "4"),
                             _glue_output("ibo5_maghreb_n", "np.int64(3)", display=True)]):
        found = scan(_nb(tmp_path / f"leak{i}", [out])).findings
        assert [f.rule for f in found] == ["small_count"] and "glued value" in found[0].detail
    # a cell tagged counts makes every glued integer a count
    assert not scan(_nb(tmp_path / "tag", [_glue_output("origin_inside", "3")],
                        tags=["counts"])).ok
    clean = [_glue_output("ch4_n_treated", "40"), _glue_output("ch1_n_quarters", "3"),
             _glue_output("ch4_k", "3"), _glue_output("origin_inside", "3"),
             _glue_output("ch4_n_treated_share", "4.5"), _glue_output("ch6_data", "'text'")]
    res = scan(_nb(tmp_path / "clean", clean))
    assert res.ok, "\n".join(map(str, res.findings))
    assert scan(_nb(tmp_path / "exempt", [_glue_output("ch4_n_treated", "4")],
                    tags=["not-person-counts"])).ok


def test_glued_tables_are_checked_like_shown_tables(tmp_path):
    """The book pastes glued markdown and HTML tables ({glue:md}, glue of a DataFrame); they are
    published, so a small count in one fails as it would in a shown output."""
    md = "| origin | persons |\n|---|---|\n| belgian | 852 |\n| maghreb | 4 |\n"
    out = _glue_output("tbl-origins", "'table'")
    out["data"]["application/papermill.record/text/markdown"] = md
    found = scan(_nb(tmp_path / "md", [out])).findings
    assert "small_count" in {f.rule for f in found}
    html = ("<table><tr><th>origin</th><th>persons</th></tr><tr><td>belgian</td><td>852</td>"
            "</tr><tr><td>maghreb</td><td>4</td></tr></table>")
    out = _glue_output("tbl-origins-html", "'table'")
    out["data"]["application/papermill.record/text/html"] = html
    assert "small_count" in {f.rule for f in scan(_nb(tmp_path / "html", [out])).findings}
    clean = _glue_output("tbl-ok", "'table'")
    clean["data"]["application/papermill.record/text/markdown"] = md.replace("| 4 |", "| 40 |")
    res = scan(_nb(tmp_path / "clean", [clean]))
    assert res.ok and res.tables == 1, "\n".join(map(str, res.findings))


def test_runner_html_shows_glued_values_and_the_check_reads_them(tmp_path, capsys):
    """The runner's HTML substitutes the glue roles of the prose with the glued values (format
    spec applied), as the book does; export-check fails the small glued count."""
    body = ("from myst_nb import glue\n"
            "glue('share_employed', 61.2345, display=False)\n"
            "glue('where', 'the test data', display=False)\n"
            "glue('n_group', 4, display=False)\n"
            "```\n\n"
            "On {glue:text}`where`, {glue:text}`share_employed:.1f` % are employed; "
            "{glue}`n_group` persons.\n\n"
            "```{code-cell} python\nprint('done')")
    notebooks = _tiny_chapter(tmp_path, body)
    out = tmp_path / "run"
    assert cli.main(["chapter", "matching_method", "--notebooks", str(notebooks),
                     "--out", str(out)]) == 0
    html_file = next(out.glob("*.html"))
    html = html_file.read_text()
    prose = re.sub(r"<[^>]+>", "", html)
    assert "On the test data, 61.2 % are employed; 4 persons." in prose
    assert "{glue" not in html
    found = [f for f in scan(out, MIN_CELL).findings if f.rule == "small_count"]
    assert {Path(f.file).suffix for f in found} == {".ipynb", ".html"}
    assert all("'n_group' = 4" in f.detail for f in found)
    # the rendering exported alone still fails: its glued values are marked (and, outside
    # its run folder, it is refused as the runner's HTML without its records: dpo22)
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "chapter.html").write_text(html)
    assert sorted(f.rule for f in scan(alone, MIN_CELL).findings) == ["incomplete_run",
                                                                       "small_count"]
    assert [f.rule for f in scan(alone / "chapter.html", MIN_CELL).findings] == ["small_count"]
    capsys.readouterr()
