# MIA literate research report: build, test and data plumbing (GNU make).
#
#   make help   this text (the comment block at the top of the Makefile)
#   make venv   the virtual environment .venv with the pinned packages (make book/test do it)
#   make book   fresh machine -> virtual environment, pinned packages, synthetic data,
#               executed chapters, HTML in _build/html (warnings are errors)
#   make test   ruff + the pytest suite (this is exactly what .ci/run calls)
#   make test-nightly  the slow Monte Carlo and extra-seed tests (not in make test)
#   make screenshots  whole-page screenshots of every chapter (after make test)
#   make book-teaching  the same book without exercise solutions (_build/teaching/_build/html)
#   make pdf    LaTeX/xelatex PDF of the book (installs Debian TeX packages if needed)
#   make mathjax  copy Debian's MathJax into the book's static files (offline maths)
#   make debian-test-packages  Debian's chromium and libjs-mathjax for make test (it runs it)
#   make data   the default synthetic registers and panel (seed 2005)
#   make montecarlo  regenerate the book's two shipped Monte Carlo studies (long: see README)
#   make lint   ruff check (the rules in pyproject.toml; the code is not ruff-formatted)
#   make clean  remove builds, generated data, caches and the copied MathJax (keeps .venv)
#
# The command line of the package: .venv/bin/python -m mia_helpers --help (README.md)
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:

# Python 3.11 if available, else python3; override with `make PYTHON=/path/to/python`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

