"""dpo48: holes of ``export-check`` found by the dpo47 trial and by this session's attack.

1. A count of persons given only in a share's column header ("Share entered (%) (n = 40)",
   "(N=40)") was not read: the share was refused as unreadable whatever it said. It is read
   now where unambiguous (one share under it); a header count below ``min_cell``, or an
   ambiguous one (several shares under it, an inexact or a second count), is still refused.
2. The ``effects`` command's rows with their values relabelled ("Naive"/"Matched", "Now
   versus later") and their columns renamed passed outside a run folder: ``effects_rows``
   compared the values as the command writes them only.
3. "Low..."/"High..." and "Min..."/"Max..." columns were read as an interval's ends: "Low
   income share (%)" beside "High income share (%)" was an interval (refused beside a hidden
   count), "Min share (%)" with "Max share (%)" got the interval's message, and beside a
   count of persons it passed. An interval end is now what the book calls one
   (``interval_end``), and a minimum or maximum of shares or means is one group's value
   (``extreme_value``).
"""

from __future__ import annotations

import pandas as pd
import pytest
from export_files import scan_files

from mia_helpers.export_check import check_table, effects_rows, header_count, interval_end


def _rules(table: dict, min_cell: int = 10) -> list[str]:
    return [r for r, _ in check_table(pd.DataFrame(table), min_cell)]


def _scan_rules(tmp_path, files: dict, min_cell: int = 10) -> list[str]:
    return sorted({f.rule for f in scan_files(tmp_path, files, min_cell).findings})


# --- 1. a count in a column header ----------------------------------------------------------

@pytest.mark.parametrize("label,n", [("Share entered (%) (n = 40)", 40),
                                     ("Share entered (%) (N=40)", 40),
                                     ("Share entered (%), n: 1,200", 1200),
                                     (("Share entered (%)", "n = 40"), 40),
                                     ("Share entered (%)", None)])
def test_a_header_count_is_read(label, n):
    assert header_count(label) == (n, "")


@pytest.mark.parametrize("label,why", [("Share (%) (n < 10)", "no exact count"),
                                       ("Share (%) (n ≈ 40)", "no exact count"),
                                       ("Share (%) (n = 40/38)", "no exact count"),
                                       ("Share (%) (n = 40; N = 200)", "2 different counts")])
def test_an_inexact_header_count_is_not_read(label, why):
    n, said = header_count(label)
    assert n is None and why in said, said


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_a_share_of_the_persons_its_header_counts_passes(tmp_path, fmt):
    """50 % of 40 is 20 of 40: the share rests on 20 persons and 20 without; it was refused as
    unreadable_share (its group counted nowhere)."""
    files = ({"t.csv": "Region,Share entered (%) (n = 40)\nAntwerp,50.0\n"} if fmt == "csv"
             else {"t.md": "| Region | Share entered (%) (N=40) |\n|---|---|\n| Antwerp | 50.0 |\n"})
    assert _scan_rules(tmp_path, files) == []


def test_a_header_count_over_several_shares_is_ambiguous(tmp_path):
    """Rows adding up to 100 per cent may divide the header's 40 persons among them, or be
    each of a group of its own: 50.0 per cent of 4 persons and 50.0 of 36 add up to 100 as
    20 and 20 of 40 do. Not read, so refused however the rows add up."""
    for rows in ("Employed,97.5\nInactive,2.5\n", "Employed,50.0\nInactive,50.0\n"):
        found = scan_files(tmp_path / str(len(rows)),
                           {"t.csv": f"Outcome,Share (%) (n = 40)\n{rows}"}, 10).findings
        assert [f.rule for f in found] == ["unreadable_share"], found
        assert "stands over 2 shares" in found[0].detail


def test_a_share_giving_back_one_person_of_its_header_count_is_refused(tmp_path):
    found = scan_files(tmp_path, {"t.csv": "Region,Share entered (%) (n = 40)\nAntwerp,2.5\n"},
                       10).findings
    assert [f.rule for f in found] == ["share_count"], found
    assert "header" in found[0].detail and "(40)" in found[0].detail


