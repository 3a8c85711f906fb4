"""Chapter 5 read a naive curve below the matched one as "(weaker, often obligated
profiles)" whatever grounds the run kept; with ``residence_grounds`` holding no obligated
ground (``[work, study, eu_citizen]``, concl50) no starter is obligated, so the words are
"(weaker profiles)". Hand-made effect rows (trial15b's inburgering curves) and steps tables
with and without an obligated ground."""
import pandas as pd
from newcomer_claims_inputs import newcomer_inputs
from test_trial15b_newcomer_claims import INB, _tidy

from mia_helpers import claims


def _naive_sentence(steps: pd.DataFrame) -> str:
    _, feeder, comp = newcomer_inputs()
    return claims.newcomer_claims(_tidy({"inburgering": INB}), steps, feeder, comp,
                                  "now_vs_later", min_cell=10)["nc_naive_sentence"]


def test_often_obligated_only_with_an_obligated_ground_kept():
    with_ob, _, _ = newcomer_inputs()  # family and work
    assert "(weaker, often obligated profiles)" in _naive_sentence(with_ob)
    none_ob = pd.DataFrame({"residence_ground": ["work", "study", "eu_citizen"],
                            "n_persons": [250, 200, 600], "n_contract": [190, 150, 450]})
    text = _naive_sentence(none_ob)
    assert "obligated" not in text, text
    assert "charges the step with the weakness of its starters (weaker profiles)" in text, text


def test_position_sentence_passes_the_flag():
    assert "often obligated" in claims.naive_position_sentence(["nt2"], [])
    assert "obligated" not in claims.naive_position_sentence(["nt2"], [], obligated_kept=False)
