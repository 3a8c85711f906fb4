"""user51: a register delivered gzip-compressed (``vdab_acties.csv.gz``) was told "format
'gz' not supported ... a delimited text file of another extension is read with `format:
csv`"; with ``format: csv`` (or the compressed file named ``.csv``) it was then refused as
"not in encoding 'utf-8'", with the advice to set ``encoding: cp1252``, which reads the
compressed bytes as text. The mapping now names a compressed file or workbook by its name
ending, and adapt by its first bytes, saying to decompress it (or save the sheet as CSV)."""
from __future__ import annotations

import gzip
import shutil

import pytest

from mia_helpers import cli


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    from mia_helpers.adapters.fixture import make_fixture

    mapping = make_fixture(tmp_path_factory.mktemp("user51") / "rehearsal", residents=40,
                           newcomers=10, seed=4167)[0]
    raw = mapping.parent / "raw"
    data = (raw / "vdab_acties.csv").read_bytes()
    (raw / "vdab_acties.csv.gz").write_bytes(gzip.compress(data))
    (raw / "packed.csv").write_bytes(gzip.compress(data))
    shutil.copy(raw / "vdab_acties.csv.gz", raw / "vdab_acties.xlsx")
    return mapping


@pytest.mark.parametrize("file, fmt, said", [
    ("vdab_acties.csv.gz", "", "mapping register 'vdab_measures': file 'vdab_acties.csv.gz' "
     "is a gzip-compressed file: decompress it"),
    ("vdab_acties.xlsx", "", "file 'vdab_acties.xlsx' is a spreadsheet workbook: save its "
     "sheet as CSV"),
    ("vdab_acties.csv.gz", "csv", "raw file {raw}/vdab_acties.csv.gz is a gzip-compressed "
     "file: decompress it"),
    ("packed.csv", "", "raw file {raw}/packed.csv is a gzip-compressed file: decompress it"),
])
def test_a_compressed_file_is_named_so(fixture, tmp_path, capsys, file, fmt, said):
    text = fixture.read_text()
    old = "    file: vdab_acties.csv\n"
    assert old in text
    new = f"    file: {file}\n" + (f"    format: {fmt}\n" if fmt else "")
    mapping = tmp_path / "mapping.yaml"
    raw = fixture.parent / "raw"
    mapping.write_text(text.replace(old, new).replace("source_dir: raw", f"source_dir: {raw}"))
    capsys.readouterr()
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "x")]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert said.format(raw=raw) in err, err
    assert "name the file it gives under `file:`" in err
    assert "encoding" not in err.split("adapt reads")[0], err  # not told to change it


@pytest.mark.parametrize("register, old, file, source, said", [
    ("abb_inburgering", "    file: abb_inburgering.parquet\n", "abb_as.csv",
     "abb_inburgering.parquet", "is a Parquet file, not CSV text: give the register "
     "`format: parquet`"),
    ("wse_permits", "    file: wse_arbeidskaarten.csv\n", "wse_as.parquet",
     "wse_arbeidskaarten.csv",
     "is a text file (a CSV export?), not Parquet: give the register `format: csv`"),
])
def test_a_file_in_the_other_format_is_named_so(fixture, tmp_path, capsys, register, old,
                                                file, source, said):
    """user51: a Parquet file named .csv was told to set `encoding: cp1252`, a CSV file named
    .parquet that it was "empty or truncated: copy it again"."""
    raw = fixture.parent / "raw"
    shutil.copy(raw / source, raw / file)
    text = fixture.read_text()
    assert old in text
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(text.replace(old, f"    file: {file}\n").replace(
        "source_dir: raw", f"source_dir: {raw}"))
    capsys.readouterr()
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "x")]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"mapping register {register!r}: raw file {raw}/{file} {said}" in err, err
