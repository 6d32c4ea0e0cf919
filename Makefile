# Set-up and everyday commands. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
STAMP := $(VENV)/.installed
DB ?= detente.duckdb

.PHONY: setup demo test lint bench clean browser

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv>=0.4"
	VIRTUAL_ENV=$(VENV) $(UV) pip install --quiet -c requirements.lock -e ".[model,spark,dev]"
	touch $(STAMP)

# Debian's Chromium for the browser tests (Playwright's own browser download cannot work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "browser tests need Debian's chromium: sudo apt-get install chromium"; fi; }

demo: setup
	rm -f demo.duckdb
	$(BIN)/detente ingest examples/articles --db demo.duckdb
	$(BIN)/detente summary --db demo.duckdb

test: setup browser
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: setup
	$(BIN)/python benchmarks/accuracy.py

lock:
	$(UV) pip compile pyproject.toml --extra model --extra spark --extra dev -o requirements.lock --quiet

clean:
	rm -rf $(VENV) demo.duckdb .pytest_cache build src/*.egg-info
