"""With ``data_dir`` set, the synthetic data's sizes (and, where it seeds nothing else, the
seed) are not used by a chapter: the command line refuses them beside ``data_dir`` and the
run's manifest names them (newuser22: the manifest recorded residents/newcomers/seed as if they
described the data an extract run read)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import jupytext
import pytest

from mia_helpers import chapters
from mia_helpers.manifest import write_manifest

ROOT = Path(__file__).resolve().parent.parent


def _code(chapter: str) -> str:
    """The notebook's code cells (read by jupytext) without its ``parameters`` cell."""
    nb = jupytext.reads((ROOT / "notebooks" / chapters.CHAPTERS[chapter]).read_text(),
                        fmt="md:myst")
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code"
                     and "parameters" not in c.metadata.get("tags", []))


@pytest.mark.parametrize("chapter", sorted(chapters.GENERATOR_ONLY))
def test_generator_only_parameters_feed_only_ensure_data(chapter):
    """Each listed name is read (as a variable) in the chapter's code only as an argument of
    ``ensure_data``, and a parameter left off the list is read elsewhere too."""
    tree = ast.parse(_code(chapter))
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ensure_data":
            inside |= {id(n) for n in ast.walk(node)}
    assert inside, chapter
    # code under ``if data_dir is None:`` runs only on generated data (Appendix B's exercise
    # generates its seed's data afresh there, appb51): beside data_dir it reads nothing
    for node in ast.walk(tree):
        if (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
                and getattr(node.test.left, "id", None) == "data_dir"
                and isinstance(node.test.ops[0], ast.Is)
                and getattr(node.test.comparators[0], "value", 0) is None):
            inside |= {id(n) for b in node.body for n in ast.walk(b)}
    elsewhere = {n.id for n in ast.walk(tree)
                 if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and id(n) not in inside}
    for name in ("seed", "residents", "newcomers"):
        assert (name in elsewhere) == (name not in chapters.GENERATOR_ONLY[chapter]), (chapter, name)


def test_data_dir_refuses_generator_parameters(small_data):
    tmp_path = small_data  # the data_dir rule reads the folder's registers
    src = chapters.resolve_chapter("panel_construction", None)[1]
    params = chapters.read_parameters(src)
    with pytest.raises(chapters.ChapterError, match=r"'residents' sizes or seeds.*data_dir"):
        chapters.check_parameters("panel_construction", params,
                                  [("data_dir", str(tmp_path)), ("residents", "500")])
    # without data_dir, or without a generator parameter, nothing is refused
    chapters.check_parameters("panel_construction", params, [("residents", "500")])
    chapters.check_parameters("panel_construction", params, [("data_dir", str(tmp_path))])
    # chapter 4's seed also draws the bootstrap: allowed beside data_dir
    src4 = chapters.resolve_chapter("activation_effects", None)[1]
    chapters.check_parameters("activation_effects", chapters.read_parameters(src4),
                              [("data_dir", str(tmp_path)), ("seed", "7")])


def test_manifest_names_parameters_not_used(tmp_path):
    used = {"data_dir": str(tmp_path), "seed": 2005, "residents": 20000, "newcomers": 10000}
    idle = chapters.not_used_with_data("panel_construction", used)
    assert idle == ("seed", "residents", "newcomers")
    m = json.loads(write_manifest(tmp_path / "run", used, None, 0.0, 1.0,
                                  not_used=idle).read_text())
    assert m["parameters_not_used"] == ["newcomers", "residents", "seed"]
    m = json.loads(write_manifest(tmp_path / "run2", used | {"data_dir": None}, None, 0.0, 1.0,
                                  not_used=chapters.not_used_with_data(
                                      "panel_construction", used | {"data_dir": None}))
                   .read_text())
    assert "parameters_not_used" not in m
