"""Reads of the skills catalogue. It is public reference data: everyone may read all of it."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Length

from .models import Occupation, Sector, Skill, Source, fold, search_words

SEARCH_MAX_LENGTH = 100
# Taxonomies whose occupations are real jobs a person can hold today.
JOB_TAXONOMIES = (Source.ESCO, Source.ONET)
# When a phrase matches nothing, each word is cut to this many letters so that French and
# English forms of one word meet ("graphique" / "graphiste", "designer" / "designeuse").
STEM_LETTERS = 5


def skills_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Skill]:
    return Skill.objects.all()


def sectors_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Sector]:
    return Sector.objects.all()


def occupations_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Occupation]:
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


def current_jobs() -> QuerySet[Occupation]:
    """Occupations a person can name as their current or last job: taxonomy occupations, never
    the AI-era roles offered as targets. The demo's stand-in jobs count only in a database with
    no taxonomy loaded (seed_demo alone), so a real install never lists a job twice."""
    jobs = Occupation.objects.filter(is_target=False)
    taxonomy = jobs.filter(source__in=JOB_TAXONOMIES)
    return taxonomy if taxonomy.exists() else jobs


def skill_ids_by_reference(references: Iterable[str]) -> dict[str, int]:
    """The skill id each reference names, by URI or by id written in digits; references that
    name no skill are left out."""
    references = list(references)
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    ids = {int(r) for r in references if r.isdecimal() and len(r) < 19}
    uris = {r for r in references if not r.isdecimal()}
    found: dict[str, int] = {}
    for skill_id, uri in Skill.objects.filter(Q(id__in=ids) | Q(uri__in=uris)).values_list(
        "id", "uri"
    ):
        found[str(skill_id)] = found[uri] = skill_id
    return found


def occupation_search(
    query: str, *, queryset: QuerySet[Occupation] | None = None
) -> QuerySet[Occupation]:
    """Occupations with a title or alternative title (English or French, either half of a
    "masculin/féminin" title) containing a word that starts with `query`, ignoring case and
    accents. Best first (`rank`): 0 a title equal to the query (our curated everyday names
    count as titles), 1 an alternative title equal to it, 2 titles starting with it, 3 titles
    with a word starting with it, 4 the rest; shorter titles first within each. When the
    phrase matches nothing, every word of it must start a word of the labels, cut to its
    first letters ("designeur graphiques" finds "designer graphiste"). On PostgreSQL a
    trigram index over `search_text` serves every LIKE.
    """
    queryset = current_jobs() if queryset is None else queryset
    needle = fold(query[:SEARCH_MAX_LENGTH])
    if len(needle) < 2:
        return queryset.none()
    found = queryset.filter(search_text__contains=" " + needle)
    in_names = Q(search_names__contains=" " + needle)
    if not found.exists():
        stems = [" " + word[:STEM_LETTERS] for word in needle.split()]
        found = queryset.filter(*(Q(search_text__contains=stem) for stem in stems))
        in_names = Q(*(Q(search_names__contains=stem) for stem in stems))
    return found.annotate(
        rank=Case(
            When(search_names__contains=f"\n {needle}\n", then=Value(0)),
            When(search_text__contains=f"\n {needle}\n", then=Value(1)),
            When(search_names__contains=f"\n {needle}", then=Value(2)),
            When(in_names, then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        ),
        title_length=Length("title"),
    ).order_by("rank", "title_length", "title", "id")


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
