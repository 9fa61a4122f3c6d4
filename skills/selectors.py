"""Reads of the skills catalogue. It is public reference data: everyone may read all of it."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, Q, QuerySet, Value, When
from django.db.models.functions import Length

from .models import Occupation, Sector, Skill, search_words

SEARCH_MAX_LENGTH = 100


def skills_visible_to(user) -> QuerySet[Skill]:
    return Skill.objects.all()


def sectors_visible_to(user) -> QuerySet[Sector]:
    return Sector.objects.all()


def occupations_visible_to(user) -> QuerySet[Occupation]:
    return Occupation.objects.all()


def skill_search(query: str, *, queryset: QuerySet[Skill] | None = None) -> QuerySet[Skill]:
    """Skills with a label or alternative label (English or French) containing a word that
    starts with `query` ("learn" finds "machine learning", not "e-learning's" middle),
    best first: exact name, then names starting with it, then shorter names.

    On PostgreSQL the LIKE runs on a trigram index over `search_text`; when nothing contains the
    query, a strict word-similarity match (same index) still finds small typos
    ("machin lerning"). On SQLite it is a plain scan, fine at demo scale.
    """
    queryset = Skill.objects.all() if queryset is None else queryset
    needle = search_words(query[:SEARCH_MAX_LENGTH])
    if not needle:
        return queryset.none()
    found = queryset.filter(search_text__contains=" " + needle)
    if connection.vendor == "postgresql" and len(needle) >= 4 and not found.exists():
        from django.contrib.postgres.search import TrigramStrictWordSimilarity

        return (
            queryset.filter(search_text__trigram_strict_word_similar=needle)
            .annotate(similarity=TrigramStrictWordSimilarity(needle, "search_text"))
            .order_by("-similarity", Length("name"), "name", "id")
        )
    return found.annotate(
        exact=ExpressionWrapper(Q(name__iexact=needle), output_field=BooleanField()),
        starts=Case(
            When(name__istartswith=needle, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        name_length=Length("name"),
    ).order_by("-exact", "-starts", "name_length", "name", "id")


@dataclass(frozen=True)
class PublishedChange:
    """How a move changes the published figures: β in percentage points, pay in USD a year.
    None where either side lacks the figure, or where a pay is only a lower bound ($208,000+)."""

    exposure_points: int | None
    pay_usd: int | None
    same_us_occupation: bool = False  # both reach the same O*NET-SOC codes


def published_change(*, current: Occupation, move: Occupation) -> PublishedChange:
    """From the figures of `current` to those of `move` (an AI-era role: those it extends)."""
    a, b = current.published_figures_from, move.published_figures_from
    points = None
    if a.ai_exposure_beta is not None and b.ai_exposure_beta is not None:
        points = round((b.ai_exposure_beta - a.ai_exposure_beta) * 100)
    pay = None
    exact = not (a.us_median_pay_at_least or b.us_median_pay_at_least)
    if a.us_median_pay is not None and b.us_median_pay is not None and exact:
        pay = b.us_median_pay - a.us_median_pay
    same = bool(a.published_codes) and a.published_codes == b.published_codes
    return PublishedChange(points, pay, same)
