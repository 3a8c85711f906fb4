"""appb51: Appendix B had no exercise (every other page had one). Its exercise ``ex-b-record``
asks which entries of a run's manifest a re-run, another ``min_cell`` and another seed move,
and whether a seed pins its data; the answer is computed in the run
(:func:`mia_helpers.exercise_answers.record_answer` on records written by
:func:`mia_helpers.manifest.fresh_record`, the seed's data generated afresh by
:func:`mia_helpers.data.generated_afresh`). None of these functions existed before (each test
here failed on the old code with an ImportError or AttributeError)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from mia_helpers import exercise_answers as ea
from mia_helpers.manifest import data_fingerprints, fresh_record

FILES = {**{f"{r}.parquet": {"sha256": f"r{i}"} for i, r in enumerate(
    ["persons", "ksz_positions", "vdab_registrations", "vdab_measures", "abb_inburgering",
     "wse_permits"])},
         "panel.parquet": {"sha256": "p"}, "exclusion_log.csv": {"hmac_sha256": "k"},
         **{f"truth/{t}": {"sha256": f"t{i}"} for i, t in enumerate(
             ["_COMPLETE.json", "activation_effects.parquet", "newcomer_effects.parquet",
              "parameters.json", "spell_types.parquet"])}}
RECORD = {"manifest_version": 1, "parameters": {"seed": 2005, "min_cell": 10},
          "data": {"data_dir": "/d/s2005", "files": FILES, "has_truth": True,
                   "fingerprint": "f"},
          "inputs": {}, "packages": {"numpy": "2.3", "pandas": "3.1"}, "python": "3.11.2",
          "platform": "Linux", "git": {"revision": "abc", "dirty": False},
          "started": "t0", "finished": "t1", "elapsed_seconds": 1.0, "timings": {}}


def _with(**changes) -> dict:
    """RECORD with ``changes`` (dotted keys reach into the data entry and its files)."""
    out = copy.deepcopy(RECORD)
    for key, value in changes.items():
        where, *rest = key.split("__")
        if not rest:
            out[where] = value
            continue
        d = out[where]
        for k in rest[:-1]:
            d = d[k]
        d[rest[-1]] = value
    return out


def test_a_record_written_again_differs_in_its_times_only():
    again = _with(started="t2", finished="t3")
    ch = ea.record_changes(RECORD, again)
    assert ch == ea.RecordChanges((), False, False, {"register": (0, 6), "panel": (0, 1),
                                                      "exclusion log": (0, 1),
                                                      "truth file": (0, 5)},
                                  False, (), True, ())
    assert ea.record_changes_sentence("Written again", ch) == (
        "Written again, the record differs from this page's in the times it records; the "
        "parameters, the data folder, the data fingerprint, the hashes of all 13 files, the git "
        "revision and the package versions are the same.")
    assert ea.record_changes_sentence("Copied", ea.record_changes(RECORD, RECORD)) == (
        "Copied, the record is the same as this page's in every entry.")


def test_another_min_cell_moves_the_parameters_and_not_the_data():
    ch = ea.record_changes(RECORD, _with(parameters={"seed": 2005, "min_cell": 5},
                                         started="t2"))
    assert ch.parameters == ("min_cell",) and not ch.fingerprint and not ch.data_folder
    text = ea.record_changes_sentence("With min_cell 5 instead of 10", ch)
    assert "differs from this page's in the parameter min_cell and the times it records;" in text
    assert "the data fingerprint, the hashes of all 13 files" in text


def test_files_are_counted_by_kind_with_their_plurals():
    files = copy.deepcopy(FILES)
    files["persons.parquet"] = {"sha256": "other"}
    files["panel.parquet"] = {"sha256": "other"}
    del files["truth/parameters.json"]  # in one record only: counted as changed
    ch = ea.record_changes(RECORD, _with(data__files=files, data__fingerprint="g",
                                         parameters={"seed": 7, "min_cell": 5},
                                         git={"revision": "abc", "dirty": True},
                                         packages={"numpy": "2.4", "pandas": "3.1"},
                                         python="3.12.0"))
    assert ch.files == {"register": (1, 6), "panel": (1, 1), "exclusion log": (0, 1),
                        "truth file": (1, 5)}
    assert ch.revision and ch.packages == ("numpy",) and ch.other == ("python",)
    assert not ch.times
    text = ea.record_changes_sentence("Changed", ch)
    assert text == (
        "Changed, the record differs from this page's in the parameters min_cell and seed, the "
        "data fingerprint, the hashes of 3 of the 13 files (1 of the 6 registers, the panel and "
        "1 of the 5 truth files), the git revision, the version of numpy and the entry python; "
        "the data folder is the same.")
    assert "(s)" not in text and "`" not in text


def test_a_record_without_data_has_no_files_to_name():
    ch = ea.record_changes(_with(data=None), _with(data=None, started="t2"))
    assert ch.files == {} and not ch.fingerprint
    assert "files" not in ea.record_changes_sentence("Again", ch)


def test_the_answer_says_whether_the_seed_pins_the_data():
    afresh = "Generated afresh"
    same = {afresh: _with(data__data_dir="/tmp/x", started="t2")}
    assert ea.record_answer(RECORD, same, afresh).endswith(
        "So with this code the seed, the sizes and the window pin the data: their fingerprint "
        "identifies them wherever they are stored.")
    files = {**FILES, "panel.parquet": {"sha256": "other"}}
    moved = {afresh: _with(data__files=files, data__fingerprint="g")}
    assert ea.record_answer(RECORD, moved, afresh).endswith(
        "do not pin the data: regenerated, 1 file came out different.")
    on_folder = ea.record_answer(RECORD, {"Written again": RECORD}, None)
    assert on_folder.endswith("so the questions about a seed do not apply.")
    with pytest.raises(KeyError):
        ea.record_answer(RECORD, same, "not a variant")


def test_fresh_record_leaves_nothing_and_generated_afresh_gives_the_cached_bytes(small_data):
    """The same seed and sizes generated afresh (into a temporary folder, deleted after) give
    the fingerprint of the data the session fixture generated the other way (seed 11,
    1,500 residents, 750 newcomers, panel over the default window): the claim of the
    exercise's answer, checked here on the package's two paths of generation."""
    from mia_helpers.data import generated_afresh

    with generated_afresh(11, 1500, 750) as folder:
        where = Path(folder)
        assert where.is_dir() and (where / "panel.parquet").is_file()
        record = fresh_record({"seed": 11}, folder)
    assert not where.exists()
    assert record["data"]["fingerprint"] == data_fingerprints(small_data)["fingerprint"]
    assert record["parameters"] == {"seed": 11} and record["git"]["revision"]


# -- the glossary's entries for the record (appb51: manifest, fingerprint and HMAC had none) --

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")


def _entry(term: str) -> str:
    import re

    m = re.search(rf"^{re.escape(term)}\n((?:  .*\n)+)", GLOSSARY, re.M)
    assert m, f"book/glossary.md has no entry {term!r}"
    return " ".join(m.group(1).split())


@pytest.mark.parametrize(("term", "words"), [
    ("manifest", ["manifest.json", "parameters", "git revision", "never data and no file sizes"]),
    ("fingerprint", ["data fingerprint", "code fingerprint", "NumPy's version",
                     "without docstrings, comments"]),
    ("HMAC", ["secret key", "exclusion log", "SHA-512", "Parquet files"]),
])
def test_the_glossary_defines_the_record_s_terms(term: str, words: list[str]) -> None:
    text = _entry(term)
    for w in words:
        assert w in text, (term, w, text)


@pytest.mark.parametrize("term", ["manifest", "fingerprint", "HMAC"])
def test_the_functions_an_entry_names_exist(term: str) -> None:
    """Each `mia_helpers.module.name` an entry cites is an attribute of that module."""
    import importlib
    import re

    names = re.findall(r"`(mia_helpers(?:\.\w+)+)`", _entry(term))
    for name in names:
        module, attr = name.rsplit(".", 1)
        assert hasattr(importlib.import_module(module), attr), name


def test_the_hmac_key_is_what_the_glossary_says():
    """The exclusion log's digest is keyed with the SHA-512 of the folder's Parquet files."""
    import hashlib
    import hmac
    import tempfile

    import pandas as pd

    from mia_helpers.manifest import data_fingerprints

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pd.DataFrame({"a": [1]}).to_parquet(folder / "persons.parquet")
        (folder / "exclusion_log.csv").write_text("step,rows\nx,3\n")
        key = hashlib.sha512((folder / "persons.parquet").read_bytes()).digest()
        want = hmac.new(key, (folder / "exclusion_log.csv").read_bytes(),
                        hashlib.sha256).hexdigest()
        assert data_fingerprints(folder)["files"]["exclusion_log.csv"] == {"hmac_sha256": want}


def test_appendix_b_names_the_commands_that_write_a_manifest():
    """Appendix B said "Every run of a chapter or command writes a manifest.json"; only chapter
    runs and adapt do (effects, panel and synth write none). The modules that call
    write_manifest are those the page names."""
    import re

    callers = {p.relative_to(ROOT / "mia_helpers").as_posix()
               for p in (ROOT / "mia_helpers").rglob("*.py")
               if re.search(r"(?<!def )\bwrite_manifest\(", p.read_text(encoding="utf-8"))}
    assert callers == {"chapters.py", "cli/adapt.py", "manifest.py"}, callers
    text = " ".join((ROOT / "notebooks" / "B_reproducibility.md").read_text().split())
    assert ("Every run of a chapter (`python -m mia_helpers chapter`) and every preparation of "
            "an extract (`python -m mia_helpers adapt`) writes a {term}`manifest`") in text
