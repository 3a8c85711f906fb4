"""Chapter 6's findings table prints, in its persons column, the matched starts behind the IBO
effects (chapter 4's and 5's ``n_treated``: a person's first start in each registration spell),
so its caption says so (late24: the column was captioned "persons behind each estimate")."""

from __future__ import annotations

import pandas as pd

from mia_helpers import conclusions as cc


def _table(n_ibo) -> pd.DataFrame:
    return pd.DataFrame({"key": ["feeder_or", "ibo_residents_q5"],
                         "n_persons": pd.array([900, n_ibo], dtype="Int64")})


def test_caption_says_the_effects_count_starts():
    text = cc.persons_caption(_table(287), 10)
    assert "matched starts" in text and "counts twice" in text
    assert "fewer than 10 persons" in text


def test_no_starts_note_without_a_published_effect_count():
    assert "starts" not in cc.persons_caption(_table(pd.NA), 10)
