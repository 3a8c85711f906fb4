"""The rendered book is a web page: open every chapter in headless Chromium and check it.

The chapters are not re-executed here. The notebook tests (``tests/test_notebook_*.py``)
execute each chapter with small parameters and ``tests/nbrun.py`` keeps the executed copies
in ``_build/test-notebooks/``; in ``make test`` they run in the same session, first, and this
test (marker ``browser``) waits for their copies (``_wait_for_copies``); run alone
(``pytest -m browser``) it reads the copies of an earlier run. This test assembles a throwaway book from ``_config.yml``, ``_toc.yml``,
``book/`` and those executed notebooks, builds it with ``execute_notebooks: off`` and
warnings as errors, serves the HTML on 127.0.0.1 and, for every chapter page, asserts

* the page title (the ``h1`` starts with "Chapter", or "Appendix" for appendix files ``A_*``, ``B_*``);
* every figure the executed notebook produced (``image/png`` outputs) is rendered as an
  ``<img>`` in the page's main content that loaded (``naturalWidth > 0``), and no image in the
  main content is broken; a chapter whose notebook produced no figure (a placeholder) is
  exempt from the figure check only;
* no "Traceback" text and no error output cell (myst-nb's ``output traceback`` block);
* at least one citation link, every citation link points at an existing bibliography entry,
  and clicking the first one lands on that entry;
* maths renders offline: the page loads only from the local server (Chromium's host resolver
  maps every other host to nothing, and Playwright aborts any other request), MathJax comes
  from the book's own static files (``make mathjax``), and every formula of the page is
  typeset (a MathJax CommonHTML frame per formula, no MathJax error, no raw TeX left);
* the chapter's notebook can be downloaded as ``.ipynb`` from the page's download menu.

A second test opens the chapter runner's own HTML (``python -m mia_helpers chapter``) from
``file://`` with every other request aborted and checks that its formulas are typeset by the
local MathJax.

Screenshots go to ``_build/test-artifacts/screenshots/<chapter>.png``: the first screen of
each page, or the whole page with ``MIA_FULL_SCREENSHOTS=1`` (``make screenshots``; a whole
page is 30,000 pixels tall and takes about 5 s to render without a GPU). The only skip:
Chromium (Debian's ``chromium``, installed by ``make test``) is not installed.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
import yaml
from nbrun import EXECUTED, ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "_build" / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # offline: no host but the local test server resolves (the secure environment has no
    # network; a CDN script would fail here as it fails there)
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
#: the MathJax the book ships (copied from Debian's libjs-mathjax by ``make mathjax``)
MATHJAX = ROOT / "book" / "_static" / "mathjax" / "MathJax.js"
#: seconds MathJax may take to typeset a page
MATHJAX_TIMEOUT_MS = 60_000
#: seconds allowed for the HTML build of the executed notebooks (no execution)
BUILD_TIMEOUT = 900
#: seconds the browser test waits for the notebook tests of its session to write their copies
#: (the longest chapter test took about 40 s on a 2-core machine; a failed run says so at once)
COPY_TIMEOUT = 900
#: full-page screenshots (every page top to bottom, about 5 s each in software rendering) when
#: this variable is set to 1 (``make screenshots``); otherwise the first screen of each page
FULL_SCREENSHOTS = os.environ.get("MIA_FULL_SCREENSHOTS", "") == "1"


def _toc_files(toc: dict) -> list[str]:
    """All ``file:`` entries of a jb-book ``_toc.yml``, in reading order."""
    files: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "file" in node:
                files.append(str(node["file"]))
            for key in ("parts", "chapters", "sections"):
                for child in node.get(key, []):
                    walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    files.append(str(toc["root"]))
    walk(toc)
    return files


TOC_FILES = _toc_files(yaml.safe_load((ROOT / "_toc.yml").read_text()))
#: chapter pages: every notebook listed in _toc.yml (the book/*.md pages are not chapters)
CHAPTERS = [Path(f).name for f in TOC_FILES if f.startswith("notebooks/")]


def _bibliography_page() -> str:
    """The toc entry (without suffix) whose source holds the ``{bibliography}`` directive."""
    for f in TOC_FILES:
        source = ROOT / f"{f}.md"
        if source.exists() and "```{bibliography}" in source.read_text():
            return f
    raise AssertionError("no page in _toc.yml holds a {bibliography} directive")


def _has_maths(chapter: str) -> bool:
    """Whether the chapter's source has maths outside code (``$...$``, ``$$``, a math block)."""
    text = (ROOT / "notebooks" / f"{chapter}.md").read_text()
    prose = re.sub(r"```\{code-cell\}.*?```", "", text, flags=re.DOTALL)
    return bool(re.search(r"\$[^$\s][^$]*\$|```\{math\}", prose))


