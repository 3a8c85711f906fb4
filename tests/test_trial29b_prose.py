"""A reader's check of chapter 2 on a second data set (trial29b: seed 9191, 4,500 residents,
1,600 newcomers, min_cell 12, window from 2006Q3): sentences read against the tables they
cite."""
import pandas as pd

from mia_helpers import claims


def _lpm_9191() -> pd.DataFrame:
    # chapter 2's linear-probability table at seed 9191 (three of its twelve cells)
    return pd.DataFrame({
        "origin_generation": ["southern_eu:second", "maghreb:intermediate",
                              "other_non_eu:intermediate"],
        "n_persons": [97, 121, 36],
        "job M0 (pp)": [-0.1, -5.0, -3.0], "job M3 (pp)": [0.4, -2.7, -0.5],
        "stable M0 (pp)": [1.1, -3.9, -3.6], "stable M3 (pp)": [1.3, -2.8, -2.5]})


def test_lpm_sentence_names_cells_above_the_natives_apart():
    # seed 9191: Southern EU (second generation) printed +1.1 points for a stable job against
    # -0.1 for any job in M0, and the sentence called its stable-job gap the larger
    s = claims.lpm_sentence(_lpm_9191(), "M0", "M3")
    assert s == ("the controls of M3 shrink every published gap for any job and a stable job; "
                 "in M0 the stable-job gap is larger in size than the any-job gap for Other "
                 "non-EU (intermediate generation); in M3 the stable-job gap is larger in size "
                 "than the any-job gap for Maghreb (intermediate generation) and Other non-EU "
                 "(intermediate generation); Southern EU (second generation) lies at or above "
                 "the natives' level for any job in M3 and for a stable job in M0 and M3, so "
                 "the comparisons above leave out its gaps there (a comparison of two gaps below "
                 "the natives' level keeps them)")


def test_lpm_sentence_groups_cells_above_the_natives_by_where():
    t = _lpm_9191().assign(**{"stable M0 (pp)": [1.1, 0.0, -3.6]})
    s = claims.lpm_sentence(t, "M0", "M3")
    assert s.endswith("; Southern EU (second generation) lies at or above the natives' level "
                      "for any job in M3 and for a stable job in M0 and M3; Maghreb "
                      "(intermediate generation) lies at or above the natives' level for a "
                      "stable job in M0, so the comparisons above leave out their gaps there (a "
                      "comparison of two gaps below the natives' level keeps them)")


def test_link_answer_reads_the_ratios_as_printed():
    import math

    from mia_helpers import exercise_answers as ea

    # seed 9191: Southern EU (second generation)'s odds ratio 0.9849 and hazard ratio 0.9841
    # both print 0.98; the answer counted it as the one group whose odds ratio lies closer to one
    rows = [{"origin_generation": g, "person_id": f"{g}{i}", "event": int(i < 15)}
            for g in ("southern_eu:second", "subsaharan:second", "turkish:second")
            for i in range(30)]
    logit = pd.Series({"origin_generation[southern_eu:second]": math.log(0.9849),
                       "origin_generation[subsaharan:second]": math.log(0.5682),
                       "origin_generation[turkish:second]": math.log(0.90)})
    cloglog = pd.Series({"origin_generation[southern_eu:second]": math.log(0.9841),
                         "origin_generation[subsaharan:second]": math.log(0.5842),
                         "origin_generation[turkish:second]": math.log(0.89)})
    text = ea.link_comparison_sentence(pd.DataFrame(rows), logit, cloglog, min_cell=12)
    assert text == ("In this run the odds ratio of M0 for a first job lies at least as far from "
                    "one as the hazard ratio for 2 of the 3 groups compared (not for Turkish "
                    "(second generation): 0.90 against 0.89); they differ most for Sub-Saharan "
                    "(second generation) (0.57 against 0.58).")


def test_chapter_1_summary_counts_registers_as_the_chapter_does():
    # the chapter names four registers held in six tables; its summary said "Six registers"
    from pathlib import Path

    text = (Path(__file__).parents[1] / "notebooks" / "01_panel_construction.md").read_text()
    summary = text.split("## Summary", 1)[1].split("## Exercises", 1)[0]
    assert "six tables of the four registers" in text
    assert "six registers" not in summary.lower()
    assert "six tables of four registers" in " ".join(summary.split())


