"""Where the data live: the default synthetic data set, cached runs with other parameters, and
the truth files when the data are synthetic.

Chapters take ``data_dir`` (real extracts, or any prepared folder). When it is ``None`` they use
a synthetic data set generated from (seed, residents, newcomers, window) and cached under
``data/synthetic/`` so that a re-run with the same parameters does not regenerate it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from mia_helpers.quarters import Window

DEFAULT_SEED = 2005
DEFAULT_RESIDENTS = 20_000
DEFAULT_NEWCOMERS = 10_000


def project_root() -> Path:
    """The repository root (the folder holding ``_toc.yml``), or the working directory."""
    here = Path(__file__).resolve().parent.parent
    if (here / "_toc.yml").exists():
        return here
    return Path.cwd()


def synthetic_dir(
    seed: int = DEFAULT_SEED,
    residents: int = DEFAULT_RESIDENTS,
    newcomers: int = DEFAULT_NEWCOMERS,
    window: Window | None = None,
    tag: str = "",
) -> Path:
    """Cache folder of one synthetic data set."""
    w = window or Window()
    name = f"s{seed}_r{residents}_n{newcomers}"
    if (w.start, w.end) != (Window().start, Window().end):
        name += f"_w{w.start}-{w.end}"
    if tag:
        name += f"_{tag}"
    root = Path(os.environ.get("MIA_DATA_ROOT", project_root() / "data" / "synthetic"))
    return root / name


def ensure_data(
    data_dir: str | Path | None = None,
    seed: int = DEFAULT_SEED,
    residents: int = DEFAULT_RESIDENTS,
    newcomers: int = DEFAULT_NEWCOMERS,
    window: Window | tuple[str, str] | None = None,
    overrides: dict | None = None,
    tag: str = "",
    progress: bool = False,
) -> Path:
    """Return a folder holding registers and ``panel.parquet``, generating synthetic data if
    ``data_dir`` is None and the cache lacks them. The write is atomic (a temporary folder
    renamed into place), so parallel runs never see half a data set. ``window`` is a
    :class:`Window` or a pair of quarter labels; for a prepared folder it is the window the panel
    is built over when the folder has no panel yet."""
    from mia_helpers.panel import PanelSpec, build_panel

    if isinstance(window, tuple):  # labels such as ("2005Q1", "2016Q4")
        window = Window.from_labels(*window)
    if data_dir is not None:
        path = Path(data_dir)
        if not (path / "panel.parquet").exists():
            build_panel(path, PanelSpec(window=window or Window()), progress=progress)
        return path
    from mia_helpers.synthetic import generate
    from mia_helpers.synthetic.config import GeneratorConfig, apply_overrides

    if overrides and not tag:
        raise ValueError("generator overrides need a cache tag that names them")
    path = synthetic_dir(seed, residents, newcomers, window, tag)
    if (path / "panel.parquet").exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=path.name + ".", dir=path.parent))
    cfg = apply_overrides(GeneratorConfig(), overrides or {})
    generate(tmp, seed, residents, newcomers, cfg, window or Window(), progress=progress)
    build_panel(tmp, PanelSpec(window=window or Window()), progress=progress)
    try:
        os.rename(tmp, path)
    except OSError:  # another process finished first
        shutil.rmtree(tmp, ignore_errors=True)
    return path


def has_truth(data_dir: str | Path) -> bool:
    """Synthetic data carry ``truth/``; real extracts do not."""
    return (Path(data_dir) / "truth" / "parameters.json").exists()


def load_truth(data_dir: str | Path, name: str, group: str | None = "all"
               ) -> pd.DataFrame | None:
    """A truth table (``activation_effects``, ``newcomer_effects``) or None for real data.

    ``group``: keep the rows of this origin group (``"all"``: everybody, the default; an
    origin group of :data:`mia_helpers.codes.ORIGIN_GROUPS`); ``None`` keeps every group.
    """
    path = Path(data_dir) / "truth" / f"{name}.parquet"
    if not path.exists():
        return None
    df = pd.read_parquet(path)
    if group is not None and "group" in df.columns:
        df = df[df["group"].astype(str) == group].reset_index(drop=True)
    return df


def load_parameters(data_dir: str | Path) -> dict | None:
    """The generator parameters (``truth/parameters.json``) or None for real data."""
    path = Path(data_dir) / "truth" / "parameters.json"
    return json.loads(path.read_text()) if path.exists() else None


def window_of(data_dir: str | Path) -> Window:
    """The observation window the panel of ``data_dir`` was built over (``panel_meta.json``)."""
    meta = Path(data_dir) / "panel_meta.json"
    if not meta.exists():
        return Window()
    start, end = json.loads(meta.read_text())["spec"]["window"]
    return Window(int(start), int(end))
