# Thrift Kingdom — the two commands the README promises, plus a few conveniences.
# Everything runs from the project's own virtual environment (.venv), created on demand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint install install-local install-dev clean-run perf bench help

help:  ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

run: install-local  ## start all six services on an embedded PostgreSQL and print the URL
	@$(BIN)/python scripts/run.py

test: install-dev  ## lint and run every suite against real PostgreSQL
	@$(BIN)/python scripts/test.py

lint: install-dev  ## ruff only
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

install:  ## create .venv and install the platform (only when pyproject.toml changed)
	@PYTHON=$(PYTHON) scripts/bootstrap.sh

install-local:  ## install the platform with the embedded PostgreSQL for `make run`
	@PYTHON=$(PYTHON) scripts/bootstrap.sh local

install-dev:  ## install the platform with the test tools
	@PYTHON=$(PYTHON) scripts/bootstrap.sh dev

perf: install  ## install locust (see perf/README.md for the load runs)
	@PYTHON=$(PYTHON) scripts/bootstrap.sh perf

bench: perf  ## the 500-user load test, scale runs and Lighthouse; report in perf/results/ (perf/README.md)
	@bash scripts/install_browser.sh >/dev/null
	@$(BIN)/python perf/bench.py $(BENCH_ARGS)

clean-run:  ## forget the local run's database, secrets and logs
	@rm -rf .run