def test_chapter_2_risk_table_says_why_its_cells_are_hidden():
    # seed 9191, min_cell 12: the persons at risk of a first stable job were hidden for 11 of
    # the 12 groups (the 74 school leavers the stable-job risk set leaves out would be told by
    # difference) and the caption gave no reason
    from pathlib import Path

    text = (Path(__file__).parents[1] / "notebooks" / "02_school_leaver_entry.md").read_text()
    cell = text.split('glue("tbl-leavers-risk"', 1)[1].split("```", 1)[0]
    assert "claims.risk_table_hidden(min_cell)" in cell  # fix44: the bound's noun follows it
    why = claims.risk_table_hidden(12)
    assert why == "; " + claims.RISK_TABLE_HIDDEN.format(
        fewer="fewer than 12 persons", have="have", lack="lack")  # mend45: fields; cell45: "; "
    assert why.startswith("; x: hidden where fewer than 12 persons have or lack the event")
    assert "the first-job risk set holds the stable-job one" in why and "by difference" in why


def test_stable_length_answer_says_all_when_every_group_widens():
    from mia_helpers import exercise_answers as ea

    # seed 9191: "widens for 7 of the 7 non-EU groups published in both models"
    g = ["maghreb:intermediate", "maghreb:second", "turkish:second"]
    now, other = pd.Series([0.38, 0.41, 0.45], index=g), pd.Series([0.33, 0.40, 0.39], index=g)
    se = pd.Series(0.001, index=g)  # every move beyond its standard error (ans48)
    text = ea.stable_length_answer(now, other, se, se, 4, 8)
    both = "published with both definitions of a stable job"  # ans48: not "in both models"
    assert f"widens for all 3 non-EU groups {both}: Maghreb" in text, text
    assert "3 of the 3" not in text
    two = ea.stable_length_answer(now[:2], other[:2], se[:2], se[:2], 4, 8)
    assert f"widens for the two non-EU groups {both}" in two, two


def test_link_answer_says_all_when_every_group_is_as_far():
    import math

    from mia_helpers import exercise_answers as ea

    # seed 9191 after the as-printed reading: "for 11 of the 11 groups compared"
    rows = [{"origin_generation": g, "person_id": f"{g}{i}", "event": int(i < 15)}
            for g in ("southern_eu:second", "subsaharan:second", "turkish:second")
            for i in range(30)]
    logit = pd.Series({f"origin_generation[{g}]": math.log(v) for g, v in
                       (("southern_eu:second", 0.9849), ("subsaharan:second", 0.5682),
                        ("turkish:second", 0.47))})
    cloglog = pd.Series({f"origin_generation[{g}]": math.log(v) for g, v in
                         (("southern_eu:second", 0.9841), ("subsaharan:second", 0.5842),
                          ("turkish:second", 0.48))})
    periods = pd.DataFrame(rows)
    text = ea.link_comparison_sentence(periods, logit, cloglog, min_cell=12)
    assert "as the hazard ratio for all 3 groups compared;" in text, text
    two = periods[periods["origin_generation"] != "turkish:second"]
    assert "for both groups compared;" in ea.link_comparison_sentence(two, logit, cloglog, 12)


def test_chapter_2_nested_tables_say_why_their_counts_are_hidden():
    # seed 9191, min_cell 12: the stable-job nested table hid the persons of 11 of 12 groups
    # (as the risk-set table does) with no reason in its caption
    from pathlib import Path

    text = (Path(__file__).parents[1] / "notebooks" / "02_school_leaver_entry.md").read_text()
    cell = text.split('glue(f"tbl-leavers-nested-{ev}"', 1)[1].split("```", 1)[0]
    assert "claims.nested_hidden_note(min_cell)" in cell
    why = claims.nested_hidden_note(12)
    assert why.startswith("x: a count hidden by the risk-set table's rules (fewer than 12 ")
    assert "by difference" in why and why.endswith("fewer than 10 residual degrees of freedom")
