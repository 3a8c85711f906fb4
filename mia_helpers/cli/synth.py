"""Generate synthetic registers and their truth (``truth/``) into a folder."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING

from mia_helpers.cli._common import add_window, window
from mia_helpers.files import ParameterError, check_writable_dir
from mia_helpers.params import PERSONS, SEED, parse_value

if TYPE_CHECKING:
    from mia_helpers.synthetic.config import GeneratorConfig


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the options of the ``synth`` subcommand to its parser ``p``."""
    p.add_argument("--seed", type=SEED.argtype("--seed"), default=2005,
                   help="seed of the microsimulation (the same seed gives the "
                        "same files)")
    p.add_argument("--residents", type=PERSONS.argtype("--residents"), default=20_000,
                   help="synthetic residents")
    p.add_argument("--newcomers", type=PERSONS.argtype("--newcomers"), default=10_000,
                   help="synthetic newcomers")
    p.add_argument("--out", required=True, type=Path,
                   help="folder to write the registers and truth/ into")
    p.add_argument("--config", type=Path, help="YAML/JSON file of generator parameters "
                   "(default: none, the defaults of mia_helpers/synthetic/config.py)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override one generator parameter, e.g. job.base=-2.0 (repeatable; "
                        "VALUE is a YAML 1.2/JSON value)")
    p.add_argument("--no-truth", action="store_true", help="skip the counterfactual truth")
    add_window(p)


def generator_config(config: Path | None, sets: list[str]) -> GeneratorConfig:
    """Defaults, then the ``--config`` file, then ``--set`` overrides parsed by the strict rule
    (:func:`mia_helpers.params.parse_value`); errors (:class:`~mia_helpers.files.ParameterError`)
    name the option and the key: a ``--set`` item without ``=``, an unreadable value or
    ``--config`` file, an unknown key or a value out of range."""
    from mia_helpers.synthetic.config import apply_overrides, load_config

    overrides = {}
    for item in sets:
        if "=" not in item:
            raise ParameterError(f"--set expects KEY=VALUE, got {item!r}")
        key, text = item.split("=", 1)
        try:
            overrides[key.strip()] = parse_value(text)
        except ParameterError as err:
            raise ParameterError(f"--set {key.strip()}: {err}") from None
    try:
        cfg = load_config(config)
    except (KeyError, TypeError, ValueError) as err:
        raise ParameterError(f"--config {config}: {err}") from None
    keys = _dotted_keys(cfg.to_dict())
    for key, value in overrides.items():
        below = [k for k in keys if k.startswith(key + ".")]
        if key not in keys and not below:
            from mia_helpers.params import did_you_mean

            raise ParameterError(
                f"--set {key}: no generator parameter of that name{did_you_mean(key, keys)} "
                "(the parameters and their defaults: mia_helpers/synthetic/config.py)")
        if below and not isinstance(value, dict):  # a whole section set to a number
            raise ParameterError(
                f"--set {key}: {key!r} is a group of generator parameters ({', '.join(below[:3])}"
                f"{', ...' if len(below) > 3 else ''}), not one value; set one of them "
                f"(--set {below[0]}=VALUE) or give a mapping (--set '{key}={{...}}')")
    try:
        cfg = apply_overrides(cfg, overrides)
    except (KeyError, TypeError, ValueError) as err:
        msg = err.args[0] if isinstance(err, KeyError) and err.args else err
        raise ParameterError(f"--set: {msg}") from None
    check_finite(cfg, overrides, config)
    return cfg


def _leaves(tree: object, prefix: str = "") -> list[tuple[str, object]]:
    """Every leaf of a nested mapping or list as (dotted path, value)."""
    if isinstance(tree, dict):
        return [x for k, v in tree.items() for x in _leaves(v, f"{prefix}{k}.")]
    if isinstance(tree, (list, tuple)):
        return [x for i, v in enumerate(tree) for x in _leaves(v, f"{prefix}{i}.")]
    return [(prefix[:-1], tree)]


