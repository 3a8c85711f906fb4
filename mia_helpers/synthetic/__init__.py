"""Synthetic MIA registers with known truth (book/design.md section 2).

:func:`generate` draws a population, runs the quarterly microsimulation, writes the six registers
as Parquet files and the true effects (``truth/``) computed by counterfactual re-simulation with
common random numbers, plus ``truth/parameters.json`` (the configuration used).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd

from mia_helpers.codes import DIRECT_LINK_MEASURES
from mia_helpers.files import (
    COMPLETE,
    atomic_path,
    begin_incomplete,
    finish_complete,
    remove_stale_temporaries,
    write_json_atomic,
)
from mia_helpers.quarters import Window
from mia_helpers.synthetic.config import GeneratorConfig, load_config
from mia_helpers.synthetic.population import Population, make_population
from mia_helpers.synthetic.registers import all_registers
from mia_helpers.synthetic.simulate import History, simulate, spell_type_table
from mia_helpers.synthetic.truth import activation_truth, newcomer_truth

__all__ = [
    "GeneratorConfig",
    "History",
    "Population",
    "generate",
    "load_config",
    "make_population",
    "simulate",
]

REGISTERS = (
    "persons",
    "ksz_positions",
    "vdab_registrations",
    "vdab_measures",
    "abb_inburgering",
    "wse_permits",
)


def generator_fingerprint() -> str:
    """SHA-256 over the generator's source (this package and :mod:`mia_helpers.codes`): cached
    synthetic data written by other generator code are regenerated
    (:func:`mia_helpers.data.ensure_data`)."""
    import hashlib

    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in [*sorted(here.glob("*.py")), here.parent / "codes.py"]:
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Write a table deterministically (same frame, same bytes), atomically (temporary name,
    then rename: a reader never sees half a file)."""
    with atomic_path(path) as tmp:
        df.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd")


def generate(
    out: str | Path,
    seed: int = 2005,
    residents: int = 20_000,
    newcomers: int = 10_000,
    config: GeneratorConfig | None = None,
    window: Window | None = None,
    truth: bool = True,
    progress: bool = False,
) -> dict[str, float]:
    """Generate the synthetic registers (and truth) into ``out``; return timings in seconds.

    Writing order (see :mod:`mia_helpers.files`): ``_INCOMPLETE.json`` first (so an interrupted
    run leaves a folder that is refused), each register atomically, ``truth/`` as a temporary
    folder renamed into place with its completion marker ``truth/_COMPLETE.json`` (listing its
    files and whether the effect tables were computed), and ``_COMPLETE.json`` last. A panel
    left in ``out`` by an earlier run no longer matches the registers' fingerprints and is
    rebuilt or refused (:func:`mia_helpers.panel.panel_problem`).

    Raises
    ------
    ValueError
        If ``residents`` or ``newcomers`` is negative, or both are 0.
    OSError
        If ``out`` or a file in it cannot be written (the folder is then left marked
        incomplete).
    """
    cfg = config or GeneratorConfig()
    window = window or Window()
    if residents < 0 or newcomers < 0 or residents + newcomers == 0:
        raise ValueError("residents and newcomers must be >= 0 and not both 0")
    out = Path(out)
    begin_incomplete(out, f"synth --seed {seed} --residents {residents} --newcomers {newcomers}"
                          f" --out {out}")
    remove_stale_temporaries(out, [*(f"{r}.parquet" for r in REGISTERS), "truth"])
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    pop = make_population(cfg, seed, residents, newcomers, window)
    hist = simulate(pop, cfg, seed, window, progress=progress)
    timings["simulate"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for name, df in all_registers(pop, hist).items():
        write_parquet(df, out / f"{name}.parquet")
    timings["registers"] = time.perf_counter() - t0
    meta = {
        "seed": seed,
        "residents": residents,
        "newcomers": newcomers,
        "window_start": window.start,
        "window_end": window.end,
        "config": cfg.to_dict(),
    }
    with atomic_path(out / "truth") as tdir:
        tdir.mkdir()
        (tdir / "parameters.json").write_text(json.dumps(meta, indent=2, sort_keys=True))
        if truth:
            t0 = time.perf_counter()
            write_parquet(
                activation_truth(pop, hist, cfg, seed, window, by_group=DIRECT_LINK_MEASURES),
                tdir / "activation_effects.parquet",
            )
            write_parquet(newcomer_truth(pop, hist, cfg, seed, window),
                          tdir / "newcomer_effects.parquet")
            write_parquet(spell_type_table(pop, hist, cfg), tdir / "spell_types.parquet")
            timings["truth"] = time.perf_counter() - t0
        files = sorted(p.name for p in tdir.iterdir())
        write_json_atomic(tdir / COMPLETE, {"truth": bool(truth), "files": files, "seed": seed})
    finish_complete(out, "synth", [*(f"{r}.parquet" for r in REGISTERS), "truth"],
                    generator=generator_fingerprint())
    return timings
