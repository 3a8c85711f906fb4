"""seed46 (Appendix C read at bootstrap seed 2021): the prose said "the estimator labels its
period terms `quarter[...]` after the book's quarterly registers", while the warnings printed
under the same cell name them ``period[12]``, ``period[16]``, ... (fix46 named the censoring
(IPCW) logit's baseline terms by the clock: ``period[l]`` on a user's panel). The sentence was
typed; it now reads the name from :func:`mia_helpers.dynamic.ipcw_term_label`, which these
tests hold to the names the estimator actually gives on a small constructed panel."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

import mia_helpers.effects as ef
from mia_helpers import dynamic

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "C_heart_transplant.md"


def _toy_panel(seed: int = 46, n: int = 300, T: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pid = np.repeat(np.arange(n), T)
    return pd.DataFrame({
        "person": pid, "period": np.tile(np.arange(T), n), "x": rng.normal(size=n * T),
        "start": rng.random(n * T) < 0.1, "event": rng.random(n * T) < 0.1})


def test_label_is_the_name_dynamic_effects_gives_its_ipcw_terms(monkeypatch):
    seen: list[list[str]] = []
    real = ef.fit_logit

    def spy(*args, **kwargs):
        seen.append(list(kwargs["names"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(ef, "fit_logit", spy)
    m = dynamic.dynamic_match(_toy_panel(), id="person", time="period",
                              treatment_start="start", covariates=["x"], k=2, caliper=0.5)
    dynamic.dynamic_effects(m, outcome="event", horizons=[1, 3], estimands=["now_vs_never"])
    baseline = [s for names in seen for s in names if s != "x"]
    assert baseline, "the censoring (IPCW) logit was not fitted on the toy panel"
    prefix = dynamic.ipcw_term_label().removesuffix("...]")
    assert prefix == "period["  # a user's clock is in periods, whatever the column is called
    assert all(s.startswith(prefix) for s in baseline), baseline


def test_appendix_c_states_the_term_name_from_the_package():
    text = NOTEBOOK.read_text(encoding="utf-8")
    sentence = re.search(r"estimator (?:labels|names) its period terms[^\n]*", text)
    assert sentence, "Appendix C no longer says how the IPCW warnings name their terms"
    assert "quarter[" not in sentence.group(0), sentence.group(0)
    assert "{glue:text}`c_ipcw_term`" in sentence.group(0), sentence.group(0)
    assert re.search(r'glue\("c_ipcw_term", ipcw_term_label\(\)', text)
