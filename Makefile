# Vincula — the targets the README names. Every target installs what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-16)
# Optional: a package index with CPU-only torch wheels (PyPI's Linux torch is the CUDA build).
TORCH_INDEX ?=

.PHONY: install browser season demo test lint typecheck unit integration kafka evaluate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel
	$(if $(TORCH_INDEX),$(BIN)/pip install --quiet torch --index-url $(TORCH_INDEX))
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/vincula kafka fetch
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)  ## virtual environment, Python packages and the Kafka jars

# The browser tests drive Debian's Chromium (Playwright downloads no browser here).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:  ## Debian's chromium for the browser tests, when it is missing
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium; }

season: install  ## the main job on the embedded default: the platform, a seeded hiring season, pages until Ctrl-C
	$(BIN)/vincula season

demo: install  ## the main job on the embedded default: broker, database, workers, a cohort end to end
	$(BIN)/vincula demo

test: install browser lint typecheck  ## the whole suite: lint, types, unit, integration and browser tests
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest tests/unit

integration: install browser
	$(BIN)/pytest tests/integration

kafka: install  ## a local broker in the foreground (Ctrl-C stops it)
	$(BIN)/vincula kafka start

evaluate: install  ## matching quality on labelled ESCO cases
	$(BIN)/vincula evaluate

clean:
	rm -rf $(VENV) .local .pytest_cache .mypy_cache .ruff_cache