SEED := 2005
RESIDENTS := 20000
NEWCOMERS := 10000
DATA := data/synthetic/s$(SEED)_r$(RESIDENTS)_n$(NEWCOMERS)
PANEL := $(DATA)/panel.parquet
# Regenerate the default data when the generator or the panel builder changes.
DATA_SOURCES := $(wildcard mia_helpers/synthetic/*.py) $(wildcard mia_helpers/panel.py \
	mia_helpers/schemas.py mia_helpers/codes.py mia_helpers/quarters.py)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# MathJax 2 from Debian (libjs-mathjax), shipped with the HTML so that maths renders offline;
# only the TeX input, CommonHTML output and its web fonts are copied (1.6 MB of 54 MB).
MATHJAX_SRC := /usr/share/javascript/mathjax
MATHJAX := book/_static/mathjax/MathJax.js
MATHJAX_PARTS := MathJax.js config/TeX-AMS_CHTML.js extensions jax/input/TeX \
	jax/output/CommonHTML jax/element fonts/HTML-CSS/TeX/woff
TEX_PACKAGES := texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
	texlive-xetex latexmk fonts-freefont-otf poppler-utils

.PHONY: help venv data mathjax book book-teaching pdf test test-nightly screenshots \
	debian-test-packages lint clean montecarlo

# the whole comment block at the top, however long it grows (it printed lines 2-9 only)
help:
	@awk '/^#/ { sub(/^# ?/, ""); print; next } { exit }' $(firstword $(MAKEFILE_LIST))

# --- environment -----------------------------------------------------------------------
venv: $(STAMP)

# The pinned requirements are installed by uv (same versions as pip, which stays the fallback:
# 32 s against 72 s for pip from the registries, measured in the eleventh session; bytecode
# compiled at install as pip does: with PYTHONDONTWRITEBYTECODE set, as on our machines, every
# process would otherwise compile pandas, SciPy... again, which cost make test 90 s).
UV_VERSION := 0.13.9
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	{ $(BIN)/pip install --disable-pip-version-check -q uv==$(UV_VERSION) && \
	  $(BIN)/uv pip install --compile-bytecode --python $(BIN)/python -r requirements.txt; } || { \
	  echo "uv failed: installing with pip instead" >&2; \
	  $(BIN)/pip install --upgrade pip && $(BIN)/pip install -r requirements.txt; }
	$(BIN)/python -m ipykernel install --sys-prefix --name python3
	touch $(STAMP)

# --- data ------------------------------------------------------------------------------
data: $(PANEL)

$(PANEL): $(STAMP) $(DATA_SOURCES)
	$(BIN)/python -m mia_helpers synth --seed $(SEED) --residents $(RESIDENTS) \
		--newcomers $(NEWCOMERS) --out $(DATA)
	$(BIN)/python -m mia_helpers panel --data $(DATA)
	@# The execution cache keys on notebook code only: new data must invalidate it.
	rm -rf _build/.jupyter_cache

# --- offline maths ---------------------------------------------------------------------
mathjax: $(MATHJAX)

$(MATHJAX):
	@[ -f $(MATHJAX_SRC)/MathJax.js ] || { \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends libjs-mathjax; }
	rm -rf book/_static/mathjax book/_static/mathjax.tmp
	mkdir -p book/_static/mathjax.tmp
	cd $(MATHJAX_SRC) && cp -rL --parents $(MATHJAX_PARTS) $(CURDIR)/book/_static/mathjax.tmp/
	mv book/_static/mathjax.tmp book/_static/mathjax

# --- book ------------------------------------------------------------------------------
# --all: Sphinx re-reads every page (the execution cache still skips unchanged notebooks);
# without it a page that failed in the previous build is not re-read, its warning is not
# repeated, and the second build "succeeds". Stale execution reports are removed first.
# The chapters are first executed into the execution cache two at a time (`python -m
# mia_helpers execute`, jupyter-cache's parallel executor; it clears a cache made by other
# package code); the build then renders them from that cache.
book: export OPENBLAS_NUM_THREADS := 1
book: export OMP_NUM_THREADS := 1
book: venv data mathjax
	$(BIN)/python -m compileall -q mia_helpers
	@start=$$(date +%s); rm -rf _build/html/reports; \
	if $(BIN)/python -m mia_helpers execute --jobs 2 && \
		$(BIN)/jupyter-book build . --all -W -n --keep-going; then \
		echo "book built in $$(( $$(date +%s) - start )) s: _build/html/index.html"; \
	else \
		echo "BOOK BUILD FAILED after $$(( $$(date +%s) - start )) s; execution reports:" >&2; \
		if [ -d _build/html/reports ]; then \
			find _build/html/reports -type f | sort | while read -r f; do \
				echo "===== $$f" >&2; cat "$$f" >&2; \
			done; \
		else \
			echo "(no execution reports in _build/html/reports/)" >&2; \
		fi; \
		exit 1; \
	fi

# The teaching edition: the same book with `hide_solutions: true` (sphinx-exercise; the
# book_edition extension also hides the gated solutions and strips them from the .ipynb
# downloads). It shares the execution cache of `make book`.
TEACHING := _build/teaching
book-teaching: venv data mathjax
	mkdir -p $(TEACHING)
	@# local extension paths are read relative to the config file: make them absolute
	$(BIN)/python -c 'import os, sys, yaml; c = yaml.safe_load(open("_config.yml")); \
		c["sphinx"]["config"]["hide_solutions"] = True; \
		c["execute"]["cache"] = sys.argv[1]; \
		ext = c["sphinx"]["local_extensions"]; \
		c["sphinx"]["local_extensions"] = {k: os.path.abspath(v) for k, v in ext.items()}; \
		yaml.safe_dump(c, open(sys.argv[2], "w"), allow_unicode=True, sort_keys=False)' \
		"$(CURDIR)/_build/.jupyter_cache" $(TEACHING)/_config.yml
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python -m mia_helpers execute --jobs 2
	$(BIN)/jupyter-book build . --all -W -n --keep-going --config $(TEACHING)/_config.yml \
		--path-output $(TEACHING)
	@echo "teaching edition: $(TEACHING)/_build/html/index.html"

pdf: venv data
	@if ! command -v xelatex >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then \
		echo "installing TeX (Debian packages): $(TEX_PACKAGES)"; \
		$(SUDO) apt-get update; \
		$(SUDO) apt-get install -y --no-install-recommends $(TEX_PACKAGES); \
	fi
	@start=$$(date +%s); \
	$(BIN)/jupyter-book build . --builder pdflatex; \
	pdf=$$(ls -t _build/latex/*.pdf | head -n 1); \
	echo "PDF: $$pdf, $$(pdfinfo "$$pdf" | awk '/^Pages:/ {print $$2}') pages," \
		"built in $$(( $$(date +%s) - start )) s"

# --- the book's two Monte Carlo studies (results/montecarlo_appendix_a.parquet and
# results/montecarlo_newcomers.parquet, the inburgering study) ------------------------------
# Keyed by the parameters and a fingerprint of the estimator and generator sources; a test
# (tests/test_montecarlo_shipped.py, tests/test_montecarlo_newcomers.py) fails when one is
# stale. Run after changing that code. The other shipped studies (results/
# montecarlo_confirmation.parquet, montecarlo_replication.parquet, montecarlo_targeted.parquet)
# are records of the earlier, uncorrected estimator: never regenerated (their modules refuse).
montecarlo: export OPENBLAS_NUM_THREADS := 1
montecarlo: export OMP_NUM_THREADS := 1
montecarlo: venv
	$(BIN)/python -m mia_helpers.montecarlo --n-jobs 2
	$(BIN)/python -m mia_helpers.montecarlo_newcomers --n-jobs 2

# --- tests -----------------------------------------------------------------------------
# One pytest run on two workers (one BLAS thread each, or they oversubscribe the two cores).
# tests/conftest.py orders the files: the chapter executions first (longest first), each
# keeping its executed chapter in _build/test-notebooks/ (cleared first, so no stale copy
# survives), then the browser test, which builds the book's HTML once from those copies (no
# re-execution), waiting for any still running on the other worker, and opens every chapter in
# headless Chromium (first-screen screenshots in _build/test-artifacts/screenshots/; whole
# pages: `make screenshots`), then the other tests. --no-loadscope-reorder keeps that order
# (pytest-xdist would sort the files by their number of tests). Before (twelfth session):
# two runs, the second collecting again and building the HTML on both workers with full-page
# screenshots, 425-460 s from a fresh clone, 465 s in CI; this layout's time: README.
test: export OPENBLAS_NUM_THREADS := 1
test: export OMP_NUM_THREADS := 1
test:
	@# the pinned packages (uv, mostly download) and Debian's (apt) are installed side by side:
	@# on a fresh machine each takes 35-45 s (measured in the twelfth session); MathJax's copy
	@# after them (its apt call would wait for the other's lock)
	$(MAKE) --no-print-directory -j2 --output-sync=target venv debian-test-packages
	$(MAKE) --no-print-directory mathjax
	$(BIN)/ruff check mia_helpers tests benchmarks
	@# the package's bytecode, written once: where PYTHONDONTWRITEBYTECODE is set (as on our
	@# machines) every worker, kernel and subprocess would compile it again (0.6 s each)
	$(BIN)/python -m compileall -q mia_helpers
	rm -rf _build/test-notebooks _build/test-artifacts
	@# pytest exits 5 when it collects no tests: report it loudly (and fail).
	@# --dist loadfile: a file's module fixtures are computed once (worksteal, which splits
	@# files between the workers, measured 326 s against 307 s for the whole make test)
	@rc=0; $(BIN)/python -m pytest -q -n 2 --dist loadfile --no-loadscope-reorder \
		--durations=15 -m "not rlive and not nightly" || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "ERROR: pytest collected no tests" >&2; fi; \
	exit $$rc

# Whole-page screenshots of every chapter (the browser test on the copies the last `make test`
# left in _build/test-notebooks/; about 5 s a page without a GPU).
screenshots: export MIA_FULL_SCREENSHOTS := 1
screenshots: venv mathjax
	$(BIN)/python -m pytest -q -n 2 -m browser tests/test_browser.py


# The slow tests (marked nightly): Monte Carlo properties (coverage, bias within Monte Carlo
# error, sensitivity) and the prose consistency runs on a second seed and a shifted window
# for every chapter (not timed together this round; the parts were about half an hour and
# 12 minutes on 2 cores). Not part of `make test` (CI).
test-nightly: export OPENBLAS_NUM_THREADS := 1
test-nightly: export OMP_NUM_THREADS := 1
test-nightly: venv
	$(BIN)/python -m pytest -q -n 2 --dist loadfile -m nightly

# Debian's packages `make test` needs, the missing ones in one apt call: chromium for the
# browser test, libjs-mathjax for the offline maths (`make mathjax`). If the install fails
# (no root, no network, not Debian) make goes on: the browser test skips, saying why, and
# `make mathjax` says what is missing.
debian-test-packages:
	@pkgs=""; command -v chromium >/dev/null 2>&1 || pkgs="chromium"; \
	[ -f $(MATHJAX_SRC)/MathJax.js ] || pkgs="$$pkgs libjs-mathjax"; \
	[ -z "$$pkgs" ] || { echo "installing Debian's$$pkgs with apt"; \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends $$pkgs; \
	} || echo "WARNING: could not install$$pkgs (without chromium the browser test is skipped)" >&2

# `ruff format --check` is not part of it: the code keeps its own compact layout (145 files
# would be reformatted), and reformatting the Monte Carlo's fingerprinted files would make the
# shipped results stale for no change in behaviour.
lint: venv
	$(BIN)/ruff check mia_helpers tests benchmarks

clean:
	rm -rf _build .pytest_cache .ruff_cache .hypothesis book/_static/mathjax
	find data/synthetic -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +
