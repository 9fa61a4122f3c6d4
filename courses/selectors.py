"""Reads of the catalogue: what a user may see, search, and where the catalogue falls short."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Q, Value, When

from skills.models import OccupationSkill

from .models import Resource, ResourceSkill
from .services import SEARCH_CONFIG


def resources_visible_to(user):
    """Published resources for everyone; staff curators also see drafts and archives."""
    return Resource.objects.visible_to(user)


def resource_search(
    *,
    user,
    q: str = "",
    kind: str = "",
    language: str = "",
    format: str = "",
    level: str = "",
    provider: str = "",
    skill: str = "",
    price_min: Decimal | None = None,
    price_max: Decimal | None = None,
    hours_min: Decimal | None = None,
    hours_max: Decimal | None = None,
):
    """The catalogue a user may see, filtered, and ranked by relevance when there is a query.

    On PostgreSQL the query is full text (websearch syntax) over title, provider, skill labels
    and description, using the GIN-indexed `search_vector`; on SQLite every word must appear in
    one of those fields, and title matches come first.
    """
    # The tsvector is only for matching and ranking in the database: never ship it to Python.
    queryset = resources_visible_to(user).select_related("provider").defer("search_vector")
    exact = {"kind": kind, "language": language, "format": format, "level": level}
    queryset = queryset.filter(**{name: value for name, value in exact.items() if value})
    if provider:
        queryset = queryset.filter(provider__slug=provider)
    if price_min is not None:
        queryset = queryset.filter(price__gte=price_min)
    if price_max is not None:
        queryset = queryset.filter(price__lte=price_max)
    if hours_min is not None:
        queryset = queryset.filter(hours__gte=hours_min)
    if hours_max is not None:
        queryset = queryset.filter(hours__lte=hours_max)
    if skill:
        skill_match = Q(skill_id=int(skill)) if str(skill).isdigit() else Q(skill__uri=skill)
        teaches = ResourceSkill.objects.filter(
            skill_match, resource=OuterRef("pk"), level_taught__gt=0
        )
        queryset = queryset.filter(Exists(teaches))
    q = (q or "").strip()
    if not q:
        return queryset.order_by("title", "id")
    if connection.vendor == "postgresql":
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        # Every match is ranked before the page is cut, so the provider is fetched for the
        # page's rows only (one small query) instead of being joined to all the matches.
        return (
            queryset.filter(search_vector=query)
            .select_related(None)
            .prefetch_related("provider")
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "title", "id")
        )
    for word in q.split():
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(keywords__icontains=word)
        )
    return queryset.annotate(
        rank=Case(
            When(title__icontains=q, then=Value(2)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("-rank", "title", "id")


def with_skills(queryset):
    """Prefetch skill links with their skills (one extra query for a whole page)."""
    return queryset.prefetch_related(
        Prefetch("skill_links", queryset=ResourceSkill.objects.select_related("skill"))
    )


@dataclass
class SkillGap:
    skill_id: int
    skill: str
    required_level: int
    best_level: int
    roles: list[str] = field(default_factory=list)


@dataclass
class RoleGaps:
    code: str
    title: str
    sectors: list[str]
    required: int
    closable: int
    gaps: list[SkillGap]


def catalogue_gaps() -> list[RoleGaps]:
    """For every target role, which required skills no published resource teaches to level.

    A skill is closable for a role when some published resource's `level_taught` reaches the
    level the role requires. Roles come sorted by sector then title.
    """
    best: dict[int, int] = {}
    for skill_id, level in ResourceSkill.objects.filter(
        resource__status=Resource.Status.PUBLISHED, level_taught__gt=0
    ).values_list("skill_id", "level_taught"):
        best[skill_id] = max(level, best.get(skill_id, 0))
    requirements = (
        OccupationSkill.objects.filter(occupation__is_target=True)
        .select_related("occupation", "skill")
        .prefetch_related("occupation__sectors")
        .order_by("occupation__title", "occupation_id", "-level", "skill__name")
    )
    roles: dict[int, RoleGaps] = {}
    for requirement in requirements:
        occupation = requirement.occupation
        role = roles.get(occupation.id)
        if role is None:
            role = roles[occupation.id] = RoleGaps(
                code=occupation.code,
                title=occupation.title,
                sectors=sorted(sector.name for sector in occupation.sectors.all()),
                required=0,
                closable=0,
                gaps=[],
            )
        role.required += 1
        reached = best.get(requirement.skill_id, 0)
        if reached >= requirement.level:
            role.closable += 1
        else:
            role.gaps.append(
                SkillGap(requirement.skill_id, requirement.skill.name, requirement.level, reached)
            )
    return sorted(roles.values(), key=lambda r: (r.sectors[:1] or ["~"], r.title))