def check_finite(cfg: GeneratorConfig, overrides: dict, config: Path | None) -> None:
    """Refuse a generator parameter that is not a finite number.

    user36: ``--set sensitivity.unobserved_selection=1e309`` (or ``.inf``, ``.nan``, and the
    same in a ``--config`` file) was accepted; ``synth`` printed "warning: invalid value
    encountered in divide (RuntimeWarning)" and wrote registers and a truth computed from
    infinite log-odds, with exit status 0.

    Raises
    ------
    ParameterError
        Naming each such parameter, its value and the option it came from.
    """
    import math

    bad = [(k, v) for k, v in _leaves(cfg.to_dict())
           if isinstance(v, float) and not math.isfinite(v)]
    if not bad:
        return
    given = set(overrides)

    def source(key: str) -> str:
        hit = [g for g in given if key == g or key.startswith(g + ".")]
        return f"--set {hit[0]}" if hit else f"--config {config}"

    raise ParameterError(
        "generator parameters must be finite numbers: "
        + "; ".join(f"{k} = {v} (from {source(k)})" for k, v in bad)
        + "; what to do: give each a finite value")


def _dotted_keys(tree: dict, prefix: str = "") -> list[str]:
    """Every key of a nested mapping as a dotted path (``job.base``), leaves only."""
    out: list[str] = []
    for k, v in tree.items():
        name = f"{prefix}{k}"
        out += _dotted_keys(v, name + ".") if isinstance(v, dict) and v else [name]
    return out


def check_not_an_extract(out: Path) -> None:
    """Refuse an ``--out`` folder written by ``adapt`` (its ``adapt_log.csv``): synthetic
    registers written there sat beside the extract's ``manifest.json``, whose window the
    chapters then took for the folder's, and its ``adapt_log.csv`` (newuser22). Refuse too a
    folder holding register files that ``synth`` did not write (no completion or in-progress
    marker of ``synth``): an analyst's own registers, written with pandas as book/design.md
    section 2.5 says, were replaced by synthetic ones without a word (fresh50: ``synth --out``
    naming such a folder by mistake overwrote its six registers). A folder of an earlier
    ``synth`` run, finished or interrupted, is written again as before. A folder holding a
    chapter run or an export is refused too (:func:`mia_helpers.cli._common.check_not_a_run`;
    user51).

    Raises
    ------
    DataFileError
        Naming the folder, the file that marks it and what to do.
    """
    from mia_helpers.files import DataFileError

    if (out / "adapt_log.csv").exists():
        raise DataFileError(
            f"--out {out} holds an adapted extract ({out / 'adapt_log.csv'}, written by "
            "`adapt`): synthetic registers written there would sit beside its manifest.json, "
            "whose window the chapters read as the folder's; what to do: give synth a new "
            "folder")
    from mia_helpers.cli._common import check_not_a_run, check_registers_written_by

    check_not_a_run(out, "synth")  # user51: registers beside a chapter run's outputs
    check_registers_written_by(out, "synth")


def run(args: argparse.Namespace) -> int:
    """Generate the synthetic registers (and their truth) into ``--out``. Returns the exit status
    (0 on success). Raises :class:`~mia_helpers.files.ParameterError` when ``--residents`` and
    ``--newcomers`` are both 0 (and those of :func:`generator_config`)."""
    from mia_helpers.synthetic import generate

    if args.residents + args.newcomers == 0:
        raise ParameterError("--residents and --newcomers must not both be 0")
    win = window(args)
    from mia_helpers.data import check_synthetic_window

    cfg = generator_config(args.config, args.set)
    check_synthetic_window(win, "--window-start", "--window-end", cfg,
                           residents=args.residents > 0, newcomers=args.newcomers > 0)
    check_writable_dir(args.out, "--out")
    check_not_an_extract(args.out)
    t0 = time.perf_counter()
    timings = generate(args.out, args.seed, args.residents, args.newcomers, cfg, win,
                       truth=not args.no_truth, progress=True)
    parts = ", ".join(f"{k} {v:.1f}s" for k, v in timings.items())
    print(f"wrote {args.out} in {time.perf_counter() - t0:.1f}s ({parts})")
    return 0
