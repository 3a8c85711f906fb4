"""Book prose against its own tables on seed 9393 at min_cell 12 (trial session 21).

Each test rebuilds, on small hand-made inputs, the situation of the run (or of the brief's
known items), so that it fails on the old code.
"""

from __future__ import annotations

import pandas as pd
from test_prose_any_seed import _profile, _shares, _stable

from mia_helpers import claims


def _log(stays: object, censored: object = 10269) -> pd.DataFrame:
    # describe.exclusion_log appends " (kept)" to the SPELL_STAYS rule
    rows = [("persons", "no_ksz_quarter_in_window", 0, 30000),
            ("vdab_registrations", "orphan_id", 0, 54053),
            ("vdab_registrations", "censored_at_window_end (kept)", censored, None),
            ("vdab_registrations", "no_ksz_row_in_quarter (kept)", stays, None),
            ("vdab_measures", "duplicate_measure", 0, None)]
    return pd.DataFrame(rows, columns=["table", "rule", "rows", "of_rows"])


def test_exclusion_sentence_does_not_say_agree_beside_unplaced_registrations():
    # item a: registrations starting in a quarter without a KSZ row (SPELL_STAYS, shown
    # "(kept)") are a disagreement of VDAB and KSZ; the sentence said "the registers agree"
    s = claims.panel_claims(_log(1238), _profile(), _shares(), _stable())
    text = s["panel_exclusion_sentence"]
    assert "registers agree" not in text
    assert text.startswith("no rule excludes a record, but 1,238 VDAB registrations start")
    one = claims.panel_claims(_log(1), _profile(), _shares(), _stable())
    assert "1 VDAB registration starts in" in one["panel_exclusion_sentence"]
    hidden = claims.panel_claims(_log(float("nan")), _profile(), _shares(), _stable())
    assert "registers agree" not in hidden["panel_exclusion_sentence"]
    assert "hidden by disclosure control" in hidden["panel_exclusion_sentence"]
    # censored spells alone are no disagreement (this run: 10,269 censored, 0 unplaced)
    ok = claims.panel_claims(_log(0), _profile(), _shares(), _stable())
    assert ok["panel_exclusion_sentence"].startswith("no rule excludes a record: the "
                                                     "registers agree")


def test_coverage_sentence_agrees_with_a_single_shown_row():
    # item b: at min_cell 1 a count of 1 is shown; the sentence said "1 measure start ...
    # fall in a quarter in which their person ... does not hold them"
    from mia_helpers import describe
    from mia_helpers.disclosure import suppress

    def prot(meas, abb):
        log = pd.DataFrame({"table": ["vdab_registrations", "vdab_measures", "abb_inburgering"],
                            "rule": "no_ksz_row_in_quarter", "rows": [0, meas, abb]})
        return suppress(log, count_cols=["rows"], min_cell=1, name="test log")

    one = describe.register_coverage_sentence(prot(1, 0), [], 1)
    assert one.startswith("1 measure start in the window falls in a quarter in which its "
                          "person has no KSZ row")
    assert "does not hold it " in one
    many = describe.register_coverage_sentence(prot(1, 1), [], 1)
    assert "inburgering step in the window fall in a quarter in which their person" in many
    assert "does not hold them" in many
    big = describe.register_coverage_sentence(prot(1407, 0), [], 1)
    assert big.startswith("1,407 measure starts in the window fall in")


def test_manifest_hashes_the_exclusion_log(tmp_path):
    # item c: Appendix B's manifest hashed panel.parquet but not exclusion_log.csv
    import hashlib

    from mia_helpers import manifest as M

    d = tmp_path / "data"
    d.mkdir()
    pd.DataFrame({"x": [1.0]}).to_parquet(d / "panel.parquet")
    without = M.data_fingerprints(d)["fingerprint"]
    (d / "exclusion_log.csv").write_text("table,rule,rows\npersons,orphan_id,0\n")
    f = M.data_fingerprints(d)
    # keyed with the Parquet files since dpo24 (a plain hash gave hidden counts back by trial)
    import hmac

    key = hashlib.sha512((d / "panel.parquet").read_bytes()).digest()
    assert f["files"]["exclusion_log.csv"] == {"hmac_sha256": hmac.new(
        key, (d / "exclusion_log.csv").read_bytes(), hashlib.sha256).hexdigest()}
    assert f["fingerprint"] != without
    (d / "exclusion_log.csv").write_text("table,rule,rows\npersons,orphan_id,3\n")
    assert M.data_fingerprints(d)["fingerprint"] != f["fingerprint"]


