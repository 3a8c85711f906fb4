"""Synthetic MIA registers with known truth (DESIGN section 2).

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


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Write a table deterministically (same frame, same bytes)."""
    df.to_parquet(path, index=False, engine="pyarrow", compression="zstd")


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
    """Generate the synthetic registers (and truth) into ``out``; return timings in seconds."""
    cfg = config or GeneratorConfig()
    window = window or Window()
    if residents < 0 or newcomers < 0 or residents + newcomers == 0:
        raise ValueError("residents and newcomers must be >= 0 and not both 0")
    out = Path(out)
    (out / "truth").mkdir(parents=True, exist_ok=True)
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
    (out / "truth" / "parameters.json").write_text(json.dumps(meta, indent=2, sort_keys=True))
    if truth:
        t0 = time.perf_counter()
        write_parquet(
            activation_truth(pop, hist, cfg, seed, window, by_group=DIRECT_LINK_MEASURES),
            out / "truth" / "activation_effects.parquet",
        )
        write_parquet(
            newcomer_truth(pop, hist, cfg, seed, window), out / "truth" / "newcomer_effects.parquet"
        )
        write_parquet(spell_type_table(pop, hist, cfg), out / "truth" / "spell_types.parquet")
        timings["truth"] = time.perf_counter() - t0
    return timings
