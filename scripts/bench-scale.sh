#!/usr/bin/env bash
# make bench-scale: volume data and the scale benchmark (benchmarks/scale.py, docs/benchmarks.md).
# Production settings plus the reference URLs (benchmarks.settings), against the PostgreSQL
# database BENCH_DATABASE_URL (created and filled on the first run, reused afterwards) and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-wrk.sh

# Keys of the benchmark database, made once and kept: the volume data's BSNs are encrypted with
# them, so a second run must open them with the same keys. Never used for anything else.
mkdir -p var/bench
KEYS=var/bench/keys.env
if [ ! -f "$KEYS" ]; then
  .venv/bin/python - > "$KEYS" <<'PY'
import secrets
print(f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}")
print(f"FIELD_ENCRYPTION_KEY={secrets.token_urlsafe(32)}")
print(f"BSN_HASH_KEY={secrets.token_urlsafe(32)}")
print(f"AUDIT_HMAC_KEYS=bench:{secrets.token_urlsafe(48)}")
PY
fi
set -a
# shellcheck source=/dev/null
. "$KEYS"
DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zvh_bench_scale}"
REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/15}"
DJANGO_SETTINGS_MODULE=benchmarks.settings
# Nothing listens here: mails the cutoff job queues stay in the outbox.
EMAIL_URL="smtp://127.0.0.1:2"
ZVH_BASE_URL="https://zvh.example"
DJANGO_ALLOWED_HOSTS="127.0.0.1,testserver"
DJANGO_STATIC_ROOT="$PWD/var/bench/static"
AUDIT_CHECKPOINT_FILE="$PWD/var/bench/checkpoints.log"
set +a
exec .venv/bin/python benchmarks/scale.py
