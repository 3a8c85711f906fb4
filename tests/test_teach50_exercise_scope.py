"""book/teaching.md says which pages end with exercises; the notebooks decide (session 47).

appc50 found that teaching.md said "the exercises at the end of every chapter" while Appendix B
has none. The sentence now names the exception; this test reads both, so a page that gains or
loses its exercises makes the sentence fail here rather than go stale.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_teaching_names_the_pages_without_exercises():
    has = {p.stem: "```{exercise}" in p.read_text(encoding="utf-8")
           for p in sorted((ROOT / "notebooks").glob("*.md"))}
    chapters = [s for s in has if re.match(r"\d\d_", s)]
    assert all(has[s] for s in chapters), has
    without = sorted(s[0] for s in has if not has[s] and not re.match(r"\d\d_", s))
    with_ = sorted(s[0] for s in has if has[s] and not re.match(r"\d\d_", s))
    text = " ".join((ROOT / "book" / "teaching.md").read_text(encoding="utf-8").split())
    assert (f"every chapter and of Appendices {' and '.join(with_)} (Appendix "
            f"{' and '.join(without)}, on reproducibility, has none)") in text, (with_, without)
