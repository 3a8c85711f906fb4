"""A small cell's sex is not published by chapter 2's models by sex (sex36).

A new-user test (300 residents, ``min_cell`` 10) found that the one Eastern EU
intermediate-generation school leaver was a man: the risk-set table hid the cell as ``<10``,
but the women's models dropped its term "no variation (zero in every row)", which (1) the
warnings under the by-sex cell printed, (2) the sentence ``ch2_sex_dropped`` named ("for
women, both events") and (3) the gap table showed as "–" (not estimable) instead of the
hidden marker. Each says that every person of a cell of fewer than ``min_cell`` persons is a
man. A cell without women among ``min_cell`` or more persons keeps its honest flag.

Data: a hand-made person-quarter panel (no tolerance: the checks are on text and markers).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims, disclosure
from mia_helpers import hazard as hz
from mia_helpers import subgroups as sg

MIN_CELL = 10
SMALL = "eastern_eu:intermediate"  # 1 man, no woman: pooled 1 < MIN_CELL
LARGE = "turkish:second"  # 15 men, no woman: pooled 15 >= MIN_CELL


def _periods(event_rate: float, seed: int) -> pd.DataFrame:
    """Person-quarters (u = 0..5 until the event) of natives and Maghrebi second generation
    of both sexes, the SMALL cell's one man and the LARGE cell's 15 men, with the household
    covariates."""
    rng = np.random.default_rng(seed)
    people = ([("belgian:native", s) for s in ("female", "male") for _ in range(80)]
              + [("maghreb:second", s) for s in ("female", "male") for _ in range(40)]
              + [(SMALL, "male")] + [(LARGE, "male")] * 15)
    rows = []
    for pid, (g, s) in enumerate(people):
        couple, children = int(rng.random() < 0.4), int(rng.random() < 0.3)
        for u in range(6):
            ev = int(rng.random() < event_rate)
            rows.append((pid, u, ev, g, s, couple, children, int(children and s == "female")))
            if ev:
                break
    d = pd.DataFrame(rows, columns=["person_id", "u", "event", hz.KEY, "sex", "couple",
                                    "has_children", "female_with_children"])
    d[hz.KEY] = pd.Categorical(d[hz.KEY], categories=hz.origin_generation_levels())
    return d


def small_cell_fit() -> tuple[dict[str, pd.DataFrame], dict]:
    """(periods, fit_by_sex of them with the household block), warnings silenced: the input
    of the KHB tests on these cells (test_dpo37_khb_zero_marker, test_user46_ledger_complement;
    rev46: written in each before)."""
    periods = {"job": _periods(0.3, 1), "stable": _periods(0.15, 2)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return periods, sg.fit_by_sex(periods, ["household"])


@pytest.fixture(scope="module")
def fitted():
    periods = {"job": _periods(0.3, 1), "stable": _periods(0.15, 2)}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        by_sex = sg.fit_by_sex(periods, ["household"])  # min_cell 10, as MIN_CELL
    # the warnings as a chapter prints them (disclosure.protect_warnings)
    printed = "\n".join(disclosure.plain_warning(disclosure.redact_small_counts(
        disclosure.withhold_separation_counts(str(w.message)), MIN_CELL), w.category)
        for w in caught)
    return by_sex, printed


def test_the_gap_table_hides_the_small_cell_without_women(fitted):
    by_sex, _ = fitted
    shown = sg.gap_display(sg.gap_table(by_sex, min_cell=MIN_CELL), ["M0", "M1"])
    row = shown[shown["group"] == SMALL]
    assert len(row) == 2  # both events
    for col in ("Women, M0", "Women, M1"):
        assert (row[col] == disclosure.DEFAULT_VALUE_MARKER).all(), row
    # a cell without women among MIN_CELL or more persons keeps "–" (not estimable)
    large = shown[shown["group"] == LARGE]
    assert (large["Women, M0"] == "–").all(), large


def test_the_sentence_does_not_name_the_small_cell(fitted):
    by_sex, _ = fitted
    s = claims.sex_dropped_terms_sentence(by_sex, {"job": {}, "stable": {}})
    assert "Eastern EU (intermediate" not in s and SMALL not in s, s
    assert "Turkish (second" in s, s  # the honest flag of the large cell
    assert "not named" in s, s  # says that terms of small cells are withheld


def test_the_printed_warnings_do_not_name_the_small_cell(fitted):
    _, printed = fitted
    assert f"{hz.KEY}[{SMALL}]" not in printed, printed
    assert f"{hz.KEY}[{LARGE}]" in printed, printed  # the large cell is still named
    assert sg.withheld_note(MIN_CELL) in printed, printed
