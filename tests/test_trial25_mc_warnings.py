"""Appendix A counts the Monte Carlo's recorded warnings per estimation, not per data set,
when several measures are studied on the same data sets (trial25: "The model fits of all 60
data sets raised warnings" after "we generate 20 independent data sets", for three
measures)."""

from pathlib import Path

import pytest

from mia_helpers import claims

ROOT = Path(__file__).resolve().parent.parent


def test_three_measures_on_twenty_data_sets():
    s = claims.montecarlo_recorded_warnings_sentence((60, 60, 111), measures=3)
    assert s.startswith("The model fits of all 60 estimations (3 measures on each of the 20 "
                        "data sets) raised warnings (111 in all)"), s
    assert "60 data sets" not in s
    some = claims.montecarlo_recorded_warnings_sentence((7, 600, 9), measures=3)
    assert some.startswith("The model fits of 7 of the 600 estimations (3 measures on each of "
                           "the 200 data sets)"), some
    none = claims.montecarlo_recorded_warnings_sentence((0, 600, 0), measures=3)
    assert none.startswith("None of the model fits of the 600 estimations (3 measures on each "
                           "of the 200 data sets)"), none


def test_one_measure_reads_as_before():
    assert claims.montecarlo_recorded_warnings_sentence((40, 40, 170)).startswith(
        "The model fits of all 40 data sets raised warnings (170 in all)")


def test_measures_must_divide_the_estimations():
    for bad in (0, 7):
        with pytest.raises(ValueError, match="measures"):
            claims.montecarlo_recorded_warnings_sentence((60, 60, 111), measures=bad)


def test_appendix_a_passes_its_measures():
    text = (ROOT / "notebooks" / "A_matching_method.md").read_text()
    assert "warning_counts(mc), measures=len(mc_measures)" in text
