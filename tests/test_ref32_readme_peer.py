"""The README's "Against R's MatchIt" figures are those of ``results/matchit_peer.json``, the
file Appendix A glues (:func:`mia_helpers.matchit_compat.peer_benchmark_claims`): its table is
exactly :func:`~mia_helpers.matchit_compat.peer_benchmark_markdown` and its lead-in names the
run's MatchIt version and date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mia_helpers.matchit_compat import PEER_RESULTS, peer_benchmark, peer_benchmark_markdown

ROOT = Path(__file__).resolve().parents[1]
HEAD = "**Against R's MatchIt**"


def _section() -> tuple[str, str]:
    """(lead-in paragraph, table) of the README's MatchIt benchmark."""
    text = (ROOT / "README.md").read_text()
    assert text.count(HEAD) == 1, f"README.md: expected one '{HEAD}' paragraph"
    rest = text[text.index(HEAD):]
    lead, _, after = rest.partition("\n\n")
    table = after.partition("\n\n")[0].strip()
    return lead, table


def test_readme_table_is_the_results_file():
    _, table = _section()
    assert table == peer_benchmark_markdown(), (
        "README.md's MatchIt table differs from results/matchit_peer.json: paste "
        "mia_helpers.matchit_compat.peer_benchmark_markdown()")


def test_readme_lead_in_names_the_run():
    lead, _ = _section()
    _, meta = peer_benchmark()
    words = " ".join(lead.split())
    assert f"MatchIt {meta['matchit_version']}" in words
    assert str(meta["date"]).split()[0] in words
    assert str(PEER_RESULTS) in words


def test_markdown_marks_sizes_matchit_skipped(tmp_path):
    p = tmp_path / "peer.json"
    p.write_text(json.dumps({"rows": [
        {"units": 1000, "ours_s": 0.01, "matchit_s": 0.5},
        {"units": 2000, "ours_s": 0.02, "matchit_s": 2.0},
        {"units": 10000, "ours_s": 0.1, "matchit_s": None},
        {"units": 99000, "ours_s": 1.0, "matchit_s": 1766.46}]}))
    lines = peer_benchmark_markdown(p).splitlines()
    assert lines[2:] == ["| 1,000 | 0.01 s | 0.5 s | 50x |", "| 2,000 | 0.02 s | 2 s | 100x |",
                         "| 10,000 | 0.1 s | skipped | - |",
                         "| 99,000 | 1 s | 1,766 s | 1766x |"]
    with pytest.raises(FileNotFoundError, match="matchit_peer"):
        peer_benchmark_markdown(tmp_path / "none.json")
