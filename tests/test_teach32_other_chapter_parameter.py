"""teach32: a parameter of another chapter given to a chapter that does not read it is refused
saying which chapters do read it, not with a look-alike of this chapter's own.

book/teaching.md warns that chapter 4 has no ``stable_quarters``; a student who tried
``-p stable_quarters 8`` on ``activation_effects`` read "did you mean 'max_quarter'?", a
different parameter (the horizon of the effect curves) that would run without complaint."""
from __future__ import annotations

import pytest

import mia_helpers.notebook_run
from mia_helpers import chapters, cli


@pytest.fixture
def no_execution(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("a kernel was started although the parameters were refused")

    monkeypatch.setattr(mia_helpers.notebook_run, "execute", boom)


def _refusal(argv, capsys) -> str:
    rc = cli.main(argv)
    assert rc == 2
    return " ".join(capsys.readouterr().err.split())


def test_stable_quarters_on_chapter_4_names_the_chapters_that_read_it(capsys, no_execution,
                                                                       tmp_path):
    owners = [s for s, f in chapters.CHAPTERS.items()
              if "stable_quarters" in chapters.read_parameters(chapters.notebooks_dir() / f)]
    assert "activation_effects" not in owners and "school_leaver_entry" in owners
    err = _refusal(["chapter", "activation_effects", "-p", "stable_quarters", "8",
                    "--out", str(tmp_path / "o")], capsys)
    assert "has no parameter 'stable_quarters'" in err
    assert "max_quarter" not in err.split("valid parameters:")[0], err  # no misleading look-alike
    for short in owners:
        assert short in err.split("valid parameters:")[0], (short, err)
    assert not (tmp_path / "o").exists()


def test_a_plain_typo_still_gets_its_look_alike(capsys, no_execution, tmp_path):
    err = _refusal(["chapter", "activation_effects", "-p", "sed", "3",
                    "--out", str(tmp_path / "o")], capsys)
    assert "has no parameter 'sed' (did you mean 'seed'?)" in err


def test_the_teaching_guide_says_so():
    guide = (chapters.project_root() / "book" / "teaching.md").read_text(encoding="utf-8")
    assert "a parameter of another chapter such as `stable_quarters` for chapter 4" in " ".join(
        guide.split())
