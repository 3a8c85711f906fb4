"""mia_helpers.stepwise: a step the data cannot estimate is skipped with a warning naming it
and what to do (chapter 5 on a small extract), any other error still stops the run."""

import pytest

from mia_helpers.stepwise import effects_skipping


def _estimate(fail: set[str]):
    calls = []

    def estimate(specs, panel=None, caliper=0.2):
        calls.append(list(specs))
        for step in specs:
            if step in fail:
                raise ValueError(
                    f"{step!r}: no treated unit matched within the caliper "
                    f"({caliper} SD of the logit score); widen the caliper"
                )
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
