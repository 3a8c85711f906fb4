"""At ``min_cell`` 1 the prose and the package's notes state no disclosure bound that can
never apply (cell45): :func:`mia_helpers.disclosure.suppress` hides a count ``n`` only where
``0 < n < min_cell``, so at 1 no count is hidden, and "cells behind fewer than 1 person are
suppressed" or "x: hidden where fewer than 1 person has or lacks the event" described no rule.
The chapters' sentences are glued from :func:`mia_helpers.labels.min_cell_phrases`
(``par_rule_*``, by :func:`~mia_helpers.labels.min_cell_rule`): the sentence from 2 on, at 1
what of it still applies."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims, disclosure, labels

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

#: the prose rules this helper glued, by notebook
PROSE_RULES = {
    "01_panel_construction.md": ("sample_cells", "position_shares"),
    "02_school_leaver_entry.md": ("entry_curves",),
    "03_activation_inflow.md": ("composition_cells", "rrr_cells", "inflow_curves"),
    "05_newcomer_integration.md": ("ground_persons", "newcomer_steps"),
    "C_heart_transplant.md": ("patient_counts", "count_changes", "warning_counts",
                              "followed_patients", "age_groups")}

#: bounds the prose may still glue bare, each because its rule applies at min_cell 1 too
STILL_APPLY = {
    # effect_tables.merge_bins_by_persons merges an empty bin into the next at 1 too (each
    # bar holds at least 1 person)
    ("04_activation_effects.md", "par_min_cell_persons"),
    # heart.published_curves: a control curve's events are weighted deaths, which can fall
    # below 1 between two deaths, so a step is held at 1 too
    ("C_heart_transplant.md", "par_min_cell_more_deaths")}

BOUND = re.compile(r"\b(fewer than|at least|below) 1\b|\b1 (persons|patients|newcomers)\b")


def test_suppress_hides_no_count_at_one():
    """The premise: at 1 the small-count rule hides nothing, zero included; at 2 it hides 1."""
    counts = np.array([0.0, 1.0, 2.0, 5.0])
    assert not disclosure._small(counts, 1).any()
    assert disclosure._small(counts, 2).tolist() == [False, True, False, False]


@pytest.mark.parametrize("min_cell", [1, 2])
def test_prose_rules_at_one_and_two(min_cell):
    p = labels.min_cell_phrases(min_cell)
    names = [n for names in PROSE_RULES.values() for n in names]
    texts = {n: p[f"par_rule_{n}"] for n in names}
    if min_cell == 1:
        assert texts.pop("sample_cells").startswith("A share that takes in every person of its "
                                                    "cell is suppressed")  # applies at any size
        assert set(texts.values()) == {""}, texts
    else:
        assert all(re.search(r"\b2 (persons|patients|newcomers|transplanted)", t)
                   for t in texts.values()), texts
        assert not any(BOUND.search(t) for t in texts.values())
        assert "fewer than 2 patients from the count before it" in texts["count_changes"]
    rules = {k: v for k, v in p.items() if k.startswith("par_rule_")}
    assert not any(BOUND.search(t) for t in rules.values()), rules


@pytest.mark.parametrize("min_cell", [1, 2])
def test_package_notes_at_one_and_two(min_cell):
    one = min_cell == 1
    risk = claims.risk_table_hidden(min_cell)
    assert risk == "" if one else risk.startswith("; x: hidden where fewer than 2 persons have")
    nested = claims.nested_hidden_note(min_cell)
    assert nested.endswith("its model has fewer than 10 residual degrees of freedom"), nested
    assert (nested == "x: a ratio hidden where its model has fewer than 10 residual degrees of "
            "freedom") == one, nested
    x, dash = disclosure.DEFAULT_VALUE_MARKER, "–"
    sex = claims.sex_gap_hidden_note(pd.DataFrame({"a": [x, dash]}), min_cell)
    assert sex.startswith(f" {x}: hidden where " + (
        "that sex's model" if one else "fewer than 2 persons of the cell and sex are")), sex
    assert sex.endswith("–: a term that sex's model cannot estimate.")
    for text in (risk, nested, sex):
        assert not BOUND.search(text), text


def _prose(path: Path) -> str:
    """The notebook's text outside its code cells."""
    return re.sub(r"```\{code-cell\}.*?```", "", path.read_text(), flags=re.S)


def test_notebooks_glue_no_bare_bound_outside_the_rules():
    """The prose names a bound only inside a ``par_rule_*`` glue, or where its rule acts at 1
    too (:data:`STILL_APPLY`); a bare ``par_fewer_*`` / ``par_min_cell*`` glue would read
    "fewer than 1 person" at 1."""
    bare = {(p.name, g) for p in sorted(NOTEBOOKS.glob("*.md"))
            for g in re.findall(r"\{glue:text\}`(par_fewer_\w+|par_min_cell\w*)`", _prose(p))}
    assert bare == STILL_APPLY, bare
    known = set(labels.min_cell_phrases(10))
    for name, rules in PROSE_RULES.items():
        used = set(re.findall(r"\{glue:text\}`(par_rule_\w+)`", _prose(NOTEBOOKS / name)))
        assert {f"par_rule_{r}" for r in rules} <= used <= known, (name, used)
    assert not re.search(r"fewer\s+than\s+\{glue", "".join(
        _prose(p) for p in NOTEBOOKS.glob("*.md")))


@pytest.mark.parametrize("measures, want", [
    (["training_basic"], "basic training, the one measure run, has no direct link to employers"),
    (["training_basic", "mediation_guidance"],
     "none of the measures run has a direct link to employers"),
    (None, "none of the measures run has a direct link to employers")])
def test_no_direct_link_worded_for_one_measure_or_several(measures, want):
    """ "None of the measures run has a direct link" read oddly for a run of one (cell45)."""
    from mia_helpers.origin_effects import GROUP_COLUMNS, origin_table

    assert claims.no_direct_link(measures) == want
    empty = pd.DataFrame(columns=[*GROUP_COLUMNS, "true_att_pp"])
    scope = claims.origin_claims(empty, [], measures=measures)["eff_origin_scope"]
    assert scope.startswith(want[0].upper() + want[1:] + " (IBO, "), scope
    assert origin_table(empty, (4, 8))["measure"].tolist() == [
        "(none of the measures run has a direct link to employers)"]
    assert origin_table(empty, (4, 8), note=f"({want})")["measure"].tolist() == [f"({want})"]


def test_no_direct_link_refuses_a_direct_link_measure():
    with pytest.raises(ValueError, match="have a direct link to employers"):
        claims.no_direct_link(["training_basic", "workplace_learning_ibo"])


def test_chapter_4_passes_its_measures():
    text = (NOTEBOOKS / "04_activation_effects.md").read_text()
    assert "claims.origin_claims(by_origin, direct, min_cell=min_cell, measures=measures" in text
    assert text.count("claims.origin_empty_reason(direct, measures)") == 2
    assert "No direct-link measure among the measures run" not in text
