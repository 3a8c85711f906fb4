"""fig31: sentences that read a figure are computed from the data the figure draws, so a
constructed case where the old reading would be false makes them fail."""
import numpy as np
import pandas as pd

from mia_helpers import claims
from mia_helpers import subgroups as sg

REF, MAG = "belgian:native", "maghreb:second"


def _curve(prof: str, event: str, width: float, n: int = 4) -> pd.DataFrame:
    return pd.DataFrame({"profile": prof, "event": event, "u": range(n),
                         "cum_incidence": np.linspace(0.1, 0.4, n),
                         "ci_low": 0.1, "ci_high": 0.1 + width})


def test_band_width_is_compared_within_each_panel_of_the_figure():
    # Maghreb is drawn in the first-job panel only, where its band is wider than the natives';
    # the natives' stable-job band is wide. A mean pooled over both panels (the old rule)
    # named Maghreb narrowest, which no panel of the figure shows.
    curves = pd.concat([_curve(REF, "first job", 0.02), _curve(MAG, "first job", 0.05),
                        _curve(REF, "first stable job", 0.30)])
    pooled = (curves["ci_high"] - curves["ci_low"]).groupby(curves["profile"]).mean()
    assert pooled.idxmin() == MAG  # the case the old sentence got wrong
    s = claims.band_width_sentence(curves, {REF: 5000, MAG: 800})
    assert s == ("the bands are narrowest for Belgian (native) in the first job panel, the "
                 "largest of the groups drawn")
    both = pd.concat([curves, _curve(MAG, "first stable job", 0.10)])
    s = claims.band_width_sentence(both, {REF: 5000, MAG: 800})
    assert s == ("the bands are narrowest for Belgian (native) in the first job panel and for "
                 "Maghreb (second generation) in the first stable job panel (Belgian (native) "
                 "is the largest of the groups drawn)")
    assert claims.band_width_sentence(curves[curves["profile"] == REF], {REF: 1}) == (
        "only the Belgian (native) curve is drawn, so the bands are not compared")


def test_truth_coverage_counts_only_the_cells_the_figure_draws_with_a_cross():
    # a published cell with a finite interval but no estimate is not drawn, and one without a
    # generator's term has no cross: neither may enter "k of n" (the old count said 1 of 3)
    t = pd.DataFrame({"sex": "female", "group": ["maghreb:second", "turkish:second",
                                                 "subsaharan:second"],
                      "estimate": [0.5, np.nan, 0.5], "ci_low": 0.0, "ci_high": 1.0,
                      "truth": [0.5, 0.5, np.nan], "n_persons": 50, "n_events": 20,
                      "df_resid": 500})
    assert sg.truth_coverage(t, min_cell=10) == (1, 1)
    drawn = sg.published_truth_rows(t, 10)
    assert len(drawn[drawn["truth"].notna()]) == 1
    assert "one published cell covers" in sg.truth_coverage_sentence(t, 0.95, 10)


def _aj(origin: str, outcome: str, values: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"origin": origin, "outcome": outcome, "u": range(len(values)),
                         "cum_incidence": values})


def test_top_origin_is_read_where_every_curve_of_the_measure_is_drawn():
    # the Turkish IBO curve stops at quarter 2 (few at risk); the natives' goes on to 4. At
    # their own ends the natives lead (0.09 > 0.05), which the figure does not show: at
    # quarter 2, the last both reach, the Turkish curve is higher (0.05 > 0.03)
    ibo = "workplace_learning_ibo"
    obs = pd.concat([_aj("belgian", ibo, [0.0, 0.01, 0.03, 0.06, 0.09]),
                     _aj("turkish", ibo, [0.0, 0.02, 0.05])], ignore_index=True)
    model = pd.DataFrame({"source": ["M1"], "profile": ["p"], "outcome": [ibo], "u": [1],
                          "cum_incidence": [1.0]})
    c = claims.inflow_curve_claims(obs, model, [ibo])
    assert c["inflow_ci_top_origin"] == "Turkish"
    # one measure drawn: named (read50: "every direct-link measure" of one)
    assert c["inflow_ci_reference_tops"] == "Turkish jobseekers reach IBO most often"
    assert "at the last quarter all of a measure's curves reach" in c["inflow_ci_spread_sentence"]
    assert np.isclose(c["inflow_ci_widest_ref_pct"], 3.0)
    # curves ending together: read at their common last quarter, said as before
    even = pd.concat([obs, _aj("turkish", ibo, [0.0, 0.02, 0.05, 0.05, 0.05]).iloc[3:]],
                     ignore_index=True)
    c = claims.inflow_curve_claims(even, model, [ibo])
    assert c["inflow_ci_top_origin"] == "Belgian"
    assert "at the last quarter shown" in c["inflow_ci_spread_sentence"]
    end, ragged = claims.curves_at_common_end(obs)
    assert ragged and set(end["u"]) == {2}