def _expected_figures(nb: dict) -> int:
    """Figures (``image/png`` outputs) the executed notebook shows in the HTML."""
    hidden = {"remove-output", "remove-cell"}
    return sum(
        "image/png" in output.get("data", {})
        for cell in nb["cells"]
        if not hidden & set(cell.get("metadata", {}).get("tags", []))
        for output in cell.get("outputs", [])
    )


def _jupyter_book() -> list[str]:
    """The jupyter-book of the running environment (the venv's, not whatever is on PATH)."""
    sibling = Path(sys.executable).parent / "jupyter-book"
    if sibling.exists():
        return [str(sibling)]
    return [sys.executable, "-c", "from jupyter_book.cli.main import main; main()"]


def _notebook_test_file(chapter: str) -> str:
    """The test file that executes ``chapter`` and keeps its copy: ``test_notebook_01.py`` for
    ``01_panel_construction``, ``test_notebook_A.py`` for ``A_matching_method``."""
    return f"test_notebook_{chapter.split('_')[0]}.py"


def _wait_for_copies(config: pytest.Config) -> None:
    """In ``make test`` the notebook tests run in the same session, on the other worker, just
    before this file (``tests/conftest.py`` orders them first): wait until every chapter whose
    notebook test is in this session has its copy from this session, or its ``.failed``
    marker (:func:`nbrun.run_chapter`). Chapters whose notebook test is not in the session
    (``pytest -m browser`` after an earlier run) are not waited for."""
    import time

    from conftest import SESSION_FILES, SESSION_START

    files, start = config.stash.get(SESSION_FILES, set()), config.stash.get(SESSION_START, 0.0)
    pending = [c for c in CHAPTERS if _notebook_test_file(c) in files]
    deadline = time.monotonic() + COPY_TIMEOUT
    while pending and time.monotonic() < deadline:
        pending = [c for c in pending
                   if not any(p.exists() and p.stat().st_mtime >= start
                              for p in (EXECUTED / f"{c}.ipynb", EXECUTED / f"{c}.failed"))]
        if pending:
            time.sleep(0.5)