def test_a_header_count_below_min_cell_is_refused(tmp_path):
    files = {"t.csv": "Region,Share entered (%) (n = 5)\nAntwerp,40.0\n"}
    assert _scan_rules(tmp_path, files) == ["share_count", "small_count"]
    assert _rules({"Region": ["Antwerp"], "Share entered (%) (n = 5)": ["40.0"]}) \
        == ["share_count"]


@pytest.mark.parametrize("header,rows", [
    ("Share entered (%) (n = 40)", "Antwerp,30.0\nGhent,70.0\n"),  # each of 40, or of a part?
    ("Share entered (%) (n < 10)", "Antwerp,40.0\n"),
    ("Share entered (%) (n ≈ 40)", "Antwerp,40.0\n"),
    ("Share entered (%) (n = 40; N = 200)", "Antwerp,40.0\n")])
def test_an_ambiguous_header_count_leaves_the_share_refused(tmp_path, header, rows):
    found = scan_files(tmp_path, {"t.csv": f"Region,{header}\n{rows}"}, 10).findings
    assert [f.rule for f in found] == ["unreadable_share"], found
    assert "the count in its header is not read" in found[0].detail


def test_a_share_and_its_interval_with_a_header_count_pass():
    """Its group's size is published (the header), so the interval gives nothing more; a
    share with its interval and no count at all is still refused."""
    t = {"Region": ["Antwerp"], "Share entered (%) (n = 40)": ["50.0"], "ci_low": ["35.1"],
         "ci_high": ["64.9"]}
    assert _rules(t) == []
    t = {"Region": ["Antwerp"], "Share entered (%)": ["50.0"], "ci_low": ["35.1"],
         "ci_high": ["64.9"]}
    assert _rules(t) == ["interval_without_count"]


# --- 2. the effects rows relabelled ----------------------------------------------------------

RELABELLED = {"Measure": ["Workplace learning (IBO)"] * 4, "Estimand": ["Now versus later"] * 4,
              "Quarter since start": ["1", "1", "2", "2"],
              "Estimator": ["Naive", "Matched", "Naive", "Matched"],
              "Effect (pp)": ["5.0", "3.3", "6.1", "4.0"], "Low": ["-1.0", "-2.0", "0.1", "-1.0"],
              "High": ["9.0", "8.0", "12.1", "9.0"], "Starters": ["40", "40", "38", "38"]}


@pytest.mark.parametrize("fmt", ["csv", "md", "html"])
def test_the_effects_rows_relabelled_and_renamed_are_refused(tmp_path, fmt):
    """Failed before dpo48: "Naive"/"Matched" were not the command's ``naive``/``matched``."""
    t = pd.DataFrame(RELABELLED)
    text = {"csv": lambda: t.to_csv(index=False), "md": lambda: t.to_markdown(index=False),
            "html": lambda: f"<html><body>{t.to_html(index=False)}</body></html>"}[fmt]()
    assert "uncontrolled_output" in _scan_rules(tmp_path, {f"e.{fmt}": text})


@pytest.mark.parametrize("change", [{"Estimator": ["NAIVE", "MATCHED"] * 2},
                                    {"Estimator": ["x"] * 4, "Interval": ["Linearized"] * 4}])
def test_the_effects_rows_relabelled_otherwise_are_refused(change):
    assert effects_rows(pd.DataFrame({**RELABELLED, **change}))


def test_appendix_a_monte_carlo_rows_are_not_the_effects_rows():
    """Appendix A prints "Matched"/"Naive" and "Now versus later" beside replications (no
    persons), and its scenario table beside bias and coverage: not the command's rows."""
    mc = {"Measure": ["Basic training"] * 2, "Estimand": ["Now versus later"] * 2,
          "Estimator": ["Matched", "Naive"], "Quarter since start": ["1", "1"],
          "Replications": ["2", "2"], "Bias": ["2.10", "-0.18"], "MC SE of bias": ["0.9", "0.1"]}
    assert not effects_rows(pd.DataFrame(mc))
    scen = {"Scenario": ["selection on observables"] * 2, "Estimator": ["Matched", "Naive"],
            "Quarter since start": ["4", "4"], "Bias": ["-2.50", "2.83"],
            "Coverage": ["1.00", "1.00"]}
    assert not effects_rows(pd.DataFrame(scen))