def test_dropped_share_is_set_beside_the_other_steps_not_judged_many():
    # chapter 5 called 23.7 % of a step's starters "many dropped", a typed judgement: the
    # sentence now states the share against the other steps' published shares
    support = pd.DataFrame({"measure": ["inburgering", "nt2", "mo", "civic"],
                            "dropped_pct": [2.1, 23.7, 5.3, 3.0]})
    scope = claims.truth_scope(support)
    assert dict(scope) == {"nt2": 23.7}
    s = claims.truth_scope_sentence(scope, where="", unit="step")
    assert "many" not in s
    assert ("23.7 per cent of the starters of NT2 (Dutch course) found no statistical twin within the "
            "caliper (against 2.1 to 5.3 per cent for the other steps), a share of at least the 10 per cent"
            ) in s, s
    clause = claims.few_kept_naive_clause(dict(scope), published=scope)
    # prose32: the rule follows the share it judges, the other steps' shares after it
    assert clause.startswith("for NT2 (Dutch course), with 23.7 per cent of its starters dropped for "
                             "lack of a statistical twin (at least the 10 per cent"), clause
    assert "move the truth by 1 point), against 2.1 to 5.3 per cent for the other steps, the" \
        in clause, clause
    # a hidden share is neither read nor named; the range says whose shares it spans
    hidden = support.assign(dropped_pct=["x", 23.7, 5.3, 3.0])
    s = claims.truth_scope_sentence(claims.truth_scope(hidden), where="", unit="step")
    assert "against 3.0 to 5.3 per cent for the other steps whose share is published" in s, s
    assert "Inburgering" not in s
    # without the support table's other shares (a plain mapping) the share alone is stated
    assert "against" not in claims.truth_scope_sentence({"nt2": 23.7}, unit="step")


def test_intake_ibo_direction_is_read_as_the_bars_print():
    from mia_helpers import typology as ty

    low, high = sorted(ty.LESS_SELF_RELIANT)[0], [t for t in ty.IDEAL_TYPES
                                                  if t not in ty.LESS_SELF_RELIANT][0]
    t = pd.DataFrame({"ideal_type": [low, high] * 2,
                      "outcome": ["training_basic"] * 2 + ["workplace_learning_ibo"] * 2,
                      "pct": [3.0, 0.7, 2.51, 2.52]})
    # IBO 2.51 against 2.52 %: the same bar at the figure's precision, not "less often"
    s = ty.intake_sentence(t)
    assert "IBO as often" in s and "less often" not in s, s
    s = ty.intake_sentence(t.assign(pct=[3.0, 0.7, 1.5, 2.5]))
    assert "IBO less often" in s, s


def _feeder(ground: str, with_: list[float], without: list[float]) -> pd.DataFrame:
    n = len(with_)
    return pd.DataFrame({"residence_ground": ground, "u": [*range(n), *range(n)],
                         "integration": ["contract + NT2"] * n + ["none"] * n,
                         "cum_incidence": [*with_, *without]})


def test_feeder_curves_sentence_reads_the_drawn_curves():
    up = _feeder("family", [0.0, 0.2, 0.4], [0.0, 0.1, 0.3])
    assert claims.feeder_curves_sentence(up) == (
        "In this run the curve with contract and NT2 lies above the one without at every "
        "quarter after the first (where both start at zero) for the one ground drawn.")
    # the typed reading ("lie above ... for every ground") is false when one ground crosses
    cross = pd.concat([up, _feeder("work", [0.0, 0.2, 0.25], [0.0, 0.1, 0.3])])
    s = claims.feeder_curves_sentence(cross)
    assert s.endswith("for family, not for work."), s  # prose case (seed38)
    assert "any ground" in claims.feeder_curves_sentence(cross[cross.residence_ground == "work"])
    assert "not compared" in claims.feeder_curves_sentence(up[up.integration == "none"])


def test_dropped_share_is_not_set_beside_other_scoped_steps():
    # seed 5151: NT2 (40.2 %) alone in the clause, inburgering and MO (84.0, 93.7 %) in the
    # scope too; "against 84.0 to 93.7 % for the other steps" set it beside larger shares
    scope = claims.truth_scope(pd.DataFrame({"measure": ["inburgering", "nt2", "mo"],
                                             "dropped_pct": [84.0, 40.2, 93.7]}))
    clause = claims.few_kept_naive_clause({"nt2": 40.2}, published=scope)
    assert "against" not in clause, clause
    scope = claims.truth_scope(pd.DataFrame({"measure": ["inburgering", "nt2", "mo", "civic"],
                                             "dropped_pct": [84.0, 40.2, 3.0, 5.0]}))
    clause = claims.few_kept_naive_clause({"nt2": 40.2}, published=scope)
    assert "against 3.0 to 5.0 per cent for MO (social orientation) and civic" in clause, clause
