"""Current-job search latency over the real ESCO occupations (EN + FR), on SQLite or PostgreSQL.

Uses its own database: BENCH_DATABASE_URL, default a SQLite file in /tmp; with
postgres://…/reconv_bench_occupation_search it creates the database on the local server. Loads
the repo's ESCO snapshot when the database holds no ESCO occupations yet. Then it types job
titles people search for, in English and French (with and without accents), prefix by prefix,
and times (a) the search the onboarding uses, first 10 matches, (b) the whole live-search
request GET /search/occupations/?q=… and (c) the query shape it replaced (title/title_fr
icontains, no alternative titles), for comparison. The LAST stdout line is one JSON object.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.skill_search import ensure_database, percentile  # noqa: E402

DEFAULT_URL = "sqlite:////tmp/reconv_bench_occupation_search.sqlite3"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)

TITLES = [
    "graphic designer",
    "designer graphique",
    "graphiste",
    "credit analyst",
    "analyste crédit",
    "marketing manager",
    "responsable marketing",
    "registered nurse",
    "infirmière",
    "infirmiere",
    "accountant",
    "comptable",
    "data analyst",
    "secrétaire médicale",
    "bank clerk",
    "customer service",
    "développeur web",
    "web developer",
    "teacher",
    "électricien",
]


def timed(function, queries) -> list[float]:
    out = []
    for q in queries:
        started = time.perf_counter()
        function(q)
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconversion.settings")
    if DATABASE_URL.startswith("postgres"):
        ensure_database()  # skill_search's, on the same BENCH_DATABASE_URL
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Q
    from django.test import Client

    from advisor import selectors
    from skills.models import Occupation, Source
    from skills.selectors import occupation_search

    call_command("migrate", verbosity=0)
    load_seconds = None
    if not Occupation.objects.filter(source=Source.ESCO).exists():
        started = time.monotonic()
        call_command("taxonomy_snapshot", "load", verbosity=0)
        load_seconds = round(time.monotonic() - started, 1)

    def old_shape(q):
        return list(
            Occupation.objects.filter(Q(title__icontains=q) | Q(title_fr__icontains=q))
            .order_by("-is_target", "title")
            .only("id", "code", "title", "title_fr")[:10]
        )

    queries = [t[:n] for t in TITLES for n in range(2, len(t) + 1)]
    client = Client(HTTP_HOST="localhost")
    for q in queries[:20]:  # warm caches and connections
        selectors.occupation_search(query=q)
    search_ms = timed(lambda q: selectors.occupation_search(query=q), queries)
    page_ms = timed(
        lambda q: client.get(f"/search/occupations/?q={quote(q)}").status_code == 200 or q / 0,
        queries,
    )
    old_ms = timed(old_shape, queries)
    found = {t: [o.title for o in selectors.occupation_search(query=t)[:1]] for t in TITLES}
    index_used = None
    if connection.vendor == "postgresql":
        plan = occupation_search("infirmière")[:10].explain()
        index_used = "skills_occupation_search_trgm" in plan
    result = {
        "bench": "occupation_search",
        "database": connection.vendor,
        "occupations": Occupation.objects.count(),
        "queries": len(queries),
        "search_p50_ms": round(statistics.median(search_ms), 2),
        "search_p95_ms": round(percentile(search_ms, 0.95), 2),
        "page_p50_ms": round(statistics.median(page_ms), 2),
        "page_p95_ms": round(percentile(page_ms, 0.95), 2),
        "old_shape_p50_ms": round(statistics.median(old_ms), 2),
        "old_shape_p95_ms": round(percentile(old_ms, 0.95), 2),
        "trigram_index_used": index_used,
        "snapshot_load_s": load_seconds,
        "first_result": found,
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