def test_appendix_c_protected_effects_are_not_the_effects_rows():
    """Appendix C prints the estimands' code values beside starters hidden as ``x``: one
    estimator's rows, protected; a first version of this mend refused them."""
    t = {"estimand": ["now_vs_later"] * 2 + ["now_vs_never"] * 2, "horizon": ["4", "26"] * 2,
         "att_pp": ["-5.2778", "-2.5862", "-6.1143", "–"], "ci_low": ["-10.8", "-9.6", "-11.3",
                                                                      "-50.8"],
         "ci_high": ["5.6", "12.8", "5.0", "49.2"], "n_treated": ["x", "58", "x", "x"],
         "point_identified": ["True", "True", "True", "False"]}
    assert not effects_rows(pd.DataFrame(t))


# --- 3. interval ends, and minima and maxima --------------------------------------------------

@pytest.mark.parametrize("label,side", [
    ("ci_low", "lower"), ("CI upper", "upper"), ("CI lower, exponentiated", "lower"),
    ("rrr_high", "upper"), ("RRR lower", "lower"), ("lower", "lower"), ("hi", "upper"),
    ("95% CI lower", "lower"), ("conf.high", "upper"), ("lcl", "lower"), ("Lower bound", "lower"),
    ("Matched (pp) upper", "upper"), ("CI min", "lower"),
    ("Low income share (%)", None), ("High income share (%)", None), ("Min share (%)", None),
    ("Max share (%)", None), ("Low", None), ("High", None), ("Lower secondary (%)", None),
    ("Upper secondary (%)", None), ("Max age", None), ("Low employer link", None)])
def test_interval_ends_are_what_the_book_calls_them(label, side):
    assert interval_end(label) == side


def test_low_and_high_income_shares_are_shares_not_an_interval():
    """Refused as interval_of_small beside a hidden count before dpo48; they are shares of
    persons, read as such (a share beside a count marked small is refused, and since dpo53
    beside ``x`` too: a share of a nearly known count gives it back)."""
    t = {"Region": ["A", "B"], "Persons": ["x", "200"], "Low income share (%)": ["30.0", "20.0"],
         "High income share (%)": ["10.0", "12.5"]}
    assert _rules(t) == ["share_count", "share_count"]
    hidden = {"Low income share (%)": ["x", "20.0"], "High income share (%)": ["x", "12.5"]}
    assert _rules(dict(t, **hidden)) == []
    assert _rules(dict(t, Persons=["<10", "200"])) == ["share_count", "share_count"]


def test_education_levels_low_and_high_are_no_interval():
    t = {"Region": ["A", "B"], "Persons": ["x", "300"], "Low": ["30.0", "20.0"],
         "Medium": ["30.0", "47.5"], "High": ["40.0", "32.5"]}
    assert "interval_of_small" not in _rules(t)


@pytest.mark.parametrize("cols", [("Min share (%)", "Max share (%)"),
                                  ("Min mean age", "Max mean age"),
                                  ("Minimum rate (%)", "max_pct_entered")])
def test_a_minimum_or_maximum_of_shares_or_means_is_refused(cols):
    """Passed beside a count of persons before dpo48 (exempt as an extreme "of a statistic"),
    and got the interval's message without one: a group's share or mean, of a group whose
    size is not shown."""
    t = {"Region": ["A", "B"], "Persons": ["200", "300"], cols[0]: ["30.0", "20.0"],
         cols[1]: ["40.0", "32.5"]}
    got = _rules(t)
    assert "extreme_value" in got and "interval_without_count" not in got, got


def test_the_books_own_extremes_pass():
    t = {"Measure": ["A", "B"], "Coverage min": ["0.950", "0.940"],
         "SE / SD of errors, max": ["1.51", "1.87"], "Largest |SMD| after": ["0.04", "0.05"],
         "min_cell": ["10", "10"]}
    assert "extreme_value" not in _rules(t)


# --- 4. the attack (dpo48): holes found and mended ---------------------------------------------

@pytest.mark.parametrize("col", ["Share entered (‰)", "Entered per 1,000 persons",
                                 "Share entered (per mille)"])
