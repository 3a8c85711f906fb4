"""Chapter 4's summary does not say that naive comparisons in general stay within a point of
the truth where other measures' naive estimates, read apart (their matched estimates speak
for few starters), miss it by more (read28: seed 6262, 4,000 residents, 1,500 newcomers,
min_cell 12: "Naive comparisons stay within 1 point of the truth on average, so selection
biases them little on these data; the naive estimate lies below the truth for Basic training
and Mediation and guidance and above the truth for IBO, ... by more than 1 point")."""
import pandas as pd

from mia_helpers import claims

BT, AA, ST = "training_basic", "application_assignment", "sanction_transmission"


def test_little_named_beside_measures_read_apart() -> None:
    bias = pd.Series({BT: -8.7, AA: 0.4, ST: -0.7})
    _, summary = claims.naive_bias_sentences(bias, "the truth", 1.0,
                                             other_scope={BT: 26.4, AA: 23.0, ST: 21.8})
    assert not summary.startswith("Naive comparisons stay within"), summary
    assert summary.startswith("The naive estimates of Application assignment and Sanction "
                              "transmission stay within 1 point of the truth on average"), summary
    assert "Basic training" in summary, summary


def test_one_little_measure_singular() -> None:
    _, summary = claims.naive_bias_sentences(pd.Series({BT: -8.7, AA: 0.4}), "the truth", 1.0,
                                             other_scope={BT: 26.4, AA: 23.0})
    assert summary.startswith("The naive estimate of Application assignment stays within 1 "
                              "point of the truth on average, so selection biases it little"), (
        summary)


def test_all_little_reads_as_before() -> None:
    _, summary = claims.naive_bias_sentences(pd.Series({AA: 0.4, ST: -0.7}), "the truth", 1.0)
    assert summary == ("Naive comparisons stay within 1 point of the truth on average, so "
                       "selection biases them little on these data")
