"""Chapter 5's naive-versus-matched reading names its steps once (trial25: "the naive curve
lies below the matched one for Inburgering contract, MO (social orientation) and NT2 (Dutch
course) (every step described): for Inburgering contract, MO (social orientation) and NT2
(Dutch course) a comparison ...")."""

from mia_helpers.claims import naive_position_sentence


def test_several_steps_named_once():
    s = naive_position_sentence(["inburgering", "mo", "nt2"], [])
    assert s.count("Inburgering contract") == 1, s
    assert "(every step described): for each of them a comparison with the other" in s


def test_one_step_named_once():
    s = naive_position_sentence(["inburgering"], [])
    assert s == ("the naive curve lies below the matched one for Inburgering contract: a "
                 "comparison with the other non-working newcomers at risk charges the step "
                 "with the weakness of its starters (weaker, often obligated profiles)")


def test_beside_steps_above_the_reading_names_the_below_ones():
    s = naive_position_sentence(["inburgering", "nt2"], ["mo"])
    assert "and not below it for MO (social orientation): for Inburgering contract and NT2" in s