def test_a_share_per_thousand_is_read_per_thousand(col):
    """25 per thousand of 40 is one person: it was read as a count of 25 (an integer column,
    its unit not declared) or as 25 per cent (10 of 40), and passed."""
    assert _rules({"Region": ["Antwerp"], "Persons": ["40"], col: ["25"]}) == ["share_count"]
    assert _rules({"Region": ["Antwerp"], "Persons": ["40"], col: ["250"]}) == []


def test_a_rate_per_thousand_person_years_is_no_share():
    t = {"Region": ["Antwerp"], "Persons": ["40"], "Entries per 1,000 person-years": ["25"]}
    assert "share_count" not in _rules(t)


@pytest.mark.parametrize("cell", ["2,5", "1 in 40", "1/40", "2.5 (1)"])
def test_a_share_cell_that_is_no_number_is_refused(tmp_path, cell):
    """A decimal comma ("2,5", quoted in a CSV) or a share written in words passed unread:
    a column without one number was no share at all."""
    text = f'Region,Persons,Share entered (%)\nAntwerp,40,"{cell}"\nGhent,200,12.5\n'
    assert _scan_rules(tmp_path, {"t.csv": text}) == ["unreadable_share"]


def test_share_cells_with_markers_pass():
    t = {"Region": ["A", "B", "C"], "Persons": ["<10", "x", "200"],
         "Share entered (%)": ["x", "–", "12.5"]}
    assert "unreadable_share" not in _rules(t)


def test_a_cumulative_share_of_one_cohort_stepping_by_one_person_is_refused():
    """10.00 then 10.25 per cent of the same 400 persons is one person's entry in quarter 2,
    a curve's step of one event under a name that is no curve's: it passed."""
    t = {"Quarter since start": ["1", "2", "3"], "Persons": ["400", "400", "400"],
         "Share entered (%)": ["10.00", "10.25", "12.75"]}
    assert _rules(t) == ["horizon_difference"]
    said = next(d for r, d in check_table(pd.DataFrame(t), 10) if r == "horizon_difference")
    assert "'Share entered (%)'" in said and "row 2" in said, said
    # steps of 10 persons and more pass
    assert _rules(dict(t, **{"Share entered (%)": ["10.00", "12.50", "15.00"]})) == []


def test_a_count_of_one_cohort_stepping_by_one_person_is_refused():
    t = {"Quarter since start": ["1", "2", "3"], "Persons": ["400", "400", "400"],
         "Entered": ["40", "41", "51"]}
    assert _rules(t) == ["horizon_difference"]


def test_steps_of_another_cohort_or_hidden_by_rounding_pass():
    """Where the persons differ between horizons (another cohort, censoring) the difference
    counts no one group; where the rounding allows a step of 0 or of min_cell persons it
    states no small count."""
    t = {"Quarter since start": ["1", "2"], "Persons": ["400", "380"],
         "Share entered (%)": ["10.00", "10.25"]}
    assert _rules(t) == []
    t = {"Quarter since start": ["1", "2"], "Persons": ["400", "400"],
         "Share entered (%)": ["10", "11"]}  # 38 to 42, then 42 to 46: a step of 0 to 8
    assert _rules(t) == []
    t = {"Quarter since start": ["1", "2"], "Persons": ["400", "400"],
         "Share entered (%)": ["10.0", "11.0"]}  # 40 then 44: 3 to 5
    assert _rules(t) == ["horizon_difference"]


@pytest.mark.parametrize("text", [
    "Measure,Antwerp,Ghent\nPersons,40,200\nShare entered (%),2.5,12.5\n",
    "Measure,Antwerp (n = 40),Ghent (n = 200)\nShare entered (%),2.5,12.5\n",
    "Measure,Antwerp,Ghent\nPersons,<10,200\nShare entered (%),40.0,12.5\n"])
def test_a_transposed_table_of_shares_is_read_with_its_rows_as_columns(tmp_path, text):
    """Rows of measures, columns of groups: 2.5 per cent of 40 is one person, and it passed
    (the shares were read down columns only)."""
    found = scan_files(tmp_path, {"t.csv": text}, 10).findings
    assert [f.rule for f in found] == ["share_count"], found
    assert "read with its rows as columns" in found[0].detail


