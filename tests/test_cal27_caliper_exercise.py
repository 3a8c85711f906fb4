"""Chapter 4's caliper exercise holds the run's own caliper as a row, marked as the chapter's,
and on synthetic data the generator's truth (over all starters) with the share dropped per
caliper (cal27: the teacher's trial found neither, so "what a caliper buys" could not be
judged)."""

import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from mia_helpers import claims, disclosure, effect_tables
from mia_helpers.disclosure import suppress

MIN_CELL = 10
IBO = "workplace_learning_ibo"
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_activation_effects.md"


def _support(measure: str = IBO) -> object:
    return suppress(pd.DataFrame({"measure": [measure], "n_treated": [200], "n_dropped": [20]}),
                    count_cols=["n_treated", "n_dropped"], min_cell=MIN_CELL, name="support (t)")


DROPPED = {0.01: 150, 0.05: 60, 0.2: 20, 2.0: 0}


def _fake_run(cal: float) -> SimpleNamespace:
    """One measure's run at ``cal``: 200 starters, fewer dropped the wider the caliper."""
    dropped = DROPPED[cal]
    tidy = pd.DataFrame({"measure": [IBO] * 2, "estimand": ["now_vs_later"] * 2,
                         "estimator": ["matched", "naive"], "quarter_since_start": [5, 5],
                         "att_pp": [9.0 - 10 * cal, 20.0], "n_treated": [200 - dropped] * 2,
                         "treated_persons": [200 - dropped] * 2})
    return SimpleNamespace(
        tidy=tidy, caliper=cal,
        support=lambda: pd.DataFrame({"measure": [IBO], "n_treated": [200],
                                      "n_dropped": [dropped]}),
        balance=lambda: pd.DataFrame({"risk_set": ["pooled"], "smd_after": [-cal / 10]}))


@pytest.fixture
def fake(monkeypatch):
    from mia_helpers import effects
    calls = []

    def run(data, measures, k, caliper, **kw):
        calls.append(caliper)
        return _fake_run(caliper)
    monkeypatch.setattr(effects, "activation_effects", run)
    monkeypatch.setattr(effect_tables, "with_twin_persons", lambda r: r)
    monkeypatch.setattr(effect_tables, "support_persons", lambda r: pd.DataFrame(
        {"dropped_persons": r.support()["n_dropped"]}))
    return calls


TRUTH = pd.DataFrame({"population": ["resident"], "measure": [IBO], "estimand": ["now_vs_later"],
                      "quarter_since_start": [5], "true_att_pp": [8.5]})


@pytest.mark.parametrize(("own", "cals", "roles"), [
    (0.2, [0.01, 0.2, 2.0], ["narrower", "the chapter's", "wider"]),
    (0.05, [0.01, 0.05, 2.0], ["narrower", "the chapter's", "wider"]),
    (2.0, [0.01, 2.0], ["narrower", "the chapter's"])])  # the chapter's once
def test_rows_hold_the_chapters_caliper_the_truth_and_the_dropped_share(fake, own, cals, roles):
    rows, behind, run = effect_tables.caliper_exercise_rows(None, IBO, own, 3, TRUTH)
    assert fake == cals and rows["caliper"].tolist() == cals
    assert rows["role"].tolist() == roles
    assert rows["true_att_pp_q5"].tolist() == [8.5] * len(cals)  # all starters: one truth
    drop = [_fake_run(c).support()["n_dropped"].item() for c in cals]
    assert rows["dropped_pct"].tolist() == pytest.approx([100 * d / 200 for d in drop])
    assert len(behind) == len(cals) and run.caliper == cals[-1]  # the widest run's warnings


def test_no_truth_no_truth_column(fake):
    rows, _, _ = effect_tables.caliper_exercise_rows(None, IBO, 0.2, 3, None)
    assert "true_att_pp_q5" not in rows.columns
    assert claims.caliper_truth_note(rows) == ""


def _table(fake, own=0.2, truth=TRUTH, support=None):
    disclosure.reset_record()
    rows, behind, run = effect_tables.caliper_exercise_rows(None, IBO, own, 3, truth)
    return effect_tables.caliper_table(
        rows, support or _support(), IBO, None, quarter=5, min_cell=MIN_CELL,
        value_cols=effect_tables.exercise_value_cols(rows), starters=200)


def test_the_sentences_read_the_published_table(fake):
    text = claims.caliper_exercise_sentences(_table(fake, own=0.05), MIN_CELL)
    assert text.startswith("The narrower caliper (0.01) drops 150 starters (75.0 per cent), the "
                           "chapter's caliper (0.05) drops 60 starters (30.0 per cent) and the wider "
                           "caliper (2.00) drops 0 starters (0.0 per cent)."), text
    assert "all of IBO's starters" in text and "(0.01 and 0.05)" in text  # >= 10 % dropped
    plain = claims.caliper_exercise_sentences(_table(fake, truth=None), MIN_CELL)
    assert "truth" not in plain and "the chapter's caliper (0.20) drops 20 starters" in plain


def test_a_hidden_dropped_count_hides_its_share(fake, monkeypatch):
    """Without the support table's measure the starters come from ``starters=``: 195 dropped
    of 200 leave 5 matched, so the dropped count (and its share, which would give it back)
    is hidden."""
    monkeypatch.setitem(DROPPED, 0.01, 195)
    t = _table(fake, support=_support("training_basic"))
    assert pd.isna(t.data["n_dropped"].iat[0]) and pd.isna(t.data["dropped_pct"].iat[0])
    assert t.data["n_dropped"].iat[1] == 20
    assert "a number of starters hidden" in claims.caliper_exercise_sentences(t, MIN_CELL)


def test_notebook_runs_the_chapters_caliper_and_glues_the_reading():
    text = NOTEBOOK.read_text(encoding="utf-8")
    part = text[text.index("label: ex-effects-caliper"):text.index("label: ex-effects-other")]
    assert "caliper_exercise_rows(data, \"workplace_learning_ibo\", caliper, k, truth," in part
    # prose47: at the exercise's quarter (five, or the chapter's last horizon when earlier)
    assert "{glue:text}`ex-cal-sentences`" in part and "caliper_truth_note(cal, q_ex)" in part
    for cell in re.findall(r"```\{code-cell\} python\n(.*?)```", part, re.S):
        assert len(cell.strip().splitlines()) <= 15, cell
