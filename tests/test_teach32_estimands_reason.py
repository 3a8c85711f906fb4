"""teach32: chapter 4's estimands exercise asks why "now versus later" and "now versus never"
differ most for some measure; the typed answer ("the difference grows for a measure that
most jobseekers eventually start") was contradicted by the teacher's run (seed 3434, 5,000
residents: IBO differed most, 1.59 points, basic training by 0.02), since a later start
that returns little moves nothing. The answer now states each measure's share of twins who
start later (computed) and the reason as that share times what a later start returns."""
import re
from pathlib import Path

import pytest

from mia_helpers import exercise_answers

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_activation_effects.md"


def test_shares_are_stated_and_the_reason_names_the_return():
    text = exercise_answers.estimands_reason_sentence(
        {"workplace_learning_ibo": (0.12, 40, 300), "training_basic": (0.31, 5, 200)}, 12, 10)
    assert "12 per cent of the twins of IBO starters start the measure themselves within 12 quarters" \
        in text, text
    assert "for basic training the share is withheld (fewer than 10" in text, text
    assert "that share times what a later start returns" in text
    assert "most jobseekers eventually start" not in text


def test_nothing_to_read_is_refused():
    with pytest.raises(ValueError, match="within must be >= 1"):
        exercise_answers.estimands_reason_sentence({"training_basic": (0.3, 20, 20)}, 0, 10)
    with pytest.raises(ValueError, match="no measure"):
        exercise_answers.estimands_reason_sentence({}, 12, 10)


def test_the_solution_glues_the_reason_instead_of_typing_it():
    text = NOTEBOOK.read_text(encoding="utf-8")
    part = text[text.index("label: ex-effects-never"):]
    part = part[:part.index("```{solution-end}")]
    assert "estimands_reason_sentence" in part and "{glue:text}`ex-never-reason`" in part
    assert "eventually\nstart" not in part and "eventually start" not in part
    for cell in re.findall(r"```\{code-cell\} python\n(.*?)```", part, re.S):
        assert len([x for x in cell.splitlines() if x.strip()]) <= 15, cell


def test_teaching_notes_give_the_reason_and_point_to_the_computed_readings():
    guide = (Path(__file__).resolve().parents[1] / "book" / "teaching.md").read_text(
        encoding="utf-8")
    flat = " ".join(guide.split())
    assert "share of twins who start the measure later times what that later start returns" \
        in flat
    assert "{numref}`ex-effects-never` gives the run's shares" in flat
    assert "the solution of {numref}`ex-effects-caliper` says whether the largest SMD after " \
           "matching fell" in flat
