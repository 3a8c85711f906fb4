"""Chapter 3's data-dependent sentences that read wrong on seed 8383 with the window 2007Q1 to
2015Q4 (5,000 residents, 2,500 newcomers)."""
import pandas as pd

from mia_helpers import claims

DIRECT = ("training_vocational", "workplace_learning_ibo", "workplace_learning_other")


def _rrr(rows):
    return pd.DataFrame(rows, columns=["origin_generation", "outcome", "exp_estimate", "exp_ci_low",
                                       "exp_ci_high"])


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
    assert s.startswith("of the one cell with an interval shown for every direct-link measure, ")
    assert "for Maghreb (second generation) at least one" in s
    assert s.endswith("(2 other cells with only some of the intervals shown are not "
                      "classified)")
    assert "Turkish" not in s  # unclassified cells are counted, not named as either kind


def test_rrr_sentence_without_a_complete_cell_counts_the_partial_ones():
    rows = [("turkish:second", "training_vocational", 0.61, 0.35, 1.06)]
    rows += [("turkish:second", m, "x", "x", "x") for m in DIRECT[1:]]
    s = claims.rrr_interval_sentence(_rrr(rows))
    # prose29: the reason names both rules that hide a cell (few persons, and differencing)
    assert s == ("no cell has an interval shown for every direct-link measure (disclosure "
                 "control hides cells on few persons, and cells that, set against another "
                 "published count, would give such a cell away); 1 cell with only some of the "
                 "intervals shown is not classified")


def test_rrr_sentence_without_partial_cells_has_no_aside():
    rows = [("maghreb:second", m, 0.5, 0.3, 0.8) for m in DIRECT]
    rows += [("southern_eu:second", m, 1.5, 1.1, 2.0) for m in DIRECT]
    s = claims.rrr_interval_sentence(_rrr(rows))
    assert s == ("of the 2 cells with an interval shown for every direct-link measure, the whole "
                 "interval of the RRR of every direct-link measure lies below one for Maghreb "
                 "(second generation); it lies above one for every direct-link measure for "
                 "Southern EU (second generation)")


def _check(rows):
    return pd.DataFrame(rows, columns=["outcome", "term", "estimate", "ci_low", "ci_high"])


def test_allocation_signs_inside_noise_are_not_called_a_finding():
    # seed 8383: experience 0.005 [-0.106, 0.116] for IBO against -0.006 [-0.097, 0.086] for
    # basic training was printed as "(opposite signs)" after "allocation by self-reliance
    # shows in the signs"
    chk = _check([("workplace_learning_ibo", "experience_years", 0.005, -0.106, 0.116),
                  ("training_basic", "experience_years", -0.006, -0.097, 0.086),
                  ("workplace_learning_ibo", "education[low]", -0.447, -0.854, -0.041),
                  ("training_basic", "education[low]", 0.513, 0.305, 0.720)])
    s = claims.allocation_sign_sentence(chk)
    assert s == ("for a year of experience, 0.01 [-0.11, 0.12] for IBO against -0.01 [-0.10, "
                 "0.09] for basic training (opposite signs, but both intervals include zero: "
                 "not established); for low education, -0.45 [-0.85, -0.04] for IBO against "
                 "0.51 [0.30, 0.72] for basic training (opposite signs, both intervals "
                 "excluding zero)")


def test_allocation_sign_names_the_one_interval_that_includes_zero():
    chk = _check([("workplace_learning_ibo", "experience_years", 0.08, 0.01, 0.15),
                  ("training_basic", "experience_years", -0.03, -0.09, 0.03)])
    s = claims.allocation_sign_sentence(chk, {"experience_years": "a year of experience"})
    assert s.endswith("(opposite signs, but the interval of basic training includes zero: not "
                      "established)")
    same = _check([("workplace_learning_ibo", "experience_years", 0.08, 0.01, 0.15),
                   ("training_basic", "experience_years", 0.03, "x", "x")])
    s = claims.allocation_sign_sentence(same, {"experience_years": "a year of experience"})
    assert s == ("for a year of experience, 0.08 for IBO against 0.03 for basic training (the "
                 "same sign)")  # a suppressed interval: the estimates alone, no verdict
