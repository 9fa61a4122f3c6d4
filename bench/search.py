"""Catalogue search latency on PostgreSQL with 100k generated resources.

Uses its own database (BENCH_DATABASE_URL, default reconv_issue4_bench on 127.0.0.1), migrates
it, fills it once with 100,000 resources (90% published, two skills each) and times typical
queries as the catalogue page runs them: the count plus the first page of 20, through
courses.selectors.resource_search; broad one-word queries (a third of the catalogue matches
"learn") are timed apart as broad_p50_ms/broad_p95_ms. Last stdout line: one JSON object
with p50/p95 in ms.
"""

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/reconv_issue4_bench")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconversion.settings")
SIZE = int(os.environ.get("BENCH_RESOURCES", "100000"))
REPEAT = 15


def create_database() -> None:
    import psycopg2

    parsed = urlparse(URL)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username or "postgres",
        dbname="postgres",
    )  # fmt: skip
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def real_texts() -> list[tuple[str, str]]:
    """(title, description) pairs from the three real scrapes, for realistic word frequencies."""
    import pandas as pd

    folder = ROOT.parent / "shared" / "data" / "courses"
    read = lambda name: pd.read_csv(folder / name, dtype=str, keep_default_na=False)  # noqa: E731
    coursera, edx, udemy = (read(f"{n}_courses.csv") for n in ("coursera", "edx", "udemy"))
    return (
        list(zip(coursera.course_title, coursera.course_description, strict=True))
        + list(zip(edx.title, edx.summary + " " + edx.course_description, strict=True))
        + list(zip(udemy.course_title, udemy.subject, strict=True))
    )


WORDS = (
    "data analysis python machine learning finance risk marketing health care nursing sql "
    "statistics excel accounting audit cloud security design ux research project management "
    "leadership communication negotiation sales budget forecasting ethics regulation compliance "
    "deep neural networks visualisation dashboards customer insight clinical records privacy "
    "automation prompt engineering model evaluation governance strategy operations supply chain"
).split()


def fill(size: int) -> None:
    from django.db import connection

    from courses.models import Provider, Resource, ResourceSkill
    from courses.search import search_vector_expression
    from skills.models import Skill

    filled = not Resource.objects.filter(search_vector__isnull=True).exists()
    real = Resource.objects.filter(title__icontains="python").exists()
    if Resource.objects.count() == size and filled and real:
        return
    random.seed(4)
    ResourceSkill.objects.all().delete()
    Resource.objects.all().delete()
    providers = [
        Provider.objects.get_or_create(slug=f"bench-{i}", defaults={"name": f"School {i}"})[0]
        for i in range(50)
    ]
    Skill.objects.bulk_create(
        [
            Skill(uri=f"urn:bench:{i}", source="curated", kind="skill",
                  name=" ".join(random.sample(WORDS, 2)) + f" {i}")
            for i in range(500)
        ],
        ignore_conflicts=True,
    )  # fmt: skip
    skill_ids = list(
        Skill.objects.filter(uri__startswith="urn:bench:").values_list("id", flat=True)
    )
    # Shares of each kind, named so that a new kind cannot shift them silently.
    kind_shares = {
        Resource.Kind.COURSE: 70,
        Resource.Kind.PROJECT: 15,
        Resource.Kind.HACKATHON: 5,
        Resource.Kind.COMPETITION: 5,
        Resource.Kind.CERTIFICATION: 5,
    }
    kinds, levels = list(kind_shares), list(Resource.Level.values)
    texts = real_texts()
    batch = []
    for i in range(size):
        batch.append(
            Resource(
                provider=random.choice(providers),
                external_id=str(i),
                kind=random.choices(kinds, weights=list(kind_shares.values()))[0],
                # A real title and another course's real description: real word frequencies.
                title=random.choice(texts)[0][:300],
                description=random.choice(texts)[1],
                url=f"https://bench.example/{i}",
                language=random.choices(["en", "fr", "es"], weights=[70, 20, 10])[0],
                format=random.choices(Resource.Format.values, weights=[80, 10, 10])[0],
                hours=random.randint(1, 200),
                price=random.choice([0, 0, 19, 49, 99, 300, 1200]),
                currency="EUR",
                level=random.choice(levels),
                status="published" if random.random() < 0.9 else "draft",
            )
        )
        if len(batch) == 5000:
            Resource.objects.bulk_create(batch)
            batch = []
    Resource.objects.bulk_create(batch)
    resource_ids = list(Resource.objects.values_list("id", flat=True))
    links = []
    for resource_id in resource_ids:
        for skill_id in random.sample(skill_ids, 2):
            links.append(ResourceSkill(resource_id=resource_id, skill_id=skill_id, level_taught=3))
    ResourceSkill.objects.bulk_create(links, batch_size=10000)
    with connection.cursor() as cursor:
        # The same keywords resources_refresh_search builds, in one statement for 100k rows.
        cursor.execute(
            """
            UPDATE courses_resource r SET keywords = p.name || ' · ' || coalesce(
                (SELECT string_agg(k.name, ' · ')
                 FROM courses_resourceskill l JOIN skills_skill k ON k.id = l.skill_id
                 WHERE l.resource_id = r.id AND l.level_taught > 0), '')
            FROM courses_provider p
            WHERE p.id = r.provider_id
            """
        )
    Resource.objects.update(search_vector=search_vector_expression())
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE courses_resource")


def main() -> None:
    create_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    fill(SIZE)
    fill_seconds = time.perf_counter() - started

    from courses.selectors import resource_search
    from skills.models import Skill

    skill_uri = Skill.objects.filter(uri__startswith="urn:bench:").values_list("uri", flat=True)[0]
    queries = [
        {},
        {"q": "python"},
        {"q": "machine learning"},
        {"q": "data analysis", "language": "en"},
        {"q": "financial risk", "price_max": 100},
        {"q": "health care", "kind": "course", "level": "beginner"},
        {"q": "marketing strategy", "hours_max": 40},
        {"kind": "project", "hours_max": 20},
        {"language": "fr", "price_max": 0},
        {"skill": skill_uri},
        {"q": "sql", "provider": "bench-7"},
    ]
    # Single common words that match a large share of the catalogue: the worst case of ranking
    # every match. Timed apart, so p50/p95 stay comparable with earlier runs.
    broad_queries = [{"q": "data"}, {"q": "management"}, {"q": "learn"}]

    def timed(query_set: list[dict]) -> list[float]:
        timings = []
        for _ in range(REPEAT):
            for filters in query_set:
                began = time.perf_counter()
                queryset = resource_search(user=None, **filters)
                queryset.count()
                # The page as users get it: provider names are shown on every card.
                [resource.provider.name for resource in queryset[:20]]
                timings.append((time.perf_counter() - began) * 1000)
        return sorted(timings)

    timings = timed(queries)
    broad = timed(broad_queries)
    from django.db import connection

    result = {
        "bench": "search",
        "database": connection.vendor,
        "resources": SIZE,
        "queries": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "max_ms": round(timings[-1], 1),
        "broad_p50_ms": round(statistics.median(broad), 1),
        "broad_p95_ms": round(broad[int(len(broad) * 0.95) - 1], 1),
        "fill_seconds": round(fill_seconds, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
