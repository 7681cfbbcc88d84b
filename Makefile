# Two commands do everything from nothing:
#   make run    create .venv, install pinned runtime deps, start the app
#   make test   create .venv, install pinned dev deps (+ Debian chromium if missing), run every test
# Serving a whole class (scripts/serve.py; see deploy/README-serving.md):
#   make serve WORKERS=4 PORT=8600 [MAX_PLAYING=40]   workers on every core behind HAProxy
#   make worker PORT=8601 [WORKERS=2]                  workers only (0.0.0.0), for a balancer host
#   make balance PORT=8600 BACKENDS="10.0.0.2:8601,10.0.0.3:8601"   HAProxy only
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: run test lint bench chromium haproxy serve worker balance clean

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

haproxy:
	@bash scripts/ensure_haproxy.sh

# WORKERS defaults to one per core; PORT to 8600 (serve, balance) or 8601 (worker).
SERVE_ARGS = $(if $(WORKERS),--workers $(WORKERS)) $(if $(MAX_PLAYING),--max-playing $(MAX_PLAYING))

serve: $(VENV)/.runtime haproxy
	$(PY) scripts/serve.py serve --port $(or $(PORT),8600) $(SERVE_ARGS)

worker: $(VENV)/.runtime
	$(PY) scripts/serve.py worker --port $(or $(PORT),8601) $(SERVE_ARGS)

balance: haproxy
	$(PYTHON) scripts/serve.py balance --port $(or $(PORT),8600) --backends "$(BACKENDS)"

lint: $(VENV)/.dev
	$(PY) -m ruff check .

test: $(VENV)/.dev chromium haproxy
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: $(VENV)/.dev
	$(PY) -m bench.core

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
