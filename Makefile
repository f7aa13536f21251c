# Two commands on a fresh machine: `make run` (dashboard on the seed) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint browser axe glyphs plotly postgres bench loadtest clean

$(BIN)/claimsmap: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,eval,distributed]'
	touch $@

# gunicorn on 127.0.0.1:8050 (`claimsmap serve --dev` runs Werkzeug's development server instead).
run: $(BIN)/claimsmap
	$(BIN)/claimsmap serve --ingest seeds

# Debian's Chromium and its driver, for the browser tests (needs root or sudo).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; }

# axe-core from the npm registry, for the accessibility tests (served by the test app itself);
# Debian's npm first when it is missing (needs root or sudo).
axe:
	@command -v npm >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm; }
	scripts/install_axe.sh

# The map's label glyphs, kept in assets/glyphs/ (run again only to change the font): Open Sans from
# the npm registry, made into MapLibre's glyph ranges with fontTools from PyPI in a throwaway folder.
glyphs: $(BIN)/claimsmap
	PYTHON=$(BIN)/python scripts/install_glyphs.sh

# The page's plotly.js, kept in assets/plotly/ (run again only for another plotly.js or trace type):
# plotly.js and esbuild from the npm registry in a throwaway folder, only the traces the map draws.
plotly: $(BIN)/claimsmap
	PYTHON=$(BIN)/python scripts/install_plotly_bundle.sh

# Debian's PostgreSQL server, for the load test's throwaway database (needs root or sudo).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql; }

test: $(BIN)/claimsmap browser axe
	$(BIN)/ruff check geo dashboard tests scripts
	$(BIN)/ruff format --check geo dashboard tests scripts
	$(BIN)/pytest

clean:
	rm -rf $(VENV) data .pytest_cache test-artifacts

# Benchmarks with their targets: BENCH_ARTICLES=10000 BENCH_CLAIMS=1000000 make bench
bench: $(BIN)/claimsmap
	$(BIN)/python scripts/bench.py

# 50 simulated analysts for 60 s against gunicorn over PostgreSQL with a million claims; it stops by
# itself. CLAIMSMAP_DATABASE_URL names a database to use; unset, a throwaway server is started.
loadtest: $(BIN)/claimsmap postgres
	@url="$${CLAIMSMAP_DATABASE_URL:-}"; own=; \
	if [ -z "$$url" ]; then url=$$(scripts/postgres_for_tests.sh start) && own=1; fi; \
	$(BIN)/python scripts/loadtest.py --database-url "$$url" $(LOADTEST_OPTIONS); status=$$?; \
	if [ -n "$$own" ]; then scripts/postgres_for_tests.sh stop "$$url"; fi; exit $$status
