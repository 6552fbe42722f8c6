# Two commands for a fresh machine: `make book` builds the book, `make test` runs the whole test suite (CI's
# command); `make check` runs its fast tier, for the inner loop. Each installs what it needs first (into .venv,
# node_modules and .wheelhouse; Chromium, jing and poppler from Debian).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BUILD := $(BIN)/jupyter-book build . -W -n --keep-going

.PHONY: book preview student handouts test check install-test lint bench chromium lock clean

# The suite in one process per core; the tests of an `xdist_group` (costly fixtures) share one process, and the
# tests that need no full build run first, while the builds go on (tests/conftest.py).
PARALLEL := -n auto --dist loadgroup --no-loadscope-reorder
# The fast tier: the tests that need no full build of the book, no browser and nothing slow (the marks are set
# from the fixtures each test uses: tests/conftest.py, TIERS).
FAST := not book and not browser and not slow

book: $(VENV)/installed
	$(BUILD)
	@echo "The book is built: open $(CURDIR)/_build/html/index.html"

# For editors: the book built, served at http://127.0.0.1:8000/ and built again in the same process at every
# change (edition.sphinx.preview); a change to _config.yml, _toc.yml or the package's code starts it again.
preview: $(VENV)/installed
	$(BIN)/python -m edition preview

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
	$(BIN)/python -m pytest $(PARALLEL)

# The data, the schemas, the CLI, the TEI and citation logic and the extension on small test roots. It has no
# costly fixture to keep in one process, so an idle process takes the next test wherever it is (worksteal).
check: install-test lint
	$(BIN)/python -m pytest -n auto --dist worksteal -m "$(FAST)"

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

# The handouts' needs at the versions the tests use: pinned by requirements-test.txt (a constraint).
$(VENV)/installed-handouts: $(VENV)/installed requirements-test.txt
	grep -h '^[A-Za-z0-9].*==' requirements.txt requirements-test.txt > $(VENV)/pins.txt
	$(BIN)/python -m pip install --quiet -e '.[handouts]' -c $(VENV)/pins.txt
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

# The lock, generated from the needs declared in pyproject.toml (the one list): requirements.txt pins the core,
# book and notebooks needs and all they pull in (readers, Binder and CI install it); requirements-test.txt pins
# the handouts and test needs on top of it. Pins already in the files are kept where the needs allow;
# `make lock UPGRADE=--upgrade` takes the newest releases instead. Each file keeps its own header (its lines
# that start with '#').
UPGRADE ?=
COMPILE = $(BIN)/uv pip compile --quiet --no-header $(UPGRADE) \
	--python-version $$($(BIN)/python -c 'import platform; print(platform.python_version())') pyproject.toml
lock: $(VENV)/installed-test
	grep '^[A-Za-z0-9].*==' requirements.txt > $(VENV)/lock.txt
	$(COMPILE) --extra book --extra notebooks -o $(VENV)/lock.txt
	{ grep '^#' requirements.txt; echo "-e ."; cat $(VENV)/lock.txt; } > $(VENV)/requirements.txt
	mv $(VENV)/requirements.txt requirements.txt
	grep '^[a-z0-9].*==' requirements.txt > $(VENV)/pins.txt
	grep '^[A-Za-z0-9].*==' requirements-test.txt > $(VENV)/lock.txt || true
	$(COMPILE) --all-extras --no-annotate -c $(VENV)/pins.txt -o $(VENV)/lock.txt
	{ grep '^#' requirements-test.txt; echo "-r requirements.txt"; grep -vxFf $(VENV)/pins.txt $(VENV)/lock.txt; } \
	  > $(VENV)/requirements-test.txt
	mv $(VENV)/requirements-test.txt requirements-test.txt

clean:
	rm -rf _build

# Mutation testing (slow; not part of `make test`): mutmut makes small changes to the data layer and the frame
# ([tool.mutmut] in pyproject.toml), one at a time, and runs the fast tier (`make check`'s tests) against each;
# the share of changes that some test catches is the suite's kill rate. It runs in a copy of the tracked files
# under _build/mutate (with the checkers the fast tier uses: vnu, cffconvert), so that its mutants/ folder stays
# out of the book and of the linter.
MUTATE := _build/mutate
.PHONY: mutate
mutate: install-test
	$(BIN)/python -c "import mutmut" 2>/dev/null || $(BIN)/python -m pip install --quiet "mutmut==3.8.1"
	rm -rf $(MUTATE) && mkdir -p $(MUTATE)
	git ls-files -z | xargs -0 cp --parents -t $(MUTATE)
	ln -s $(CURDIR)/node_modules $(CURDIR)/$(VENV)-cff $(MUTATE)/
	cd $(MUTATE) && $(CURDIR)/$(BIN)/mutmut run --max-children 2 > mutmut.log 2>&1; $(CURDIR)/$(BIN)/mutmut export-cicd-stats
	@$(BIN)/python -c "import json; s = json.load(open('$(MUTATE)/mutants/mutmut-cicd-stats.json')); \
	caught = s['killed'] + s['timeout']; \
	print(f\"Mutation testing: {caught} of {s['total']} mutants caught ({caught / s['total']:.1%}); \
	{s['survived']} survived, {s['no_tests']} not reached by any test. List them: cd $(MUTATE) && mutmut results\")"
