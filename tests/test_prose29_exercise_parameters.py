"""Exercise answers of chapters 2-4 that name what the synthetic generator does read it from
the data's generator parameters (``truth/parameters.json``), or claim nothing that depends
on them (prose29: chapter 4's pool exercise called automatic vacancy referral "a measure
without an effect of its own", chapter 2's answer said non-EU jobs end sooner "by
`job.end_non_eu`", chapter 3's that the generator "has no direct origin term for basic
training" and that the adults' experience slope "is attenuated", whatever the parameters
``synth --set`` gives and whatever the run estimates)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from mia_helpers import claims
from mia_helpers.synthetic.config import GeneratorConfig

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _params() -> dict:
    """The default generator's parameters, as ``truth/parameters.json`` holds them."""
    return {"config": GeneratorConfig().to_dict()}


def _with(path: tuple[str, ...], value: float) -> dict:
    p = copy.deepcopy(_params())
    d = p["config"]
    for key in path[:-1]:
        d = d[key]
    d[path[-1]] = value
    return p


def test_own_effect_reads_the_generator():
    assert claims.own_effect_clause(_params()) == (
        "; in this run's synthetic generator it has no effect of its own")
    p = _with(("measures", "vacancy_referral_automatic", "gain"), 0.25)
    assert claims.own_effect_clause(p) == (
        "; in this run's synthetic generator it has an effect of its own: it shifts its "
        "starters' job-entry log-odds by +0.25 in the 8 quarters after it ends")
    assert claims.own_effect_clause(None) == ""
    with pytest.raises(ValueError, match="parameters.json has no config.measures"):
        claims.own_effect_clause({"config": {}})


def test_stable_length_why_reads_the_job_end_parameter():
    s = claims.stable_length_why(_params(), 4, 8)
    assert s == ("Fewer jobs last 8 quarters than 4, and in this run's generator more so for "
                 "non-EU origins, whose quarterly job-end log-odds are higher by "
                 "job.end_non_eu (0.40)."), s
    assert claims.stable_length_why(_params(), 12, 8).startswith(
        "Fewer jobs last 12 quarters than 8")
    zero = claims.stable_length_why(_with(("job", "end_non_eu"), 0.0), 4, 8)
    assert "more so" not in zero and "do not end sooner" in zero, zero
    assert "less so" in claims.stable_length_why(_with(("job", "end_non_eu"), -0.2), 4, 8)
    assert "real extract" in claims.stable_length_why(None, 4, 8)


def test_basic_training_words_read_the_allocation():
    s = claims.basic_training_origin_words(_params())
    assert "sends less self-reliant jobseekers to basic training" in s, s
    assert "no direct origin term" in s and "true RRR is one" in s, s
    s = claims.basic_training_origin_words(
        _with(("measures", "training_basic", "low_link"), 0.3))
    assert "no direct origin term" not in s and "not one" in s, s
    assert "generator" in claims.basic_training_origin_words(None)


@pytest.mark.parametrize("name, static", [
    ("04_activation_effects.md", "a measure without an effect of its own"),
    ("02_school_leaver_entry.md", "Fewer jobs last eight quarters"),
    ("03_activation_inflow.md", "has no direct origin term"),
    ("03_activation_inflow.md", "slope is attenuated towards zero"),
])
def test_no_static_generator_answer_left(name, static):
    assert static not in (NOTEBOOKS / name).read_text()
