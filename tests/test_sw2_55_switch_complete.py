"""sw2_55: the switch made complete for the next session's regeneration of the book's two
studies on base 2029 (rule R4). ``make montecarlo`` ran five modules, three of which would
overwrite the records of the earlier, uncorrected estimator; the stale/missing message of
every shipped file advised it ("both shipped files"); the book's studies were on base 2005."""
from __future__ import annotations

import re
from pathlib import Path

from mia_helpers import montecarlo as mc
from mia_helpers import montecarlo_newcomers as mcn
from mia_helpers import montecarlo_switched as sw

ROOT = Path(__file__).resolve().parents[1]


def test_make_montecarlo_runs_the_book_s_two_studies_only():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = make.split("\nmontecarlo: venv\n", 1)[1].split("\n\n", 1)[0]
    modules = tuple(re.findall(r"-m (mia_helpers\.\w+) --n-jobs 2", target))
    assert modules == mc._MAKE_MONTECARLO_MODULES == (
        "mia_helpers.montecarlo", "mia_helpers.montecarlo_newcomers"), target


def test_the_book_s_studies_are_the_switched_studies_on_base_2029():
    assert {p["base_seed"] for p in mc.APPENDIX_A_STUDIES.values()} == {2029}
    assert mcn.INBURGERING_STUDY["base_seed"] == 2029
    assert sw.SWITCHED_STUDIES["inburgering"] == mcn.INBURGERING_STUDY
    for m in ("ibo", "basic_training", "zero_effect"):
        assert sw.SWITCHED_STUDIES[m] == mc.APPENDIX_A_STUDIES[m]
    text = (ROOT / "notebooks" / "A_matching_method.md").read_text(encoding="utf-8")
    assert re.search(r"^seed = 2029  #", text, re.M)


def _check_missing(study_file, prog, monkeypatch, tmp_path, capsys) -> str:
    import mia_helpers.data

    monkeypatch.setattr(mia_helpers.data, "project_root", lambda: tmp_path)  # no results/ here
    assert study_file.main(["--check"], prog) == 1
    return capsys.readouterr().out


def test_the_check_advises_make_montecarlo_for_the_book_s_studies(monkeypatch, tmp_path,
                                                                    capsys):
    for study_file, prog in ((mc.APPENDIX_A_FILE, "mia_helpers.montecarlo"),
                             (mcn.NEWCOMERS_FILE, "mia_helpers.montecarlo_newcomers")):
        out = _check_missing(study_file, prog, monkeypatch, tmp_path, capsys)
        assert "make montecarlo" in out and "both shipped files" not in out, out
        assert f"python -m {prog} --n-jobs 2" in out, out


def test_the_check_of_a_kept_study_never_advises_make_montecarlo(monkeypatch, tmp_path,
                                                                 capsys):
    from mia_helpers import montecarlo_confirmation as mcc

    out = _check_missing(mcc.CONFIRMATION_FILE, "mia_helpers.montecarlo_confirmation",
                         monkeypatch, tmp_path, capsys)
    assert "make montecarlo" not in out, out
    assert "python -m mia_helpers.montecarlo_confirmation --n-jobs 2" in out, out
