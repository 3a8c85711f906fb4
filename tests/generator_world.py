"""The generator's population and history for a seed, built in memory (no registers, no panel):
what the truth-over-starts tests (est27, fp28) read."""

from __future__ import annotations

from typing import Any


def generator_world(seed: int, residents: int = 1500, newcomers: int = 0) -> tuple[Any, ...]:
    """``(population, history, config, window)`` of the default generator for ``seed``."""
    from mia_helpers.quarters import Window
    from mia_helpers.synthetic.config import GeneratorConfig
    from mia_helpers.synthetic.population import make_population
    from mia_helpers.synthetic.simulate import simulate

    cfg, window = GeneratorConfig(), Window()
    pop = make_population(cfg, seed, residents, newcomers, window)
    return pop, simulate(pop, cfg, seed, window), cfg, window
