"""Chapter 3's exercise on window-only experience (``ex-inflow-experience``) asks for the model
its solution fits (teach48).

Found reading chapter 3 with seed 4050: the exercise said "Fit M1 on the spells of adults
present at the window start and compare its ``experience_years`` coefficient for IBO with the
school leavers' and the truth", while the solution fits the generator check's model (duration,
the low-link indicator and the self-reliance components, no origin cells: not the chapter's M1,
which holds origin x generation) and sets it against that check's fit on the school leavers'
*and newcomers'* spells (``gen``). A student who fitted M1 as asked got another coefficient than
the solution prints (M1 holds the origin cells the generator does not have), and looked in
vain for a school leavers' coefficient of its own.

Data: the notebook's MyST text (no numbers).
"""

from __future__ import annotations

import re
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "03_activation_inflow.md"


def _block(kind: str, label: str) -> str:
    text = NOTEBOOK.read_text(encoding="utf-8")
    if kind == "exercise":
        m = re.search(r"```\{exercise\}\n:label: " + label + r"\n(.*?)```", text, re.S)
    else:
        m = re.search(r"```\{solution-start\} " + label + r"\n.*?```\n(.*?)```\{solution-end\}",
                      text, re.S)
    assert m, f"{kind} {label} not found in {NOTEBOOK.name}"
    return " ".join(m.group(1).split())


def test_the_exercise_names_the_model_and_the_comparison_the_solution_uses():
    ex = _block("exercise", "ex-inflow-experience")
    sol = _block("solution", "ex-inflow-experience")
    # the solution fits the generator check's covariates, not M1's origin cells
    assert '("duration", "low_link", "self_reliance")' in sol
    assert "Fit M1" not in ex, ex
    assert "tbl-inflow-check" in ex, ex  # the model and the fit it is compared with
    assert "newcomers" in ex, ex
