"""pct36: the sentences the package builds and the notebooks glue into their prose write
"per cent", as the typed prose does (tests/test_reader34_per_cent.py scans the pages, but a
glued value is only a role there, ``{glue:text}`x```, so a "42 %" inside it was never read).

Each builder that prints a share is called on the small inputs of the claim tests
(tests/test_claims_sentences.py, tests/test_conclusions.py, tests/test_typology.py,
tests/test_subgroups.py, tests/test_teach32_estimands_reason.py) and its string scanned with the
pages' rule (:data:`prose_scan.PER_CENT_RULE`). A "%" stays in tables, column headers, axis
labels and code-cell captions (the findings table's "30 % [18 %, 43 %]" is checked to keep it,
so the test tells the prose form from the table form)."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from prose_scan import PER_CENT_RULE

from mia_helpers import claims, exercise_answers
from mia_helpers import conclusions as cc
from mia_helpers import subgroups as sg
from mia_helpers import typology as ty

ROOT = Path(__file__).resolve().parents[1]


def _support(rows):
    return pd.DataFrame(rows, columns=["measure", "n_treated", "n_dropped", "dropped_pct"])


def _findings():
    """tests/test_conclusions.py's rows: every finding estimated, with a generator value."""
    rows = {f.key: {"estimate": 1.0, "ci_low": 0.5, "ci_high": 2.0, "n_persons": 100,
                    "truth": 1.1} for f in cc.STUDY_FINDINGS}
    rows["ibo_residents_q5"] = {"estimate": 30.0, "ci_low": 18.0, "ci_high": 43.0,
                                "n_persons": 100, "truth": 17.0}  # the interval misses it
    return cc.findings_table(rows, synthetic=True)


def _periods(rate, n=400, quarters=4):
    return pd.DataFrame([{"u": u, "event": int(i < rate * n)} for u in range(quarters)
                         for i in range(n)])


def _sentences() -> dict[str, str]:
    two = _support([["workplace_learning_ibo", 508, 75, 14.8],
                    ["training_basic", 406, 122, 30.0]])
    naive = pd.DataFrame({"measure": ["training_basic"] * 2 + ["vacancy_referral_automatic"] * 2,
                          "estimator": ["naive"] * 4, "coverage": [0.254, 0.575, 0.675, 0.95]})
    never = pd.DataFrame({"horizon": [4, 13, 26, 52], "n_treated": 200,
                          "unsupported_share": [0.0, 0.3, 0.6, 0.7],
                          "point_identified": [True, False, False, False]})
    diffs = pd.DataFrame({"event": ["stable", "stable", "job", "job"],
                          "model": ["M0", "M3", "M0", "M3"], "mean": [-0.2, -0.1, 0.05, 0.01],
                          "ci_low": [-0.4, -0.3, -0.1, -0.2],
                          "ci_high": [0.0, 0.1, 0.2, 0.2], "n_cells": [8, 8, 2, 2]})
    intake = pd.DataFrame({"ideal_type": ["autonomous", "needs_direction", "needs_competences",
                                          "needs_both"] * 2,
                           "outcome": ["training_basic"] * 4 + ["workplace_learning_ibo"] * 4,
                           "pct": [5.0, 6.0, 20.0, 22.0, 10.0, 9.0, 3.0, 4.0]})
    ticks = pd.DataFrame({"outcome": ["a", "a", "c"], "pct": [10.0, 30.0, 5.0],
                          "true_pct": [11.0, 20.0, 5.0], "se_pct": [1.0, 2.0, 0.5]})
    out = {
        "percent_text": claims.percent_text(0.42),
        "later_share_phrase": claims.later_share_phrase(0.59, (40, 30), 10),
        "estimate_phrase": claims.estimate_phrase(-5.3, -11.4, 7.5, 10, "percentage points",
                                                  level_pct=95),
        "band_description": claims.band_description(0.95, 50),
        "dropped_sentence": claims.dropped_sentence(two),
        "dropped_sentence_one": claims.dropped_sentence(two.iloc[:1]),
        "bias_truth_note": claims.bias_truth_note(two),
        "khb_share_sentence": claims.khb_share_sentence(34.4, 12.0),
        "naive_coverage_sentence": claims.naive_coverage_sentence(naive),
        "never_support_sentence": claims.never_support_sentence(never, [4, 13, 52]),
        "generation_sentence": claims.generation_sentence(14.6, 24.8, 61.3, 100.0),
        "employment_sentence": claims.employment_sentence(
            pd.Series({"belgian": 0.5, "maghreb": 0.3})),
        "profile_pairs_sentence": claims.profile_pairs_sentence(
            [(60.0, 40.0, "are of Belgian origin"), (20.0, 30.0, "have no or basic Dutch")]),
        "early_inflow_sentence": claims.early_inflow_sentence(75.8, 3, 4),
        "horizon_share_sentence": claims.horizon_share_sentence(
            "workplace_learning_ibo", 8, 3.1, 1.0, 2.0, 5.0),
        "hazard_size_sentence": claims.hazard_size_sentence(
            {"job": _periods(0.05), "stable": _periods(0.25)}, 10),
        "intake_sentence": ty.intake_sentence(intake),
        "ticks_sentence": ty.ticks_sentence(ticks, level=0.95),
        "typology.recovery_sentence": ty.recovery_sentence(
            {"agreement": 0.8, "kappa": 0.6, "r2_self_reliance": 0.55,
             "r2_self_direction": 0.003, "four_type_ceiling": 0.452}),
        "sex_difference_sentence": sg.sex_difference_sentence(diffs, 0.9, "M3"),
        "estimands_reason_sentence": exercise_answers.estimands_reason_sentence(
            {"workplace_learning_ibo": (0.12, 40, 300), "training_basic": (0.31, 5, 200)},
            12, 10),
    }
    texts = cc.glue_texts(_findings(), {"ibo_newcomers_q4": 40.6})
    out |= {f"conclusions.glue_texts[{k}]": v for k, v in texts.items()}
    return out