def test_unique_rows_refuses_points_a_line_plot_would_average():
    # item d: Appendix A's seaborn line plots average repeated rows without a word
    import pytest

    from mia_helpers import plots

    one = pd.DataFrame({"scenario": ["a", "a", "b"], "estimator": "matched",
                        "quarter_since_start": [4, 5, 4], "bias": [0.1, 0.2, 0.3]})
    assert plots.unique_rows(one, ["scenario", "estimator", "quarter_since_start"], "t") is one
    two = pd.concat([one, one.assign(bias=9.0)])  # e.g. two measures' rows in one study
    with pytest.raises(ValueError, match=r"fig-a-sens: 6 rows repeat a point of \(scenario, "
                                         r"estimator, quarter_since_start\)"):
        plots.unique_rows(two, ["scenario", "estimator", "quarter_since_start"], "fig-a-sens")
    with pytest.raises(ValueError, match="measure"):
        plots.unique_rows(one, ["measure"], "t")


def test_heart_curves_refuse_repeated_steps():
    # item d, Appendix C: a step line through per-group rows would zigzag between them
    import matplotlib.pyplot as plt
    import pytest

    from mia_helpers.heart import plot_curves

    c = pd.DataFrame({"estimand": "now_vs_later", "horizon": [1, 2, 1, 2],
                      "arm": ["treated_outcome"] * 2 + ["control_outcome"] * 2,
                      "share": [0.1, 0.2, 0.1, 0.3]})
    plt.close(plot_curves(c, ["now_vs_later"], "weeks", 10))
    with pytest.raises(ValueError, match="heart.plot_curves: 8 rows repeat"):
        plot_curves(pd.concat([c, c]), ["now_vs_later"], "weeks", 10)


def test_group_effect_curves_draw_any_number_of_groups_in_distinct_colours():
    # item e: 40 cycled colours; 41 groups raised a bare KeyError, and groups 11-40 shared
    # colours with groups 1-30
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    from mia_helpers import plots

    n = 45
    curves = pd.DataFrame({"measure": "IBO", "group": [f"g{i}" for i in range(n)],
                           "quarter_since_start": 4, "att_pp": 1.0, "ci_low": 0.0,
                           "ci_high": 2.0})
    fig = plots.group_effect_curves(curves)
    drawn = {to_hex(line.get_color()) for line in fig.axes[0].get_lines()[:-1]}
    plt.close(fig)
    assert len(drawn) == n
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    assert plots.distinct_colours(3) == cycle[:3]


def test_naive_bias_about_as_much_only_when_matching_barely_moves_the_estimate():
    # seed 9393, chapter 4: application assignment, naive signed bias -1.5 and matched -0.8
    # points (Table 4), read "the matched estimate misses the truth about as much"
    bias = pd.Series({"application_assignment": -1.5, "training_basic": -6.1,
                      "workplace_learning_ibo": 9.1, "mediation_guidance": -0.4})
    selection = pd.Series({"application_assignment": -0.7, "training_basic": -5.7,
                           "workplace_learning_ibo": 8.0, "mediation_guidance": -0.2})
    text, summary = claims.naive_bias_sentences(bias, "the truth", 1.0, selection=selection)
    assert "about as much" not in text + summary
    assert ("matching moves it by less than that, towards the truth (Application assignment: "
            "naive -1.5, matched -0.8 points against the truth): that gap is only in part "
            "selection") in text
    assert summary.endswith("for Application assignment the matched estimate misses the truth "
                            "by less than the naive one (Application assignment: naive -1.5, "
                            "matched -0.8 points against the truth)")
    assert "understates the return of Basic training:" in text  # not application assignment
    # a move of under a third of the naive bias is still "about as much" (seed 2031)
    close = claims.naive_bias_sentences(bias, "the truth", 1.0,
                                        selection=selection.replace(-0.7, -0.3))
    assert "misses the truth about as much" in close[0]
    # a move away from the truth within the threshold is not "about as much" either
    away, away_summary = claims.naive_bias_sentences(
        bias, "the truth", 1.0, selection=selection.replace(-0.7, 0.8))
    assert ("away from the truth (Application assignment: naive -1.5, matched -2.3 points "
            "against the truth)") in away
    assert "for Application assignment the matched estimate misses the truth by more" in \
        away_summary
    alone = claims.naive_bias_sentences(bias[["application_assignment"]], "the truth", 1.0,
                                        selection=selection)[1]
    assert alone.endswith("the matched estimate misses it by less (Application assignment: "
                          "naive -1.5, matched -0.8 points against the truth)")


def test_school_leaver_curves_refuse_repeated_quarters():
    # chapter 2's curves (seaborn lineplot, errorbar=None) would average two rows of one
    # origin x generation and quarter (a curve per sex, say) into one line without a word
    import pytest

    from mia_helpers import hazard

    km = pd.DataFrame({hazard.KEY: ["maghreb:second"] * 2, "u": [0, 0], "sex": ["f", "m"],
                       "n_at_risk": [50, 40], "events": [20, 15], "cum_incidence": [0.4, 0.3]})
    with pytest.raises(ValueError, match=r"hazard.plot_cumulative_incidence \(job\): 2 rows "
                                         r"repeat a point of \(origin_generation, u\)"):
        hazard.plot_cumulative_incidence({"job": km}, min_cell=10)
