#!/usr/bin/env bash
# Install the pinned front-end packages (package-lock.json) and copy what the pages load into
# static/vendor/, so that everything is served locally (no CDN).
# The source maps go along: the minified files name them (sourceMappingURL), and production's
# manifest storage refuses to collect a file whose map is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
mkdir -p static/vendor/bootstrap static/vendor/htmx
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map static/vendor/bootstrap/
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/
cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
