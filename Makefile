# Shanglian — two commands: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] && echo "" || echo sudo)

.PHONY: run test smoke setup install assets messages migrate demo lint bench bench-quick system-deps browser-deps clean serve screenshots

run: setup demo serve  ## Install everything, load demo data, serve on http://127.0.0.1:8000

serve:
	@echo ""
	@echo "  Shanglian is starting on http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password: demo12345):"
	@echo "    secretariat (staff)      – username: secretariat"
	@echo "    association admin 觀塘   – username: kwuntong-admin"
	@echo "    member enterprise        – username: member1"
	@echo "    festival merchant        – username: merchant1 (counter staff: cashier1)"
	@echo ""
	export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	  $(PYTHON) manage.py db_worker --interval 2 >var/worker.log 2>&1 & \
	  trap 'kill %1 2>/dev/null' EXIT; \
	  $(PYTHON) manage.py runserver $(HOST):$(PORT)

setup: install assets messages migrate

system-deps:  ## gettext for compiled translations (apt-get when root and missing)
	@command -v msgfmt >/dev/null || { echo "Installing gettext…"; \
	  ( [ -n "$(SUDO)" ] && ! command -v sudo >/dev/null ) && { echo "Please install gettext (msgfmt)"; exit 1; }; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }

$(STAMP): requirements/base.txt requirements/dev.txt
	@test -x $(PYTHON) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip >/dev/null
	$(BIN)/pip install -q -r requirements/dev.txt
	@touch $(STAMP)

install: $(STAMP)

var/vendor/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p var/vendor/htmx.org/dist var/vendor/chart.js/dist var/vendor/jsqr/dist
	cp node_modules/jsqr/dist/jsQR.js var/vendor/jsqr/dist/
	cp node_modules/htmx.org/dist/htmx.min.js var/vendor/htmx.org/dist/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map var/vendor/chart.js/dist/
	@touch $@

assets: var/vendor/.stamp

messages: system-deps install
	@if find shanglian -name '*.po' -print -quit | grep -q .; then \
	  cd shanglian && ../$(PYTHON) ../manage.py compilemessages --ignore=.venv -v0; \
	else echo "No translation catalogues (.po) yet: nothing to compile"; fi

migrate: install
	$(PYTHON) manage.py migrate --noinput -v0

demo: migrate
	$(PYTHON) manage.py demo

browser-deps:  ## Debian's Chromium for the real-browser tests
	@command -v chromium >/dev/null || { echo "Installing chromium…"; \
	  ( $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null ) \
	  || echo "chromium unavailable: browser tests will be skipped"; }

test: install assets messages browser-deps  ## The whole suite (SQLite, or DATABASE_URL)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	@TESTING=1 $(BIN)/pytest -q; rc=$$?; \
	  if [ $$rc = 5 ]; then echo "pytest collected no tests: treating that as a failure" >&2; fi; \
	  exit $$rc

smoke: install assets messages  ## Start the app as production does (DEBUG=0, gunicorn) and fetch the main pages
	bash scripts/smoke_production.sh

lint:
	$(BIN)/ruff check .
	$(BIN)/lint-imports

screenshots: install assets messages browser-deps  ## Regenerate docs/screenshots/ (main pages × 3 languages × desktop/phone)
	@fc-list :lang=zh 2>/dev/null | grep -q . || { echo "Installing Chinese fonts for the screenshots…"; \
	  ( $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null ) \
	  || echo "fonts-noto-cjk unavailable: Chinese text will show as boxes"; }
	$(PYTHON) scripts/screenshots_docs.py

bench: install  ## Benchmarks (figures, not pass/fail); see bench/README.md
	$(PYTHON) bench/run_all.py

clean:
	rm -rf $(VENV) node_modules var/vendor var/static
