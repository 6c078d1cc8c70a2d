# timewire: the README's commands. `make demo` sets everything up and runs the demo;
# `make test` runs the whole suite (lint, unit, property, integration on a real broker).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup jars native demo test unit lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "timewire needs Python 3.11, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# resolve the Kafka broker jars through Maven once (cached in ~/.m2 and ~/.cache/timewire)
jars: setup
	$(BIN)/python -c 'from streams.broker import resolve_classpath; from streams.settings import get_settings; resolve_classpath(get_settings())'

# compile the pure engine with mypyc into build/native (streams/native.py); a no-op while it
# matches the sources, and the sources run whenever it does not
native: setup
	$(BIN)/python -m streams.native build

# the demo runs without a C compiler too (the sources, 20-25% slower): a failed build only warns
demo: setup jars
	@$(MAKE) --no-print-directory native || echo "timewire: no compiled engine (see above): the demo runs the sources"
	$(BIN)/timewire demo

test: setup jars native lint
	$(BIN)/pytest

unit: setup native
	$(BIN)/pytest -m 'not integration and not browser'

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: setup jars native
	$(BIN)/python -m bench

clean:
	rm -rf .timewire .pytest_cache .mypy_cache .ruff_cache test-output build
