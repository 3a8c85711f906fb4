"""mend49: chapter 5's feeder model printed a NotIdentifiedWarning under its cell (seed 2005,
defaults: "hazard model feeder: term 'origin[turkish]' dropped: collinear with earlier
terms.") and no sentence tied it to the table's row or said why the fit reports the term as
not identified rather than estimating it. :func:`mia_helpers.claims.feeder_warning_sentence`
says it from the fit's flags (``not_identified``), glued into the chapter.

The fits are small hand-made person-period tables (no data folder): origin is decided by the
residence ground for one ground, so one origin level is an exact combination of the others."""

from __future__ import annotations

import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from mia_helpers import claims, hazard
from mia_helpers.labels import label

ROOT = Path(__file__).resolve().parents[1]


def _fit(collinear: bool):
    """A feeder-like hazard fit; with ``collinear`` every EU-ground person has the Eastern EU
    origin and no other has it, so origin[turkish] is ground's terms minus origin[maghreb]."""
    rng = np.random.default_rng(49)
    rows = []
    for i in range(400):
        ground = ("eu", "asylum", "family")[i % 3]
        origin = (("eastern_eu" if ground == "eu" else ("maghreb", "turkish")[i % 2])
                  if collinear else ("eastern_eu", "maghreb", "turkish")[rng.integers(3)])
        for u in range(6):
            ev = int(rng.random() < 0.2)
            rows.append((i, u, ev, ground, origin))
            if ev:
                break
    p = pd.DataFrame(rows, columns=["person_id", "u", "event", "ground", "origin"])
    grouped = hazard.group_periods(p, ["ground", "origin"], bins=[0, 2])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = hazard.fit_hazard(grouped, ["ground", "origin"], name="feeder")
    return hazard.explain_collinear(fit, p), [str(w.message) for w in caught]


def test_the_warning_and_the_sentence_name_the_same_term():
    fit, printed = _fit(collinear=True)
    assert printed == ["hazard model feeder: term 'origin[turkish]' dropped: collinear with "
                       "earlier terms."], printed
    assert list(fit.not_identified) == ["origin[turkish]"]
    text = claims.feeder_warning_sentence(fit)
    assert text.startswith("The warning printed under the model's cell above is about a term "
                           "the fit cannot identify. "), text
    # the term and what it combines come from the fit's flags, not from typed words
    assert (f"{label('origin[turkish]')} is an exact combination of ground and the other "
            "levels of origin among the newcomers at risk") in text, text
    assert "reports it as not identified rather than print one arbitrary value" in text


def test_no_sentence_when_every_term_is_identified():
    fit, printed = _fit(collinear=False)
    assert printed == [] and not fit.not_identified
    assert claims.feeder_warning_sentence(fit) == ""


def test_other_reasons_and_several_terms():
    fit = SimpleNamespace(not_identified={
        "origin[turkish]": "collinear with earlier terms",
        "sex[female]": "no variation (zero in every row)",
        "dutch_level[native]": "no events where it is 1"})
    text = claims.feeder_warning_sentence(fit)
    assert text.startswith("The warnings printed under the model's cell above are about terms")
    assert "Origin: Turkish is an exact combination of earlier terms" in text
    assert "Sex: Female is the same in every row" in text
    assert "Dutch level: Native (" in text and "(separation)" in text


def test_chapter_5_glues_it_beside_the_feeder_table():
    src = (ROOT / "notebooks" / "05_newcomer_integration.md").read_text(encoding="utf-8")
    assert 'glue("nc_feeder_warning_sentence", claims.feeder_warning_sentence(fit)' in src
    assert "{glue:text}`nc_feeder_warning_sentence`" in src
