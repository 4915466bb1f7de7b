#!/usr/bin/env bash
# Start the production stack on this machine: web (gunicorn), a worker for the default queue,
# a worker for mail, and one beat, all with zvh.settings.production against DATABASE_URL and
# REDIS_URL. Migrates and collects the static files first. The environment must hold the
# production variables (README, "Productie"); the settings refuse to start without them.
# Stops everything on Ctrl-C or SIGTERM (honcho ends the whole group).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=zvh.settings.production
# The venv's programs (gunicorn, celery, honcho) first, wherever this is called from.
[ -d .venv/bin ] && export PATH="$PWD/.venv/bin:$PATH"
python manage.py check --deploy --fail-level WARNING
python manage.py migrate --noinput
python manage.py collectstatic --noinput --clear -v 0
exec honcho -f Procfile start
