"""user53, a new reader of Appendix A's targeted study (``claims.targeted_claims``) and of its
command (``python -m mia_helpers.montecarlo_targeted``):

- the project's read with the targeted results file missing (a fresh clone without
  results/, a deleted file) said "until then the replication reading's verdict stands" and
  summarised "it does not meet issue 14's criteria ... so issue 14 stays open", the opposite
  of the targeted study's first read, which rule T5 makes final for this code
  (``TARGETED_READ``); now it gives that recorded read and says how to restore the file;
- under another code fingerprint a regenerated targeted file stopped the appendix with
  ``targeted_verdicts``' ValueError (rule T5); now the text says the study is not read;
- each failing check the study does not read was listed twice, once as "outside their
  bounds" and once as a finding;
- a run on other seeds whose second replication study ran summarised "on this run's own three
  studies";
- ``--check --out`` on another study's results file advised regenerating the targeted study
  into it (overwriting that file).
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers import montecarlo_confirmation as mc
from mia_helpers import montecarlo_newcomers as mcn
from mia_helpers import montecarlo_targeted as mt


def _missing(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(mt, "TARGETED_FILE", dataclasses.replace(
        mt.TARGETED_FILE, relpath=tmp_path / "montecarlo_targeted.parquet"))


RECORDED_NOT_MET = {"fingerprint": None, "verdict": "does not meet",
                    "readings": {("now_vs_never", "bias", 6): "holds",
                                 ("now_vs_never", "coverage", 6): "defect"}}


@pytest.mark.parametrize("read", ["as shipped", RECORDED_NOT_MET])
def test_a_missing_file_gives_the_recorded_first_read(shipped, monkeypatch, tmp_path, read):
    verdicts, studies = shipped
    if read != "as shipped":
        monkeypatch.setattr(mt, "TARGETED_READ", {**read,
                                                  "fingerprint": mcn.code_fingerprint()})
    if mt.TARGETED_READ is None:
        pytest.skip("the targeted study has not been read")
    _missing(monkeypatch, tmp_path)
    out = claims.targeted_claims(verdicts, studies, None, True)
    sentence, summary = out["a_tgt_sentence"], out["a_tgt_summary"]
    assert "is missing here" in sentence and "git checkout --" in sentence
    own = mt.TARGETED_READ["fingerprint"] == mcn.code_fingerprint()  # rec55: else a record
    assert ("is final for this code" if own else
            "is final for the code it ran with (computed with the earlier") in sentence
    meets = mt.TARGETED_READ["verdict"] == "meets"
    assert ("it meets issue 14's criteria" in summary) == meets, summary
    assert ("so issue 14 stays open" in summary) == (not meets), summary
    if meets:
        assert mt.MET_FOR_FILLED_PART in summary
        assert f"{mt.TARGETED_READ['unread_failing']} of the checks" in summary
    else:
        assert "the \"now versus never\" coverage at quarter 6 is a defect" in summary
    assert summary != claims.replication_summary(verdicts, True)


def test_a_file_of_other_code_is_said_not_raised(shipped, monkeypatch):
    """Rule T5 under a changed estimator: the appendix says the targeted study is not read
    (before: ``targeted_verdicts`` stopped the chapter with its ValueError)."""
    verdicts, studies = shipped
    rows = mt.read_targeted()
    if rows is None or mt.TARGETED_READ is None:
        pytest.skip("the targeted results file is stale (test_calibration_shipped says so)")
    rows = rows.copy()
    rows.attrs = {}  # rows of the changed code, not the record of the first read's (rec55)
    monkeypatch.setattr(mcn, "code_fingerprint", lambda: "f" * 16)
    out = claims.targeted_claims(verdicts, studies, rows, True)
    assert "is not read here" in out["a_tgt_sentence"]
    assert "f" * 16 in out["a_tgt_sentence"]
    assert out["a_tgt_summary"] == claims.replication_summary(verdicts, True)


def test_each_unread_failure_is_said_once(shipped):
    verdicts, studies = shipped
    rows = mt.read_targeted()
    if rows is None:
        pytest.skip("the targeted results file is stale (test_calibration_shipped says so)")
    text = claims.targeted_claims(verdicts, studies, rows, True)["a_tgt_sentence"]
    crit = mc.issue14_criteria(rows)
    read = {tuple(k) for k in mt.READ_ALSO} | {
        k for k, r in (mt.TARGETED_READ or {}).get("readings", {}).items()}
    keys = crit[["estimand", "criterion", "quarter_since_start"]].apply(tuple, axis=1)
    fail = crit[crit["judged"] & ~crit["holds"] & ~keys.isin(read)]
    for (est, criterion), _ in fail.groupby(["estimand", "criterion"]):
        name = claims._criterion_named(est, criterion)
        assert text.count(name) <= 1, (name, text)
    # the design is glued in the prose right before the sentence: not said again in it
    assert claims.targeted_claims(verdicts, studies, rows, True)["a_tgt_design"] not in text
    assert f"of the {claims.count_word(len(studies))} studies of the book's design" in text
    n_other = int((crit["judged"] & ~keys.isin(read)).sum())
    if len(fail):
        assert f"and the other {len(fail)} fail" in text
        assert f"of the {n_other} hold" in text


def test_the_summary_counts_the_second_replication_study(shipped):
    verdicts, _ = shipped
    met = verdicts.assign(reading="holds")
    assert claims.replication_summary(met, True, "x").startswith(
        "on this run's own four studies it meets")
    assert claims.replication_summary(met, False, "x").startswith(
        "on this run's own three studies it meets")
    assert claims.replication_summary(met, True) == "it meets issue 14's criteria on the four studies"


def test_check_on_another_studys_file_does_not_advise_overwriting_it(tmp_path, capsys):
    other = tmp_path / "montecarlo_newcomers.parquet"
    pd.DataFrame({"study": ["inburgering"], "study_key": ["0" * 16],
                  "replication": [0]}).to_parquet(other, index=False)
    before = other.read_bytes()
    code = mt.main(["--check", "--out", str(other)])
    text = capsys.readouterr().out
    assert code != 0
    assert f"--out {other}" not in text, text
    assert "inburgering" in text and "another" in text, text
    assert other.read_bytes() == before


def test_check_on_a_file_that_is_not_parquet_leaves_it_alone(tmp_path, capsys):
    notes = tmp_path / "notes.md"
    notes.write_text("# my notes\n", encoding="utf-8")
    code = mt.main(["--check", "--out", str(notes)])
    text = capsys.readouterr().out
    assert code == 2
    assert "regenerate it with" not in text and "left alone" in text, text
    assert notes.read_text(encoding="utf-8") == "# my notes\n"


def test_readme_names_every_command_of_make_montecarlo():
    """The README's `make montecarlo` line said "(and the two below)" while the target runs
    five modules, and the targeted study's command was not given with the others."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    make = (root / "Makefile").read_text(encoding="utf-8")
    target = make.split("\nmontecarlo: venv\n", 1)[1].split("\n\n", 1)[0]
    modules = re.findall(r"-m (mia_helpers\.\w+) --n-jobs 2", target)
    assert len(modules) >= 2, target
    readme = (root / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("make montecarlo "))
    words = claims.count_word(len(modules) - 1)
    assert f"-m {modules[0]} --n-jobs 2 (and the {words} below)" in line, line
    flat = " ".join(readme.split())
    for m in modules:
        assert f"python -m {m} --n-jobs 2" in flat, m


