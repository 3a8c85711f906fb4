"""user51: ``chapter panel_construction ... -p min_cell 5 --out export/panel_construction``
into the folder of an earlier run of the chapter (min_cell 10, checked by ``export-check
export/panel_construction`` as the runner suggests) replaced that run without a word, and
export-check's record there kept saying "pass" for outputs it no longer described. The runner
now removes such records with the earlier manifest and, when the run ends, says that it
replaced an earlier run, naming the parameters that changed and the records removed."""
from __future__ import annotations

import json

import nbformat
import pytest

import mia_helpers.notebook_run
from mia_helpers import cli


@pytest.fixture
def fake_kernel(monkeypatch):
    """The chapter 'executed' without a kernel: a one-cell notebook written as papermill
    would write it."""
    def execute(source, out, parameters, **kwargs):
        nb = nbformat.v4.new_notebook()
        nb.cells.append(nbformat.v4.new_markdown_cell("# Appendix C"))
        nb.metadata["papermill"] = {"parameters": dict(parameters)}
        nbformat.write(nb, out)

    monkeypatch.setattr(mia_helpers.notebook_run, "execute", execute)


def test_a_reused_out_folder_is_said_and_its_stale_record_removed(tmp_path, capsys,
                                                                  fake_kernel):
    out = tmp_path / "export" / "heart"
    base = ["chapter", "heart_transplant", "--out", str(out)]
    assert cli.main([*base, "-p", "min_cell", "10"]) == 0
    first = capsys.readouterr().err
    assert "held an earlier run" not in first, first
    (out / "export_check_results.json").write_text(json.dumps({"status": "pass"}))
    assert cli.main([*base, "-p", "min_cell", "12"]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert (f"note: --out {out} held an earlier run of this chapter (with other parameters: "
            "min_cell 10 there, 12 here), replaced; export-check's record of those outputs "
            "(export_check_results.json) no longer described the folder and was removed; "
            "check the folder again before anything leaves") in err, err
    assert not (out / "export_check_results.json").exists()
    assert cli.main([*base, "-p", "min_cell", "12"]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "held an earlier run of this chapter (with the same parameters), replaced; " \
           "check the folder again" in err, err
