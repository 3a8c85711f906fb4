"""Prose found false or overstated on seed 2727 (trial 31: 4,000 residents, 1,500 newcomers,
min_cell 14, window from 2005Q3), each fed a small crafted input."""

from newcomer_claims_inputs import entry_panel

from mia_helpers import claims


def test_entry_summary_does_not_say_more_slowly_when_a_curve_lies_above_the_natives():
    """Seed 2727, chapter 2's summary: "School leavers of foreign origin enter a first job more
    slowly than natives (all 8 groups with a published share); ... above the natives lies
    Eastern EU (second generation), read at quarter 4, for any job": the group whose share the
    risk-set table hides lay above the natives in Figure 1, yet the summary generalised."""
    text = claims.entry_summary_sentence(8, 8, [], ["eastern_eu:second"])
    assert "more slowly" not in text
    assert text == (
        "School leavers of foreign origin find a first job inside the window less often than "
        "natives (all 8 groups with a published share), though the first-job curve of Eastern "
        "EU (second generation) lies above the natives' at the quarter compared (Figure 1)")
    both = claims.entry_summary_sentence(8, 8, ["maghreb:second"],
                                         ["eastern_eu:second", "turkish:second"])
    assert "no slower to enter than the natives (its M0 ratio is one or above) and the " \
        "first-job curves of Eastern EU (second generation) and Turkish (second generation) " \
        "lie above" in both
    # a group named by M0 is not named twice
    assert "curve" not in claims.entry_summary_sentence(8, 8, ["maghreb:second"],
                                                        ["maghreb:second"])
    # without such a group the summary keeps its reading
    assert claims.entry_summary_sentence(8, 8, [], []).startswith(
        "School leavers of foreign origin enter a first job more slowly than natives")


def _rrr(values, cells=("maghreb:first", "turkish:first")):
    import pandas as pd
    return pd.DataFrame({"outcome": "training_basic", "origin_generation": list(cells),
                         "exp_estimate": values, "exp_ci_low": [v * 0.6 for v in values],
                         "exp_ci_high": [v * 1.6 for v in values]})


def test_first_generation_rrr_answer_names_the_one_cell_and_ranges_over_shared_cells():
    """Seed 2727, chapter 3's exercise 2: "the first generation's RRRs for basic training are
    4.35 in M0 and 1.03 ...; 1 of the 1 cells published in both move towards one": one cell,
    not named, in the plural. The ranges must also run over the cells published in both models
    (the count beside them is about those), not over each model's own published cells."""
    from mia_helpers import exercise_answers as ea

    nan = float("nan")
    truth = _rrr([1.0, 1.0])[["outcome", "origin_generation", "exp_estimate"]]
    text = ea.first_generation_rrr_sentence(_rrr([4.35, 9.9]), _rrr([1.03, nan]), truth)
    assert "9.90" not in text  # Turkish (first generation) is hidden in the second model
    assert text == (
        "In this run the one first-generation cell whose RRR for basic training is published in "
        "both models, Maghreb (first generation), has an RRR of 4.35 in M0 and 1.03 once the "
        "self-reliance components are held equal, a move towards one, and the generator's true "
        "RRR is 1.00 (its interval contains it).")
    none = ea.first_generation_rrr_sentence(_rrr([4.35, nan]), _rrr([nan, 1.2]), truth)
    assert "no first-generation cell has its RRR for basic training published in both" in none
    two = ea.first_generation_rrr_sentence(_rrr([4.35, 3.0]), _rrr([1.03, 1.5]), truth)
    assert "are 3.00 to 4.35 in M0 and 1.03 to 1.50" in two
    assert "each of the 2 cells published in both moves towards one" in two


