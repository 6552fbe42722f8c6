# Two commands for a fresh machine: `make book` builds the book, `make test` runs the whole test suite.
# Each creates .venv and installs what it needs first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BUILD := $(BIN)/jupyter-book build . -W -n --keep-going

.PHONY: book test lint bench chromium lock clean

book: $(VENV)/installed
	$(BUILD)
	@echo "The book is built: open $(CURDIR)/_build/html/index.html"

test: $(VENV)/installed-test chromium lint book
	$(BIN)/python -m pytest

# Speed, measured (not tested): filter_turns at 1k/10k/100k turns and the page's filter in Chromium.
bench: $(VENV)/installed-test chromium book
	$(BIN)/python bench/filter.py

lint: $(VENV)/installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

$(VENV)/installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/installed-test: $(VENV)/installed requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

# Debian's Chromium for the browser tests (never `playwright install`, which downloads its own browser).
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "Chromium is missing: install it with 'sudo apt-get install -y chromium' and run 'make test' again."; fi

# Re-pin requirements.txt from the direct needs named in its header, in a throwaway environment.
lock:
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet jupyter-book ipywidgets pandas matplotlib PyYAML ipykernel
	{ sed -n '/^#/p' requirements.txt; echo "-e ."; $(VENV)-lock/bin/python -m pip freeze; } > requirements.txt.new
	mv requirements.txt.new requirements.txt && rm -rf $(VENV)-lock

clean:
	rm -rf _build
