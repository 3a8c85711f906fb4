"""user37: a raw file writing ``BELGIË`` decomposed (``E`` + U+0308, as macOS and some exports
do) beside a mapping that writes it composed was refused as an unmapped code whose twin printed
identically (``'BELGIË' ~ 'BELGIË'``), with the remedy to map it under ``codes:``, which cannot
be typed. The two are one text in Unicode's canonical composition (NFC), and are now one code,
whichever side is decomposed."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers.adapters import adapt, load_mapping
from mia_helpers.adapters.fixture import make_fixture

COMPOSED = "BELGIË"
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory) -> Path:
    mapping, _ = make_fixture(tmp_path_factory.mktemp("u37") / "raw_extract", residents=120,
                              newcomers=60, seed=3737)
    return mapping.parent


def _extract(src: Path, dst: Path, in_file: str, in_mapping: str) -> Path:
    shutil.copytree(src, dst)
    persons = dst / "raw" / "personen.csv"
    p = pd.read_csv(persons, sep=";", dtype=str, keep_default_na=False)
    assert (p["HERKOMST"] == "BE").any()
    p["HERKOMST"] = p["HERKOMST"].replace({"BE": in_file})
    p.to_csv(persons, sep=";", index=False)
    mapping = dst / "mapping.yaml"
    text = mapping.read_text(encoding="utf-8")
    assert "        BE: belgian\n" in text
    mapping.write_text(text.replace("        BE: belgian\n", f"        {in_mapping}: belgian\n"),
                       encoding="utf-8")
    return mapping


@pytest.mark.parametrize("in_file,in_mapping", [(DECOMPOSED, COMPOSED),
                                                (COMPOSED, DECOMPOSED)])
def test_codes_equal_in_nfc_are_one_code(rehearsal, tmp_path, in_file, in_mapping):
    assert in_file != in_mapping
    mapping = _extract(rehearsal, tmp_path / "x", in_file, in_mapping)
    adapt(load_mapping(mapping), tmp_path / "out")
    persons = pd.read_parquet(tmp_path / "out" / "persons.parquet")
    raw = pd.read_csv(mapping.parent / "raw" / "personen.csv", sep=";", dtype=str)
    assert (persons["origin"] == "belgian").sum() == (raw["HERKOMST"] == in_file).sum() > 0
