"""trial26: Appendix B said "the manifest holds hashes and sizes" and "the run folder's
manifest keeps the sizes and full hashes", while the manifest (ec25) records no file size.
The page's prose must agree with what :func:`mia_helpers.manifest.data_fingerprints` writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mia_helpers import manifest as M

PAGE = Path(__file__).resolve().parents[1] / "notebooks" / "B_reproducibility.md"


def test_fingerprints_hold_no_size(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    pd.DataFrame({"person_id": range(30)}).to_parquet(d / "persons.parquet")
    fp = M.data_fingerprints(d)
    entries = fp["files"].values()
    assert entries and all(not any("size" in k for k in e) for e in entries), fp


def test_page_does_not_claim_sizes_in_the_manifest():
    text = " ".join(PAGE.read_text().split())
    assert "hashes and sizes" not in text
    assert "keeps the sizes" not in text
    assert "never values and no file sizes" in text
