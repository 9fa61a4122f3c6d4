"""Reads of the skills catalogue. It is public reference data: everyone may read all of it."""

from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, Q, QuerySet, Value, When
from django.db.models.functions import Length, Lower

from .models import Occupation, Sector, Skill

SEARCH_MAX_LENGTH = 100
# Word similarity above which a typo still finds the skill ("machin lerning" → machine learning).
FUZZY_THRESHOLD = 0.5


def skills_visible_to(user) -> QuerySet[Skill]:
    return Skill.objects.all()


def sectors_visible_to(user) -> QuerySet[Sector]:
    return Sector.objects.all()


def occupations_visible_to(user) -> QuerySet[Occupation]:
    return Occupation.objects.all()


def skill_search(query: str, *, queryset: QuerySet[Skill] | None = None) -> QuerySet[Skill]:
    """Skills whose label or any alternative label (English or French) contains `query`,
    best first: exact name, then names starting with it, then shorter names.

    On PostgreSQL the LIKE runs on a trigram index over `search_text`, and a word-similarity
    match also catches small typos; on SQLite it is a plain scan (fine at demo scale).
    """
    queryset = Skill.objects.all() if queryset is None else queryset
    needle = " ".join(query.split()).lower()[:SEARCH_MAX_LENGTH]
    if not needle:
        return queryset.none()
    matches = Q(search_text__contains=needle)
    order = []
    if connection.vendor == "postgresql" and len(needle) >= 3:
        from django.contrib.postgres.search import TrigramWordSimilarity

        matches |= Q(search_text__trigram_word_similar=needle)
        queryset = queryset.annotate(similarity=TrigramWordSimilarity(needle, "search_text"))
        order = ["-similarity"]
    lowered = Lower("name")
    return (
        queryset.filter(matches)
        .annotate(
            exact=ExpressionWrapper(Q(name__iexact=needle), output_field=BooleanField()),
            contained=ExpressionWrapper(
                Q(search_text__contains=needle), output_field=BooleanField()
            ),
            starts=Case(
                When(name__istartswith=needle, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            name_length=Length(lowered),
        )
        .order_by("-exact", "-starts", "-contained", *order, "name_length", "name", "id")
    )
