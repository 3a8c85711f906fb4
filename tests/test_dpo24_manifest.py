"""dpo24: the run manifest's hash of ``exclusion_log.csv`` gave its hidden counts back.

Chapter 1 run on a copy of the seed-3737 data (4,000 residents, 1,200 newcomers) with 3
inburgering rows of unknown persons and 15 outside the window added, ``min_cell`` 13: the
exclusion table showed ``<13`` and ``x`` for the two rules and ``export-check`` passed the run
folder, but ``manifest.json`` published the SHA-256 and size of ``exclusion_log.csv``. The
reader rebuilds the log from the published table (its rule codes and order are the package's)
and tries the hidden cells until the hash matches: 3 and 15, in milliseconds. The size alone
tells how many digits the hidden counts have."""

from __future__ import annotations

import hashlib
import itertools

import pandas as pd

from mia_helpers import manifest as M

HEAD = "table,rule,rows,of_rows\n"


def _log(orphans: int, outside: int) -> str:
    return (HEAD + "persons,no_ksz_quarter_in_window,0,5200\n"
            f"abb_inburgering,orphan_id,{orphans},6171\n"
            f"abb_inburgering,outside_window,{outside},6171\n")


def _data(tmp_path, orphans=3, outside=15):
    d = tmp_path / "data"
    d.mkdir(exist_ok=True)
    pd.DataFrame({"person_id": range(50)}).to_parquet(d / "persons.parquet")
    (d / "exclusion_log.csv").write_text(_log(orphans, outside))
    return d


def _reader_finds(entry: dict) -> list[tuple[int, int]]:
    """What a reader holding the published table (both cells hidden) and this manifest entry
    finds by trying every pair of hidden counts."""
    return [(a, b) for a, b in itertools.product(range(1, 13), range(13, 200))
            if entry.get("sha256") == hashlib.sha256(_log(a, b).encode()).hexdigest()]


def test_the_exclusion_logs_entry_gives_no_hidden_count_back_by_trial(tmp_path):
    entry = M.data_fingerprints(_data(tmp_path))["files"]["exclusion_log.csv"]
    assert _reader_finds(entry) == []
    # nor its size, which would tell one digit from two (3 against 10..12)
    assert "bytes" not in entry and "sha256" not in entry


def test_the_keyed_digest_and_the_fingerprint_still_follow_the_log(tmp_path):
    """trial21's reason to hash the log: two builds with other exclusions must differ."""
    d = _data(tmp_path)
    first = M.data_fingerprints(d)
    (d / "exclusion_log.csv").write_text(_log(4, 15))
    second = M.data_fingerprints(d)
    assert first["files"]["exclusion_log.csv"] != second["files"]["exclusion_log.csv"]
    assert first["fingerprint"] != second["fingerprint"]
    (d / "exclusion_log.csv").write_text(_log(3, 15))
    assert M.data_fingerprints(d) == first  # the same data, the same digest
    # the Parquet files keep their plain hash (a reader cannot rebuild them); since ec25 no
    # size: a small file's size tells how many rows it holds
    raw = (d / "persons.parquet").read_bytes()
    assert first["files"]["persons.parquet"] == {"sha256": hashlib.sha256(raw).hexdigest()}


def test_export_check_refuses_a_manifest_with_the_logs_plain_hash(tmp_path):
    """A run folder written before the fix still carries the plain hash: refused."""
    import json

    from mia_helpers.export_check import scan

    d = _data(tmp_path)
    fp = M.data_fingerprints(d)
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"parameters": {"min_cell": 13}, "data": fp}))
    assert [f.rule for f in scan(out / "manifest.json", 13).findings] == []
    log = (d / "exclusion_log.csv").read_bytes()
    fp["files"]["exclusion_log.csv"] = {"sha256": hashlib.sha256(log).hexdigest(),
                                        "bytes": len(log)}
    (out / "manifest.json").write_text(json.dumps({"parameters": {"min_cell": 13}, "data": fp}))
    found = scan(out / "manifest.json", 13).findings
    assert [(f.rule, f.where) for f in found] == [
        ("plain_hash", "data.files['exclusion_log.csv']")], found
