"""Claims found false or misleading on seed 7272 (trial 15), each fed a small crafted table."""

import pandas as pd

from mia_helpers import claims


def _support(rows):
    return pd.DataFrame(rows, columns=["measure", "n_treated", "n_dropped", "dropped_pct"])


def test_dropped_sentence_names_every_measure_whose_published_share_ties_the_largest():
    """Seed 7272, chapter 4: Basic training 207 of 2,664 (7.77 %) and Sanction transmission 107
    of 1,369 (7.82 %) both print 7.8 %; the sentence said "largest for Basic training", the
    first in the table's order, although Sanction transmission's share is the larger."""
    table = _support([["training_basic", 2664, 207, 7.8],
                      ["workplace_learning_ibo", 3276, 70, 2.1],
                      ["sanction_transmission", 1369, 107, 7.8]])
    text = claims.dropped_sentence(table)
    assert text == (
        "the share of starters without a statistical twin is largest, 7.8 % at the table's "
        "precision, for Sanction transmission (107 of its 1,369 starters) and Basic training "
        "(207 of its 2,664 starters); for IBO it is 2.1 %")
    # no tie at the published precision: the largest unrounded share is named alone
    table.loc[2, ["n_dropped", "dropped_pct"]] = [150, 11.0]
    assert claims.dropped_sentence(table).startswith(
        "the share of starters without a statistical twin is largest for Sanction "
        "transmission: 150 of its 1,369 starters (11.0 %); for the other measures shown it is "
        "7.8 % or less")
