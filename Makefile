# The two set-up commands of the README: `make run` and `make test`. Each creates the virtual
# environment .venv on first use and installs the pinned versions from constraints.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint format typecheck unit bench schema messages lock clean

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(INSTALLED)

# The web app on http://127.0.0.1:8000: migrates the SQLite database under var/ (or
# $ALUR_VAR_DIR), loads the five seed SOPs and the demo offices and people, prints the demo
# sign-ins, and serves, with `alur worker` (reminders and escalations) as a child process.
# Running it again keeps what is there.
run: $(INSTALLED)
	mkdir -p "$${ALUR_VAR_DIR:-var}"
	$(BIN)/alur serve

# Lint, types, then the suite three times, each at one moment (a random one in 2027, the
# last working day of 2027 before closing, 29 February 2028), its tests in parallel on every
# core; the tests marked `once` at the first moment only, alone: tests/run_at_moments.py.
# Nothing in the suite may depend on the day it runs.
test: lint typecheck
	$(BIN)/python tests/run_at_moments.py

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

# The whole suite once, at ALUR_TEST_NOW when set (ISO 8601 with its offset, as the runs of
# `make test` print it), else at the fixed moment of tests/clock/sitecustomize.py.
unit: $(INSTALLED)
	$(BIN)/python -m pytest

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(INSTALLED)
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_calendar.py
	$(BIN)/python bench/bench_servers.py
	env -u DATABASE_URL $(BIN)/python bench/bench_forecast.py
	@if [ -n "$$DATABASE_URL" ]; then $(BIN)/python bench/bench_dashboard.py && \
	$(BIN)/python bench/bench_inbox.py && $(BIN)/python bench/bench_case_page.py && \
	$(BIN)/python bench/bench_http.py && $(BIN)/python bench/bench_audit.py; \
	else echo "bench_dashboard, bench_inbox, bench_case_page, bench_http, bench_audit: skipped, they need DATABASE_URL (PostgreSQL)"; fi

schema: $(INSTALLED)
	$(BIN)/alur sop schema -o schema/sop.schema.json

# The English catalogue alur/locale/en/LC_MESSAGES/django.po: every string of the pages, forms,
# messages and e-mails read from the source (new ones empty, changed ones fuzzy), then compiled to
# django.mo, which is committed beside it. Translate what is empty or fuzzy and run it again:
# tests/web/test_english_catalogue.py fails while an entry is, or while the .mo is behind.
# Also compiles alur/locale/id, kept by hand: the libraries' Indonesian words Alur corrects.
messages: $(INSTALLED)
	$(BIN)/alur manage makemessages --locale en --add-location file --no-obsolete \
		--ignore .venv --ignore tests --ignore bench --ignore var --ignore build
	$(BIN)/alur manage compilemessages --locale en --locale id --ignore .venv --ignore var --ignore build

# Re-pin every dependency to the newest versions the bounds in pyproject.toml allow.
lock:
	rm -rf /tmp/alur-lock && $(PYTHON) -m venv /tmp/alur-lock
	/tmp/alur-lock/bin/python -m pip install --quiet --upgrade pip
	/tmp/alur-lock/bin/python -m pip install --quiet -e '.[dev]'
	/tmp/alur-lock/bin/python -m pip freeze --exclude-editable > constraints.txt

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
