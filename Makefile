# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip

.PHONY: demo test screenshots typecheck bench train es-start es-stop clean help

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "langnghe needs Python >= 3.11; set PYTHON=python3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(PIP) install --quiet -e .
	@touch $@

# Tests run the transformer family for real, so the dev install includes its extra (torch: large).
$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -e '.[dev,transformer]'
	@touch $@

demo: $(VENV)/.installed  ## install, then run the whole pipeline on the bundled demo site
	$(BIN)/langnghe demo

# The browser tests need Debian's Chromium (installed by apt-get when missing, never `playwright install`);
# LANGNGHE_BROWSER_REQUIRED=1 makes them fail rather than skip when it is absent (tests/conftest.py).
# PostgreSQL and RabbitMQ (the distributed mode) are Debian's, started by their scripts, installed when missing.
test: $(VENV)/.installed-dev  ## install test tools and Chromium, start throw-away PostgreSQL, RabbitMQ and Elasticsearch servers, run the whole suite
	scripts/ensure-chromium.sh
	LANGNGHE_BROWSER_REQUIRED=1 scripts/with-postgres.sh scripts/with-rabbitmq.sh scripts/with-elasticsearch.sh $(BIN)/python -m pytest --durations=30

screenshots: $(VENV)/.installed-dev  ## retake docs/screenshots/ (the Playwright tests, on the demo data)
	scripts/ensure-chromium.sh
	LANGNGHE_UPDATE_SCREENSHOTS=1 LANGNGHE_BROWSER_REQUIRED=1 $(BIN)/python -m pytest -q tests/web/browser/test_screenshots.py

typecheck: $(VENV)/.installed-dev  ## mypy over the package
	$(BIN)/python -m mypy langnghe

bench: $(VENV)/.installed-dev  ## print speed figures (see bench/); the Elasticsearch one on a throw-away node
	scripts/with-elasticsearch.sh sh -c 'for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done'

train: $(VENV)/.installed  ## retrain the shipped linear models from ../shared/datasets
	$(BIN)/langnghe train all --data ../shared/datasets

es-start:  ## start a development Elasticsearch node on 127.0.0.1 (prints its URL)
	scripts/elasticsearch.sh start

es-stop:  ## stop the development Elasticsearch node
	scripts/elasticsearch.sh stop

clean:  ## remove the virtual environment and demo data
	rm -rf $(VENV) langnghe-data
