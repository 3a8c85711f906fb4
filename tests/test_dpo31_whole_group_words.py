"""dpo31: a whole group stated in text without its number ("every asylum newcomer signed",
"all of them entered") passed export-check, which read only "all 31 asylum newcomers" and
"100 % of the 31 newcomers" (dpo30c). Such a sentence is now refused as ``whole_group``;
definitions in the present, the design's subsets and zeros still pass."""
from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import export_check as ec


def _scan(tmp_path: Path, text: str) -> ec.ScanResult:
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    (folder / "note.md").write_text(text + "\n")
    return ec.scan(folder, 10)


@pytest.mark.parametrize("sentence", [
    "In the asylum ground every asylum newcomer signed the contract.",
    "All asylum newcomers had a contract by the second quarter.",
    "Of the Maghreb starters, all of them entered a job within a year.",
    "The asylum newcomers? They all signed.",
    "Everyone in the asylum group signed the contract.",
    "Each Southern EU newcomer has started MO.",
])
def test_a_whole_group_without_a_number_is_refused(tmp_path, sentence):
    res = _scan(tmp_path, sentence)
    rules = [f.rule for f in res.findings]
    assert rules == ["whole_group"], res.findings
    assert "states a whole group" in res.findings[0].detail


@pytest.mark.parametrize("sentence", [
    "Every newcomer is followed until the window end.",
    "Every person of the group has the attribute in that case.",
    "All starters were matched within the caliper.",
    "Every starter has a statistical twin within the caliper.",
    "KHB needs every control estimated: where a control is not identified, it stops.",
    "None of the Maghreb starters entered a job.",
    "The estimate speaks for too few of their starters to be read against all of them.",
    "No starter was dropped.",
])
def test_definitions_design_and_zeros_pass(tmp_path, sentence):
    res = _scan(tmp_path, sentence)
    assert res.ok, res.findings


def test_a_number_and_the_words_are_one_finding(tmp_path):
    found = ec.whole_groups_in_text(["All 31 asylum newcomers signed."])
    assert found == {"All 31 asylum newcomers"}


@pytest.mark.parametrize("sentence", [
    "In de asielgrond tekenden alle asielnieuwkomers het contract; alle asielnieuwkomers "
    "tekenden.",
    "Elke nieuwkomer heeft getekend.",
])
def test_a_dutch_whole_group_without_a_number_is_refused(tmp_path, sentence):
    res = _scan(tmp_path, sentence)
    assert [f.rule for f in res.findings] == ["whole_group"], res.findings


def test_a_dutch_definition_in_the_present_passes(tmp_path):
    assert _scan(tmp_path, "Alle werkzoekenden in de steekproef worden gevolgd.").ok
