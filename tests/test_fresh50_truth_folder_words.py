"""fresh50: Appendix B on a ``synth --no-truth`` folder (seed 4090, 2008Q1..2015Q4) said the
data folder "holds no truth folder (a real extract)" above its own table of input files,
which listed ``truth/_COMPLETE.json`` and ``truth/parameters.json``. The words now tell the
three cases apart (:func:`mia_helpers.claims.truth_folder_words`), and the appendix glues
them from the folder."""
from __future__ import annotations

from pathlib import Path

from mia_helpers import claims

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "B_reproducibility.md"


def test_the_three_folders_are_told_apart():
    assert claims.truth_folder_words(True, True) == (
        "holds the generator's truth (synthetic data)")
    assert "not its true effects" in claims.truth_folder_words(False, True)
    assert "--no-truth" in claims.truth_folder_words(False, True)
    assert claims.truth_folder_words(False, False) == "holds no truth folder (a real extract)"


def test_the_appendix_glues_them_from_the_folder():
    text = " ".join(NOTEBOOK.read_text().split())
    assert 'claims.truth_folder_words(record["data"]["has_truth"],' in text
    assert '(Path(data) / "truth").is_dir()' in text
    assert '"holds no truth folder (a real extract)"' not in text
