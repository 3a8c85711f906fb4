"""The kept studies under a changed Monte Carlo code fingerprint (rec55, inventory items 3, 4, 5
and 7 of fp55): read as records of fingerprint 515525be1b6b8dc9, never computed or
overwritten at their parameters, reported as records, never pooled with another code's rows.

Issue 14's switch to the bias-corrected "now versus later" estimator regenerates only the
book's two own studies; the confirmation, replication and targeted studies and the
inburgering study of base 2005 they read first stay as records of the earlier code. The
change is simulated by monkeypatching :func:`mia_helpers.montecarlo_newcomers.code_fingerprint`
(as ``tests/test_fp55_fingerprint_records.py`` does); no study is computed: every test runs
with :meth:`mia_helpers.montecarlo.StudyFile.run` and ``write`` made to raise."""

from __future__ import annotations

import dataclasses
import filecmp
import sys
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import chapters, claims
from mia_helpers import montecarlo_confirmation as mcc
from mia_helpers import montecarlo_newcomers as mcn
from mia_helpers import montecarlo_replication as mr
from mia_helpers import montecarlo_targeted as mt
from mia_helpers.montecarlo import StudyFile

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import never_overcoverage as nov  # noqa: E402
import never_repair  # noqa: E402
import never_se_error  # noqa: E402

EARLIER = "515525be1b6b8dc9"  # the kept studies' code (FIRST_READ, TARGETED_READ)
OTHER = "f" * 16  # a fingerprint after the switch
ARCHIVE = ROOT / "results" / "records" / EARLIER / "montecarlo_newcomers.parquet"
KEPT = [(mcc, mcc.CONFIRMATION_FILE), (mr, mr.REPLICATION_FILE), (mt, mt.TARGETED_FILE)]


@pytest.fixture(autouse=True)
def no_study_is_computed(monkeypatch):
    """Any attempt to compute or write a Monte Carlo study raises (the tests read only)."""
    def refuse(self, *args, **kwargs):
        raise RuntimeError(f"rec55 test: would compute or write {self.relpath}")

    monkeypatch.setattr(StudyFile, "run", refuse)
    monkeypatch.setattr(StudyFile, "write", refuse)


@pytest.fixture()
def switched(monkeypatch):
    """The code after the switch: another fingerprint."""
    monkeypatch.setattr(mcn, "code_fingerprint", lambda: OTHER)


def _earlier_rows(study_file, study):
    return study_file.read(study_file.key(study_file.params(**study), EARLIER))


def test_the_archive_holds_the_base_2005_study_of_the_recorded_code():
    keys = set(pd.read_parquet(ARCHIVE, columns=["study_key"])["study_key"])
    assert keys == {mcn._key(mcn._params(**mcc.CONFIRMED_STUDY), EARLIER)}
    if mcn.code_fingerprint() == EARLIER:  # before the switch: the shipped file, byte for byte
        assert filecmp.cmp(ARCHIVE, ROOT / mcn.SHIPPED_RESULTS, shallow=False)


def test_the_first_study_is_read_from_the_archive_once_the_file_is_regenerated(
        switched, monkeypatch):
    conf = mcc.read_confirmation()
    assert claims.record_fingerprint(conf) == EARLIER
    # the shipped file regenerated: its base-2005 rows are gone, the archive keeps them
    gone = dataclasses.replace(mcn.NEWCOMERS_FILE,
                               relpath=Path("no_such_folder") / mcn.SHIPPED_RESULTS.name)
    monkeypatch.setattr(mcn, "NEWCOMERS_FILE", gone)
    rows, seed = mcc.first_study(pd.DataFrame(), 2029, conf)
    assert seed == 2005 and claims.record_fingerprint(rows) == EARLIER
    archived = pd.read_parquet(ARCHIVE).drop(columns=["study", "study_key"])
    pd.testing.assert_frame_equal(rows, archived)
    own = pd.DataFrame({"x": [1]})
    assert mcc.first_study(own, 2029, own.copy()) == (own, 2029)  # this code's run: its own


@pytest.mark.parametrize("module, study_file", KEPT)
def test_a_kept_study_is_read_as_a_record_and_never_computed(switched, module, study_file):
    for study in study_file.studies.values():
        p = study_file.params(**study)
        if module is mcc:
            rows = mcc.run_confirmation(p["replications"], p["newcomers"], p["bootstrap"],
                                        p["base_seed"], main_base_seed=2029)
        elif module is mr:
            rows = mr.run_replication(p["replications"], p["newcomers"], p["bootstrap"],
                                      p["base_seed"], (2005, 2007))
        else:
            rows = mt.read_targeted()
        pd.testing.assert_frame_equal(rows, _earlier_rows(study_file, study))
        assert claims.record_fingerprint(rows) == EARLIER


