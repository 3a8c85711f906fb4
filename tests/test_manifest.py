"""Reproducibility manifest: fingerprints identify the data exactly, versions and git revision
are recorded, and load_manifests collects the runs of a folder."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import manifest as M
from mia_helpers.files import COMPLETE
from mia_helpers.manifest import load_manifests, read_manifest, write_manifest

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    d = tmp_path / "data"
    (d / "truth").mkdir(parents=True)
    pd.DataFrame({"person_id": [1, 2]}).to_parquet(d / "persons.parquet")
    pd.DataFrame({"x": [1.0]}).to_parquet(d / "panel.parquet")
    (d / "truth" / "parameters.json").write_text('{"seed": 1}')
    (d / "truth" / COMPLETE).write_text('{"truth": true, "files": ["parameters.json"]}')
    (d / "notes.txt").write_text("not a data file")
    return d


def test_manifest_content(tmp_path, data_dir):
    params = {"seed": np.int64(2005), "data_dir": data_dir, "measures": ("a", "b")}
    path = write_manifest(tmp_path / "run", params, data_dir, T0, T0 + timedelta(seconds=90.5),
                          timings={"execute": 88.0})
    m = read_manifest(path)
    assert path == tmp_path / "run" / "manifest.json"
    assert m["parameters"] == {"seed": 2005, "data_dir": str(data_dir), "measures": ["a", "b"]}
    files = m["data"]["files"]
    assert set(files) == {"persons.parquet", "panel.parquet", "truth/parameters.json",
                          f"truth/{COMPLETE}"}
    raw = (data_dir / "persons.parquet").read_bytes()
    # no size (ec25: a small data file's size tells how many rows it holds)
    assert files["persons.parquet"] == {"sha256": hashlib.sha256(raw).hexdigest()}
    assert m["data"]["has_truth"] is True
    # a truth folder without its completion marker is not reported as truth
    (data_dir / "truth" / COMPLETE).unlink()
    assert M.data_fingerprints(data_dir)["has_truth"] is None
    assert m["packages"]["pandas"] == metadata.version("pandas")
    assert set(M.KEY_PACKAGES) <= set(m["packages"])
    assert m["git"]["revision"] == "unknown" or len(m["git"]["revision"]) == 40
    assert m["elapsed_seconds"] == 90.5 and m["timings"] == {"execute": 88.0}
    assert m["started"] == "2026-01-05T09:00:00+00:00"
    json.dumps(m)  # plain JSON throughout


def test_fingerprint_changes_with_any_byte_and_only_then(tmp_path, data_dir):
    a = M.data_fingerprints(data_dir)["fingerprint"]
    assert M.data_fingerprints(data_dir)["fingerprint"] == a
    (data_dir / "notes.txt").write_text("changed")  # not an input file
    assert M.data_fingerprints(data_dir)["fingerprint"] == a
    (data_dir / "truth" / "parameters.json").write_text('{"seed": 2}')
    assert M.data_fingerprints(data_dir)["fingerprint"] != a


def test_real_extract_without_truth_and_extra_inputs(tmp_path, data_dir):
    import shutil

    shutil.rmtree(data_dir / "truth")
    raw = tmp_path / "raw.csv"
    raw.write_text("a;b\n1;2\n")
    m = read_manifest(write_manifest(tmp_path, {}, data_dir, T0, T0, inputs=[raw]))
    assert m["data"]["has_truth"] is False
    assert m["inputs"][str(raw)]["sha256"] == hashlib.sha256(raw.read_bytes()).hexdigest()


def test_git_revision_outside_a_repository_is_unknown(tmp_path):
    assert M.git_revision(tmp_path) == {"revision": "unknown", "dirty": None}


def test_load_manifests_collects_runs(tmp_path, data_dir):
    write_manifest(tmp_path / "runs" / "b", {"seed": 2}, data_dir, T0 + timedelta(hours=1),
                   T0 + timedelta(hours=2))
    write_manifest(tmp_path / "runs" / "a", {"seed": 1}, None, T0, T0 + timedelta(minutes=1))
    df = load_manifests(tmp_path / "runs")
    assert df["run"].tolist() == ["a", "b"]  # oldest first
    assert df["elapsed_seconds"].tolist() == [60.0, 3600.0]
    assert json.loads(df.loc[1, "parameters"]) == {"seed": 2}
    assert df.loc[1, "data_fingerprint"] == M.data_fingerprints(data_dir)["fingerprint"][:12]
    assert pd.isna(df.loc[0, "data_fingerprint"]) and df.loc[1, "data_files"] == 4
    empty = load_manifests(tmp_path / "nothing-here")
    assert len(empty) == 0 and "git_revision" in empty.columns