def test_mo_pool_note_is_read_from_the_support_table():
    """Seed 2727, chapter 5: "MO follows the contract almost at once, so the pool of contract
    signers who have not started MO is thin" was typed, read from no table. Read from the
    common-support table it says MO's pool per starter against the other steps', and does
    not call the pool thin where another step's is thinner."""
    import pandas as pd

    def table(mo_pool):
        return pd.DataFrame({"measure": ["inburgering", "mo", "nt2"],
                             "n_treated": [1095, 1088, 1021],
                             "n_pool": [1097, mo_pool, 8870]})

    thin = claims.newcomer_step_claims(["inburgering", "mo", "nt2"], support=table(231))
    assert thin["nc_mo_support_sentence"] == (
        "MO follows the contract almost at once, so the pool of contract signers who have not "
        "started MO is thin (0.2 newcomer-quarters at risk per starter, against 1.0 for "
        "inburgering contract and 8.7 for NT2 (Dutch course)); compare its dropped share with "
        "the other steps'.")
    wide = claims.newcomer_step_claims(["inburgering", "mo", "nt2"], support=table(5000))
    assert "is thin" not in wide["nc_mo_support_sentence"]
    assert "not the thinnest" in wide["nc_mo_support_sentence"]
    hidden = table(231).astype({"n_pool": float})
    hidden.loc[1, "n_pool"] = float("nan")
    assert "cannot be read here" in claims.mo_pool_sentence(hidden)
    # the notebook passes its support table
    from pathlib import Path
    text = (Path(__file__).resolve().parents[1] / "notebooks" /
            "05_newcomer_integration.md").read_text()
    assert "newcomer_step_claims(treatments, skipped, caliper, nc_support)" in text


def _mc_frames(bias, rmse, starters=((300, 280), (420, 400))):
    import pandas as pd

    summary = pd.DataFrame({"measure": "workplace_learning_ibo", "estimand": "now_vs_later",
                            "estimator": ["matched"] * len(bias) + ["naive"],
                            "quarter_since_start": [*range(1, len(bias) + 1), 1],
                            "bias": [*bias, 9.0], "rmse": [*rmse, 9.5]})
    rows = [{"measure": m, "replication": r, "estimator": "matched", "quarter_since_start": q,
             "n_treated": n - 10 * q}
            for m, per in zip(["workplace_learning_ibo", "training_basic"], starters,
                              strict=True)
            for r, n in enumerate(per) for q in (1, 2)]
    return summary, pd.DataFrame(rows)


def test_appendix_a_reads_the_rmse_parts_from_the_monte_carlo():
    """Seed 2727, Appendix A: "The RMSE of the matched estimators is dominated by their
    variance, because a few hundred starters per data set are few" was typed. Read from the
    Monte Carlo, it states the squared bias's share of the MSE and the matched starters per
    data set, and names the bias where it dominates (a naive row does not count)."""
    summary, mc = _mc_frames([-1.07, 0.42], [3.38, 2.92])
    text = claims.rmse_variance_sentence(summary, mc)
    assert text == ("The RMSE of the matched estimators is dominated by their variance: the "
                    "squared bias is at most 10 per cent of the mean squared error at any quarter; a "
                    "data set holds a median of 280 to 400 matched starters of a measure")
    summary, mc = _mc_frames([6.7, 0.42], [7.0, 2.92])
    text = claims.rmse_variance_sentence(summary, mc)
    assert text.startswith("The RMSE of the matched estimators is dominated by their bias at 1 "
                           "of the 2 estimator quarters (the squared bias up to 92 per cent of")
    # the notebook glues it instead of typing it
    from pathlib import Path
    nb = (Path(__file__).resolve().parents[1] / "notebooks" / "A_matching_method.md").read_text()
    assert "a few hundred starters per data set are few" not in nb
    assert "{glue:text}`a_rmse_variance_sentence`" in nb


def _comparison(rows):
    import pandas as pd

    return pd.DataFrame(rows, columns=["population", "measure", "quarter_since_start", "att_pp",
                                       "ci_low", "ci_high", "n_treated"])


