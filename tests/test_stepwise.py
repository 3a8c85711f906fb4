"""mia_helpers.stepwise: a step the data cannot estimate is skipped with a warning naming it
and what to do (chapter 5 on a small extract), any other error still stops the run."""

import pytest

from mia_helpers.matching import NoMatchError, NoStartersError
from mia_helpers.stepwise import NOBODY_STARTS, effects_skipping


def _estimate(fail: set[str]):
    calls = []

    def estimate(specs, panel=None, caliper=0.2):
        calls.append(list(specs))
        for step in specs:
            if step in fail:
                raise NoMatchError(step, caliper)
        return {"steps": list(specs), "panel": panel}

    return estimate, calls


def test_a_step_without_matches_is_skipped_with_a_warning():
    estimate, calls = _estimate({"mo"})
    specs = {"inburgering": 1, "mo": 2, "nt2": 3}
    with pytest.warns(
        UserWarning,
        match=r"'mo' is not estimated.*widen `caliper` \(now 0.2\)"
        r".*-p treatments '\[inburgering, nt2\]'",
    ):
        res, skipped = effects_skipping(estimate, specs, "treatments", panel="p", caliper=0.2)
    assert res == {"steps": ["inburgering", "nt2"], "panel": "p"}
    assert list(skipped) == ["mo"] and "no treated unit matched" in skipped["mo"]
    assert calls == [["inburgering", "mo", "nt2"], ["inburgering", "nt2"]]


def test_no_step_left_returns_none_and_other_errors_propagate():
    estimate, _ = _estimate({"mo"})
    with pytest.warns(UserWarning):
        res, skipped = effects_skipping(estimate, {"mo": 1}, "treatments")
    assert res is None and list(skipped) == ["mo"]

    def broken(specs, **kwargs):
        raise ValueError("panel has no column 'person_id'")

    with pytest.raises(ValueError, match="no column"):
        effects_skipping(broken, {"mo": 1}, "treatments")


def test_required_raises_naming_the_parameter_when_no_step_is_left():
    estimate, _ = _estimate({"mo"})
    with pytest.warns(UserWarning), pytest.raises(ValueError, match=r"treatments=\['mo'\].*caliper"):
        effects_skipping(estimate, {"mo": 1}, "treatments", required=True, caliper=0.2)


def test_a_step_nobody_starts_is_skipped_with_the_remedy_of_more_data():
    """The engine's "nobody starts 'x' in the risk sets" is about one step too: skipped, and the
    warning asks for a larger extract, not a wider caliper (which cannot help)."""

    def estimate(specs, caliper=0.2):
        if "mo" in specs:
            raise NoStartersError("mo")
        return list(specs)

    with pytest.warns(UserWarning, match=r"'mo' is not estimated for newcomers and is left "
                      r"out for them: nobody starts it.*larger extract.*caliper does not help"):
        res, skipped = effects_skipping(estimate, {"inburgering": 1, "mo": 2}, "treatments",
                                        population="newcomers", caliper=0.2)
    assert res == ["inburgering"] and skipped == {"mo": NOBODY_STARTS}


def test_the_last_step_skipped_names_no_empty_list():
    estimate, _ = _estimate({"mo"})
    with pytest.warns(UserWarning) as record:
        effects_skipping(estimate, {"mo": 1}, "treatments", caliper=0.2)
    text = str(record[0].message)
    assert "'[]'" not in text and "no other entry of `treatments` is left" in text


# -- chapter 5's comparison of VDAB measures between newcomers and residents -----------------

MEASURES = ["workplace_learning_ibo", "training_vocational", "workplace_learning_other"]


