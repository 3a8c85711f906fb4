"""Chapter 3's data-dependent sentences that read wrong on seed 8383 with the window 2007Q1 to
2015Q4 (5,000 residents, 2,500 newcomers)."""
import pandas as pd

from mia_helpers import claims

DIRECT = ("training_vocational", "workplace_learning_ibo", "workplace_learning_other")


def _rrr(rows):
    return pd.DataFrame(rows, columns=["origin_generation", "outcome", "rrr", "rrr_low",
                                       "rrr_high"])


def test_rrr_sentence_states_its_scope_and_the_cells_it_leaves_out():
    # seed 8383: five cells had every direct-link interval shown, all "not distinguishable";
    # the sentence named them alone, so Turkish (second generation), 0.61 [0.35, 1.06] with
    # its IBO interval suppressed, read as if its inflow were clearly lower
    rows = [("maghreb:second", m, 0.6, 0.4, 1.1) for m in DIRECT]
    rows += [("turkish:second", "training_vocational", 0.61, 0.35, 1.06),
             ("turkish:second", "workplace_learning_ibo", "x", "x", "x"),
             ("turkish:second", "workplace_learning_other", 0.57, 0.30, 1.06),
             ("maghreb:first", "training_vocational", 0.5, 0.3, 0.8)]
    rows += [("maghreb:first", m, "x", "x", "x") for m in DIRECT[1:]]
    s = claims.rrr_interval_sentence(_rrr(rows), decimals=2)
    assert s.startswith("of the 1 cell with an interval shown for every direct-link measure, ")
    assert "for Maghreb (second generation) at least one" in s
    assert s.endswith("(2 other cells with only some of the intervals shown are not "
                      "classified)")
    assert "Turkish" not in s  # unclassified cells are counted, not named as either kind


def test_rrr_sentence_without_a_complete_cell_counts_the_partial_ones():
    rows = [("turkish:second", "training_vocational", 0.61, 0.35, 1.06)]
    rows += [("turkish:second", m, "x", "x", "x") for m in DIRECT[1:]]
    s = claims.rrr_interval_sentence(_rrr(rows))
    assert s == ("no cell has an interval shown for every direct-link measure (small cells are "
                 "suppressed); 1 cell with only some of the intervals shown is not classified")


def test_rrr_sentence_without_partial_cells_has_no_aside():
    rows = [("maghreb:second", m, 0.5, 0.3, 0.8) for m in DIRECT]
    rows += [("southern_eu:second", m, 1.5, 1.1, 2.0) for m in DIRECT]
    s = claims.rrr_interval_sentence(_rrr(rows))
    assert s == ("of the 2 cells with an interval shown for every direct-link measure, the whole "
                 "interval of the RRR of every direct-link measure lies below one for Maghreb "
                 "(second generation); it lies above one for every direct-link measure for "
                 "Southern EU (second generation)")