def test_other_parameters_are_still_computed(switched):
    with pytest.raises(RuntimeError, match="would compute"):
        mcc.run_confirmation(3, 500, 0, 2007, main_base_seed=2029)
    with pytest.raises(RuntimeError, match="would compute"):
        mr.run_replication(3, 500, 0, 2025, (2005, 2007))


def test_a_missing_record_is_refused_not_recomputed(switched, monkeypatch, tmp_path):
    gone = dataclasses.replace(mcc.CONFIRMATION_FILE, relpath=tmp_path / "none.parquet")
    monkeypatch.setattr(mcc, "CONFIRMATION_FILE", gone)
    with pytest.raises(ValueError, match="never recomputed.*git checkout"):
        mcc.run_confirmation(400, 10_000, 49, 2007, main_base_seed=2029)


@pytest.mark.parametrize("module, study_file", KEPT)
def test_check_reports_the_record_and_the_command_refuses_to_overwrite_it(
        switched, module, study_file, capsys):
    assert module.main(["--check"]) == 0
    out = capsys.readouterr().out
    assert (f"{study_file.relpath.as_posix()}: a record of fingerprint {EARLIER} (the earlier, "
            "uncorrected estimator): kept, not regenerated") in out
    assert module.main(["--n-jobs", "1"]) == 2  # StudyFile.write raises if reached
    out = capsys.readouterr().out
    assert out.startswith(f"error: {study_file.relpath.as_posix()} is a record of fingerprint "
                          f"{EARLIER}") and "nothing was computed" in out
    assert len(out.strip().splitlines()) == 1


@pytest.mark.parametrize("module, study_file", KEPT)
def test_under_the_recorded_code_check_is_unchanged(module, study_file, capsys, monkeypatch):
    monkeypatch.setattr(mcn, "code_fingerprint", lambda: EARLIER)
    assert module.main(["--check"]) == 0
    assert "a record of" not in capsys.readouterr().out


def test_rule_t5_reads_the_record_of_the_first_reads_code(switched, monkeypatch):
    """The targeted reading of the record gives TARGETED_READ's verdicts; rows of no record
    are still refused (rule T5)."""
    first = mcc.first_study(pd.DataFrame(), 2029, mcc.read_confirmation())[0]
    studies = {"shipped": first, "confirmation": mcc.read_confirmation(),
               "replication": mr.read_replication()}
    second = mr.read_replication(study=mr.SECOND_REPLICATION_STUDY)
    seeds = {"shipped": 2005, "confirmation": 2007, "replication": 2025, mr.SECOND: 2026}
    verdicts = mr.replication_verdicts(studies, second, base_seeds=seeds)
    targeted = mt.read_targeted()
    v = mt.targeted_verdicts(verdicts, targeted, base_seed=2027)
    read = v[v["targeted_read"]].set_index(["estimand", "criterion", "quarter_since_start"])
    assert {k: r for k, r in read["reading"].items()} == mt.TARGETED_READ["readings"]
    plain = targeted.copy()
    plain.attrs = {}
    with pytest.raises(ValueError, match="rule T5"):
        mt.targeted_verdicts(verdicts, plain, base_seed=2027)


def test_the_kept_sentences_say_they_are_records(switched):
    conf = mcc.read_confirmation()
    first, seed = mcc.first_study(pd.DataFrame(), 2029, conf)
    verdicts = mcc.confirmation_verdicts(first, conf)
    lead = claims.record_lead(claims.fingerprint_record_words(EARLIER, OTHER), OTHER)
    text = claims.confirmation_claims(verdicts, first, conf, (seed, 2007))["a_conf_sentence"]
    assert text.startswith(lead + " ")
    table = claims.design_bias_table({"shipped": first, "confirmation": conf})
    assert claims.design_bias_sentence(table, {"run": 10_000}, project=False).startswith(lead)
    plain = {k: v.copy() for k, v in (("shipped", first), ("confirmation", conf))}
    for v in plain.values():
        v.attrs = {}
    assert claims.kept_record_lead(*plain.values()) == ""
    assert not claims.design_bias_sentence(claims.design_bias_table(plain), {"run": 10_000},
                                           project=False).startswith("This study is a record")