def test_newcomer_caution_reads_the_widths_and_starters_from_the_table():
    """Seed 2727, chapter 5: "Newcomer samples are small, so the intervals are wide." was
    typed beside a table whose newcomer effects at 5 quarters were all hidden. Read from the
    published rows it gives the mean widths and median starters, and says so when the
    newcomers' intervals are no wider, or when none is published."""
    nan = float("nan")
    comp = _comparison([
        ["newcomer", "training_vocational", 4, 4.6, -5.3, 14.5, 79],
        ["newcomer", "training_vocational", 5, nan, nan, nan, nan],
        ["newcomer", "training_vocational", 8, 2.6, -10.5, 15.5, 65],
        ["resident", "training_vocational", 4, 8.2, 2.9, 13.6, 437],
        ["resident", "training_vocational", 5, 8.1, 2.4, 13.7, 409],
        ["resident", "workplace_learning_ibo", 5, 6.6, 1.0, 12.3, 413]])
    text = claims.newcomer_samples_sentence(comp, 5)
    assert text == ("Newcomer samples are smaller (a median of 72 starters behind a newcomer row "
                    "against 413 behind a resident row), so their intervals are wider: 22.9 "
                    "points on average against 11.1 for residents, over the rows the table "
                    "publishes.")
    narrow = comp.assign(ci_low=comp["ci_low"].where(comp["population"] == "resident",
                                                     comp["att_pp"] - 1),
                         ci_high=comp["ci_high"].where(comp["population"] == "resident",
                                                       comp["att_pp"] + 1))
    assert "no wider than the residents'" in claims.newcomer_samples_sentence(narrow, 5)
    hidden = comp.assign(ci_low=comp["ci_low"].where(comp["population"] == "resident"))
    # worst-case bounds (not point-identified) are no sampling interval: left out
    bound = comp.assign(point_identified=[False, True, True, True, True, True])
    assert "22.9" not in claims.newcomer_samples_sentence(bound, 5)
    assert claims.newcomer_samples_sentence(hidden, 5).startswith(
        "No newcomer interval is published here")


def test_obligated_entry_is_read_from_the_newcomer_panel():
    """Seed 2727, chapter 5: "the starters of any quarter lean towards the obligated, who have
    the weaker job-entry chances" was typed. Read from the panel it states both sides' shares,
    says so where the obligated are not the weaker, and withholds shares on few persons."""
    assert claims.obligated_entry_sentence(entry_panel((100, 27), (100, 48)), 14) == (
        "The obligated have the weaker job-entry chances here: 27 per cent of the obligated newcomers "
        "start a stable regular job inside the window, against 48 per cent of the others.")
    assert claims.obligated_entry_sentence(entry_panel((100, 50), (100, 40)), 14).startswith(
        "Here the obligated do not have the weaker job-entry chances: 50 per cent")
    few = claims.obligated_entry_sentence(entry_panel((100, 10), (100, 40)), 14)
    assert "not stated here" in few and "10 per cent" not in few
    from pathlib import Path
    nb = (Path(__file__).resolve().parents[1] / "notebooks" /
          "05_newcomer_integration.md").read_text()
    assert "who have the weaker job-entry chances" not in nb
    assert "{glue:text}`nc_obligated_entry`" in nb


def test_static_mean_runs_over_every_difference_the_table_shows():
    """Seed 2727, min_cell 14, Appendix A: the ever-versus-never table showed all 12
    differences, with the "ever" spells of quarters 2, 4, 6, 10 and 12 hidden (they changed by
    fewer than 14 from the quarter before), and the text averaged "quarters 1, 3, 5, 7, 8, 9
    and 11 of the table" only. The mean is that of the differences the table shows."""
    import pandas as pd
    import pytest

    ever = [571, 560, 556, 545, 534, 522, 510, 494, 475, 465, 443, 432]
    static = pd.DataFrame({
        "quarter_since_start": range(1, 13),
        "att_pp": [-10.2, -12.2, -14.2, -15.3, -15.2, -14.7, -13.1, -11.9, -11.8, -8.7, -8.3,
                   -8.2],
        "n_treated": ever, "n_control": [7099 - 190 * k for k in range(12)]})
    published = claims.ever_never_published(static, 14)
    shown = pd.to_numeric(published.render()["att_pp"], errors="coerce")
    assert shown.notna().all()  # every difference is in the table
    assert published.data["n_treated"].isna().any()  # some spell counts are not
    c = claims.static_claims(published.data)
    assert c["a_static_mean_pp"] == pytest.approx(shown.mean())
    assert c["a_static_quarters"] == "quarters 1 to 12"
