#!/usr/bin/env bash
# Fuzzes the whole API from its OpenAPI schema against a real running server; fails on any 5xx.
# The server runs on a throwaway SQLite copy with the demo catalogue and a signed-in token user,
# so personal endpoints are exercised too, not only refused.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${SCHEMATHESIS_PORT:-8765}
workdir=$(mktemp -d)
export DATABASE_URL="sqlite:///$workdir/api.sqlite3"
unset CELERY_BROKER_URL CELERY_RESULT_BACKEND DATABASE_TEST_NAME
export DEBUG=1 AXES_ENABLED=0
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed_demo -v0
token=$("$PY" manage.py shell -v0 -c "
from rest_framework.authtoken.models import Token
from accounts.models import User
user, _ = User.objects.get_or_create(username='fuzzer', defaults={'email': 'fuzzer@example.com'})
print(Token.objects.get_or_create(user=user)[0].key)")
"$PY" manage.py runserver "127.0.0.1:$PORT" --noreload >"$workdir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$workdir"' EXIT
for _ in $(seq 1 40); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
echo "=== schemathesis against http://127.0.0.1:$PORT/api/schema/ (server pid $server) ==="
status=0
.venv/bin/schemathesis run "http://127.0.0.1:$PORT/api/schema/" \
  --checks not_a_server_error \
  --header "Authorization: Token $token" \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-25}" \
  --workers 2 --seed 20261126 --no-color --request-timeout 30 || status=$?
if grep -q "Internal Server Error\|Traceback" "$workdir/server.log"; then
  echo "Server errors in the log:" >&2
  grep -B2 -A20 "Traceback" "$workdir/server.log" | head -80 >&2
  status=1
fi
exit $status
