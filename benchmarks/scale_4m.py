"""Benchmark: the whole population (4 million persons) on one machine, side by side.

For each size N (persons; two thirds residents, one third newcomers, as in the book's data) and
each stage, in a fresh process (so that peaks do not mix), the script prints wall-clock seconds,
CPU seconds and peak resident memory of

- *ours*: chunked generation (:func:`mia_helpers.stream.generate_chunked`), the panel
  (:func:`mia_helpers.panel.build_panel`, DuckDB in chunks of persons), and matching plus
  effects of one measure streamed by person chunks and risk sets
  (:func:`mia_helpers.stream.stream_effects`);
- *in memory* (the straightforward implementation, at sizes up to ``--inmem-max``): generation in
  one run (:func:`mia_helpers.synthetic.generate`), and matching plus effects with every
  risk-set row in memory (:func:`~mia_helpers.matching.load_matching_panel`,
  :func:`~mia_helpers.matching.match`, :func:`~mia_helpers.effects.estimate_effects`).

The panel has one implementation (already chunked; ``benchmarks/panel_scale.py`` compares its
SQL with pandas). Where both estimators run, the largest difference of their estimates is
printed (the two engines give the same estimates; ``tests/test_stream.py``). Point estimates
only (no bootstrap). Not a test: run it by hand, with ``nice``, on an otherwise idle machine if
the seconds are to be quoted:

    nice -n 10 python benchmarks/scale_4m.py --sizes 1000000 4000000 --root /tmp/scale

Target (issue 20, item 3): 4 million persons, peak memory <= 12 GiB in every stage.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import shutil
import time
from pathlib import Path

MEASURE = "workplace_learning_ibo"


def _usage() -> tuple[float, float]:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_maxrss / 1024**2, r.ru_utime + r.ru_stime


def _stage(fn, args, q) -> None:
    t0 = time.perf_counter()
    extra = fn(*args)
    peak, cpu = _usage()
    q.put(dict(seconds=time.perf_counter() - t0, cpu=cpu, peak_gib=peak, **(extra or {})))


def gen_inmem(out: str, n: int, seed: int) -> dict:
    from mia_helpers.synthetic import generate

    generate(out, seed=seed, residents=n * 2 // 3, newcomers=n - n * 2 // 3, truth=False)
    return {}


def gen_chunked(out: str, n: int, seed: int, chunk: int) -> dict:
    from mia_helpers.stream import generate_chunked

    generate_chunked(out, seed=seed, residents=n * 2 // 3, newcomers=n - n * 2 // 3,
                     chunk_persons=chunk)
    return {}


def panel(out: str) -> dict:
    from mia_helpers.panel import PanelSpec, build_panel

    build_panel(out, PanelSpec(memory_limit="4GB", threads=2))
    return {}


def match_inmem(out: str, k: int) -> dict:
    from mia_helpers.effects import estimate_effects
    from mia_helpers.matching import TreatmentSpec, load_matching_panel, match

    spec = TreatmentSpec.measure(MEASURE)
    t0 = time.perf_counter()
    p = load_matching_panel(out, [spec])
    t1 = time.perf_counter()
    res = match(p, spec, k=k)
    del p
    t2 = time.perf_counter()
    tidy = estimate_effects(res, bootstrap=0, progress=False)
    t3 = time.perf_counter()
    tidy.to_parquet(Path(out) / "bench_tidy_inmem.parquet")
    return dict(parts=dict(load=t1 - t0, match=t2 - t1, effects=t3 - t2),
                rows=len(res.rows), treated=res.n_treated)


def match_stream(out: str, k: int, chunk: int, work: str) -> dict:
    from mia_helpers.matching import TreatmentSpec
    from mia_helpers.stream import stream_effects

    spec = TreatmentSpec.measure(MEASURE)
    st = stream_effects(out, spec, k=k, chunk_persons=chunk, work_dir=work)
    st.tidy.to_parquet(Path(out) / "bench_tidy_stream.parquet")
    return dict(parts=st.seconds, rows=st.n_rows, treated=st.n_treated)


def run(fn, *args) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_stage, args=(fn, args, q))
    p.start()
    res = q.get()
    p.join()
    if p.exitcode != 0:
        raise SystemExit(f"stage {fn.__name__} failed (exit code {p.exitcode})")
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 4_000_000])
    ap.add_argument("--inmem-max", type=int, default=1_000_000,
                    help="largest size at which the in-memory implementation runs")
    ap.add_argument("--seed", type=int, default=2005)
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--gen-chunk", type=int, default=250_000, help="persons per generation chunk")
    ap.add_argument("--match-chunk", type=int, default=200_000,
                    help="persons per risk-set chunk of the streaming engine")
    ap.add_argument("--root", type=Path, default=Path("/tmp/scale"))
    ap.add_argument("--keep", action="store_true", help="keep the data folders")
    ap.add_argument("--json", type=Path, help="also write every measurement to this file")
    args = ap.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    print(f"{MEASURE}, k={args.k}, point estimates; seconds wall / CPU, peak RSS GiB")
    print(f"{'persons':>10} {'stage':<18} {'ours':>26} {'in memory':>26}", flush=True)
    records = []

    def show(n, stage, ours, mem):
        def f(r):
            return "-" if r is None else (f"{r['seconds']:7.1f} s {r['cpu']:7.1f} cpu "
                                          f"{r['peak_gib']:5.2f} GiB")
        print(f"{n:>10,} {stage:<18} {f(ours):>26} {f(mem):>26}", flush=True)
        records.append(dict(persons=n, stage=stage, ours=ours, in_memory=mem))
        if args.json:
            args.json.write_text(json.dumps(records, indent=1))

    for n in args.sizes:
        data = args.root / f"n{n}"
        inmem = n <= args.inmem_max
        mem_gen = None
        if inmem:
            tmp = args.root / f"n{n}_onerun"
            mem_gen = run(gen_inmem, str(tmp), n, args.seed)
            shutil.rmtree(tmp, ignore_errors=True)
        ours_gen = run(gen_chunked, str(data), n, args.seed, args.gen_chunk)
        show(n, "generate", ours_gen, mem_gen)
        show(n, "panel (DuckDB)", run(panel, str(data)), None)
        mem_match = run(match_inmem, str(data), args.k) if inmem else None
        ours_match = run(match_stream, str(data), args.k, args.match_chunk, str(args.root))
        show(n, "match + effects", ours_match, mem_match)
        print(f"{'':>10} risk-set rows {ours_match['rows']:,}, starters "
              f"{ours_match['treated']:,}; stream stages "
              + ", ".join(f"{k} {v:.0f} s" for k, v in ours_match["parts"].items()), flush=True)
        if mem_match is not None:
            import pandas as pd

            a = pd.read_parquet(data / "bench_tidy_inmem.parquet")
            b = pd.read_parquet(data / "bench_tidy_stream.parquet")
            d = (a["att_pp"] - b["att_pp"]).abs().max()
            print(f"{'':>10} in-memory stages "
                  + ", ".join(f"{k} {v:.0f} s" for k, v in mem_match["parts"].items())
                  + f"; largest difference of the estimates {d:.2g} pp", flush=True)
        if not args.keep:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
