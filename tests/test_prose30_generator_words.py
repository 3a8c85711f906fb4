"""Chapters 3 and 4 read what the generator built in from its parameters
(``truth/parameters.json``), and say nothing of a generator on a real extract (prose30:
chapter 4's ranking note said automatic vacancy referral "has no effect of its own" and the
origin section that effects "do not depend on origin", chapter 3 that there is "no origin term
for basic training" and that the low-link cells' true curves "lie below", as static text)."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import numpy as np
import pandas as pd

from mia_helpers import claims
from mia_helpers.synthetic.config import GeneratorConfig

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
REF = "vacancy_referral_automatic"
IBO = "workplace_learning_ibo"
CELLS = ["belgian:native", "southern_eu:second", "southern_eu:intermediate", "maghreb:second",
         "turkish:intermediate"]
DIRECT = ["workplace_learning_ibo", "workplace_learning_other", "training_vocational"]


def _params(**changes: float) -> dict:
    """The default generator's parameters with ``measure__key=value`` changes."""
    p = {"config": copy.deepcopy(GeneratorConfig().to_dict())}
    for k, v in changes.items():
        m, key = k.split("__")
        p["config"]["measures"][m][key] = v
    return p


def _rank() -> pd.DataFrame:
    return pd.DataFrame({"measure": [IBO, REF], "estimate": [9.0, 0.5],
                         "relative_pct": [24.0, 1.5]})


def test_ranking_note_reads_the_referrals_own_effect():
    rank, run = _rank(), [IBO, REF]
    none, _ = claims.ranking_sentences(rank, 5, run, True, params=_params())
    assert "no effect of its own" in none
    own, _ = claims.ranking_sentences(rank, 5, run, True,
                                      params=_params(vacancy_referral_automatic__gain=0.3))
    assert "no effect of its own" not in own
    assert "an effect of its own (it shifts its starters' job-entry log-odds by +0.30" in own
    assert 'its true effect against "not now" is that effect minus' in own
    real, _ = claims.ranking_sentences(rank, 5, run, False)  # a real extract: no generator
    assert "generator" not in real


def test_origin_note_only_with_a_generator():
    tidy = pd.DataFrame([{"measure": IBO, "estimand": "now_vs_later", "estimator": est,
                          "quarter_since_start": q, "att_pp": 2.0, "att_rel": 0.1,
                          "ci_low": -1.0, "ci_high": 5.0, "true_att_pp": np.nan,
                          "n_treated": 200, "treated_outcome": 0.4, "control_outcome": 0.38}
                         for q in range(1, 9) for est in ("naive", "matched")])
    support = pd.DataFrame({"measure": [IBO], "n_treated": [220], "n_dropped": [20],
                            "dropped_pct": [9.1]})
    balance = pd.DataFrame({"risk_set": "pooled", "measure": [IBO], "smd_after": [0.02]})
    real = claims.effects_claims(tidy, support, balance, {}, "now_vs_later")
    synth = claims.effects_claims(tidy, support, balance, {}, "now_vs_later", params=_params())
    assert real["eff_origin_generator_note"] == ""
    assert "do not depend on origin" in synth["eff_origin_generator_note"]


def test_chapter_3_reads_the_low_link_terms():
    default = claims.inflow_generator_claims(_params(), CELLS, DIRECT)
    assert "no origin term for basic training" in default["inflow_basic_generator_words"]
    assert "lie below the natives'" in default["inflow_true_curves_sentence"]
    assert "-0.60 for IBO" in default["inflow_truth_panel_sentence"]
    changed = claims.inflow_generator_claims(
        _params(training_basic__low_link=-0.25, workplace_learning_ibo__low_link=0.4),
        CELLS, DIRECT)
    basic = changed["inflow_basic_generator_words"]
    assert "no origin term" not in basic and "low_link = -0.25" in basic
    assert "above the natives' for IBO" in changed["inflow_true_curves_sentence"]
    assert "+0.40 for IBO" in changed["inflow_truth_panel_sentence"]
    flat = claims.inflow_generator_claims(
        _params(**{f"{m}__low_link": 0.0 for m in DIRECT}), CELLS, DIRECT)
    assert "lie below" not in flat["inflow_true_curves_sentence"]
    assert "sets to zero for every direct-link measure" in flat["inflow_truth_panel_sentence"]
    real = claims.inflow_generator_claims(None, CELLS, DIRECT)
    assert {real[k] for k in ("inflow_truth_panel_sentence", "inflow_true_curves_sentence",
                              "inflow_basic_generator_words")} == {""}


