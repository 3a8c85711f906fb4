"""Re-run one chapter with other parameters (papermill) and render it to HTML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mia_helpers.chapters import (
    CHAPTERS,
    ChapterError,
    ChapterFailed,
    list_chapters,
    resolve_chapter,
    run_chapter,
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = ("Re-run one chapter with other parameters (papermill) and render it to "
                     "HTML under _build/runs/.")
    p.add_argument("name", nargs="?", metavar="NAME",
                   help=f"chapter: {', '.join(CHAPTERS)} (or the notebook's file stem)")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                   metavar=("KEY", "VALUE"),
                   help="set a parameter; VALUE is a YAML 1.2 / JSON value, e.g. -p seed 7 "
                        "-p caliper 1e-3 -p measures '[workplace_learning_ibo]' (repeatable); "
                        "every value is checked against the parameter's type and range first")
    p.add_argument("--out", type=Path, help="output folder (default _build/runs/<chapter>-<hash>)")
    p.add_argument("--list", action="store_true", help="list chapters and their parameters")
    p.add_argument("--notebooks", type=Path, help="folder of chapter sources (default notebooks/)")


def run(args: argparse.Namespace) -> int:
    if args.list:
        only = None
        if args.name:
            try:
                only = resolve_chapter(args.name, args.notebooks)[0]
            except ChapterError as err:
                print(f"error: {err}", file=sys.stderr)
                return 2
        print(list_chapters(args.notebooks, only))
        return 0
    if not args.name:
        print("error: give a chapter NAME or --list; chapters: " + ", ".join(CHAPTERS),
              file=sys.stderr)
        return 2
    try:
        res = run_chapter(args.name, [tuple(kv) for kv in args.parameter], args.out,
                          args.notebooks, progress=True)
    except ChapterFailed as err:
        print(f"error: {err}", file=sys.stderr)
        print(f"partial notebook: {err.notebook}", file=sys.stderr)
        if err.html is not None:
            print(f"HTML rendering:   {err.html}", file=sys.stderr)
        return 1
    print(f"executed notebook: {res.notebook}")
    print(f"HTML rendering:    {res.html}")
    return 0