def test_a_transposed_table_of_shares_without_counts_is_refused(tmp_path):
    text = "Measure,Antwerp,Ghent\nShare entered (%),50.0,12.5\n"
    assert _scan_rules(tmp_path, {"t.csv": text}) == ["unreadable_share"]
    text = "Measure,Antwerp,Ghent\nPersons,400,200\nShare entered (%),50.0,12.5\n"
    assert _scan_rules(tmp_path / "b", {"t.csv": text}) == []


def test_two_counts_one_part_of_the_other_differing_by_one_person_are_refused():
    """40 entered and 39 entered a stable job: one person entered but not a stable job. Every
    word of the one label is in the other; it passed (only a total and its subset were
    read)."""
    t = {"Region": ["A", "B"], "Persons": ["400", "300"], "Entered": ["40", "60"],
         "Entered a stable job": ["39", "50"]}
    assert _rules(t) == ["difference"]
    assert _rules(dict(t, **{"Entered a stable job": ["29", "50"]})) == []


def test_two_shares_one_part_of_the_other_differing_by_one_person_are_refused():
    t = {"Region": ["A", "B"], "Persons": ["400", "300"], "Share entered (%)": ["10.00", "20.0"],
         "Share entered a stable job (%)": ["9.75", "16.7"]}
    assert _rules(t) == ["difference"]
    # labels that are not one part of the other are not read so
    t = {"Region": ["A", "B"], "Persons": ["400", "300"], "Share entered (%)": ["10.00", "20.0"],
         "Share with good Dutch (%)": ["9.75", "16.7"]}
    assert _rules(t) == []


@pytest.mark.parametrize("cell", ["<1", "< 0.5", ">99", "≥99.5"])
def test_a_share_printed_as_a_narrow_bound_is_refused(cell):
    """"<1" per cent of 400 is fewer than 4 persons, a bound narrower than the marker <10: it
    passed as a marker ("<0.5" and ">99" were refused as unreadable cells)."""
    t = {"Region": ["A", "B"], "Persons": ["400", "300"], "Share entered (%)": [cell, "20.0"]}
    assert _rules(t) == ["narrow_marker"]


def test_a_share_bound_leaving_min_cell_persons_open_passes():
    t = {"Region": ["A", "B"], "Persons": ["400", "300"], "Share entered (%)": ["<2.5", "20.0"]}
    assert _rules(t) == []


def test_a_curve_in_per_cent_below_one_per_cent_is_read_in_per_cent():
    """"Cumulative incidence (%)" of 0.00, 0.25, 0.50 beside 400 at risk: steps of one event.
    Read as fractions (every value at most 1), they were steps of 25 per cent and passed."""
    t = {"Quarter since start": ["1", "2", "3"], "At risk": ["400", "380", "360"],
         "Cumulative incidence (%)": ["0.00", "0.25", "0.50"]}
    assert _rules(t) == ["curve_steps"]
    assert _rules(dict(t, **{"Cumulative incidence (%)": ["0.00", "2.50", "5.25"]})) == []


@pytest.mark.parametrize("labels,counts", [(["Entered", "Entered a stable job"], ["40", "39"]),
                                           (["All starters", "Starters who entered"],
                                            ["40", "37"])])
def test_two_rows_one_part_of_the_other_differing_by_few_persons_are_refused(labels, counts):
    """A row group named as part of another: their difference counts the persons between
    them (a total row and one part were not read below three rows)."""
    assert _rules({"Group": labels, "Persons": counts}) == ["difference"]
    assert _rules({"Group": labels, "Persons": ["40", "30"]}) == []
    assert _rules({"Group": ["Antwerp", "Ghent"], "Persons": counts}) == []


def test_rows_of_a_no_and_another_level_are_not_one_part_of_the_other():
    """Chapter 5's feeder table: "Dutch level: No Dutch" and "Dutch level: Basic" are two
    groups; a first version of the nested-rows rule read "No" as the filler of "No. of"."""
    t = {"Term": ["Dutch level: No Dutch", "Dutch level: Basic"], "Value": ["yes", "yes"],
         "Events": ["40", "35"]}
    assert "difference" not in _rules(t)
