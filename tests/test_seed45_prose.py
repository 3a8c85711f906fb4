"""seed45: sentences of the book that were typed for the default build and are not true in
every run, now phrased from the run (prose read on seed 2015)."""

from pathlib import Path

from mia_helpers.claims import pinned_versions_clause

ROOT = Path(__file__).resolve().parent.parent


def _req(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "requirements.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_own_package_is_not_called_pinned(tmp_path):
    # Appendix B typed "(all are pinned in `requirements.txt`)" under a table listing
    # mia_helpers, which requirements.txt installs with "-e ." (no version pinned)
    req = _req(tmp_path, "numpy==2.4.6\nPyYAML==6.0.4\n-e .\n")
    text = pinned_versions_clause({"mia_helpers": "0.1.0", "numpy": "2.4.6",
                                   "pyyaml": "6.0.4"}, req)
    assert text.startswith("each but mia_helpers is the version pinned"), text
    assert "mia_helpers, this book's own package, is installed from the repository" in text
    assert "all are pinned" not in text
    assert "`" not in text  # glued as plain text: backticks would show literally


def test_a_version_other_than_the_pin_is_named(tmp_path):
    req = _req(tmp_path, "numpy==2.4.6\nscipy==1.17.1  # pinned\n")
    text = pinned_versions_clause({"numpy": "2.0.0", "scipy": "1.17.1", "pandas": "3.1.1",
                                   "duckdb": None}, req)
    assert "each" not in text
    assert "scipy is at the version pinned" in text
    assert "numpy 2.0.0 against 2.4.6" in text
    assert "pandas is not pinned there" in text and "duckdb is not installed" in text


def test_without_requirements_nothing_is_claimed(tmp_path):
    text = pinned_versions_clause({"numpy": "2.4.6"}, tmp_path / "requirements.txt")
    assert "no requirements.txt was found" in text
    assert pinned_versions_clause({"numpy": "2.4.6"}, None) == text


def test_appendix_b_glues_the_clause_and_types_no_pin_claim():
    src = (ROOT / "notebooks" / "B_reproducibility.md").read_text(encoding="utf-8")
    assert "all are pinned" not in src
    assert "{glue:text}`b-pins`" in src and "claims.pinned_versions_clause(" in src
