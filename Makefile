# Two commands on a fresh machine: `make run` (dashboard on the seed) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint browser bench clean

$(BIN)/claimsmap: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/claimsmap
	$(BIN)/claimsmap serve --ingest seeds

# Debian's Chromium and its driver, for the browser tests (needs root or sudo).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; }

test: $(BIN)/claimsmap browser
	$(BIN)/ruff check geo dashboard tests scripts
	$(BIN)/ruff format --check geo dashboard tests scripts
	$(BIN)/pytest

clean:
	rm -rf $(VENV) data .pytest_cache test-artifacts

# Benchmarks with their targets: BENCH_ARTICLES=10000 BENCH_CLAIMS=1000000 make bench
bench: $(BIN)/claimsmap
	$(BIN)/python scripts/bench.py
