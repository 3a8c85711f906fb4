"""Sentences that were false, or disagreed with their table, on a new seed (``-p seed 6161``,
every other parameter at its default), each checked on the published numbers that showed it."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from mia_helpers import claims

LEAK = re.compile(r"\b(nan|NaN|None|none|inf)\b")

#: chapter 1's stable-job table on seed 6161: origin -> (share of job starts that are stable
#: under 4 quarters, under 8 quarters), as published (one decimal)
STABLE_6161 = {"belgian": (64.3, 35.4), "southern_eu": (62.1, 32.6), "eastern_eu": (62.6, 33.1),
               "maghreb": (53.4, 24.3), "turkish": (54.9, 24.7), "subsaharan": (53.2, 23.5),
               "other_non_eu": (52.6, 23.2)}


def _stable(shares: dict[str, tuple[float, float]]) -> pd.DataFrame:
    rows = [(o, k, v[i]) for i, k in enumerate((4, 8)) for o, v in shares.items()]
    return pd.DataFrame(rows, columns=["origin", "stable_quarters",
                                       "stable_share_of_job_starts_pct"])


def _panel_claims(shares: dict[str, tuple[float, float]]) -> dict:
    from test_prose_any_seed import _exclusions, _profile, _shares

    return claims.panel_claims(_exclusions(), _profile(), _shares(), _stable(shares))


def test_maghreb_gap_change_of_rounding_size_is_not_read_as_no_change():
    """Seed 6161: Maghreb's gap with the natives went from 10.9 to 11.1 points in the table,
    and the text read "the gap widens for ... and does not for Maghreb"."""
    s = _panel_claims(STABLE_6161)["panel_gap_sentence"]
    assert s == ("relative to Belgian origin the gap widens for Southern EU, Eastern EU, "
                 "Turkish, Sub-Saharan and Other non-EU; it changes by no more than the "
                 "rounding of the published shares (0.2 points) for Maghreb"), s
    assert "does not" not in s


def test_gap_sentence_names_a_narrowing_instead_of_calling_it_not_widening():
    shares = dict(STABLE_6161, turkish=(54.9, 27.0))  # gap 9.4 -> 8.4: narrows by 1 point
    s = _panel_claims(shares)["panel_gap_sentence"]
    assert "; it narrows for Turkish;" in s and "widens for Southern EU, Eastern EU, " \
        "Sub-Saharan and Other non-EU;" in s
    narrow = claims.stable_gap_sentence(pd.Series({"maghreb": -1.0, "turkish": -0.5}))
    assert narrow == "relative to Belgian origin the gap narrows for every other origin"
    only = claims.stable_gap_sentence(pd.Series({"maghreb": -1.0, "turkish": 0.1}))
    assert only == ("relative to Belgian origin the gap narrows for Maghreb; it changes by no "
                    "more than the rounding of the published shares (0.2 points) for Turkish")
    # a change just beyond the rounding is a widening; floating noise at 0.2 is not
    assert claims.stable_gap_sentence(pd.Series({"maghreb": 0.21})).endswith(
        "widens for every other origin")
    assert "no more than" in claims.stable_gap_sentence(
        pd.Series({"maghreb": (35.4 - 24.2) - (64.3 - 53.3)}))  # 0.2000000000000028
    gone = claims.stable_gap_sentence(pd.Series(dtype=float))
    assert "cannot be compared" in gone
    for t in (s, narrow, only, gone):
        assert not LEAK.search(t), t


def test_largest_loss_tied_at_the_printed_precision_names_every_tied_origin():
    """Seed 6161: "Other non-EU origin loses the largest share of its stable starts (56 %)";
    Sub-Saharan's loss also prints as 56 % and was the larger on the unrounded counts
    (1 - 1,030/2,334 = 55.87 % against 1 - 896/2,028 = 55.82 %)."""
    s = _panel_claims(STABLE_6161)["panel_loss_sentence"]
    assert s.startswith("Sub-Saharan and Other non-EU origins lose the largest share of their "
                        "stable starts (56 per cent each)"), s
    assert s.endswith("; on average non-EU origins lose a larger share than EU origins")
    # a clear maximum is still named alone, with its own share
    clear = claims.stable_loss_sentence(pd.Series({"maghreb": 0.60, "subsaharan": 0.55,
                                                   "southern_eu": 0.47}), ["southern_eu"])
    assert clear.startswith("Maghreb origin loses the largest share of its stable starts (60 per cent)")
    gone = claims.stable_loss_sentence(pd.Series({"maghreb": np.nan}), [])
    assert "no loss is stated" in gone
    for t in (s, clear, gone):
        assert not LEAK.search(t), t


def _measures(newcomer_ci: dict, resident_ci: dict) -> pd.DataFrame:
    """Chapter 5's measure comparison at 5 quarters: population, measure, effect and interval
    (seed 6161's published values unless overridden)."""
    rows = []
    for pop, cis in (("newcomer", newcomer_ci), ("resident", resident_ci)):
        for m, (a, lo, hi) in cis.items():
            rows.append(dict(population=pop, measure=m, quarter_since_start=5, att_pp=a,
                             ci_low=lo, ci_high=hi))
    return pd.DataFrame(rows)


NEWCOMER_6161 = {"workplace_learning_ibo": (10.5, 5.7, 15.4),
                 "training_vocational": (1.9, -1.2, 4.9),
                 "workplace_learning_other": (3.0, -0.7, 6.8)}
RESIDENT_6161 = {"workplace_learning_ibo": (8.1, 6.0, 10.2),
                 "training_vocational": (2.7, 0.7, 4.8),
                 "workplace_learning_other": (6.3, 3.9, 8.7)}


def test_ranking_overlap_said_once_when_both_populations_rank_the_same_pair():
    """Seed 6161: "...; for newcomers the intervals of IBO and Other workplace learning overlap,
    so the order rests on the point estimates; for residents the intervals of IBO and Other
    workplace learning overlap, so the order rests on the point estimates." """
    text, summary = claims.measure_ranking_sentences(_measures(NEWCOMER_6161, RESIDENT_6161), 5)
    assert text == ("At 5 quarters the measure that returns most is IBO, for newcomers as for "
                    "residents; for newcomers as for residents the intervals of IBO and Other "
                    "workplace learning overlap, so the order rests on the point estimates.")
    assert text.count("overlap") == 1
    assert summary.endswith("(its interval overlaps Other workplace learning's)")
    # different runners-up keep a clause each
    res = dict(RESIDENT_6161, workplace_learning_other=(1.0, -1.0, 3.0),
               training_vocational=(2.7, 0.7, 6.1))
    two, _ = claims.measure_ranking_sentences(_measures(NEWCOMER_6161, res), 5)
    assert ("for newcomers the intervals of IBO and Other workplace learning overlap" in two
            and "for residents the intervals of IBO and Vocational training overlap" in two), two
    # only one population's runner-up overlaps: one clause, for that population
    res = dict(RESIDENT_6161, workplace_learning_other=(1.0, -1.0, 3.0))
    one, _ = claims.measure_ranking_sentences(_measures(NEWCOMER_6161, res), 5)
    assert one.count("overlap") == 1 and "for newcomers the intervals" in one
    for t in (text, summary, two, one):
        assert not LEAK.search(t), t


def test_not_identified_warnings_are_explained_where_the_published_table_has_no_column():
    """Seed 6161 (any seed): chapters 4 and 5 print NotIdentifiedWarnings that point to "the
    support table's not_identified column", which the published common-support table does not
    have; the prose now says what they mean and where the cases are listed, in counts of
    risk sets only."""
    support = pd.DataFrame({
        "measure": ["training_basic"] * 3 + ["workplace_learning_ibo"] * 2 + ["mediation_guidance"],
        "risk_set": [0, 1, 2, 0, 1, 0],
        "not_identified": [None, "term 'dutch_level[none]' has no treated where it is 1 (0 "
                           "treated in 69 rows)", np.nan, "term 'x' has only treated", "", None]})
    s = claims.unidentified_logits_sentence(support, matching_cell="the expensive cell above")
    assert s.startswith("The warnings printed under the expensive cell above concern 2 of the 6 "
                        "propensity logits (one per measure and duration), those of Basic "
                        "training and IBO: "), s
    assert "Every case is listed in the not_identified column of result.support();" in s
    assert not re.search(r"\b69\b", s)  # the column's row counts are not published
    none = claims.unidentified_logits_sentence(support.assign(not_identified=None),
                                               "quarter since arrival", what="step")
    assert none == ("Every propensity logit (one per step and quarter since arrival) has "
                    "starters and controls at every level of its terms.")
    steps = claims.unidentified_logits_sentence(
        support.assign(measure=["inburgering"] * 3 + ["mo"] * 3), "quarter since arrival",
        "the estimation cell above", "step", "eff")
    assert "(one per step and quarter since arrival), those of Inburgering contract and MO " \
        "(social orientation):" in steps
    assert "not_identified column of eff.support();" in steps  # chapter 5's name of its result
    for t in (s, none, steps):
        assert not LEAK.search(t), t
    import pytest

    with pytest.raises(ValueError, match="not_identified"):
        claims.unidentified_logits_sentence(support.drop(columns="not_identified"))


def test_no_caption_names_the_threshold_by_its_parameter_name():
    """``-p min_cell 5``: chapter 1's indicator table read "hidden where fewer than min_cell
    persons have it" (the parameter's name, in a plain string) while its neighbours state the
    run's value. Text in the notebooks' code cells says the value ({min_cell} in an f-string)."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "notebooks"
    bare = re.compile(r"(fewer than|below|at least|under) min_cell\b")
    found = []
    for nb in sorted(root.glob("*.md")):
        inside = False
        for i, line in enumerate(nb.read_text().splitlines(), 1):
            if line.startswith("```{code-cell}"):
                inside = True
            elif line.startswith("```"):
                inside = False
            elif inside and bare.search(line) and not line.lstrip().startswith("#"):
                found.append(f"{nb.name}:{i}: {line.strip()}")
    assert not found, found


def test_generation_sentence_survives_a_hidden_person_count():
    """Chapter 1 with a small sample (500 residents) failed in panel_claims with "boolean value
    of NA is ambiguous": sample_profile publishes ``persons`` as a nullable Int64 column whose
    hidden cells are pd.NA. A hidden count now leaves its cell out, named."""
    from test_prose_any_seed import _exclusions, _profile, _shares

    prof = _profile(95.0)
    prof["persons"] = pd.array([1000, 100, pd.NA, 200, 200, 500], dtype="Int64")
    c = claims.panel_claims(_exclusions(), prof, _shares(), _stable(STABLE_6161))
    s = c["panel_generation_sentence"]
    assert "Turkish (intermediate generation) is left out where its share is suppressed" in s, s
    assert c["panel_int_high_edu_pct"] == 10.0  # Maghreb's intermediate cell alone
    assert not LEAK.search(s), s


def test_counts_with_disclosure_markers_print_as_whole_numbers():
    """Chapter 1's sample table of a small sample printed "274.0" and "19.0" persons beside
    "<10": Protected.render() turns an Int64 count into an object column of ints and markers,
    which format_table gave one decimal unless the column's name starts with n_."""
    from mia_helpers import labels

    t = pd.DataFrame({"origin": ["belgian", "maghreb", "turkish"],
                      "persons": pd.Series([10919, 19, "<10"], dtype=object),
                      "women_pct": pd.Series([46.4, "x", 41.0], dtype=object),
                      "flag": pd.Series([True, "x", False], dtype=object)})
    f = labels.format_table(t)
    assert list(f["Persons"]) == ["10,919", "19", "<10"]
    assert list(f["Women (%)"]) == ["46.4", "x", "41.0"]  # shares keep their decimal
    assert list(f["Flag"]) == ["yes", "x", "no"]
    md = labels.table_markdown(t, "Sample.", "tbl-x").data
    assert "| 19 |" in md and "19.0" not in md


def test_appendix_c_horizon_in_months_agrees_in_number():
    """Appendix C read "4 periods (about 1 months)": the months were glued as a number under
    the word "months". They are now one phrase with the noun's number."""
    import pytest

    assert claims.months_text(4 * 7 / 30.4375) == "about 1 month"
    assert claims.months_text(52 * 7 / 30.4375) == "about 12 months"
    assert claims.months_text(0.2) == "about 0 months"
    with pytest.raises(ValueError, match="finite"):
        claims.months_text(float("nan"))
    from pathlib import Path

    src = (Path(__file__).resolve().parent.parent / "notebooks" / "C_heart_transplant.md"
           ).read_text()
    assert ":.0f` months" not in src and "{glue:text}`m_short`" in src
    # 4,612 as the book writes counts (the sentence is glued whole since trial19)
    from mia_helpers.claims import heart_data_sentence

    assert "{glue:text}`c_data`" in src
    assert "4,612 patient-periods" in heart_data_sentence(103, 69, 75, 25.0, 4612, 10)


def test_appendix_a_counts_print_with_thousands_separators():
    """Appendix A on seed 6161 read "200 independent data sets of 3000 residents", "400
    synthetic data sets of 10000 newcomers" and "77 % of 7557 signers", where the book writes
    counts as 20,000."""
    from pathlib import Path

    src = (Path(__file__).resolve().parent.parent / "notebooks" / "A_matching_method.md"
           ).read_text()
    for key in ("par_mc_residents", "par_mc_nc_newcomers", "mcnc_starters"):
        assert f"{{glue:text}}`{key}:,`" in src and f"{{glue:text}}`{key}`" not in src, key
    from myst_nb.core.variables import format_plain_text

    assert format_plain_text("7557", ",") == "7,557"  # what the build pastes