SENTENCES = _sentences()


@pytest.mark.parametrize("name", sorted(SENTENCES))
def test_generated_sentence_writes_per_cent(name: str) -> None:
    text = SENTENCES[name]
    found = PER_CENT_RULE.search(text)
    assert not found, f"{name}: write 'per cent' in a sentence: {text!r}"


def test_the_sentences_print_their_shares() -> None:
    """The scan above must not pass on sentences that print no share at all: the inputs make
    each of these state one, now in words."""
    for name, words in [("percent_text", "42 per cent"), ("later_share_phrase", "59 per cent"),
                        ("estimate_phrase", "(95 per cent interval -11.4 to 7.5)"),
                        ("dropped_sentence", "(30.0 per cent); for IBO it is 14.8 per cent"),
                        ("bias_truth_note", "14.8-30.0 per cent of a measure's starters"),
                        ("typology.recovery_sentence", "80 per cent of the spells"),
                        ("sex_difference_sentence", "(interval at 90 per cent: -0.40 to 0.00)"),
                        ("conclusions.glue_texts[ibo_residents_q5]",
                         "30 per cent (18 per cent to 43 per cent)"),
                        ("conclusions.glue_texts[ibo_newcomers_q4_truth]",
                         "matching dropped 40.6 per cent for lack")]:
        assert words in SENTENCES[name], (name, SENTENCES[name])
    assert sum("per cent" in t for t in SENTENCES.values()) >= 20


def test_tables_keep_the_percent_sign() -> None:
    """The findings table beside the prose keeps "%" (a table, not a sentence), so the prose
    form above is a choice of :func:`conclusions.glue_texts`, not of the number's format."""
    numbers, _ = cc.findings_display(_findings(), 0.95)
    row = numbers.set_index("finding").loc[claims.label("ibo_residents_q5")]
    assert row["estimate [95 % interval]"] == "30 % [18 %, 43 %]"


_GLUE_LITERAL = re.compile(r"""glue\(\s*["']([\w-]+)["']\s*,\s*(f?(?:"[^"\n]*"|'[^'\n]*'))""")


def glued_percent_literals(page: str) -> list[tuple[str, str]]:
    """(key, literal) of each ``glue("key", "...")`` in ``page`` whose string literal writes
    "%" or "percent" and whose key the prose pastes as text (``{glue:text}`key```): a value
    typed in a code cell, not built by the package, so the builders' scan above misses it
    (chapter 6 glued "95 %" as ``ch6_level``)."""
    text_keys = set(re.findall(r"\{glue:text\}`([\w-]+)", page))
    def writes_percent(lit: str) -> bool:  # typed, or a format spec such as {x:.1%}
        return bool(PER_CENT_RULE.search(re.sub(r"\{[^{}]*\}", " ", lit))
                    or re.search(r"\{[^{}]*:[^{}]*%\}", lit))

    return [(k, lit) for k, lit in _GLUE_LITERAL.findall(page)
            if k in text_keys and writes_percent(lit)]


def test_glued_literal_scan_catches_and_spares() -> None:
    page = ('glue("a", f"{100 * level:g} %", display=False)\n'
            'glue("b", f"{x:.0f} per cent")\nglue("c", "share (%)")\n'
            'glue("d", f"{x:.1%}")\n'
            "At {glue:text}`a`, {glue:text}`b`, {glue:text}`d`; {glue:figure}`c`.\n")
    # "c" is a figure's, not pasted as text; "d" prints "%" through its format spec
    assert glued_percent_literals(page) == [("a", 'f"{100 * level:g} %"'), ("d", 'f"{x:.1%}"')]


@pytest.mark.parametrize("page", sorted(ROOT.glob("notebooks/*.md")), ids=lambda p: p.name)
def test_notebooks_glue_no_typed_percent_into_prose(page) -> None:
    found = glued_percent_literals(page.read_text(encoding="utf-8"))
    assert not found, f"{page.name}: glue 'per cent' into the prose, not '%': {found}"
