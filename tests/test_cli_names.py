"""Command names and options are taken as written (new-user trial, fourteenth session):
``--dat`` was accepted for ``--data``, and a mistyped command got no suggestion."""

from mia_helpers.cli import main


def test_a_mistyped_command_is_named_with_the_closest_commands(capsys):
    assert main(["chapte", "01"]) == 2
    err = capsys.readouterr().err
    assert "'chapte' is not a command (did you mean chapter?)" in err and "export-check" in err


def test_an_abbreviated_option_is_refused(capsys, tmp_path):
    try:
        main(["panel", "--dat", str(tmp_path)])
    except SystemExit as stop:
        assert stop.code == 2
    else:
        raise AssertionError("an abbreviated option was accepted")
    assert "--dat" in capsys.readouterr().err
