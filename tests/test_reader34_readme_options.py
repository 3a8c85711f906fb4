"""reader34: every option the README documents for a ``python -m mia_helpers`` subcommand
exists in that subcommand's parser (the other direction, every option named in the command
table, is ``tests/test_newuser22_readme.py``), and the README explains ``export-check
--released``."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from mia_helpers.cli import SUBCOMMANDS, build_parser

README = Path(__file__).resolve().parents[1] / "README.md"
_COMMAND = re.compile(rf"(?:python -m mia_helpers |(?<![\w-]))({'|'.join(map(re.escape, SUBCOMMANDS))})"
                      r"((?:\s+[^`|\n]*)?)")


def _options(parser: argparse.ArgumentParser, name: str) -> set[str]:
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {o for a in subs.choices[name]._actions for o in a.option_strings}


def documented(text: str) -> list[tuple[str, str]]:
    """(subcommand, option) of every option written after a subcommand in a code span or a
    line of a code block of ``text`` (up to the span's end: "`panel --help`",
    "`python -m mia_helpers export-check DIR [--min-cell 10]`")."""
    spans = re.findall(r"`([^`\n]+)`", text)
    blocks = re.findall(r"```(?:bash|sh|console)?\n(.*?)```", text, re.S)
    out = []
    for chunk in spans + [line for b in blocks for line in b.splitlines()]:
        for m in _COMMAND.finditer(chunk):
            if not (chunk.lstrip().startswith(m.group(1)) or "mia_helpers" in chunk):
                continue  # a word such as "chapter" inside other code
            out += [(m.group(1), o) for o in re.findall(r"(?<![\w-])(--[\w-]+)", m.group(2))]
    return out


def test_reader_finds_options() -> None:
    text = ("Run `python -m mia_helpers export-check DIR [--min-cell 10] [--nope X]` or "
            "`panel --help`; the word `chapter` alone has none.\n\n```bash\n"
            "python -m mia_helpers synth --seed 1 --out d\n```\n")
    assert documented(text) == [("export-check", "--min-cell"), ("export-check", "--nope"),
                                ("panel", "--help"), ("synth", "--seed"), ("synth", "--out")]
    parser = build_parser()
    assert "--nope" not in _options(parser, "export-check")


def test_every_documented_option_exists() -> None:
    parser = build_parser()
    found = documented(README.read_text(encoding="utf-8"))
    assert len(found) > 20, found  # the reader still reads the README's commands
    missing = sorted({(c, o) for c, o in found if o not in _options(parser, c)})
    assert not missing, f"README documents options its parsers lack: {missing}"


@pytest.mark.parametrize("word", ["--released", "released_difference", "parameter_variation"])
def test_readme_explains_released(word: str) -> None:
    text = README.read_text(encoding="utf-8")
    para = text[text.index("**A second export of the same data.**"):]
    para = para[:para.index("\n\n")]
    assert word in para
    assert "--released" in _options(build_parser(), "export-check")
