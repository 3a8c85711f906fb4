"""book/teaching.md says which pages end with exercises; the notebooks decide (session 47).

appc50 found that teaching.md said "the exercises at the end of every chapter" while Appendix B
had none. The sentence named the exception; this test reads both, so a page that gains or
loses its exercises makes the sentence fail here rather than go stale. appb51 gave Appendix B
its exercise (``ex-b-record``): the sentence now names every appendix and no exception.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _joined(letters: list[str]) -> str:
    """"A", "A and C", "A, B and C"."""
    return letters[0] if len(letters) == 1 else ", ".join(letters[:-1]) + " and " + letters[-1]


def expected_sentence(has: dict[str, bool]) -> str:
    """The words of teaching.md's note for the pages that have exercises (``has``: notebook
    stem -> whether it has one); every chapter must have one."""
    chapters = [s for s in has if re.match(r"\d\d_", s)]
    assert all(has[s] for s in chapters), has
    without = sorted(s[0] for s in has if not has[s] and not re.match(r"\d\d_", s))
    with_ = sorted(s[0] for s in has if has[s] and not re.match(r"\d\d_", s))
    text = f"every chapter and of {'Appendix' if len(with_) == 1 else 'Appendices'} "
    text += _joined(with_)
    if without:
        text += (f" ({'Appendix' if len(without) == 1 else 'Appendices'} {_joined(without)}"
                 f" {'has' if len(without) == 1 else 'have'} none)")
    return text + " have solutions"


def test_the_expected_sentence_names_the_exceptions():
    has = {"01_a": True, "A_m": True, "B_r": False, "C_h": True}
    assert expected_sentence(has) == ("every chapter and of Appendices A and C (Appendix B has "
                                      "none) have solutions")
    assert expected_sentence({**has, "B_r": True}) == (
        "every chapter and of Appendices A, B and C have solutions")


def test_teaching_names_the_pages_without_exercises():
    has = {p.stem: "```{exercise}" in p.read_text(encoding="utf-8")
           for p in sorted((ROOT / "notebooks").glob("*.md"))}
    text = " ".join((ROOT / "book" / "teaching.md").read_text(encoding="utf-8").split())
    assert expected_sentence(has) in text, expected_sentence(has)


def test_appendix_b_has_its_exercise_and_a_glued_solution():
    """appb51: Appendix B had no exercise; its solution glues the answer computed in the run."""
    text = (ROOT / "notebooks" / "B_reproducibility.md").read_text(encoding="utf-8")
    assert ":label: ex-b-record" in text and "```{solution-start} ex-b-record" in text
    solution = text[text.index("```{solution-start} ex-b-record"):text.index("```{solution-end}")]
    assert 'glue("b-ex-record"' in solution and "{glue:text}`b-ex-record`" in solution
    teaching = (ROOT / "book" / "teaching.md").read_text(encoding="utf-8")
    assert "{numref}`ex-b-record`" in teaching
