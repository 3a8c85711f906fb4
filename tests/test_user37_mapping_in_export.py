"""user37: README step 6 takes ``mapping.yaml`` out "together with" ``export/``; put inside the
folder, ``export-check`` refused it with the remedy "export tables in one of these formats",
which does not apply to a mapping. The refusal now says where the mapping goes."""

from __future__ import annotations

from mia_helpers import export_check as ec


def test_a_mapping_inside_the_export_is_refused_with_where_it_goes(tmp_path):
    root = tmp_path / "export"
    root.mkdir()
    (root / "mapping.yaml").write_text("version: 1\nsource_dir: raw\n")
    (root / "ok.csv").write_text("group,n\na,12\nb,15\n")
    res = ec.scan(root, 10)
    assert [(f.file, f.rule) for f in res.findings] == [("mapping.yaml", "unknown_file")]
    text = res.findings[0].detail
    assert "beside the checked folder, not in it" in text and "step 6" in text, text