@pytest.fixture(scope="session")
def site(tmp_path_factory, request) -> Iterator[str]:
    """Build the book from the executed test notebooks and serve it; yield the base URL."""
    _wait_for_copies(request.config)
    missing = [c for c in CHAPTERS if not (EXECUTED / f"{c}.ipynb").exists()]
    if missing:
        pytest.fail(
            f"no executed notebook in {EXECUTED.relative_to(ROOT)}/ for {missing}: run the "
            "notebook tests first (`make test` does: pytest -m 'not browser', then -m browser); "
            "every chapter in _toc.yml needs a tests/test_notebook_*.py that calls "
            "nbrun.run_chapter, and a chapter whose notebook test failed leaves no copy",
            pytrace=False,
        )
    stale = [
        c
        for c in CHAPTERS
        if (ROOT / "notebooks" / f"{c}.md").stat().st_mtime
        > (EXECUTED / f"{c}.ipynb").stat().st_mtime
    ]
    if stale:
        pytest.fail(
            f"executed notebooks older than their sources for {stale}: re-run the notebook "
            "tests first (`make test` does)",
            pytrace=False,
        )

    if not MATHJAX.exists():
        pytest.fail(
            f"{MATHJAX.relative_to(ROOT)} is missing: run `make mathjax` (copies Debian's "
            "libjs-mathjax into the book's static files; `make test` and `make book` do)",
            pytrace=False,
        )

    book = tmp_path_factory.mktemp("browser") / "book"
    book.mkdir()
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    (book / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    shutil.copy(ROOT / "_toc.yml", book / "_toc.yml")
    shutil.copytree(ROOT / "book", book / "book", ignore=shutil.ignore_patterns("__pycache__"))
    (book / "notebooks").mkdir()
    for chapter in CHAPTERS:
        shutil.copy(EXECUTED / f"{chapter}.ipynb", book / "notebooks" / f"{chapter}.ipynb")

    cmd = [*_jupyter_book(), "build", str(book), "-W", "-n", "--keep-going"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    html = book / "_build" / "html"
    if done.returncode != 0 or not (html / "index.html").exists():
        log = (done.stdout + done.stderr)[-6000:]
        pytest.fail(f"book build failed ({' '.join(cmd)}), last output:\n{log}", pytrace=False)

    handler = functools.partial(_QuietHandler, directory=str(html))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright (never ``playwright install``)."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip(
            "Chromium is not installed: `make test` installs Debian's chromium with apt-get "
            "(needs root or sudo and network); that install failed or was not run"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The screenshot folder. Not emptied here: ``make test`` runs this file on two workers
    (pytest-xdist), each with its own session, and one must not delete the other's pictures;
    the Makefile empties the folder before the run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def _local_only(base: str):
    """Route handler: the page may load only from the local server (hermetic, no CDN waits)."""

    def handle(route) -> None:
        if route.request.url.startswith(base + "/"):
            route.continue_()
        else:
            route.abort()

    return handle


# the main content of a sphinx-book-theme page
ARTICLE = "article.bd-article"


@pytest.fixture(scope="session")
def bibliography_entries(browser, site: str) -> set[str]:
    """The ids of the bibliography page's entries (the page is the same for every chapter:
    read once)."""
    context = browser.new_context()
    context.route("**/*", _local_only(site))
    try:
        page = context.new_page()
        response = page.goto(f"{site}/{_bibliography_page()}.html", wait_until="load")
        assert response is not None and response.ok, "the bibliography page did not load"
        return set(page.eval_on_selector_all(
            ".citation[id], [role='doc-biblioentry'][id]", "els => els.map(e => e.id)"))
    finally:
        context.close()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_page(chapter: str, browser, site: str, screenshots: Path,
                      bibliography_entries: set[str]) -> None:
    nb = json.loads((EXECUTED / f"{chapter}.ipynb").read_text())
    expected_figures = _expected_figures(nb)
    bibliography = _bibliography_page()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", _local_only(site))
    broken: list[str] = []  # local resources that failed (Chromium asks for /favicon.ico)

    def record(response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            broken.append(f"{response.status} {response.url}")

    context.on("response", record)
    try:
        page = context.new_page()
        url = f"{site}/notebooks/{chapter}.html"
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        page.screenshot(path=str(screenshots / f"{chapter}.png"), full_page=FULL_SCREENSHOTS)

        # title
        prefix = "Appendix" if chapter[:1].isalpha() and chapter[1:2] == "_" else "Chapter"
        h1 = page.locator(f"{ARTICLE} h1")
        assert h1.count() >= 1, f"{chapter}: no <h1> in the main content"
        title = h1.first.inner_text().strip()
        assert title.startswith(prefix), (
            f"{chapter}: title {title!r} does not start with {prefix!r}"
        )

        # figures: every figure of the executed notebook rendered and loaded
        images = page.eval_on_selector_all(
            f"{ARTICLE} img",
            """els => els.map(e => ({src: e.currentSrc || e.src, complete: e.complete,
                                     width: e.naturalWidth,
                                     output: e.closest('.cell_output') !== null}))""",
        )
        not_loaded = [i["src"] for i in images if not (i["complete"] and i["width"] > 0)]
        assert not not_loaded, f"{chapter}: images that did not load: {not_loaded}"
        rendered = sum(i["output"] for i in images)
        if expected_figures:
            assert rendered >= expected_figures, (
                f"{chapter}: the executed notebook has {expected_figures} figures, the page "
                f"shows {rendered} loaded output images"
            )
        assert broken == [], f"{chapter}: failed requests: {broken}"

        # maths: typeset by the shipped MathJax, with the network blocked
        formulas = page.locator(f"{ARTICLE} .math").count()
        if _has_maths(chapter):
            assert formulas > 0, f"{chapter}: the source has maths, the page no .math element"
        if formulas:
            page.wait_for_function(
                """() => window.MathJax && MathJax.Hub && MathJax.Hub.queue
                         && MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running
                         && document.querySelectorAll('.MathJax_CHTML').length > 0""",
                timeout=MATHJAX_TIMEOUT_MS,
            )
            scripts = page.locator(f"{ARTICLE} script[type^='math/tex']").count()
            frames = page.locator(f"{ARTICLE} .MathJax_CHTML").count()
            assert scripts >= formulas and frames == scripts, (
                f"{chapter}: {formulas} formulas, {scripts} read by MathJax, {frames} typeset"
            )
            assert page.locator(f"{ARTICLE} .mjx-merror, {ARTICLE} .MathJax_Error").count() == 0
            text = page.inner_text(ARTICLE)
            raw = [m for m in ("\\(", "\\[", "\\begin{") if m in text]
            assert not raw, f"{chapter}: raw TeX {raw} left in the page"

        # the chapter as a notebook: the download menu offers it and it is a notebook
        ipynb = page.eval_on_selector_all(
            "a[href$='.ipynb']", "els => els.map(e => e.href)"
        )
        assert ipynb, f"{chapter}: no .ipynb download link"
        download = context.request.get(ipynb[0])
        assert download.ok, f"{chapter}: {ipynb[0]}: HTTP {download.status}"
        assert "cells" in download.json(), f"{chapter}: {ipynb[0]} is not a notebook"

        # no error output
        body = page.inner_text("body")
        assert "Traceback" not in body, f"{chapter}: 'Traceback' in the page"
        assert page.locator(".output.traceback").count() == 0, f"{chapter}: error output cell"

        # bibliography links: every citation link points at an existing entry
        links = page.eval_on_selector_all(f"{ARTICLE} a[href]", "els => els.map(e => e.href)")
        citations = [
            h
            for h in links
            if urlsplit(h).path == f"/{bibliography}.html" and urldefrag(h).fragment
        ]
        assert citations, f"{chapter}: no citation link to /{bibliography}.html"
        entries = bibliography_entries
        dangling = [h for h in citations if urldefrag(h).fragment not in entries]
        assert not dangling, f"{chapter}: citation links without a bibliography entry: {dangling}"

        # ... and following one lands on its entry
        first = page.locator(f"{ARTICLE} a[href*='{Path(bibliography).name}.html#']").first
        fragment = urldefrag(first.evaluate("e => e.href")).fragment
        first.click()
        page.wait_for_url(f"**/{bibliography}.html#{fragment}")
        entry = page.locator(f"[id='{fragment}']")
        assert entry.count() == 1 and entry.inner_text().strip(), (
            f"{chapter}: clicking a citation did not reach a bibliography entry ({fragment})"
        )
        assert broken == [], f"{chapter}: failed requests: {broken}"
    finally:
        context.close()


def test_runner_html_typesets_maths_offline(browser, tmp_path: Path) -> None:
    """The chapter runner's HTML (``mia_helpers.chapters.render_html``, what `python -m
    mia_helpers chapter` writes) typesets its formulas with the local MathJax, with every
    request that is not a local file aborted (nbconvert's default loads MathJax from a CDN,
    which a secure environment cannot reach)."""
    from mia_helpers.chapters import render_html

    chapter = "A_matching_method"
    if not (EXECUTED / f"{chapter}.ipynb").exists():
        pytest.fail(f"no executed {chapter} in {EXECUTED}: run the notebook tests first",
                    pytrace=False)
    if not MATHJAX.exists():
        pytest.fail(f"{MATHJAX.relative_to(ROOT)} is missing: run `make mathjax`", pytrace=False)
    ipynb = tmp_path / f"{chapter}.ipynb"
    shutil.copy(EXECUTED / f"{chapter}.ipynb", ipynb)
    html = render_html(ipynb)
    context = browser.new_context()
    remote: list[str] = []

    def local_only(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            remote.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    try:
        page = context.new_page()
        page.goto(html.as_uri(), wait_until="load")
        page.wait_for_function(
            """() => window.MathJax && MathJax.Hub && MathJax.Hub.queue
                     && MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running
                     && document.querySelectorAll('.MathJax_CHTML').length > 0""",
            timeout=MATHJAX_TIMEOUT_MS,
        )
        assert page.locator(".MathJax_Error, .mjx-merror").count() == 0
        assert remote == [], remote  # nothing from the network (require.js came from a CDN)
    finally:
        context.close()
