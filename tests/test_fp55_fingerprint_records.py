"""Shipped studies kept as records of an earlier Monte Carlo code fingerprint (fp55).

Issue 14's switch to the bias-corrected "now versus later" estimator changes the code
fingerprint. Only Appendix A's and chapter 5's studies are regenerated; the confirmation,
replication, targeted and both bias-corrected studies stay as records of fingerprint
515525be1b6b8dc9 (:data:`mia_helpers.claims.RECORDED_FINGERPRINTS`). Before fp55 a changed
fingerprint hid them: :func:`mia_helpers.claims.bias_corrected_study_section` said "not read"
and no function read the other files' rows under their recorded key. Here the change is
simulated by monkeypatching :func:`mia_helpers.montecarlo_newcomers.code_fingerprint`."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mia_helpers import claims
from mia_helpers import montecarlo_bias_corrected as bcs
from mia_helpers import montecarlo_confirmation as mcc
from mia_helpers import montecarlo_newcomers as mcn
from mia_helpers import montecarlo_replication as mr
from mia_helpers import montecarlo_targeted as mt

EARLIER = "515525be1b6b8dc9"  # the fingerprint the kept studies ran with (their metadata)
OTHER = "f" * 16  # a fingerprint after the switch
#: the kept studies' files, and the inburgering study's, whose earlier rows the replication and
#: targeted readings read first (kept as a record file when it is regenerated)
FILES = [(mcn.NEWCOMERS_FILE, name) for name in mcn.NEWCOMERS_FILE.studies] + [
    (mcc.CONFIRMATION_FILE, name) for name in mcc.CONFIRMATION_FILE.studies] + [
    (mr.REPLICATION_FILE, name) for name in mr.REPLICATION_FILE.studies] + [
    (mt.TARGETED_FILE, name) for name in mt.TARGETED_FILE.studies]


def _kept(study_file, name):
    """The study's rows in the shipped file under the earlier fingerprint's key (None when the
    file does not hold them: then there is no record to read)."""
    return study_file.read(study_file.key(study_file.params(**study_file.studies[name]),
                                          EARLIER))


def test_record_words():
    assert claims.fingerprint_record_words(EARLIER, EARLIER) is None
    words = claims.fingerprint_record_words(EARLIER, OTHER)
    assert words == ("computed with the earlier, uncorrected estimator, code fingerprint "
                     f"{EARLIER}")
    with pytest.raises(ValueError, match="neither this code's"):
        claims.fingerprint_record_words("0" * 16, OTHER)


@pytest.mark.parametrize("current", [OTHER, EARLIER], ids=["another_code", "this_code"])
@pytest.mark.parametrize("study_file, name", FILES)
def test_kept_study_is_read_as_a_record_only_under_another_fingerprint(study_file, name,
                                                                       current, monkeypatch):
    """Under another fingerprint the kept rows are a record (with its words) and the book's
    readers find nothing under the new key; under the recorded one they are this code's."""
    kept = _kept(study_file, name)
    if kept is None:
        pytest.skip(f"{study_file.relpath} holds no rows of {EARLIER}")
    monkeypatch.setattr(mcn, "code_fingerprint", lambda: current)
    if current == OTHER:
        assert study_file.read(study_file.key(study_file.params(**study_file.studies[name]))) \
            is None  # what the book's readers find under the new key: nothing
    rows, words = claims.recorded_study_rows(study_file, name)
    pd.testing.assert_frame_equal(rows, kept)
    if current == OTHER:
        assert words is not None and EARLIER in words and "earlier, uncorrected" in words
    else:
        assert words is None


def test_a_study_of_unrecorded_code_is_not_read(tmp_path):
    """Rows under a key of no recorded fingerprint stay unread: nothing is computed either."""
    study_file, name = FILES[0]
    kept = _kept(study_file, name)
    if kept is None:
        pytest.skip(f"{study_file.relpath} holds no rows of {EARLIER}")
    path = tmp_path / "other.parquet"
    kept.assign(study=name, study_key="0" * 16).to_parquet(path, index=False)
    assert claims.recorded_study_rows(study_file, name, path) == (None, None)
    with pytest.raises(KeyError):
        claims.recorded_study_rows(study_file, "no_such_study", path)


@pytest.mark.parametrize("study", list(claims.BIAS_CORRECTED_STUDIES))
def test_bias_corrected_study_is_reported_as_a_record(study, monkeypatch):
    """Under another fingerprint the shipped study is read and said to be a record of the
    earlier code (before fp55: "is not read: it was computed under another Monte Carlo code
    fingerprint"); under its own fingerprint the section reads as before."""
    spec = claims.BIAS_CORRECTED_STUDIES[study]
    path = claims.Path(claims.__file__).resolve().parents[1] / spec["results"]
    meta = claims._bias_corrected_meta(path) if path.is_file() else None
    if not meta or meta.get("code_fingerprint") != EARLIER:
        pytest.skip(f"{spec['results']} is not a record of {EARLIER}")
    monkeypatch.setattr(mcn, "code_fingerprint", lambda: EARLIER)
    own = claims.bias_corrected_study_section(study=study)
    monkeypatch.setattr(mcn, "code_fingerprint", lambda: OTHER)
    out = claims.bias_corrected_study_section(study=study)
    text = out[f"{spec['prefix']}sentence"]
    assert text.startswith(claims.record_lead(claims.fingerprint_record_words(EARLIER, OTHER),
                                              OTHER))
    assert "is not read" not in text and f"By rule {spec['rule']}2" in text
    assert text.endswith(own[f"{spec['prefix']}sentence"])  # the same reading, led by the record
    assert "record of earlier code" not in own[f"{spec['prefix']}sentence"]
    assert "A record of earlier code: computed with" in out[spec["table"]].data
    assert "A record of earlier code" not in own[spec["table"]].data
    if study != "book":  # the second study's reason reads the first study's record
        assert "is not read here" not in out[f"{spec['prefix']}why"]


def _write(path, fingerprint: str) -> None:
    """A result file with the runner's metadata under ``fingerprint`` and no rows of the study
    (reading its rows would raise)."""
    meta = dict(study_params=dict(bcs.study_params()), code_fingerprint=fingerprint,
                sha256={claims.BIAS_CORRECTED_MODULE: "ab" * 32})
    t = pa.Table.from_pandas(pd.DataFrame({"x": [1.0]}), preserve_index=False)
    md = {claims.BIAS_CORRECTED_METADATA_KEY.encode(): json.dumps(meta).encode()}
    pq.write_table(t.replace_schema_metadata(md), path)


@pytest.mark.parametrize("fingerprint, problem", [(EARLIER, False), ("fedcba9876543210", True)])
def test_only_a_recorded_fingerprint_is_read(tmp_path, fingerprint, problem):
    path = tmp_path / "r.parquet"
    _write(path, fingerprint)
    code = dict(code_fingerprint=OTHER, corrected_sha256="ab" * 32)
    found = claims._bias_corrected_file_problem(path, code, "book")
    assert (found is not None) == problem
    if problem:
        assert "another Monte Carlo code fingerprint" in found
