#!/usr/bin/env bash
# Fuzzes the whole API from its OpenAPI schema against a real running server, as each role: fails
# on any 5xx and on any answer the schema does not describe (status code, content type, headers,
# body), so the schema stays the API's exact contract (docs/api.md).
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
# The fuzzer repeats requests by design: rate limits far above what it sends (a 429 would still
# conform, it is in the schema, but would leave the endpoints behind it untested).
export RATE_LIMIT_SEARCH_ANON=100000/minute RATE_LIMIT_SEARCH_USER=100000/minute
export RATE_LIMIT_ASSESSMENTS=100000/hour RATE_LIMIT_IMPORTS=100000/hour
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed_demo -v0
# One token per role: a job-seeker (who also asks for a plan, so their paths exist), a counsellor
# the job-seeker granted access to, and staff (catalogue import).
read -r seeker_token counsellor_token staff_token < <("$PY" manage.py shell -v0 -c "
from rest_framework.authtoken.models import Token
from accounts.models import User
from advisor import selectors, services
from counselling.services.consent import access_grant
from skills.models import Occupation
seeker, _ = User.objects.get_or_create(username='fuzzer', defaults={'email': 'fuzzer@example.com'})
counsellor, _ = User.objects.get_or_create(username='fuzz-counsellor', defaults={'role': 'counsellor'})
staff, _ = User.objects.get_or_create(username='fuzz-staff', defaults={'role': 'staff', 'is_staff': True})
profile = selectors.profile_get_or_create(user=seeker)
services.assessment_create(profile=profile, target=Occupation.objects.filter(is_target=True).first())
access_grant(client=seeker, counsellor=counsellor, actor=seeker, via='code')
print(*(Token.objects.get_or_create(user=u)[0].key for u in (seeker, counsellor, staff)))")
"$PY" manage.py runserver "127.0.0.1:$PORT" --noreload >"$workdir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$workdir"' EXIT
# Up to a minute: on a busy machine the server takes a while to import everything.
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
echo "=== schemathesis against http://127.0.0.1:$PORT/api/schema/ (server pid $server) ==="
status=0
# Response conformance as well as "no 5xx". Left out: checks about how input is judged
# (negative_data_rejection, positive_data_acceptance: the schema types a field but the API also
# applies rules it cannot express, such as a known occupation code) and the stateful ones.
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance
CHECKS=$CHECKS,response_headers_conformance,response_schema_conformance
# One worker: with several threads, schemathesis on Python 3.11 hit an internal AST error once.
fuzz() {  # fuzz LABEL TOKEN [schemathesis options…]
  local label=$1 token=$2
  shift 2
  echo "--- as $label ---"
  .venv/bin/schemathesis run "http://127.0.0.1:$PORT/api/schema/" \
    --checks "$CHECKS" \
    --header "Authorization: Token $token" \
    --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-25}" \
    --wait-for-schema 60 --workers 1 --seed 20261126 --no-color --request-timeout 30 "$@" || status=$?
}
fuzz job-seeker "$seeker_token"
fuzz counsellor "$counsellor_token" --include-path-regex '^/api/v1/counsellor/'
fuzz staff "$staff_token" --include-path-regex '^/api/v1/resources/'
if grep -q "Internal Server Error\|Traceback" "$workdir/server.log"; then
  echo "Server errors in the log:" >&2
  grep -B2 -A20 "Traceback" "$workdir/server.log" | head -80 >&2
  status=1
fi
exit $status
