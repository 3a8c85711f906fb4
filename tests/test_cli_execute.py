"""`python -m mia_helpers execute`: the book's notebooks are executed into the execution cache
that `jupyter-book build` reads, and a cache filled by other package code is not reused."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from mia_helpers.cli import execute as ex
from mia_helpers.cli import main
from mia_helpers.files import InputError

NOTEBOOK = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
---
# A chapter

```{code-cell} ipython3
x = 6 * 7
print(x)
```
"""


def _book(root: Path, body: str = NOTEBOOK) -> Path:
    (root / "notebooks").mkdir(parents=True)
    (root / "notebooks" / "01_a.md").write_text(body, encoding="utf-8")
    (root / "book").mkdir()
    (root / "book" / "intro.md").write_text("# Intro\n", encoding="utf-8")
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nparts:\n  - caption: Chapters\n    chapters:\n"
        "      - file: notebooks/01_a\n      - file: book/intro\n", encoding="utf-8")
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    return root


def test_toc_notebooks_only_and_missing_source_named(tmp_path):
    root = _book(tmp_path)
    assert ex.book_notebooks(root) == [root / "notebooks" / "01_a.md"]
    (root / "notebooks" / "01_a.md").unlink()
    with pytest.raises(InputError, match="notebooks/01_a"):
        ex.book_notebooks(root)
    with pytest.raises(InputError, match="_toc.yml"):
        ex.book_notebooks(tmp_path / "nowhere")


def test_executed_notebook_is_a_cache_hit_for_the_book_build(tmp_path):
    from jupyter_cache import get_cache
    from myst_nb.core.read import myst_nb_reader_plugin

    root = _book(tmp_path)
    assert main(["execute", "--root", str(root), "--jobs", "1"]) == 0
    cache = get_cache(str(ex.cache_path(root)))
    # what myst-nb does in the build: read the source, look it up in the cache, merge outputs
    nb = myst_nb_reader_plugin(str(root / "notebooks" / "01_a.md"))
    record = cache.match_cache_notebook(nb)
    _, merged = cache.merge_match_into_notebook(nb)
    outputs = [o for c in merged.cells if c.cell_type == "code" for o in c.outputs]
    assert record is not None and outputs[0]["text"].strip() == "42"


def test_failing_notebook_fails_with_its_traceback(tmp_path, capsys):
    root = _book(tmp_path, NOTEBOOK.replace("x = 6 * 7", "x = 1 / 0"))
    assert main(["execute", "--root", str(root), "--jobs", "1"]) == 1
    out = capsys.readouterr()
    assert "ZeroDivisionError" in out.err
    assert "failed: " + str(root / "notebooks" / "01_a.md") in out.out  # named in the summary


def test_second_run_with_everything_cached_starts_no_pool(tmp_path, monkeypatch):
    root = _book(tmp_path)
    assert main(["execute", "--root", str(root), "--jobs", "2"]) == 0

    def no_pool(jobs):
        raise AssertionError("a process pool was started with nothing to execute")

    monkeypatch.setattr(ex, "_limit_pool", no_pool)
    assert main(["execute", "--root", str(root), "--jobs", "2"]) == 0


def test_cache_from_other_package_code_is_cleared(tmp_path):
    path = ex.cache_path(_book(tmp_path))
    path.mkdir(parents=True)
    (path / "left_over").write_text("x")
    (path / ex.FINGERPRINT_FILE).write_text("not this code\n")
    ex._clear_if_stale(path, logging.getLogger("t"))
    assert not (path / "left_over").exists()
    assert (path / ex.FINGERPRINT_FILE).read_text().strip() == ex.package_fingerprint()
    (path / "kept").write_text("x")
    ex._clear_if_stale(path, logging.getLogger("t"))  # same code: kept
    assert (path / "kept").exists()


def test_bad_jobs_refused_before_work(tmp_path):
    with pytest.raises(SystemExit) as e:
        main(["execute", "--root", str(tmp_path), "--jobs", "0"])
    assert e.value.code == 2


def test_book_kernels_talk_over_unix_sockets(tmp_path):
    """The book's execution cache runs its kernels as the chapter runner does: ipc transport
    in a private folder (no TCP port to race for when two start at once; nothing unencrypted
    on a local port). The cached notebook's output is what its kernel was given."""

    from jupyter_cache import get_cache
    from myst_nb.core.read import myst_nb_reader_plugin

    body = NOTEBOOK.replace(
        "x = 6 * 7\nprint(x)",
        "import json\nfrom ipykernel import get_connection_info\n"
        "print(json.loads(get_connection_info())['transport'])")
    root = _book(tmp_path, body)
    assert main(["execute", "--root", str(root), "--jobs", "1"]) == 0
    cache = get_cache(str(ex.cache_path(root)))
    _, merged = cache.merge_match_into_notebook(
        myst_nb_reader_plugin(str(root / "notebooks" / "01_a.md")))
    outputs = [o for c in merged.cells if c.cell_type == "code" for o in c.outputs]
    assert outputs[0]["text"].strip() == "ipc"