def test_records_count_as_read_in_the_studies_to_compute(switched, tmp_path, monkeypatch):
    """At Appendix A's defaults under a changed fingerprint only the regenerated studies are
    to compute (fp55: the note counted the confirmation and both replications too)."""
    monkeypatch.setenv("MIA_DATA_ROOT", str(tmp_path))
    params = chapters.read_parameters(chapters.resolve_chapter("matching_method")[1])
    values = {n: p.default for n, p in params.items() if p.literal}
    kept = {id(mcc.CONFIRMATION_FILE), id(mr.REPLICATION_FILE)}
    studies = chapters.appendix_a_studies(values)
    stale = {f.key(p): (int(p["replications"]), int(p["bootstrap"])) for _, f, p in studies
             if id(f) not in kept and f.read(f.key(p)) is None}  # the regenerated ones
    assert stale  # the inburgering study's key changed with the fingerprint
    assert chapters.studies_to_compute(values) == list(stale.values())
    assert chapters.montecarlo_study_counts(values) == (len(stale), len(
        {f.key(p) for _, f, p in studies}))


def test_never_overcoverage_reads_one_code_only(tmp_path):
    """A results file holding the study under two keys (two estimators' codes) gives one
    code's rows, not both pooled."""
    conf = pd.read_parquet(ROOT / mcc.CONFIRMATION_RESULTS)
    conf.assign(study_key="0" * 16).pipe(lambda d: pd.concat([conf, d])).to_parquet(
        tmp_path / "montecarlo_confirmation.parquet", index=False)
    rows = nov.kept_rows(tmp_path / "montecarlo_confirmation.parquet", 2007)
    assert len(rows) == len(conf) and rows.attrs["fingerprint"] in (mcn.code_fingerprint(),
                                                                    EARLIER)


def test_never_overcoverage_reads_the_archive_after_the_switch(switched, tmp_path):
    (tmp_path / "records" / EARLIER).mkdir(parents=True)
    (tmp_path / "records" / EARLIER / "montecarlo_newcomers.parquet").write_bytes(
        ARCHIVE.read_bytes())
    new = pd.read_parquet(ARCHIVE).assign(study_key="1" * 16)  # the regenerated file
    new.to_parquet(tmp_path / "montecarlo_newcomers.parquet", index=False)
    rows = nov.kept_rows(tmp_path / "montecarlo_newcomers.parquet", 2005)
    assert rows.attrs["fingerprint"] == EARLIER and len(rows) == len(new)


def test_never_se_error_reads_both_studies_of_one_code(switched, capsys):
    d = never_se_error.point_estimates([4])
    assert d.attrs["fingerprint"] == EARLIER and set(d["study"]) == {
        "shipped (2005)", "confirmation (2007)"}
    assert never_se_error.main(["--quarters", "4"]) == 0
    assert f"Both studies of one code, fingerprint {EARLIER}" in capsys.readouterr().out


def test_never_repair_never_pools_two_codes(tmp_path):
    old = tmp_path / "old.csv"
    pd.DataFrame({"seed": [1], "quarter_since_start": [4]}).to_csv(old, index=False)
    new = tmp_path / "new.csv"
    pd.DataFrame({"seed": [2], "quarter_since_start": [4],
                  never_repair.CODE_COLUMN: [OTHER]}).to_csv(new, index=False)
    with pytest.raises(ValueError, match="never pooled"):
        never_repair.read_runs([old, new])
    assert never_repair.read_runs([new]).attrs["fingerprint"] == OTHER
    with pytest.raises(SystemExit, match="never pooled"):
        never_repair.run([1], old, evaluator=lambda s: pd.DataFrame({"seed": [s]}))
    out = tmp_path / "fresh.csv"
    never_repair.run([3], out, evaluator=lambda s: pd.DataFrame({"seed": [s]}))
    assert set(pd.read_csv(out)[never_repair.CODE_COLUMN]) == {mcn.code_fingerprint()}


def _kept_reading():
    """The kept studies (records under the switched code) and the replication verdicts."""
    conf = mcc.read_confirmation()
    studies = {"shipped": mcc.first_study(pd.DataFrame(), 2029, conf)[0], "confirmation": conf,
               "replication": mr.read_replication()}
    second = mr.read_replication(study=mr.SECOND_REPLICATION_STUDY)
    seeds = {"shipped": 2005, "confirmation": 2007, "replication": 2025, mr.SECOND: 2026}
    return mr.replication_verdicts(studies, second, base_seeds=seeds), {
        **studies, mr.SECOND: second}


