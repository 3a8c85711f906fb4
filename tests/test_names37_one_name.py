"""One concept, one name (developers' guide): the package's tables name a standard error
``se`` and an interval's bounds ``ci_low`` / ``ci_high``, in model tables (``.tidy()``) as in
effect tables. The other tools' names (``std_error``, ``conf_low``, ``conf_high``, as R's
broom writes them) may appear only where export-check recognises tables an analyst brings."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OTHER = re.compile(r"\b(?:exp_)?(?:std_error|conf_low|conf_high)\b")
#: the one place allowed to know the other names
ALLOWED = {Path("mia_helpers/export_check.py")}


def _sources():
    for sub, pattern in (("mia_helpers", "*.py"), ("notebooks", "*.md"), ("book", "*.md")):
        yield from (ROOT / sub).rglob(pattern)
    yield ROOT / "README.md"


def test_no_second_name_for_se_and_interval_bounds():
    hits = [f"{p.relative_to(ROOT)}:{i}: {line.strip()}"
            for p in _sources() if p.relative_to(ROOT) not in ALLOWED
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if OTHER.search(line)]
    assert not hits, "\n".join(hits)


def test_model_tidy_uses_the_effect_tables_names():
    from mia_helpers.core.results import TIDY_COLUMNS, coefficient_table
    from mia_helpers.effects import TIDY_COLUMNS as EFFECT_COLUMNS

    t = coefficient_table(["a", "b"], np.array([0.1, -0.2]), np.array([0.05, 0.1]), 0.95,
                          "odds ratio")
    assert {"se", "ci_low", "ci_high"} <= set(t.columns) and list(t.columns) == list(TIDY_COLUMNS)
    assert {"ci_low", "ci_high"} <= set(EFFECT_COLUMNS)


#: what a coefficient table may add to :data:`mia_helpers.core.results.TIDY_COLUMNS` (the
#: module's docstring: the model, counts and residual degrees of freedom)
MODEL_EXTRAS = {"model", "outcome", "n", "n_persons", "n_events", "df_resid"}


def _counting_process() -> pd.DataFrame:
    """A small counting-process table (no R data needed): 40 patients, half of them switching
    to ``x = 1`` at day 10, deaths at distinct days; the values only have to give a finite fit."""
    rng = np.random.default_rng(48)
    rows = []
    for i in range(40):
        stop, age = 5.0 + i, float(rng.normal())
        if i % 2 and stop > 10:
            rows += [(i, 0.0, 10.0, 0, age, 0.0), (i, 10.0, stop, int(i % 3 == 0), age, 1.0)]
        else:
            rows.append((i, 0.0, stop, int(i % 4 != 1), age, 0.0))
    return pd.DataFrame(rows, columns=["id", "start", "stop", "event", "age", "transplant"])


def test_heart_cox_table_uses_the_package_names():
    """cox48: ``heart.cox_time_varying`` named its columns ``coef``, ``hazard_ratio``, ``p`` and
    the hazard ratio's bounds ``ci_low``/``ci_high`` (the package's ``ci_low`` is on the
    estimate's scale). Its columns are now the coefficient tables' own."""
    from mia_helpers.core.results import TIDY_COLUMNS
    from mia_helpers.heart import cox_time_varying

    t = cox_time_varying(_counting_process(), covariates=("age", "transplant"))
    other = sorted(set(t.columns) - set(TIDY_COLUMNS) - MODEL_EXTRAS)
    assert not other, f"heart.cox_time_varying: columns outside the package's names: {other}"
    assert {"estimate", "se", "p_value", "exp_estimate", "exp_ci_low", "exp_ci_high"} <= set(
        t.columns)
    np.testing.assert_allclose(t["exp_estimate"], np.exp(t["estimate"]), rtol=1e-12)
    assert (t["exp_ci_low"] < t["exp_estimate"]).all() and (
        t["exp_estimate"] < t["exp_ci_high"]).all()



def test_inflow_cell_rrr_table_uses_the_package_names():
    """tidy48: ``competing.cell_rrr_table`` renamed the inflow model's tidy columns to ``coef``,
    ``rrr``, ``rrr_low`` and ``rrr_high``: the same concepts as ``estimate``, ``exp_estimate``,
    ``exp_ci_low`` and ``exp_ci_high`` (the exponentiated coefficient of a multinomial logit
    is the relative risk ratio). The columns are now the package's; "RRR" stays the reader's
    label (``labels.RRR_LABELS``), as chapter 3's table shows it. Data: the small synthetic
    extract's three cells (tests/competing_cells.py), duration and origin blocks."""
    import warnings

    from competing_cells import three_cells

    from mia_helpers import competing as cr
    from mia_helpers import labels
    from mia_helpers.core import NotIdentifiedWarning
    from mia_helpers.core.results import TIDY_COLUMNS

    cd = three_cells()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotIdentifiedWarning)  # the fit's own, tested in core
        fit = cr.fit_inflow(cd, ("duration", "origin"))
    t = cr.cell_rrr_table(fit, cd)
    other = sorted(set(t.columns) - set(TIDY_COLUMNS) - MODEL_EXTRAS - {cr.KEY})
    assert not other, f"competing.cell_rrr_table: columns outside the package's names: {other}"
    shown = t[t["identified"]]
    np.testing.assert_allclose(shown["exp_estimate"], np.exp(shown["estimate"]), rtol=1e-12)
    assert (shown["exp_ci_low"] < shown["exp_estimate"]).all() and (
        shown["exp_estimate"] < shown["exp_ci_high"]).all()
    truth = cr.true_cell_coefficients(
        {"config": {"measures": {"training_basic": {"low_link": -0.5}}}}, ["training_basic"])
    assert {"estimate", "exp_estimate"} <= set(truth.columns)
    head = labels.table_markdown(t.head(2), "RRR.", "tbl-x",
                                 names=labels.RRR_LABELS).data.splitlines()[4]
    assert "| RRR | RRR lower | RRR upper |" in head and "Exponentiated" not in head
