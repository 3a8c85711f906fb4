"""Chapter 3's four-type bound is a bound for the classifications it names (concl50).

On seed 4104 (and 4100) chapter 3 read "a four-type classification from registers can be
right for at most 43 per cent of the spells", a product of the equal-weight proxy's
self-reliance agreement (85 %) and the larger self-direction share. A logistic fit of the
true self-reliance side on the same register items puts 89 % on the right side, so a
four-type classification from registers reaches about 45 %: the sentence's bound held only
for classifications that take the proxy's side. Here a hand-made intake where self-reliance
is Dutch alone makes the old sentence false by a wide margin, and the test checks that a
register classifier exceeds the proxy's ceiling but not the stated bound for any register
classifier.
"""

import re

import numpy as np
import pandas as pd

from mia_helpers import codes
from mia_helpers import typology as ty


def _intake(n: int = 4000, seed: int = 4104) -> pd.DataFrame:
    """Spells whose self-reliance index is the Dutch rank alone (education and experience,
    which the equal-weight proxy averages in, carry nothing) and whose self-direction is a
    coin independent of everything registered, as in the generator."""
    rng = np.random.default_rng(seed)
    dutch = rng.choice(codes.DUTCH_LEVELS, n)
    rank = pd.Series(dutch).map({k: i for i, k in enumerate(codes.DUTCH_LEVELS)}).to_numpy()
    s = rank - 1.5  # none/basic below the cut, good/native above
    d = rng.normal(size=n)
    sr, sd = s >= 0, d >= 0
    itype = np.where(sr & sd, "autonomous", np.where(sr, "needs_direction", np.where(
        sd, "needs_competences", "needs_both")))
    return pd.DataFrame({"dutch_level": dutch, "education": rng.choice(codes.EDUCATIONS, n),
                         "experience": rng.uniform(0, 20, n), "self_reliance": s,
                         "self_direction": d, "ideal_type": itype})


def test_four_type_bound_names_the_proxy_and_holds_for_any_register_classifier():
    intake = ty.register_proxy(_intake())
    rec = ty.recovery_table(intake, min_cell=10)
    # a register classifier: Dutch good or native -> self-reliant; self-direction guessed
    guess_sr = intake["dutch_level"].isin(["good", "native"]).to_numpy()
    sd_share = float((intake["self_direction"] >= 0).mean())
    guess_sd = sd_share >= 0.5
    true_sr = intake["ideal_type"].isin(ty.SELF_RELIANT_TYPES).to_numpy()
    right = (guess_sr == true_sr) & ((intake["self_direction"] >= 0).to_numpy() == guess_sd)
    reached = 100 * float(right.mean())
    # the proxy averages in two empty items: its ceiling is well below what registers reach
    assert 100 * rec["four_type_ceiling"] < reached - 5
    # ... and the bound for any register classifier holds (it is the larger coin share)
    assert reached <= 100 * rec["self_direction_ceiling"] + 1e-9
    text = ty.recovery_sentence(rec)
    proxy_bound = int(np.ceil(100 * rec["four_type_ceiling"]))
    any_bound = int(np.ceil(100 * rec["self_direction_ceiling"]))
    # the old sentence: a bound on every classification from registers, false here
    assert not re.search(r"classification from registers can be right for at most", text)
    assert (f"takes this proxy's self-reliance side can be right for at most {proxy_bound} "
            "per cent") in text, text
    assert "one from any register items" in text and f"at most {any_bound} per cent" in text
    assert reached <= any_bound
    assert text.endswith("These bounds hold for this generator, in which self-direction is "
                         "independent of everything registered.")
    # a real extract states no bound, so nothing follows about bounds (chapter 3 read "Such a
    # bound holds for this generator" after the real extract's sentence)
    assert "bound" not in ty.recovery_sentence(None)


def test_recovery_sentence_without_the_any_classifier_bound_names_the_proxy():
    # a recovery dict without the new key (older callers): the proxy's bound, named as such
    rec = {"agreement": 0.8, "kappa": 0.6, "r2_self_reliance": 0.55,
           "r2_self_direction": 0.003, "four_type_ceiling": 0.452}
    text = ty.recovery_sentence(rec)
    assert "takes this proxy's self-reliance side can be right for at most 46 per cent" in text
    assert "any register items" not in text


def test_chapter6_typology_clause_reads_on_real_and_synthetic_data():
    """Chapter 6 glued "(on a real extract: unknown, the true types are not registered)" into
    "a register proxy places ... of the spells on the right side of the self-reliance cut"
    (concl50): a clause of its own now, whole on both kinds of data."""
    from pathlib import Path

    from mia_helpers import conclusions as cc

    real = cc.typology_clause(None)
    assert real.startswith("how many spells a register proxy places") and "unknown" in real
    assert not re.search(r"\d", real)
    synth = cc.typology_clause({"agreement": 0.8505})
    assert synth == ("a register proxy places 85 per cent of the spells on the right side of "
                     "the self-reliance cut")
    text = (Path(__file__).resolve().parents[1] / "notebooks" / "06_conclusions.md").read_text()
    assert "allocation: {glue:text}`ch6_typology_clause`, and nothing of" in text
    assert "places\n{glue:text}" not in text and "ch6_typology_agreement" not in text
