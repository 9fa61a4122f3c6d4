#!/usr/bin/env bash
# The whole test suite.  Usage: bash scripts/test.sh [embedded|services|all] [pytest args…]
#   embedded  SQLite, tasks in-process, browser tests; includes the slow tests (run once, here).
#   services  PostgreSQL + Redis + a real `celery worker` this script starts and stops.
#   all       (default) both legs; the services leg runs when PostgreSQL and Redis answer,
#             and with CI=true their absence fails the run instead of skipping it.
set -euo pipefail
cd "$(dirname "$0")/.."
leg=${1:-all}
[ $# -gt 0 ] && shift
bash scripts/setup.sh
PY=.venv/bin/python
mkdir -p test-artifacts

# Configuration the caller's shell might carry must not leak into the embedded leg.
CONFIG_VARS=(DATABASE_URL DATABASE_TEST_NAME CELERY_BROKER_URL CELERY_RESULT_BACKEND)

run_embedded() {
  echo "=== Test leg: embedded default (SQLite, tasks in-process, browser) ==="
  env "${CONFIG_VARS[@]/#/-u}" "$PY" -m pytest -m "not services" "$@"
}

PG_URL=${SERVICES_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/reconversion}
PG_TEST_DB=${SERVICES_TEST_DATABASE:-test_reconversion}
REDIS_URL=${SERVICES_REDIS_URL:-redis://127.0.0.1:6379/1}

services_missing() {
  "$PY" - "$PG_URL" "$REDIS_URL" <<'PYEOF'
import sys
import dj_database_url, psycopg2, redis
db = dj_database_url.parse(sys.argv[1])
missing = []
try:
    psycopg2.connect(dbname="postgres", user=db["USER"], password=db["PASSWORD"] or None,
                     host=db["HOST"], port=db["PORT"] or 5432, connect_timeout=3).close()
except Exception as exc:
    missing.append(f"PostgreSQL at {db['HOST']}:{db['PORT']} ({exc.__class__.__name__})")
try:
    redis.Redis.from_url(sys.argv[2], socket_connect_timeout=3).ping()
except Exception as exc:
    missing.append(f"Redis at {sys.argv[2]} ({exc.__class__.__name__})")
print("; ".join(missing))
PYEOF
}

run_services() {
  echo "=== Test leg: services (PostgreSQL + Redis + real Celery worker) ==="
  local missing
  missing=$(services_missing)
  if [ -n "$missing" ]; then
    if [ "${CI:-}" = "true" ]; then
      echo "FAIL: services leg needs $missing" >&2
      return 1
    fi
    echo "SKIPPED services leg: not reachable: $missing (see docs/architecture.md, 'Full stack')." >&2
    return 0
  fi
  export DATABASE_URL="$PG_URL" DATABASE_TEST_NAME="$PG_TEST_DB"
  export CELERY_BROKER_URL="$REDIS_URL" CELERY_RESULT_BACKEND="$REDIS_URL"
  # The worker works on the database pytest creates, so tests marked `services` see their data.
  local base="${PG_URL%/*}"
  DATABASE_URL="$base/$PG_TEST_DB" .venv/bin/celery -A reconversion worker \
    --loglevel=INFO --concurrency=2 --hostname="ci-worker@%h" \
    >test-artifacts/celery-worker.log 2>&1 &
  local worker=$!
  trap 'kill $worker 2>/dev/null || true; wait $worker 2>/dev/null || true' RETURN
  for _ in $(seq 1 30); do
    if .venv/bin/celery -A reconversion inspect ping --timeout 1 >/dev/null 2>&1; then break; fi
    sleep 1
  done
  echo "Celery worker $worker is up: $(.venv/bin/celery -A reconversion inspect ping --timeout 2 2>&1 | grep -c pong) replied to ping"
  # Slow and browser tests already ran once in the embedded leg.
  local status=0
  "$PY" -m pytest -m "not slow and not e2e" --create-db "$@" || status=$?
  echo "--- last lines of the worker log ---"
  tail -n 15 test-artifacts/celery-worker.log
  return $status
}

case "$leg" in
  embedded) run_embedded "$@" ;;
  services) run_services "$@" ;;
  all) run_embedded "$@"; run_services "$@" ;;
  *) echo "usage: bash scripts/test.sh [embedded|services|all] [pytest args…]" >&2; exit 2 ;;
esac
