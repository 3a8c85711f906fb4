"""``book/_ext/numref_cache.py``: numbered references read each target doctree once, and the
HTML is the same as Sphinx's own resolution (a small project of three documents whose
figures and tables are referenced across documents, built in-process both ways)."""

from __future__ import annotations

import filecmp
import io
import pickle
import sys
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "book" / "_ext"

INDEX = """Book
====

.. toctree::
   :numbered:

   one
   two
"""
ONE = """One
===

.. _fig-a:

.. figure:: pic.png

   The first figure.

.. table:: The first table.
   :name: tbl-a

   ===  ===
   a    b
   ===  ===
   1    2
   ===  ===

See :numref:`fig-b`, :numref:`tbl-b`, :numref:`tbl-a`, :numref:`Table {number} <tbl-b>`
and the section :numref:`sec-two`.
"""
TWO = """.. _sec-two:

Two
===

.. _fig-b:

.. figure:: pic.png

   The second figure.

.. table:: The second table.
   :name: tbl-b

   ===  ===
   c    d
   ===  ===
   3    4
   ===  ===

Back to :numref:`fig-a`, :numref:`tbl-a` and again :numref:`tbl-a`; here :numref:`tbl-b`.
"""
#: numbered references in the project (5 in one.rst, 4 in two.rst)
NUMREFS = 9


def _project(root: Path, cached: bool) -> Path:
    src = root / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        "numfig = True\n"
        f"extensions = {['numref_cache'] if cached else []!r}\n")
    (src / "index.rst").write_text(INDEX)
    (src / "one.rst").write_text(ONE)
    (src / "two.rst").write_text(TWO)
    # a 1x1 PNG
    (src / "pic.png").write_bytes(bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"))
    return src


def _build(root: Path, cached: bool) -> tuple[Path, int]:
    """Build the project in-process; return the HTML folder and the number of doctree
    unpicklings during the build."""
    src = _project(root, cached)
    loads = mock.Mock(wraps=pickle.loads)
    with mock.patch("sphinx.environment.pickle.loads", loads):
        app, warned = _app(src)
        try:
            app.build()
        finally:
            app.cleanup()
    assert app.statuscode == 0
    assert _warnings(warned) == []
    return app.outdir, loads.call_count


def _app(src: Path):
    """An in-process Sphinx application on ``src`` whose ``cleanup`` restores sys.path and
    docutils' global registrations (so several can run in one process), and the stream its
    warnings go to (:func:`_warnings`)."""
    from sphinx.testing.util import SphinxTestApp

    sys.path.insert(0, str(EXT))  # SphinxTestApp.cleanup restores sys.path
    warned = io.StringIO()
    return SphinxTestApp("html", srcdir=src, freshenv=True, warning=warned), warned


def _warnings(stream: io.StringIO) -> list[str]:
    """The build's warnings (an unresolved numref among them), except docutils' notice that a
    node class is registered again: another in-process Sphinx application of the same test
    process (another test file's) may have left its registrations behind, which makes that
    notice an error under ``warningiserror`` without telling anything about this build."""
    return [line for line in stream.getvalue().splitlines()
            if line.strip() and "is already registered" not in line]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    plain = _build(tmp_path_factory.mktemp("plain"), cached=False)
    cached = _build(tmp_path_factory.mktemp("cached"), cached=True)
    return plain, cached


def test_pages_are_identical_with_and_without_the_cache(builds):
    (plain, _), (cached, _) = builds
    pages = sorted(p.name for p in plain.glob("*.html"))
    assert {"index.html", "one.html", "two.html"} <= set(pages)
    for name in pages:
        assert filecmp.cmp(plain / name, cached / name, shallow=False), name
    one = (cached / "one.html").read_text()
    assert "Fig. 2" in one and "Table 2" in one and "Table 1" in one  # resolved, numbered


def test_each_target_doctree_is_unpickled_once_for_the_numrefs(builds):
    (_, plain), (_, cached) = builds
    # Sphinx unpickles the target's doctree at every numbered reference; with the cache
    # once per target document (two: one.rst and two.rst), so NUMREFS - 2 fewer
    assert plain - cached == NUMREFS - 2, (plain, cached)


def test_the_cache_is_emptied_when_the_build_ends(tmp_path):
    app, warned = _app(_project(tmp_path, cached=True))
    try:
        domain = app.env.get_domain("std")
        seen: list[int] = []
        app.connect("build-finished", lambda *a: seen.append(len(domain._numref_doctrees())),
                    priority=100)  # before the extension's own handler (priority 500)
        app.build()
    finally:
        app.cleanup()
    assert _warnings(warned) == []
    assert seen == [2]  # both documents were read by the resolver ...
    assert domain._numref_doctrees() == {}  # ... and forgotten at the end
    assert "get_doctree" not in vars(app.env)  # the resolver's shadow never outlives a call
