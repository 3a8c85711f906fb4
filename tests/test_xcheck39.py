"""xcheck39: two gaps of ``export-check`` found and not mended before.

1. Parameters named alike in several chapters (``stable_quarters``, ``caliper``, ``k``,
   ``max_quarter``, ``estimand``) were not compared across the chapters run on one extract:
   chapter 4 at ``caliper`` 0.1 and chapter 5 at 0.3 passed together, and the difference of
   their matched starters of one measure is the starters whose nearest twin lies between the
   two calipers. They are now refused (``extract_parameter_variation``); the shared
   parameters that change no published population or cell are listed with why
   (:data:`mia_helpers.export_check.NOT_COMPARED`) and pass.
2. A model table's "person-periods" row (chapter 2's nested models,
   :func:`mia_helpers.hazard.nested_table`, which prints a model on fewer than ``min_cell``
   person-periods as ``<min_cell``) was not read as a count: "person-periods | 3" passed.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import export_check as ec
from mia_helpers.export_check import check_table, markdown_tables, scan

ROOT = Path(__file__).resolve().parents[1]
PAGE = ('<html><head><title>Chapter</title><meta content="mia_helpers chapter runner" '
        'name="generator"/></head><body><table><tr><th>Origin</th><th>Persons</th></tr>'
        "<tr><td>a</td><td>120</td></tr></table></body></html>")
RECORD = json.dumps({"version": "mia_helpers.disclosure 2", "results": {}})


def _run(folder: Path, stem: str, persons: str = "1", panel: str = "p",
         settings: dict | None = None, **params) -> Path:
    """A finished chapter run folder on an extract whose persons register hashes to
    ``persons`` (as tests/test_user38_extract_parameters.py builds them), its parameters
    ``params`` beside the common window and threshold."""
    folder.mkdir(parents=True)
    (folder / f"{stem}.html").write_text(PAGE)
    files = {f: {"sha256": "a" * 64} for f in ec.REGISTER_FILES}
    files["persons.parquet"] = {"sha256": persons * 64}
    used = {"data_dir": "extract", "window_start": "2005Q1", "window_end": "2019Q4",
            "min_cell": 10, **params}
    man = {"manifest_version": 1, "parameters": used,
           "data": {"data_dir": "extract", "files": files, "fingerprint": panel * 64},
           "inputs": {f"/x/notebooks/{stem}.md": {"sha256": "0"}},
           # the runner's hash of its page (dpo47: without it, the page is refused)
           "outputs": {f"{stem}.html": {"sha256": hashlib.sha256(PAGE.encode()).hexdigest()}}}
    if settings:
        man["settings"] = settings
    (folder / "manifest.json").write_text(json.dumps(man))
    (folder / "disclosure_record.json").write_text(RECORD)
    return folder


def _found(root: Path, min_cell: int = 10, **kw) -> list[ec.Finding]:
    return [f for f in scan(root, min_cell=min_cell, **kw).findings
            if f.rule == "extract_parameter_variation"]


CH1, CH2, CH4, CH5, CH6, CHA = ("01_panel_construction", "02_school_leaver_entry",
                                "04_activation_effects", "05_newcomer_integration",
                                "06_conclusions", "A_matching_method")


# ---- 1. shared parameters across chapters on one extract ------------------------------------
def test_another_caliper_in_chapters_4_and_5_is_refused(tmp_path):
    _run(tmp_path / "ch4", CH4, caliper=0.1, k=3)
    _run(tmp_path / "ch5", CH5, caliper=0.3, k=3)
    (found,) = _found(tmp_path)
    assert found.file == str(Path("ch5") / "manifest.json")  # ties: the first run is kept
    d = found.detail
    assert "another caliper" in d and "0.1 in 04_activation_effects" in d
    assert "0.3 here in 05_newcomer_integration" in d and str(Path("ch4") / "manifest.json") in d
    assert "matched starters" in d and "-p caliper 0.1" in d and "leave this run out" in d


def test_the_value_most_runs_share_is_kept(tmp_path):
    _run(tmp_path / "a", CH4, caliper=0.3)
    _run(tmp_path / "b", CH5, caliper=0.2)
    _run(tmp_path / "c", CH6, caliper=0.2)
    (found,) = _found(tmp_path)
    assert found.file == str(Path("a") / "manifest.json")
    assert "-p caliper 0.2" in found.detail


@pytest.mark.parametrize("name,kept,other,remedy", [
    ("k", 3, 5, "-p k 3"),
    ("max_quarter", 12, 8, "-p max_quarter 12"),
    ("estimand", "now_vs_later", "now_vs_never", "-p estimand now_vs_later"),
])
def test_other_shared_parameters_are_refused(tmp_path, name, kept, other, remedy):
    _run(tmp_path / "ch4", CH4, **{name: kept})
    _run(tmp_path / "ch5", CH5, **{name: other})
    (found,) = _found(tmp_path)
    assert f"another {name} " in found.detail and remedy in found.detail
    assert ec.SHARED_PARAMETERS[name] in found.detail  # what it changes


def test_stable_quarters_agree_when_chapter_1_compares_the_definition(tmp_path):
    _run(tmp_path / "ok" / "ch1", CH1, stable_quarters=[4, 8])
    _run(tmp_path / "ok" / "ch2", CH2, stable_quarters=4)
    _run(tmp_path / "ok" / "ch6", CH6, stable_quarters=4)
    assert _found(tmp_path / "ok") == []
    # chapter 2 at 8 agrees with chapter 1's [4, 8] but not with chapter 6 at 4
    _run(tmp_path / "bad" / "ch1", CH1, stable_quarters=[4, 8])
    _run(tmp_path / "bad" / "ch2", CH2, stable_quarters=8)
    _run(tmp_path / "bad" / "ch6", CH6, stable_quarters=4)
    (found,) = _found(tmp_path / "bad")
    assert found.file == str(Path("ch6") / "manifest.json")
    assert "stable_quarters: 8 in 02_school_leaver_entry" in found.detail
    assert "-p stable_quarters 8" in found.detail


def test_a_definition_chapter_1_does_not_compare_is_refused(tmp_path):
    _run(tmp_path / "ch1", CH1, stable_quarters=[4, 8])
    _run(tmp_path / "ch2", CH2, stable_quarters=6)
    (found,) = _found(tmp_path)
    assert found.file == str(Path("ch2") / "manifest.json")
    assert "-p stable_quarters 4 (or another of [4, 8])" in found.detail


def test_shared_parameters_that_change_no_published_cell_pass(tmp_path):
    from mia_helpers.chapters import FIXED_SETTINGS  # as the runner writes them (xcheck43)

    _run(tmp_path / "ch2", CH2, link="cloglog", blocks=["individual"], level=0.9, seed=1)
    _run(tmp_path / "ch6", CH6, link="logit", blocks=["individual", "household"], level=0.95,
         seed=2, interval="bootstrap", bootstrap=99, settings=FIXED_SETTINGS["conclusions"])
    _run(tmp_path / "ch4", CH4, measures=["training_basic"], interval="linearized",
         bootstrap=0)
    _run(tmp_path / "ch5", CH5, measures=["training_vocational"], seed=7)
    assert scan(tmp_path, min_cell=10).ok


def test_other_extracts_and_chapters_without_the_parameter_are_not_compared(tmp_path):
    _run(tmp_path / "ch4", CH4, persons="1", caliper=0.1)
    _run(tmp_path / "ch5", CH5, persons="2", caliper=0.3)  # another extract: data_variation's
    _run(tmp_path / "ch1", CH1, persons="1")  # has no caliper
    assert _found(tmp_path) == []


def test_one_chapter_on_the_same_data_is_reported_once(tmp_path):
    _run(tmp_path / "a", CH4, caliper=0.2)
    _run(tmp_path / "b", CH4, caliper=0.1)
    found = [f.rule for f in scan(tmp_path, min_cell=10).findings if "variation" in f.rule]
    assert found == ["parameter_variation"]


def test_appendix_a_is_compared_by_the_settings_its_manifest_records(tmp_path):
    # Appendix A has no caliper parameter: it matches at chapter 4's default, 0.2
    _run(tmp_path / "a", CHA, settings={"caliper": 0.2, "k": 3})
    _run(tmp_path / "ch4", CH4, caliper=0.05, k=3)
    (found,) = _found(tmp_path)
    assert found.file == str(Path("ch4") / "manifest.json")
    assert "caliper: 0.2 in A_matching_method" in found.detail
    assert "0.05 here in 04_activation_effects" in found.detail
    # refused itself, Appendix A cannot take -p caliper: the remedy moves the others
    _run(tmp_path / "b" / "a", CHA, settings={"caliper": 0.2})
    _run(tmp_path / "b" / "ch4", CH4, caliper=0.05)
    _run(tmp_path / "b" / "ch5", CH5, caliper=0.05)
    (found,) = _found(tmp_path / "b")
    assert found.file == str(Path("a") / "manifest.json")
    # both runs to move named at once (xmsg40: only chapter 4 was, so chapter 5 stayed at 0.05)
    assert ("-p caliper 0.2 for 04_activation_effects and 05_newcomer_integration, since "
            "A_matching_method has no caliper parameter") in found.detail


def test_a_run_against_a_released_run_of_another_chapter(tmp_path):
    _run(tmp_path / "released" / "ch4", CH4, caliper=0.2)
    _run(tmp_path / "new" / "ch5", CH5, caliper=0.3)
    assert scan(tmp_path / "new", min_cell=10).ok  # alone it passes
    (found,) = _found(tmp_path / "new", released=[tmp_path / "released"])
    assert "the released run" in found.detail and "-p caliper 0.2" in found.detail
    _run(tmp_path / "again" / "ch5", CH5, caliper=0.2)
    assert scan(tmp_path / "again", min_cell=10, released=[tmp_path / "released"]).ok


def _chapter_parameters() -> dict[str, dict[str, object]]:
    from mia_helpers.chapters import CHAPTERS, read_parameters

    return {short: {n: p.default for n, p in read_parameters(ROOT / "notebooks" / f).items()}
            for short, f in CHAPTERS.items()}


def test_every_shared_parameter_is_compared_or_said_why_not():
    chapters: dict[str, list[str]] = defaultdict(list)
    for short, params in _chapter_parameters().items():
        for name in params:
            chapters[name].append(short)
    from mia_helpers.chapters import FIXED_SETTINGS  # a value another chapter fixes (review40)

    for short, fixed in FIXED_SETTINGS.items():
        for name in fixed:
            if short not in chapters[name]:
                chapters[name].append(short)
    shared = {n for n, c in chapters.items() if len(c) >= 2}
    decided = [set(ec.EXTRACT_PARAMETERS), set(ec.SHARED_PARAMETERS), set(ec.NOT_COMPARED)]
    assert shared - set().union(*decided) == set()  # a new shared name must be decided
    assert all(not (a & b) for i, a in enumerate(decided) for b in decided[i + 1:])
    assert set(ec.SHARED_PARAMETERS) <= shared


def test_the_book_at_its_defaults_passes(tmp_path):
    from mia_helpers.chapters import CHAPTERS, FIXED_SETTINGS

    for short, params in _chapter_parameters().items():
        if short == "heart_transplant":  # public data, no registers: never on an extract
            continue
        stem = Path(CHAPTERS[short]).stem
        _run(tmp_path / short, stem, settings=FIXED_SETTINGS.get(short), **params)
    assert _found(tmp_path) == []


def test_the_fixed_settings_are_the_functions_defaults():
    from mia_helpers.chapters import FIXED_SETTINGS
    from mia_helpers.conclusions import effect_rows
    from mia_helpers.effects import activation_effects

    defaults = {n: p.default for n, p in inspect.signature(activation_effects).parameters.items()}
    a = FIXED_SETTINGS["matching_method"]
    assert {n: a[n] for n in ("caliper", "k", "max_quarter")} == {
        n: defaults[n] for n in ("caliper", "k", "max_quarter")}
    text = (ROOT / "notebooks" / "A_matching_method.md").read_text(encoding="utf-8")
    assert 'tidy.estimand == "now_vs_later"' in text and "caliper=caliper" not in text
    rows = inspect.signature(effect_rows).parameters["estimand"].default
    assert FIXED_SETTINGS["conclusions"] == {"estimand": rows, "max_age": None,
                                             "arrival_quarters": None,
                                             "residence_grounds": None,  # review40
                                             "measures": None,  # dpo40
                                             "grouping": "codes"}  # xcheck43
    six = (ROOT / "notebooks" / "06_conclusions.md").read_text(encoding="utf-8")
    assert "estimand=" not in six.split("cc.effect_rows(", 1)[1].split("\n\n", 1)[0]


def test_the_manifest_records_the_settings(tmp_path):
    from mia_helpers.manifest import write_manifest

    with_them = json.loads(write_manifest(tmp_path / "a", {"k": 3}, None, 0.0, 1.0,
                                          settings={"caliper": 0.2}).read_text())
    assert with_them["settings"] == {"caliper": 0.2} and with_them["parameters"] == {"k": 3}
    assert "settings" not in json.loads(write_manifest(tmp_path / "b", {}, None, 0.0,
                                                       1.0).read_text())


def test_the_rule_is_documented():
    for page in ("README.md", "book/disclosure.md"):
        text = " ".join((ROOT / page).read_text(encoding="utf-8").split())
        # the paragraph of the rule names what is compared and what passes, and why
        at = text.index("at `caliper` 0.1 and chapter 5 at 0.3")
        para = text[at - 1000:at + 1500]
        for name in (*ec.SHARED_PARAMETERS, *ec.NOT_COMPARED):
            assert f"`{name}`" in para, (page, name)
        assert "person-periods | 3" in text, page
    doc = ec._shared_parameter_variation.__doc__
    assert all(f"``{n}``" in doc for n in (*ec.SHARED_PARAMETERS, *ec.NOT_COMPARED))


# ---- 2. a model table's person-periods row --------------------------------------------------
def _nested(periods: str, dof: str = "1,220") -> str:
    """A hand-made nested-model table as chapter 2 glues it (a MyST table of groups, then the
    models' footer rows)."""
    return ("::::{table} Nested hazard models.\n:name: tbl-leavers-nested-stable\n\n"
            "| Origin x generation | Persons | Events | M0 | M1 |\n"
            "|:---|---:|---:|---:|---:|\n"
            "| Maghreb (first generation) | 120 | 80 | 0.85 [0.70, 1.03] | 0.90 [0.74, 1.10] |\n"
            "| log-likelihood |  |  | -1234.5 | -3.2 |\n"
            "| terms |  |  | 9 | 14 |\n"
            "| not identified (reason) |  |  | - | - |\n"
            f"| person-periods |  |  | 1,234 | {periods} |\n"
            f"| residual dof |  |  | 1,220 | {dof} |\n::::\n")


def _small(text: str) -> list[tuple[str, str]]:
    (table,), _ = markdown_tables(text)
    return [f for f in check_table(table, min_cell=10) if f[0] == "small_count"]


def test_a_small_count_of_person_periods_is_refused():
    (found,) = _small(_nested("3", "<10"))
    assert "row 'person-periods'" in found[1] and "'M1'" in found[1]
    assert "person-periods in (0, 10)" in found[1] and "<10" in found[1]


@pytest.mark.parametrize("periods", ["<10", "10", "1,234", "0", "3.5", "x"])
def test_a_marker_or_a_count_of_min_cell_passes(periods):
    assert _small(_nested(periods, "<10")) == []


def test_the_row_is_read_in_a_checked_folder_and_a_csv(tmp_path):
    (tmp_path / "models.md").write_text(_nested("4", "<10"), encoding="utf-8")
    pd.DataFrame({"model": ["person-periods", "log-likelihood"], "M0": [1234, -3.5],
                  "M1": [2, -1.0]}).to_csv(tmp_path / "fit.csv", index=False)
    found = {(f.file, f.rule) for f in scan(tmp_path, min_cell=10).findings
             if "person-periods" in f.detail}
    assert found == {("models.md", "small_count"), ("fit.csv", "small_count")}


def test_chapter_2_marks_the_row_the_check_now_reads():
    from mia_helpers.hazard import _small_fit_size

    assert _small_fit_size(3, 0, 10) == ("<10", "<10")
    # a model column (its log-likelihood no whole number: only the row tells it counts)
    rows = ["Maghreb (first generation)", "log-likelihood", "person-periods"]
    marked = pd.DataFrame({"M1": ["0.90 [0.74, 1.10]", "-3.2", _small_fit_size(3, 0, 10)[0]]},
                          index=rows)
    assert check_table(marked, min_cell=10) == []
    shown = pd.DataFrame({"M1": ["0.90 [0.74, 1.10]", "-3.2", "3"]}, index=rows)
    assert [r for r, _ in check_table(shown, min_cell=10)] == ["small_count"]


def test_the_runner_writes_the_fixed_settings_into_the_manifest(tmp_path):
    # a tiny stand-in for Appendix A (as tests/test_chapters.py runs one): its manifest
    # records the matching settings the appendix uses without parameters
    from notebook_text import MYST_HEADER

    from mia_helpers.chapters import CHAPTERS, FIXED_SETTINGS
    from mia_helpers.cli import main

    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / CHAPTERS["matching_method"]).write_text(
        f"{MYST_HEADER}\n# A tiny chapter\n\n## Overview\n\nParameters below.\n\n"
        "```{code-cell} python\n:tags: [parameters]\n\nn = 2  # a number\n```\n\n"
        "## Analysis\n\nOne cell.\n\n```{code-cell} python\nprint(n)\n```\n")
    out = tmp_path / "run"
    assert main(["chapter", "A_matching_method", "--notebooks", str(folder), "--out",
                 str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["settings"] == FIXED_SETTINGS["matching_method"]
    assert manifest["parameters"] == {"n": 2}
