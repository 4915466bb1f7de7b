#!/usr/bin/env bash
# Install the pinned front-end packages (package-lock.json) and copy what the pages load into
# static/vendor/, so that everything is served locally (no CDN).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
mkdir -p static/vendor/bootstrap static/vendor/htmx
cp node_modules/bootstrap/dist/css/bootstrap.min.css static/vendor/bootstrap/
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
