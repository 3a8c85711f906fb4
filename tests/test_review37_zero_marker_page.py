"""review37: since dpo37 a hidden zero of a small group prints ``<min_cell`` (``Protected.
render``), as a small count; the page *Disclosure control* still told readers that a cell
marked ``<10`` lies between 1 and 9, which a printed zero contradicts. The page's reading of
the marker must include the zero the package prints under it."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from mia_helpers import disclosure

PAGE = Path(__file__).resolve().parents[1] / "book" / "disclosure.md"


def test_the_pages_reading_of_the_small_marker_holds_the_printed_zero():
    t = pd.DataFrame({"cell": ["A", "A", "B", "B"], "n_persons": [0, 7, 12, 15]})
    z = disclosure.zeros_of_small_groups(t, ["n_persons"], [7.0, 7.0, 27.0, 27.0], 10)
    shown = disclosure.suppress(t, ["n_persons"], 10, zeros=z, record=False).render()
    assert shown["n_persons"].iat[0] == "<10"  # the zero prints as a small count
    text = re.sub(r"\s+", " ", PAGE.read_text(encoding="utf-8"))
    said = re.findall(r"a cell marked `<10` lies between (\d+) and (\d+)", text)
    assert said, "the page no longer says what a cell marked <10 holds"
    assert all(int(lo) == 0 for lo, _ in said), said
