"""Caseload page and analytics time for a counsellor with many clients (issue 7).

Uses a throwaway SQLite file by default (BENCH_DATABASE_URL to point elsewhere, e.g. your own
PostgreSQL database), migrates it, creates N clients (BENCH_CLIENTS, default 500) each with a
finished assessment and a 6-step path, grants them all to one counsellor, then times
(a) the caseload QuerySet for the first page of 50, (b) the whole caseload page request,
(c) the caseload CSV export, (d) the pandas analytics. The LAST stdout line is one JSON object.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
N = int(os.environ.get("BENCH_CLIENTS", "500"))
RUNS = int(os.environ.get("BENCH_RUNS", "10"))
tmp = tempfile.mkdtemp(prefix="bench-caseload-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconversion.settings")
os.environ.setdefault("AXES_ENABLED", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
call_command("migrate", verbosity=0)

from counselling import analytics, exports, selectors  # noqa: E402
from tests.accounts.factories import CounsellorFactory  # noqa: E402
from tests.counselling.factories import client_with_plan  # noqa: E402
from tests.skills.factories import OccupationFactory, OccupationSkillFactory  # noqa: E402


def timed(fn) -> list[float]:
    out = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(ms: list[float]) -> dict:
    return {"median_ms": round(statistics.median(ms), 1), "max_ms": round(max(ms), 1)}


counsellor = CounsellorFactory(username="bench-counsellor")
roles = [OccupationFactory(is_target=True) for _ in range(5)]
for role in roles:
    for _ in range(8):
        OccupationSkillFactory(occupation=role)
build = time.perf_counter()
for i in range(N):
    client_with_plan(counsellor=counsellor, steps=6, target=roles[i % len(roles)])
build_s = time.perf_counter() - build

http = Client()
http.force_login(counsellor)
queries: list[str] = []


def count_queries(execute, sql, params, many, context):
    queries.append(sql)
    return execute(sql, params, many, context)


# A wrapper, not CaptureQueriesContext: Django empties its query log when a request starts.
with connection.execute_wrapper(count_queries):
    assert http.get("/counsellor/").status_code == 200
results = {
    "clients": N,
    "database": connection.vendor,
    "setup_s": round(build_s, 1),
    "page_queries": len(queries),
    "caseload_first_page": summary(
        timed(lambda: list(selectors.caseload_filtered(counsellor)[:50]))
    ),
    "caseload_page_request": summary(timed(lambda: http.get("/counsellor/"))),
    "caseload_csv": summary(timed(lambda: exports.caseload_rows(counsellor))),
    "analytics": summary(timed(lambda: analytics.caseload_analytics(counsellor))),
}
print(json.dumps(results))
