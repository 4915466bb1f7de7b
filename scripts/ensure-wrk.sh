#!/usr/bin/env bash
# The scale benchmark loads pages with wrk, Debian's package (never a downloaded build).
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "wrk ontbreekt: installeer het met 'sudo apt-get install -y wrk'." >&2
  exit 1
fi
echo "wrk installeren (Debian-pakket)..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
