# The one entry point. `make run` sets up and serves the site; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMPS := .stamps
HOST ?= 127.0.0.1
PORT ?= 8000
FRAMEWORK_DIR ?=
PYTEST_ARGS ?=

.PHONY: run test lint bench audit setup deps assets migrate seed format clean

run: setup migrate seed
	@if [ -n "$(FRAMEWORK_DIR)" ]; then $(PY) manage.py import_framework "$(FRAMEWORK_DIR)/roles.csv" "$(FRAMEWORK_DIR)/skills.csv" --make-current; fi
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=skills_site.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=skills_site.settings.test $(PY) manage.py makemigrations --check --dry-run

bench: setup
	$(PY) bench/run.py

audit: setup
	$(PY) scripts/audit.py

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

setup: deps assets

deps: $(STAMPS)/deps

$(STAMPS)/deps: requirements.txt requirements-dev.txt
	@mkdir -p $(STAMPS)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

assets: $(STAMPS)/assets

$(STAMPS)/assets: package.json package-lock.json scripts/build-assets.mjs $(wildcard static/src/*)
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	@touch $@

migrate: setup
	$(PY) manage.py migrate --no-input -v 0

seed: migrate
	$(PY) manage.py seed_demo

clean:
	rm -rf $(VENV) node_modules $(STAMPS) static/css static/js static/assets staticfiles
