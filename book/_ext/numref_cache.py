"""Sphinx extension: resolve ``{numref}`` references without unpickling a doctree each time.

Sphinx 7.4 (``StandardDomain._resolve_numref_xref``) reads the target document's doctree
with ``env.get_doctree`` for every numbered reference, and ``get_doctree`` unpickles a fresh
copy each call (it caches the pickled bytes only). The book's chapters hold dozens of
``{numref}`` references to tables and figures whose doctrees are large (glued tables), so
about 75 unpicklings cost 13.7 of the 64 s of a book build (cProfile, sixteenth session).
Known upstream: sphinx-doc/sphinx#12611 (open; build time grows with numrefs) and
sphinx-doc/sphinx#12882 (a cache of unpickled doctrees in ``get_doctree``, closed unmerged:
callers such as ``get_and_resolve_doctree`` change the doctree they get, so a shared copy
would be unsafe there).

This extension keeps that concern: only the numref resolver gets the cached copies (one per
document and build, read-only: the resolver reads the target node's ids, type and number
and changes nothing), every other caller still gets its own fresh doctree. The cache is
emptied when Sphinx starts reading documents and when the build ends, so a re-read document
is never served from an old copy. The HTML is identical with and without this extension
(``tests/test_numref_cache.py``; ``benchmarks/book_build.py`` times both on the chapters).
"""

from __future__ import annotations

from typing import Any

from sphinx.domains.std import StandardDomain


class NumrefCachingStandardDomain(StandardDomain):
    """Sphinx's standard domain whose numref resolver reads each target doctree once."""

    def _numref_doctrees(self) -> dict[str, Any]:
        return self.__dict__.setdefault("_mia_numref_doctrees", {})

    def _resolve_numref_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        cache, fresh = self._numref_doctrees(), env.get_doctree

        def read_once(docname: str):
            if docname not in cache:
                cache[docname] = fresh(docname)
            return cache[docname]

        env.get_doctree = read_once  # only for this call: the instance attribute shadows
        try:
            return super()._resolve_numref_xref(env, fromdocname, builder, typ, target, node,
                                                contnode)
        finally:
            del env.get_doctree


def _forget(app, *args) -> None:
    domain = app.env.get_domain("std") if app.env is not None else None
    if isinstance(domain, NumrefCachingStandardDomain):
        domain._numref_doctrees().clear()


def setup(app):  # noqa: D103 - Sphinx entry point
    app.add_domain(NumrefCachingStandardDomain, override=True)
    app.connect("env-before-read-docs", _forget)
    app.connect("build-finished", _forget)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
