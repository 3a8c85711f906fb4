"""Command line: ``python -m mia_helpers SUBCOMMAND ...``.

- ``synth``  - generate synthetic registers and truth (book/design.md section 2);
- ``panel``  - validate registers and build the person-quarter panel (book/design.md section 3).

Other chapters' commands register themselves in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from mia_helpers.quarters import Window, to_index

#: name -> (add_arguments, run); later modules add their subcommands here
COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]] = {}


def _window(args: argparse.Namespace) -> Window:
    return Window(to_index(args.window_start), to_index(args.window_end))


def _add_window(p: argparse.ArgumentParser) -> None:
    p.add_argument("--window-start", default="2005Q1", help="first quarter (default 2005Q1)")
    p.add_argument("--window-end", default="2016Q4", help="last quarter (default 2016Q4)")


def _synth_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", type=int, default=2005)
    p.add_argument("--residents", type=int, default=20_000)
    p.add_argument("--newcomers", type=int, default=10_000)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--config", type=Path, help="YAML/JSON file of generator parameters")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override one generator parameter, e.g. job.base=-2.0 (repeatable)")
    p.add_argument("--no-truth", action="store_true", help="skip the counterfactual truth")
    _add_window(p)


def _synth(args: argparse.Namespace) -> int:
    from mia_helpers.synthetic import generate
    from mia_helpers.synthetic.config import load_config

    cfg = load_config(args.config, args.set)
    t0 = time.perf_counter()
    timings = generate(args.out, args.seed, args.residents, args.newcomers, cfg, _window(args),
                       truth=not args.no_truth, progress=True)
    parts = ", ".join(f"{k} {v:.1f}s" for k, v in timings.items())
    print(f"wrote {args.out} in {time.perf_counter() - t0:.1f}s ({parts})")
    return 0


def _panel_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, type=Path, help="folder of register Parquet files")
    p.add_argument("--out", type=Path, help="panel file (default DATA/panel.parquet)")
    p.add_argument("--stable-quarters", type=int, default=4)
    p.add_argument("--min-fte", type=float)
    p.add_argument("--min-wage-class", choices=["low", "mid", "high"])
    p.add_argument("--memory-limit", default="4GB")
    p.add_argument("--threads", type=int, default=2)
    _add_window(p)


def _panel(args: argparse.Namespace) -> int:
    from mia_helpers.panel import PanelSpec, build_panel

    spec = PanelSpec(args.stable_quarters, args.min_fte, args.min_wage_class, _window(args),
                     args.memory_limit, args.threads)
    res = build_panel(args.data, spec, args.out, progress=True)
    excluded = int(res.exclusions.loc[~res.exclusions.rule.str.contains("kept"), "rows"].sum())
    print(f"wrote {res.path}: {res.rows} person-quarters of {res.persons} persons; "
          f"{excluded} register rows excluded (see exclusion_log.csv)")
    return 0


COMMANDS["synth"] = (_synth_args, _synth)
COMMANDS["panel"] = (_panel_args, _panel)


def _load_plugins() -> None:
    """Import modules that register further subcommands (if present)."""
    import importlib

    for mod in (
        "mia_helpers.effects_cli",
        "mia_helpers.chapters",
        "mia_helpers.export_check",
        "mia_helpers.adapters.cli",
    ):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as err:
            if err.name != mod:
                raise


def main(argv: list[str] | None = None) -> int:
    _load_plugins()
    parser = argparse.ArgumentParser(prog="python -m mia_helpers", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (add, _) in COMMANDS.items():
        add(sub.add_parser(name))
    args = parser.parse_args(argv)
    from mia_helpers.schemas import RegisterError

    try:
        return COMMANDS[args.command][1](args)
    except (RegisterError, KeyError, ValueError, TypeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