def test_no_static_generator_claims_left_in_the_prose():
    prose = {n: re.sub(r"```.*?```", "", (NOTEBOOKS / n).read_text(encoding="utf-8"), flags=re.S)
             for n in ("03_activation_inflow.md", "04_activation_effects.md")}
    assert "no origin term for" not in prose["03_activation_inflow.md"]
    assert "coincide by construction" not in prose["03_activation_inflow.md"]
    assert "lie below: in the generator" not in prose["03_activation_inflow.md"]
    assert "do not depend on origin" not in prose["04_activation_effects.md"]


def _job(**changes: object) -> dict:
    p = {"config": copy.deepcopy(GeneratorConfig().to_dict())}
    p["config"]["job"].update(changes)
    return p


def test_chapter_2_sex_terms_read_the_generator():
    default = claims.sex_terms_words(_job())
    assert "share one direct term" in default and "job.female_children = -0.35" in default
    fog = dict(GeneratorConfig().to_dict()["job"]["female_origin_generation"])
    fog["maghreb:second"] = -0.3
    changed = claims.sex_terms_words(_job(female_origin_generation=fog, female_children=0.0))
    assert "share one direct term" not in changed
    assert "women of one cell a direct term of their own" in changed
    assert "Maghreb (second generation) (-0.30)" in changed and "female_children" not in changed
    assert claims.sex_terms_words(None) == ""


def test_chapter_2_stable_reason_reads_job_end_non_eu():
    default = GeneratorConfig().to_dict()["job"]["end_non_eu"]
    up = claims.stable_further_sentence(0.3, 0.5, True, default)
    assert f"higher chance of ending (job.end_non_eu = {default:+.2f})" in up
    zero = claims.stable_further_sentence(0.3, 0.5, True, 0.0)
    assert "no higher chance of ending" in zero and "so fewer" not in zero
    assert "generator" not in claims.stable_further_sentence(0.3, 0.5, False, default)
    assert "generator" not in claims.stable_further_sentence(0.3, 0.5, True)  # no parameters


def test_chapter_2_prose_has_no_default_generator_claim():
    src = re.sub(r"```.*?```", "", (NOTEBOOKS / "02_school_leaver_entry.md").read_text(
        encoding="utf-8"), flags=re.S)
    assert "share one direct term" not in src and "{glue:text}`ch2_sex_terms`" in src


def test_chapter_3_sign_lead_reads_the_self_reliance_loadings():
    default = claims.inflow_generator_claims(_params(), CELLS, DIRECT)["inflow_sign_lead"]
    assert "implies opposite signs" in default and "+0.80" in default
    same = claims.inflow_generator_claims(_params(training_basic__self_reliance=0.4), CELLS,
                                          DIRECT)["inflow_sign_lead"]
    assert "implies no opposite signs" in same and "+0.40" in same
    real = claims.inflow_generator_claims(None, CELLS, DIRECT)["inflow_sign_lead"]
    assert "generator" not in real and "would give" in real


def test_chapter_4_selection_clause_reads_the_sensitivity_loadings():
    assert "satisfy that assumption by construction" in claims.selection_clause(_params())
    p = _params()
    p["config"]["sensitivity"].update(unobserved_selection=0.5, unobserved_job=0.3)
    confounded = claims.selection_clause(p)
    assert "do not satisfy" in confounded and "+0.50" in confounded and "+0.30" in confounded
    assert "synthetic" not in claims.selection_clause(None)
    src = (NOTEBOOKS / "04_activation_effects.md").read_text(encoding="utf-8")
    assert "satisfy that assumption by construction" not in src


def test_chapter_1_job_end_words_read_the_parameter():
    default = claims.job_end_words(_job())
    assert "higher quarterly chance of ending (job.end_non_eu = +0.40)" in \
        default["panel_job_end_sentence"]
    zero = claims.job_end_words(_job(end_non_eu=0.0))
    assert "no higher quarterly chance" in zero["panel_job_end_sentence"]
    assert "do not end sooner" in zero["panel_job_end_answer"]
    real = claims.job_end_words(None)
    assert real["panel_job_end_sentence"] == real["panel_job_end_answer"] == ""
    src = re.sub(r"```.*?```", "", (NOTEBOOKS / "01_panel_construction.md").read_text(
        encoding="utf-8"), flags=re.S)
    assert "gives jobs of non-EU workers" not in src


def test_chapter_1_allocation_slopes_read_the_parameters():
    default = claims.allocation_slope_words(_params())
    assert "rises with it for vocational training, IBO" in default
    assert "falls with it for basic training" in default
    flat = claims.allocation_slope_words(_params(training_basic__self_reliance=0.0))
    assert "does not depend on it for basic training" in flat
    assert "generator" not in claims.allocation_slope_words(None)
    assert claims.job_end_words(_params())["panel_allocation_slopes"] == default
