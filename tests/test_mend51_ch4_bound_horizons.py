"""mend51: chapter 5 states the horizons over which its clipped "now versus never" bounds are
judged (claims51: :func:`mia_helpers.effect_tables.bound_horizons`, ``horizons=`` of
:func:`mia_helpers.claims.never_bounds_sentence`, :func:`mia_helpers.plots.figure_bounds_note`
and :func:`mia_helpers.labels.bounds_note`); chapter 4 called the same three without
``horizons``, so its sentence, figure caption and table caption did not state them. Its
curves (:func:`mia_helpers.effect_tables.published_curves`) and summary table judge a bound
per measure and estimand along the matched quarters of the estimand drawn, which is
``bound_horizons`` of the estimand's rows. The texts themselves are tested in
``tests/test_claims51_bound_horizons.py``; here, that chapter 4 passes them."""

from __future__ import annotations

import re
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_activation_effects.md"


def test_chapter_4_states_the_horizons_its_bounds_are_judged_over():
    text = re.sub(r"\s+", " ", NOTEBOOK.read_text())
    assert "bounds_at = bound_horizons(tidy[tidy.estimand == estimand])" in text
    for call in (r"claims\.never_bounds_sentence\(tidy, [^#]*?horizons=bounds_at\)",
                 r"plots\.figure_bounds_note\(curves, bounds_at\)",
                 r"labels\.bounds_note\(summary, bounds_at\)"):
        assert re.search(call, text), call
