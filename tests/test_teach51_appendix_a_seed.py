"""teach51: book/teaching.md gave Appendix A's class values (``-p replications 20 -p
exercise_replications 10`` with 5,000 residents and 2,500 newcomers) as 100 small data sets
in 4 min 24 s; that holds at the default seed only. A class that gives each student a seed
(seed 4143) got the note "7 of its studies (500 synthetic data sets in all, 460 of them with a
bootstrap ...)": the inburgering Monte Carlo (``nc_replications`` 400 data sets of
``mc_nc_newcomers`` 10,000 newcomers, bootstrap 49) is shipped for the default seed only, and
the run had not finished its other studies after half an hour on two shared cores. The guide
now says so and what to add; the counts it states are those the command's own note computes
(:func:`mia_helpers.chapters.chapter_note`, with an empty study cache)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from mia_helpers import chapters

GUIDE = Path(__file__).resolve().parents[1] / "book" / "teaching.md"
CLASS = [("residents", "5000"), ("newcomers", "2500"), ("replications", "20"),
         ("exercise_replications", "10")]
SMALL_NC = [("nc_replications", "20"), ("mc_nc_newcomers", "2000")]


def _data_sets(given: list[tuple[str, str]]) -> tuple[int, int]:
    note = chapters.chapter_note("matching_method", given)
    m = re.search(r"\(([\d,]+) synthetic data sets in all, ([\d,]+) of them with a bootstrap",
                  note or "")
    assert m, note
    return int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))


@pytest.fixture()
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MIA_DATA_ROOT", str(tmp_path))


def test_the_guide_states_the_counts_the_note_computes(empty_cache):
    flat = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert _data_sets([("seed", "2029"), *CLASS])[0] == 100
    assert "the run generated and estimated 100 small data sets" in flat
    assert _data_sets([("seed", "4143"), *CLASS]) == (500, 460)
    assert ("With a seed of one's own (one per student, say) the same values also compute the "
            "inburgering Monte Carlo") in flat
    assert "500 data sets in all, 400 of them of 10,000 newcomers" in flat
    defaults = chapters.read_parameters(chapters.resolve_chapter("matching_method")[1])
    assert (defaults["nc_replications"].default, defaults["mc_nc_newcomers"].default) == (
        400, 10000)
    for seed in ("2029", "4143"):
        assert _data_sets([("seed", seed), *CLASS, *SMALL_NC])[0] == 180
    assert ("Add `-p nc_replications 20 -p mc_nc_newcomers 2000` there: 180 data sets in all, "
            "at any seed.") in flat
