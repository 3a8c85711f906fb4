"""Every subcommand's ``--help`` shows each option's default, written once (cox48).

Found by a read of the command line against the README: ``python -m mia_helpers effects
--help`` did not show the defaults of ``--k`` (3) and ``--caliper`` (0.2), which the README's
command table gives, while other options typed their default a second time in the help text
("default 12" beside ``default=12``), where the two could drift apart. The subcommands now use
:class:`mia_helpers.cli._common.DefaultsHelpFormatter`, which adds "(default: VALUE)" from the
option's own ``default=``.

The tests read the parsers (:func:`mia_helpers.cli.build_parser`) and the printed help of every
subcommand; no data, no tolerance.
"""

from __future__ import annotations

import argparse
import inspect
import re

import pytest

from mia_helpers.cli import SUBCOMMANDS, build_parser, main


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return subs.choices


def _options(p: argparse.ArgumentParser):
    """The optional arguments a user sets (no --help, no hidden option)."""
    return [a for a in p._actions if a.option_strings and not isinstance(a, argparse._HelpAction)
            and a.help != argparse.SUPPRESS]


def _has_value(a: argparse.Action) -> bool:
    """A default that is used when the option is not given (not None, not a flag's False, not
    the empty list of a repeatable option)."""
    d = a.default
    return not (a.required or d is None or isinstance(d, bool) or d == [])


def _shown(d: object) -> str:
    return ", ".join(map(str, d)) if isinstance(d, (list, tuple)) else str(d)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_subcommand_is_checked():
    subs = _subparsers()
    assert set(subs) == set(SUBCOMMANDS)
    with_value = {n for n, p in subs.items() if any(map(_has_value, _options(p)))}
    # the subcommands whose options have values by default (the test can fail on each)
    assert with_value >= {"synth", "panel", "effects", "export-check", "execute"}, with_value


@pytest.mark.parametrize("name", list(SUBCOMMANDS))
def test_help_shows_every_default(name):
    p = _subparsers()[name]
    text = _flat(p.format_help())
    missing = [f"{a.option_strings[0]} (default {_shown(a.default)!r})" for a in _options(p)
               if _has_value(a) and f"(default: {_shown(a.default)})" not in text]
    assert not missing, f"{name} --help does not show: {missing}"


@pytest.mark.parametrize("name", list(SUBCOMMANDS))
def test_a_default_is_written_once(name):
    """An option with a value by default leaves it to the formatter: its help text does not
    say "default" (a second copy that could drift from ``default=``); an optional option
    without one says in words what happens when it is not given."""
    p = _subparsers()[name]
    twice = [a.option_strings[0] for a in _options(p) if _has_value(a) and "default" in a.help]
    assert not twice, f"{name}: help text types the default again: {twice}"
    unsaid = [a.option_strings[0] for a in _options(p)
              if a.default is None and not a.required and a.nargs != 0
              and "default" not in a.help]
    assert not unsaid, f"{name}: no word on what happens without {unsaid}"


def test_effects_help_as_the_user_reads_it(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["effects", "--help"])
    assert stop.value.code == 0
    out = _flat(capsys.readouterr().out)
    assert "nearest neighbours per treated (default: 3)" in out
    assert "(> 0) (default: 0.2)" in out
    assert "(default: None)" not in out and "(default: False)" not in out


def test_the_cli_defaults_are_the_functions_defaults():
    """The defaults the help shows are those of the functions the subcommands call (those of
    ``effects`` are read from ``activation_effects``'s signature, mend49, below; the others
    are typed in the CLI and kept equal here)."""
    from mia_helpers.effects import activation_effects
    from mia_helpers.panel import PanelSpec
    from mia_helpers.quarters import Window
    from mia_helpers.synthetic import generate

    subs = _subparsers()

    def default(name: str, opt: str) -> object:
        return next(a.default for a in subs[name]._actions if opt in a.option_strings)

    fx = inspect.signature(activation_effects).parameters
    for opt, par in (("--k", "k"), ("--caliper", "caliper"), ("--max-quarter", "max_quarter"),
                     ("--bootstrap", "bootstrap"), ("--seed", "seed"), ("--jobs", "n_jobs")):
        assert default("effects", opt) == fx[par].default, opt
    assert list(default("effects", "--measures")) == list(fx["measures"].default)
    spec = PanelSpec()
    for opt, field in (("--stable-quarters", "stable_quarters"), ("--min-fte", "min_fte"),
                       ("--min-wage-class", "min_wage_class"), ("--memory-limit", "memory_limit"),
                       ("--threads", "threads")):
        assert default("panel", opt) == getattr(spec, field), opt
    for name in ("panel", "synth"):
        assert (default(name, "--window-start"), default(name, "--window-end")) == \
            Window().labels()
    assert default("synth", "--seed") == inspect.signature(generate).parameters["seed"].default


def test_effects_defaults_have_one_home(monkeypatch, capsys):
    """mend49: ``effects``'s defaults were typed in the CLI and in ``activation_effects``'s
    signature, kept equal only by the test above. They are now read from the signature (and
    ``--population`` from ``TreatmentSpec``): a changed default there changes the option's
    default and its ``--help`` (on the old code the option kept 3, 0.2, ...)."""
    import dataclasses

    from mia_helpers import effects
    from mia_helpers.matching import TreatmentSpec

    sig = inspect.signature(effects.activation_effects)
    changed = {"k": 5, "caliper": 0.35, "max_quarter": 9, "bootstrap": 3, "seed": 11,
               "n_jobs": 1, "measures": ("training_basic",)}
    monkeypatch.setattr(effects.activation_effects, "__signature__", sig.replace(parameters=[
        p.replace(default=changed.get(p.name, p.default)) for p in sig.parameters.values()]),
        raising=False)
    fields = {f.name: f for f in dataclasses.fields(TreatmentSpec)}
    monkeypatch.setattr(fields["population"], "default", "newcomer")
    p = _subparsers()["effects"]
    got = {a.dest: a.default for a in _options(p)}
    for par, opt in (("k", "k"), ("caliper", "caliper"), ("max_quarter", "max_quarter"),
                     ("bootstrap", "bootstrap"), ("seed", "seed"), ("n_jobs", "jobs")):
        assert got[opt] == changed[par], opt
    assert got["measures"] == ["training_basic"] and got["population"] == "newcomer"
    text = _flat(p.format_help())
    assert "nearest neighbours per treated (default: 5)" in text
    assert "(> 0) (default: 0.35)" in text
