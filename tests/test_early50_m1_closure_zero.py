"""Chapter 2's M1 sentence when the first block barely moves the ratios (early50: seed 4134 with
``blocks = [household, individual]`` read "does not pull the intermediate generation's ratios
towards one more than the second generation's: it widens the intermediate generation's mean
absolute M0 coefficient by 0 per cent and closes 0 per cent of the second generation's")."""

from mia_helpers import claims


def test_both_shares_printing_as_zero_are_said_to_barely_move():
    text = claims.m1_closure_sentence(-0.3, 0.2)
    assert "0 per cent" not in text.replace("0.5 per cent", "")
    assert "does not pull" not in text and "widens" not in text
    assert text.startswith("barely moves the ratios of either generation")


def test_one_share_printing_as_zero_is_about_unchanged():
    text = claims.m1_closure_sentence(58.3, 0.4)
    assert "closes 58 per cent of the intermediate generation's" in text
    assert "leaves the second generation's about unchanged" in text
    assert "closes 0 per cent" not in text
