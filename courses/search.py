"""Search upkeep for the catalogue: the keywords and tsvector each resource is found by, and the
full-text query that reads them, each in the resource's own language.

A tsvector stores stemmed words without the configuration that stemmed them, so a query only
finds a row when both were stemmed the same way. Read as English, a French reader's "gestion
des projets" keeps "des", which the title "Gestion de projet" never says, and finds nothing;
read as French, "des" is a stop word and "projets" meets "projet". Each row is therefore
vectorised in its language's configuration, and each query is read in the row's configuration
and in the reader's.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import (
    CombinedSearchQuery,
    SearchQuery,
    SearchVector,
)
from django.db import connection
from django.db.models import Case, CharField, Expression, Q, QuerySet, Value, When
from django.db.models.expressions import CombinedExpression

from .models import Resource, ResourceSkill

# PostgreSQL's text-search configuration per resource language; `simple` (lower-case words, no
# stemming, no stop words) for a language PostgreSQL has no configuration of ours for.
SEARCH_CONFIGS = {"en": "english", "fr": "french", "es": "spanish"}
FALLBACK_CONFIG = "simple"


def search_config(language: str) -> str:
    """The configuration a text in `language` (ISO 639-1, any case, maybe "fr-ca") is read in."""
    return SEARCH_CONFIGS.get((language or "").lower()[:2], FALLBACK_CONFIG)


def _row_config(field: str = "language") -> Case:
    """Per row, the configuration of its `language` column (the SQL side of search_config)."""
    return Case(
        *(
            When(**{f"{field}__istartswith": code}, then=Value(config))
            for code, config in SEARCH_CONFIGS.items()
        ),
        default=Value(FALLBACK_CONFIG),
        output_field=CharField(),
    )


def search_vector_expression(*, keywords: str | Expression = "keywords") -> CombinedExpression:
    """Title weighs most, then provider and skill labels, then the description; each row in its
    own language's configuration."""
    config = _row_config()
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector(keywords, weight="B", config=config)
        + SearchVector("description", weight="C", config=config)
    )


def resources_refresh_search(*, resource_ids: Iterable[int]) -> None:
    """Rebuild the search keywords (provider, skill labels) and, on PostgreSQL, the tsvector."""
    resource_ids = list(resource_ids)
    for start in range(0, len(resource_ids), 1000):
        chunk = resource_ids[start : start + 1000]
        labels: dict[int, list[str]] = {}
        for resource_id, name in (
            ResourceSkill.objects.filter(resource_id__in=chunk, level_taught__gt=0)
            .order_by("resource_id", "skill__name")
            .values_list("resource_id", "skill__name")
        ):
            labels.setdefault(resource_id, []).append(name)
        keywords = {
            resource_id: " · ".join([provider, *labels.get(resource_id, [])])
            for resource_id, provider in Resource.objects.filter(id__in=chunk).values_list(
                "id", "provider__name"
            )
        }
        if not keywords:
            continue
        if connection.vendor != "postgresql":
            Resource.objects.bulk_update(
                [Resource(id=rid, keywords=text) for rid, text in keywords.items()], ["keywords"]
            )
            continue
        # One UPDATE writes both columns: writing them in turn left two dead row versions per
        # resource, bloating the table until the planner preferred sequential scans.
        new_keywords = Case(
            *(When(id=rid, then=Value(text)) for rid, text in keywords.items()),
            output_field=CharField(),
        )
        Resource.objects.filter(id__in=keywords).update(
            keywords=new_keywords, search_vector=search_vector_expression(keywords=new_keywords)
        )


def _query(q: str, config: str | Expression) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=config)


def _any_of(queries: list[SearchQuery]) -> SearchQuery | CombinedSearchQuery:
    combined: SearchQuery | CombinedSearchQuery = queries[0]
    for query in queries[1:]:
        combined = combined | query
    return combined


def full_text_match(
    queryset: QuerySet[Resource], *, q: str, reader_language: str
) -> tuple[QuerySet[Resource], SearchQuery | CombinedSearchQuery]:
    """PostgreSQL only: the resources `q` finds, and the query to rank them by.

    A row matches when `q`, read in the row's language or in the reader's, matches its vector.
    Every reading of `q` is a constant, parsed once per search rather than once per row: the
    first filter, `q` read in every configuration at once, is what the GIN index answers, and
    the exact test on those candidates picks, per language, the reading that applies. Ranking
    uses the constant union too, so a broad query ranks its thousands of matches without
    parsing `q` again for each.
    """
    readings = {
        config: _query(q, config) for config in sorted({*SEARCH_CONFIGS.values(), FALLBACK_CONFIG})
    }
    candidates = _any_of(list(readings.values()))
    known = Q()
    own_language = Q()
    for code, config in SEARCH_CONFIGS.items():
        language = Q(language__istartswith=code)
        own_language |= language & Q(search_vector=readings[config])
        known |= language
    own_language |= ~known & Q(search_vector=readings[FALLBACK_CONFIG])
    readers = Q(search_vector=readings[search_config(reader_language)])
    return queryset.filter(search_vector=candidates).filter(own_language | readers), candidates