def _fake_engine(monkeypatch, fail: dict[str, set[str]], n_treated: int = 40):
    """Replace the chapter 4 engine by one that fails, per population, for the measures in
    ``fail`` (as the matching engine does) and otherwise returns a matched effect at quarters
    4, 5 and 8 on ``n_treated`` starters (none left at quarter 8 for IBO)."""
    from types import SimpleNamespace

    import pandas as pd

    # imported before the patch: newcomers binds the engine at import time, and a first import
    # under the patch would keep the fake for every later test of the session
    from mia_helpers import effects, newcomers  # noqa: F401

    def engine(data, specs, caliper=0.2, **kwargs):
        pop = data
        for m in specs:
            if m in fail.get(pop, set()):
                raise NoMatchError(m, caliper)
        rows = [dict(measure=m, estimator="matched", estimand="now_vs_later",
                     quarter_since_start=q, att_pp=2.0 + q / 10, att_rel=0.1, ci_low=0.0,
                     ci_high=4.0, n_treated=0 if (m, q) == (MEASURES[0], 8) else n_treated)
                for m in specs for q in (4, 5, 8)]
        # the matched starters (the tables' quarter 0, effect_tables.with_starters), 20 more
        # than at quarter 4 so that the rule on successive horizons hides nothing here
        matches = {m: SimpleNamespace(support=pd.DataFrame({"n_matched": [n_treated + 20]}))
                   for m in specs}
        return effects.EffectsResult(pd.DataFrame(rows), matches, {})

    monkeypatch.setattr(effects, "activation_effects", engine)


def test_measure_comparison_skips_a_measure_per_population(monkeypatch):
    from mia_helpers.stepwise import measure_comparison_skipping

    _fake_engine(monkeypatch, {"newcomer": {"training_vocational"}})
    with pytest.warns(UserWarning, match=r"'training_vocational' is not estimated for "
                      r"newcomers.*widen `caliper` \(now 0.05\).*-p measures "
                      r"'\[workplace_learning_ibo, workplace_learning_other\]'"):
        comp, skipped = measure_comparison_skipping(
            "newcomer", "resident", MEASURES, None, (4, 5, 8), "now_vs_later", 10,
            caliper=0.05)
    assert list(skipped["newcomer"]) == ["training_vocational"] and skipped["resident"] == {}
    shown = set(zip(comp["population"], comp["measure"], strict=True))
    assert ("newcomer", "training_vocational") not in shown
    assert ("resident", "training_vocational") in shown
    # a horizon without any matched starter left shows nothing estimated: no row
    ibo = comp[comp["measure"] == MEASURES[0]]
    assert sorted(ibo["quarter_since_start"].unique()) == [4, 5]
    assert len(comp) == 2 * 2 + 3 * 3


def test_measure_comparison_hides_small_cells_and_raises_when_nothing_is_estimated(monkeypatch):
    from mia_helpers.stepwise import measure_comparison_skipping

    _fake_engine(monkeypatch, {}, n_treated=4)
    comp, _ = measure_comparison_skipping("newcomer", "resident", MEASURES, None, (4, 5, 8),
                                          "now_vs_later", 10)
    assert (comp["att_pp"] == "x").all() and (comp["n_treated"] == "<10").all()
    _fake_engine(monkeypatch, {p: set(MEASURES) for p in ("newcomer", "resident")})
    with pytest.warns(UserWarning), pytest.raises(
            ValueError, match=r"no VDAB measure of measures=.*caliper.*larger extract"):
        measure_comparison_skipping("newcomer", "resident", MEASURES, None, (4, 5, 8),
                                    "now_vs_later", 10, caliper=0.2)


def test_an_error_that_only_reads_like_a_step_failure_stops_the_run():
    """Only the engine's typed NotEstimableError skips a step: a ValueError whose text merely
    starts with the step's name is a mistake to fix, not a step the data cannot estimate."""

    def estimate(specs, caliper=0.2):
        raise ValueError("'mo': column 'mo_start' is not in the panel")

    with pytest.raises(ValueError, match="mo_start"):
        effects_skipping(estimate, {"inburgering": 1, "mo": 2}, "treatments", caliper=0.2)