def test_the_replication_and_targeted_sentences_say_they_are_records(
        switched, monkeypatch, tmp_path):
    verdicts, studies = _kept_reading()
    lead = claims.record_lead(claims.fingerprint_record_words(EARLIER, OTHER), OTHER)
    null = mcc.null_failure_rates(studies["confirmation"], resamples=50)
    rep = claims.replication_claims(verdicts, studies, null, (2005, 2007, 2025), 2026)
    assert rep["a_rep_sentence"].startswith(lead + " ")
    tgt = claims.targeted_claims(verdicts, studies, mt.read_targeted(), True)
    assert tgt["a_tgt_sentence"].startswith(lead + " ")
    assert "is not read here" not in tgt["a_tgt_sentence"]  # rule T5 reads the record
    monkeypatch.setattr(mt, "TARGETED_FILE", dataclasses.replace(
        mt.TARGETED_FILE, relpath=tmp_path / "montecarlo_targeted.parquet"))
    gone = claims.targeted_claims(verdicts, studies, None, True)["a_tgt_sentence"]
    assert "is missing here" in gone and "is final for the code it ran with (computed with " \
        f"the earlier, uncorrected estimator, code fingerprint {EARLIER})" in gone


def test_the_project_read_keeps_its_base_2005_first_study(monkeypatch):
    """The switch moves the book's inburgering study to base 2029; the kept readings' first
    study stays base 2005 (CONFIRMED_STUDY): still the project's read, still "shipped seeds"
    (before rec55 both compared with INBURGERING_STUDY's base)."""
    monkeypatch.setitem(mcn.INBURGERING_STUDY, "base_seed", 2029)
    design = {k: mr.REPLICATION_STUDY[k] for k in ("newcomers", "bootstrap", "interval")}
    assert claims.replication_is_project_read((2005, 2007, 2025), 400, design)
    assert claims.first_study_seeds(2005) == "shipped seeds"
    assert claims.first_study_seeds(2029) == "first study's seeds"


def test_the_final_verdict_names_the_code_it_ran_with(monkeypatch):
    design = {k: mr.REPLICATION_STUDY[k] for k in ("newcomers", "bootstrap", "interval")}
    monkeypatch.setattr(mcn, "code_fingerprint", lambda: EARLIER)
    own = claims._replication_design_claims((2005, 2007, 2025), 400, design)["a_rep_final"]
    assert own == ("The verdict of this first read is final for the code it ran with; a "
                   "changed estimator is judged on fresh seeds.")
    monkeypatch.setattr(mcn, "code_fingerprint", lambda: OTHER)
    now = claims._replication_design_claims((2005, 2007, 2025), 400, design)["a_rep_final"]
    assert (f"final for the code it ran with (the earlier, uncorrected estimator, code "
            f"fingerprint {EARLIER}; this code's is {OTHER})") in now


def test_the_tables_captions_say_they_are_records(switched):
    conf = mcc.read_confirmation()
    assert claims.kept_record_caption(None, conf) == (
        " A record of earlier code: computed with the earlier, uncorrected estimator, code "
        f"fingerprint {EARLIER}.")
    plain = conf.copy()
    plain.attrs = {}
    assert claims.kept_record_caption(plain) == ""
    text = (ROOT / "notebooks" / "A_matching_method.md").read_text(encoding="utf-8")
    assert "claims.kept_record_caption(kept, mcnc_conf)" in text
    assert "claims.kept_record_caption(*rep_studies.values())" in text


def test_the_summaries_say_they_are_records(switched):
    """The appendix's summary bullets on the kept studies (a_tgt_summary,
    a_design_bias_summary) end with the record clause; without records they are unchanged."""
    verdicts, studies = _kept_reading()
    clause = (f" (a record of earlier code: computed with the earlier, uncorrected estimator, "
              f"code fingerprint {EARLIER})")
    tgt = claims.targeted_claims(verdicts, studies, mt.read_targeted(), True)["a_tgt_summary"]
    assert tgt.endswith(clause)
    table = claims.design_bias_table({k: studies[k] for k in ("shipped", "confirmation")})
    assert claims.design_bias_summary(table).endswith(clause)
    table.attrs.pop(claims.RECORD_ATTR)
    assert "a record of earlier code" not in claims.design_bias_summary(table)
