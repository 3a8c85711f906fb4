"""Parameters a chapter does not use beside ``data_dir`` (late23): Appendix B's table of re-runs
said its parameters column lets a run "be repeated exactly with the same command", but it held
``residents``/``newcomers``/``seed`` that the command line now refuses beside ``data_dir``;
Appendix B itself took ``-p residents 500`` beside ``data_dir`` and recorded it as used; the
refusal of several said "leave it out"."""

from __future__ import annotations

import json

import pytest

from mia_helpers import chapters
from mia_helpers.manifest import load_manifests, write_manifest


def test_load_manifests_leaves_out_parameters_not_used(tmp_path):
    used = {"data_dir": str(tmp_path / "extract"), "seed": 2005, "residents": 20000,
            "newcomers": 10000, "min_cell": 10}
    write_manifest(tmp_path / "runs" / "a", used, None, 0.0, 1.0,
                   not_used=chapters.not_used_with_data("panel_construction", used))
    write_manifest(tmp_path / "runs" / "b", used | {"data_dir": None}, None, 2.0, 3.0)
    runs = load_manifests(tmp_path / "runs")
    a, b = (json.loads(runs.loc[runs["run"] == r, "parameters"].iloc[0]) for r in "ab")
    assert a == {"data_dir": used["data_dir"], "min_cell": 10}
    assert b == used | {"data_dir": None}  # synthetic run: every parameter is used


def _params(chapter):
    return chapters.read_parameters(chapters.resolve_chapter(chapter, None)[1])


def test_reproducibility_refuses_generator_parameters_beside_data_dir(small_data):
    with pytest.raises(chapters.ChapterError, match=r"'residents'.*data_dir"):
        chapters.check_parameters("reproducibility", _params("reproducibility"),
                                  [("data_dir", str(small_data)), ("residents", "500")])
    assert chapters.not_used_with_data("reproducibility", {"data_dir": "x"}) == (
        "seed", "residents", "newcomers")


def test_refusal_of_several_says_them(small_data):
    with pytest.raises(chapters.ChapterError, match=r"would not use them; leave them out"):
        chapters.check_parameters("panel_construction", _params("panel_construction"),
                                  [("data_dir", str(small_data)), ("residents", "500"),
                                   ("seed", "3")])
