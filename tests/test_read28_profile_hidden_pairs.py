"""Chapter 3's reading across the composition table names each hidden characteristic as its
own group of inflows: "the shares of inflows that are of Belgian origin and have no or basic
Dutch are not compared" read as the inflows with both (read28)."""
import numpy as np

from mia_helpers import claims

PAIRS = [(48.0, 18.0, "are of Belgian origin"), (30.0, 13.0, "are highly educated"),
         (19.0, 59.0, "have no or basic Dutch")]


def _hide(rows: list[int]) -> list[tuple[float, float, str]]:
    return [(np.nan, b, w) if i in rows else (d, b, w) for i, (d, b, w) in enumerate(PAIRS)]


def test_two_hidden_each_its_own_inflows() -> None:
    s = claims.profile_pairs_sentence(_hide([0, 2]))
    assert s.endswith("(the shares of inflows that are of Belgian origin, and of those that "
                      "have no or basic Dutch, are not compared: cells suppressed)"), s


def test_one_hidden_unchanged() -> None:
    s = claims.profile_pairs_sentence(_hide([1]))
    assert s.endswith("(the shares of inflows that are highly educated are not compared: "
                      "cells suppressed)"), s
