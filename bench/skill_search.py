"""Skill search latency over the real ESCO skills on PostgreSQL (issue 3: p95 ≤ 50 ms).

Uses its own database (BENCH_DATABASE_URL, default reconv_bench_skill_search on the local
server), creating it, migrating it and importing ../shared/data/esco when it holds no ESCO
skills yet. Then it types typical autocomplete queries, prefix by prefix, and times
(a) the selector fetching the first 10 matches and (b) the whole API request
GET /api/v1/skills/?search=… (count, page, serialization).
The LAST stdout line is one JSON object with the figures.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/reconv_bench_skill_search"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
ESCO_DIR = Path(os.environ.get("ESCO_DIR", ROOT.parent / "shared" / "data" / "esco"))

WORDS = [
    "machine learning",
    "data analysis",
    "statistics",
    "python",
    "sql",
    "graphic design",
    "project management",
    "customer service",
    "accounting",
    "financial analysis",
    "marketing",
    "social media",
    "teamwork",
    "communication",
    "nursing",
    "patient care",
    "risk management",
    "data protection",
    "user interface",
    "photoshop",
    "budget",
    "negotiat",
    "teach",
    "welding",
    "cloud",
    "excel",
    "leadership",
    "french",
    "sales",
    "research",
]


def ensure_database() -> None:
    import psycopg2

    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    admin = psycopg2.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconversion.settings")
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from skills.models import Skill, Source
    from skills.selectors import skill_search

    call_command("migrate", verbosity=0)
    import_seconds = None
    if Skill.objects.filter(source=Source.ESCO).count() < 13_000:
        started = time.monotonic()
        call_command("import_esco", str(ESCO_DIR), verbosity=0)
        import_seconds = round(time.monotonic() - started, 1)

    # Autocomplete: every prefix of 2+ characters, as a person types.
    queries = [word[:n] for word in WORDS for n in range(2, len(word) + 1)]
    client = Client(HTTP_HOST="localhost")
    for q in queries[:20]:  # warm caches and connections
        list(skill_search(q)[:10])
    selector_ms, api_ms = [], []
    for q in queries:
        started = time.perf_counter()
        list(skill_search(q)[:10])
        selector_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        response = client.get("/api/v1/skills/", {"search": q, "page_size": 10})
        api_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (q, response.status_code)
    result = {
        "bench": "skill_search",
        "database": "postgresql",
        "skills": Skill.objects.count(),
        "queries": len(queries),
        "selector_p50_ms": round(statistics.median(selector_ms), 2),
        "selector_p95_ms": round(percentile(selector_ms, 0.95), 2),
        "api_p50_ms": round(statistics.median(api_ms), 2),
        "api_p95_ms": round(percentile(api_ms, 0.95), 2),
        "esco_import_s": import_seconds,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