def test_the_appendix_says_whose_reading_left_the_check():
    """On seed 4240 the appendix's own replication reading met the criteria and left no check
    undecided, yet the targeted section opened "The replication reading left one check
    undecided for good"."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "notebooks" / "A_matching_method.md"
            ).read_text(encoding="utf-8")
    section = text.split("(sec-a-targeted)=", 1)[1]
    opening = " ".join(section.split("\n\n")[1].split())
    assert opening.startswith("The project's replication reading"), opening


def test_check_of_a_missing_shipped_file_advises_restoring_it(monkeypatch, tmp_path, capsys):
    """A fresh clone without results/: ``--check`` advised `make montecarlo` ("both shipped
    files"), hours of recomputing five studies, not the shipped copy in git."""
    _missing(monkeypatch, tmp_path)
    code = mt.main(["--check"])
    text = capsys.readouterr().out
    assert code == 1
    assert "git checkout --" in text and "make montecarlo" not in text, text
    assert not (tmp_path / "montecarlo_targeted.parquet").exists()


@pytest.mark.parametrize("project", [True, False])
def test_the_summary_says_which_part_is_filled(shipped, project):
    """Appendix A's summary bullet said "it is met for the filled part only" (or "for the
    filled part only") to a reader who may not have read the section naming the part."""
    verdicts, studies = shipped
    if mt.TARGETED_READ is None or mt.TARGETED_READ["verdict"] != "meets":
        pytest.skip("the summary names the filled part where the reading is met")
    summary = claims.targeted_claims(verdicts, studies, mt.read_targeted() if project else None,
                                     project)["a_tgt_summary"]
    part = f'quarter-{mt.READ_ALSO[0][2]} "now versus never" point estimates'
    assert "filled part" in summary
    assert 0 <= summary.find(part) < summary.find("filled part") + 60, summary


def test_help_says_that_without_check_it_recomputes_and_overwrites(capsys):
    with pytest.raises(SystemExit) as stop:
        mt.main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert stop.value.code == 0
    assert "--check" in text
    assert "Without --check this command recomputes the study" in text
    assert "overwrites the file" in text and "git checkout --" in text
