# The two commands of the README:
#   make run   - set everything up and run the app with demo data (SQLite, no broker server)
#   make test  - set everything up and run the whole test suite
# Both create the virtualenv, install the pinned packages and the front-end assets first.
# For operators: make serve-prod - the production stack (README, "Productie").

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Links in mails point at the address the app runs on (make run PORT=8101 -> port 8101).
ZVH_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run serve-prod test bench bench-scale screenshots setup setup-test assets browser migrate demo check clean

$(VENV)/.requirements: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.requirements-test: requirements-test.txt $(VENV)/.requirements
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

static/vendor/.installed: package.json package-lock.json scripts/vendor-assets.sh
	bash scripts/vendor-assets.sh
	touch $@

assets: static/vendor/.installed

setup: $(VENV)/.requirements assets

setup-test: $(VENV)/.requirements-test assets browser

browser:
	bash scripts/ensure-chromium.sh

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	ZVH_BASE_URL=$(ZVH_BASE_URL) $(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "  ZVH draait op http://127.0.0.1:$(PORT)/  (inloggen: zie README, wachtwoord 'demo')"
	@echo "  Verstuurde e-mail: http://127.0.0.1:$(PORT)/ontwikkeling/postvak/"
	@echo ""
	PORT=$(PORT) ZVH_BASE_URL=$(ZVH_BASE_URL) $(VENV)/bin/honcho -f Procfile.dev start

# Production: gunicorn, a worker per queue and beat, after check --deploy, migrate and collectstatic.
serve-prod: setup
	bash scripts/serve-production.sh

test: setup-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run --settings=zvh.settings.test
	$(PY) -m pytest $(PYTEST_ARGS)

# Response times and query counts of the busiest pages with 5,000 cases (not part of `make test`).
bench: setup-test
	$(PY) -m pytest -q benchmarks/bench_pages.py

# The README's screenshots (docs/images/): each role's main pages, made by the browser-test set-up.
screenshots: setup-test
	$(PY) -m pytest -q tests/browser/screenshots.py

# The key pages at national scale against references in the same run (docs/benchmarks.md):
# 100,000 cases and 10 million audit rows in BENCH_DATABASE_URL (made once), gunicorn, wrk.
bench-scale: setup-test
	bash scripts/bench-scale.sh

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles var db.sqlite3
