# Torget: `make demo` serves the demo, `make test` runs every check. Python ≥ 3.11 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The demo and the suite use their own SQLite files unless DATABASE_URL says otherwise.
# The demo answers any host name, so HOST=0.0.0.0 serves the other machines on the network.
# Links in its e-mail and SMS lead to where it serves: this machine's name when it listens
# on every address (HOST=0.0.0.0), which the other machines can reach and this one too.
# TORGET_SITE_URL=http://… make demo says otherwise (an address behind a proxy, say).
SITE_HOST ?= $(if $(filter 0.0.0.0 ::,$(HOST)),$(shell hostname),$(HOST))
TORGET_SITE_URL ?= http://$(SITE_HOST):$(PORT)
DEMO_ENV := TORGET_DEMO=1 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 ALLOWED_HOSTS='*' \
	TORGET_SITE_URL='$(TORGET_SITE_URL)'

.PHONY: help install install-dev demo serve test lint typecheck pytest pytest-postgres bench messages vendor clean audit audit-report

help:
	@echo "make demo   – install, migrate, load Asker's demo data, serve on $(TORGET_SITE_URL)"
	@echo "make test   – install dev tools, run ruff, the layer contract, mypy and the test suite (SQLite, PostgreSQL, browser)"
	@echo "make bench  – build a scaled dataset and print benchmark timings"
	@echo "make audit  – known vulnerabilities in the pinned requirements (pip-audit); fails on a finding"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml requirements/constraints.txt
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	@mkdir -p var
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py load_demo --if-empty
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(DEMO_ENV) $(BIN)/python manage.py demo_accounts
	@echo "Torget serves on $(TORGET_SITE_URL)/, its worker beside it  (Ctrl+C stops both)"
	$(DEMO_ENV) $(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/granian --interface wsgi --host $(HOST) --port $(PORT) --workers 2 \
		--blocking-threads 16 --no-ws --access-log --log-level warning torget.wsgi:application; \
	kill $$worker 2>/dev/null; wait $$worker 2>/dev/null; true

test: install-dev audit-report lint typecheck pytest pytest-postgres

# Known vulnerabilities in the pinned requirements (pip-audit asks the OSV database), with
# the accepted findings and their reasons in requirements/audit-accepted.toml. `make audit`
# fails on a finding; `make test` only reports, so an advisory published overnight does not
# stop every change from landing, and says so when the service cannot be reached.
audit: install-dev
	$(BIN)/python scripts/audit.py

audit-report:
	$(BIN)/python scripts/audit.py --report-only

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck:
	$(BIN)/mypy torget

pytest:
	@mkdir -p var
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 1
	$(BIN)/pytest -p no:cacheprovider

# The whole suite again on PostgreSQL when TORGET_TEST_POSTGRES names a server.
pytest-postgres:
	@if [ -n "$$TORGET_TEST_POSTGRES" ]; then \
		echo "== the suite on PostgreSQL ($$TORGET_TEST_POSTGRES)"; \
		DATABASE_URL="$$TORGET_TEST_POSTGRES" $(BIN)/pytest -p no:cacheprovider -m "not browser"; \
	else \
		echo "== TORGET_TEST_POSTGRES is not set: the PostgreSQL run is skipped"; \
	fi

# On PostgreSQL (BENCH_DATABASE_URL=postgresql://…/name) the ledger, events and scenario
# benchmarks get databases of their own beside it, name_ledger, name_events and
# name_scenario; each is recreated.
bench: install-dev
	$(BIN)/python bench/run.py
	@case "$$BENCH_DATABASE_URL" in \
		postgres*) ledger="$${BENCH_DATABASE_URL}_ledger"; events="$${BENCH_DATABASE_URL}_events"; scenario="$${BENCH_DATABASE_URL}_scenario" ;; \
		*) ledger=sqlite:///var/ledger-bench.sqlite3; events=sqlite:///var/events-bench.sqlite3; scenario=sqlite:///var/scenario-bench.sqlite3 ;; \
	esac; \
	set -e; \
	echo "== key figures over 1,000,000 ledger rows"; \
	BENCH_DATABASE_URL=$${LEDGER_BENCH_DATABASE_URL:-$$ledger} $(BIN)/python bench/ledger_bench.py; \
	echo "== the events calendar, in-process"; \
	BENCH_DATABASE_URL=$${EVENTS_BENCH_DATABASE_URL:-$$events} $(BIN)/python bench/events_bench.py; \
	echo "== a hub-structure scenario with a 3,000-cell population grid"; \
	BENCH_DATABASE_URL=$${SCENARIO_BENCH_DATABASE_URL:-$$scenario} $(BIN)/python bench/scenario_bench.py

messages: install-dev
	cd torget && ../$(BIN)/django-admin makemessages -l nb -l en --no-obsolete --ignore 'static/*' --ignore '*/tests/*'
	cd torget && ../$(BIN)/django-admin compilemessages

# Front-end files come from the npm registry once and are committed with their licences.
vendor:
	bash scripts/vendor.sh

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
