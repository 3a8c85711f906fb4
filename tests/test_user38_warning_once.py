"""user38: ``chapter`` on a folder whose ``persons.parquet`` had a column ``gender`` (for
``sex``) printed the same IgnoredColumnsWarning three times, once per check that read the
register, before its error. The command line prints a warning of the same text and category
once per command; another text, or the same in the next command, is printed."""

from __future__ import annotations

import warnings

from mia_helpers import cli


def test_a_repeated_warning_is_printed_once_per_command(tmp_path, monkeypatch, capsys):
    def run_check(args):
        for _ in range(3):
            warnings.warn("column(s) ['gender'] are ignored", UserWarning, stacklevel=1)
            warnings.warn("column(s) ['gender'] are ignored", UserWarning, stacklevel=2)
        warnings.warn("another warning", UserWarning, stacklevel=1)
        return 0

    monkeypatch.setattr("mia_helpers.export_check.run_check", run_check)
    (tmp_path / "t.csv").write_text("a\n1\n")
    for _ in range(2):
        assert cli.main(["export-check", str(tmp_path)]) == 0
        err = capsys.readouterr().err
        # user51: the command line prints "(s)" in the number the list states
        assert err.count("warning: column ['gender'] is ignored (UserWarning)") == 1, err
        assert err.count("warning: another warning (UserWarning)") == 1, err
