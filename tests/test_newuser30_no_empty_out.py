"""A failed ``adapt`` leaves no empty ``--out`` folder behind (newuser30: the message said
"nothing was written" while an empty ``extract/`` had been created)."""

from __future__ import annotations

import yaml
from test_analyst19_adapt import _delivery
from test_user26_adapt_problems import _rewrite

from mia_helpers import cli


def test_failed_adapt_removes_the_out_folder_it_created(tmp_path, capsys):
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(HERKOMST="XX"))  # an unmapped code
    (tmp_path / "mapping.yaml").write_text(yaml.safe_dump(m, allow_unicode=True))
    out = tmp_path / "extract"
    assert cli.main(["adapt", "--mapping", str(tmp_path / "mapping.yaml"),
                     "--out", str(out)]) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert not out.exists()
    out.mkdir()  # a folder the user made is kept
    assert cli.main(["adapt", "--mapping", str(tmp_path / "mapping.yaml"),
                     "--out", str(out)]) == 2
    assert out.is_dir()
