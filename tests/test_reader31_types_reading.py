"""reader31: chapter 3's table of cumulative inflow by ideal type gets a computed reading
(typology.types_table_sentence, glued ch3_types_sentence): the less self-reliant against the
self-reliant for basic training and IBO, with the consultants' account judged from the signs,
and hidden shares never given as numbers."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mia_helpers import typology as ty

ROOT = Path(__file__).resolve().parents[1]


def _types(basic, ibo):
    return pd.DataFrame({"training_basic": basic, "workplace_learning_ibo": ibo,
                         "mediation_guidance": [5.0, 9.0, 11.0, 16.0]},
                        index=pd.Index(list(ty.IDEAL_TYPES), name="ideal_type"))


def test_the_consultants_allocation_is_read_from_the_signs():
    assert set(ty.IDEAL_TYPES) == {"autonomous", "needs_direction", "needs_competences",
                                   "needs_both"}
    # the order of IDEAL_TYPES decides which rows are less self-reliant: map by name
    rows = {"autonomous": (2.2, 5.7), "needs_direction": (2.0, 5.5),
            "needs_competences": (9.9, 2.3), "needs_both": (9.1, 2.5)}  # about this run's table
    t = _types([rows[k][0] for k in ty.IDEAL_TYPES], [rows[k][1] for k in ty.IDEAL_TYPES])
    text = ty.types_table_sentence(t, 8)
    assert "basic training in 9.5 per cent of cases against 2.1 per cent" in text
    assert "IBO in 2.4 per cent of cases against 5.6 per cent" in text
    assert text.endswith(": the allocation the consultants describe")
    flipped = ty.types_table_sentence(
        _types([rows[k][1] for k in ty.IDEAL_TYPES], [rows[k][0] for k in ty.IDEAL_TYPES]), 8)
    assert "not the allocation the consultants describe" in flipped


def test_hidden_shares_are_not_compared_and_proxy_classes_work():
    t = _types([2.2, 2.0, 9.9, 9.1], [np.nan] * 4)
    text = ty.types_table_sentence(t, 8)
    assert "IBO: not published for both, so not compared" in text
    assert "consultants" not in text and "nan" not in text
    none = ty.types_table_sentence(_types([np.nan] * 4, [np.nan] * 4), 8)
    assert "not compared" in none and "%" not in none and "per cent" not in none
    pooled = pd.DataFrame({"training": [2.0, 9.0]}, index=pd.Index(list(ty.PROXY_CLASSES)))
    text = ty.types_table_sentence(pooled, 8)  # grouping="types": no column of their own
    assert text == ("basic training and IBO have no column of their own in this run, so the "
                    "two sides are not compared")
    proxy = pd.DataFrame({"training_basic": [2.0, 9.0], "workplace_learning_ibo": [6.0, 2.0]},
                         index=pd.Index(list(ty.PROXY_CLASSES)))
    assert "basic training in 9.0 per cent of cases against 2.0 per cent" in ty.types_table_sentence(proxy, 8)


def test_chapter_3_reads_the_types_table():
    chapter = (ROOT / "notebooks" / "03_activation_inflow.md").read_text()
    assert 'glue("ch3_types_sentence", ty.types_table_sentence(tab, horizon)' in chapter
    assert "In {numref}`tbl-inflow-types`, {glue:text}`ch3_types_sentence`." in chapter
