# Two commands do everything from nothing:
#   make run    create .venv, install pinned runtime deps, start the app
#   make test   create .venv, install pinned dev deps (+ Debian chromium if missing), run every test
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: run test lint bench chromium clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(VENV)/bin/streamlit run app.py

chromium:
	@bash scripts/ensure_chromium.sh

lint: $(VENV)/.dev
	$(PY) -m ruff check .

test: $(VENV)/.dev chromium
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: $(VENV)/.dev
	$(PY) -m bench.core

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
