"""Reads of the catalogue: what a user may see, search, and where the catalogue falls short."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.urls import reverse
from django.utils.translation import get_language

from accounts.models import User
from skills.models import OccupationSkill, Skill

from .levels import COURSE_LEVELS
from .models import Resource, ResourceSkill, SkillSuggestion
from .search import full_text_match


def resources_visible_to(user: User | AnonymousUser | None) -> QuerySet[Resource]:
    """Published resources for everyone; staff curators also see drafts and archives."""
    return Resource.objects.visible_to(user)


def resource_search(
    *,
    user: User | AnonymousUser | None,
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
    reader_language: str | None = None,
) -> QuerySet[Resource]:
    """The catalogue a user may see, filtered, and ranked by relevance when there is a query.

    On PostgreSQL the query is full text (websearch syntax) over title, provider, skill labels
    and description, using the GIN-indexed `search_vector`, read in each row's language and in
    the reader's (`reader_language`, by default the active language; see courses.search); on
    SQLite every word must appear in one of those fields, and title matches come first.
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
        skill_match = Q(skill_id=int(skill)) if str(skill).isdecimal() else Q(skill__uri=skill)
        teaches = ResourceSkill.objects.filter(
            skill_match, resource=OuterRef("pk"), level_taught__gt=0
        )
        queryset = queryset.filter(Exists(teaches))
    q = (q or "").strip()
    if not q:
        return queryset.order_by("title", "id")
    if connection.vendor == "postgresql":
        matched, query = full_text_match(
            queryset, q=q, reader_language=reader_language or get_language() or ""
        )
        # Every match is ranked before the page is cut, so the provider is fetched for the
        # page's rows only (one small query) instead of being joined to all the matches.
        return (
            matched.select_related(None)
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


def with_skills(queryset: QuerySet[Resource]) -> QuerySet[Resource]:
    """Prefetch skill links with their skills (one extra query for a whole page)."""
    return queryset.prefetch_related(
        Prefetch("skill_links", queryset=ResourceSkill.objects.select_related("skill"))
    )


# The level a curator accepts a suggestion at unless they choose another (the review page
# proposes it): what the course's own difficulty promises (courses.levels, the one rule).
ACCEPT_LEVEL = {name: reached for name, (_required, reached) in COURSE_LEVELS.items()}


@dataclass
class SkillGap:
    skill_id: int
    skill: str
    required_level: int
    best_level: int
    roles: list[str] = field(default_factory=list)
    # Resources awaiting curation that would close it once accepted: drafts whose links reach
    # the level, or pending suggestions whose acceptance level reaches it.
    drafts: int = 0
    regulated: bool = False  # only a regulated qualification grants it, not a course

    @property
    def review_url(self) -> str:
        return review_queue_url(self.skill_id, self.required_level)


@dataclass
class RoleGaps:
    code: str
    title: str
    sectors: list[str]
    required: int
    closable: int
    gaps: list[SkillGap]


@dataclass
class DemandedSkill:
    """One skill target roles require, at the highest level any of them needs."""

    skill_id: int
    skill: str
    required_level: int
    best_level: int  # the best a published resource teaches it (or its twin)
    published: int  # published resources that teach it to the required level
    drafts: int  # see SkillGap.drafts
    regulated: bool
    roles: list[str] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return self.regulated or self.best_level < self.required_level

    @property
    def review_url(self) -> str:
        return review_queue_url(self.skill_id, self.required_level)


def review_queue_url(skill_id: int, level: int) -> str:
    """The admin list of the resources that would close this gap once accepted (one click from
    the gaps report to the review queue; filtered by `courses.admin.ClosesGapFilter`)."""
    return f"{reverse('admin:courses_resource_changelist')}?closes={skill_id}-{level}"


def skill_concepts() -> dict[int, int]:
    """Skill id → the id of the one concept it names again (`same_as`), for twins only."""
    twins = Skill.objects.filter(same_as__isnull=False).values_list("id", "same_as_id")
    return {skill_id: same_as for skill_id, same_as in twins if same_as is not None}


def concept_skill_ids(skill_id: int) -> set[int]:
    """A skill and its twins: the ids gaps treat as one concept."""
    root = Skill.objects.filter(id=skill_id).values_list("same_as_id", flat=True).first()
    root = root or skill_id
    return {root, *Skill.objects.filter(same_as_id=root).values_list("id", flat=True)}


class _Supply:
    """Per concept, (resource, level) pairs: published links, and what curation would add."""

    def __init__(self) -> None:
        self._concepts = skill_concepts()
        self.published: dict[int, dict[int, int]] = {}
        self.pending: dict[int, dict[int, int]] = {}
        links = ResourceSkill.objects.filter(
            level_taught__gt=0,
            resource__status__in=[Resource.Status.PUBLISHED, Resource.Status.DRAFT],
        ).values_list("skill_id", "resource_id", "level_taught", "resource__status")
        for skill_id, resource_id, level, status in links:
            target = self.published if status == Resource.Status.PUBLISHED else self.pending
            self._add(target, skill_id, resource_id, level)
        suggestions = SkillSuggestion.objects.filter(
            decision=SkillSuggestion.Decision.PENDING,
            resource__status__in=[Resource.Status.PUBLISHED, Resource.Status.DRAFT],
        ).values_list("skill_id", "resource_id", "resource__level")
        for skill_id, resource_id, resource_level in suggestions:
            self._add(self.pending, skill_id, resource_id, ACCEPT_LEVEL.get(resource_level, 2))

    def concept(self, skill_id: int) -> int:
        return self._concepts.get(skill_id, skill_id)

    def _add(
        self, target: dict[int, dict[int, int]], skill_id: int, resource_id: int, level: int
    ) -> None:
        per_resource = target.setdefault(self.concept(skill_id), {})
        per_resource[resource_id] = max(level, per_resource.get(resource_id, 0))

    def best(self, skill_id: int) -> int:
        return max(self.published.get(self.concept(skill_id), {}).values(), default=0)

    def count(self, target: dict[int, dict[int, int]], skill_id: int, level: int) -> int:
        return sum(1 for lv in target.get(self.concept(skill_id), {}).values() if lv >= level)


def _target_requirements() -> QuerySet[OccupationSkill]:
    return (
        OccupationSkill.objects.filter(occupation__is_target=True)
        .select_related("occupation", "skill")
        .prefetch_related("occupation__sectors")
        .order_by("occupation__title", "occupation_id", "-level", "skill__name")
    )


def catalogue_gaps() -> list[RoleGaps]:
    """For every target role, which required skills no published resource teaches to level.

    A skill is closable for a role when some published resource's `level_taught` for it (or
    its ESCO/O*NET twin) reaches the level the role requires, unless only a regulated
    qualification grants it (`Skill.regulated`): that one is always a gap, flagged. Each gap
    counts the resources awaiting curation that would close it. Roles come sorted by sector
    then title.
    """
    supply = _Supply()
    roles: dict[int, RoleGaps] = {}
    for requirement in _target_requirements():
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
        skill, level = requirement.skill, requirement.level
        reached = supply.best(skill.id)
        # A regulated skill stays open whatever the catalogue teaches: a course or project
        # about radiation protection does not grant the qualification a role needs.
        if reached >= level and not skill.regulated:
            role.closable += 1
        else:
            role.gaps.append(
                SkillGap(
                    skill.id,
                    skill.name,
                    level,
                    reached,
                    drafts=supply.count(supply.pending, skill.id, level),
                    regulated=skill.regulated,
                )
            )
    return sorted(roles.values(), key=lambda r: (r.sectors[:1] or ["~"], r.title))


def demanded_skills() -> list[DemandedSkill]:
    """Every skill a target role requires (twins as one), at the highest level required, with
    what the catalogue offers: published resources reaching it, and drafts that would.
    Gaps first, most demanded first."""
    supply = _Supply()
    by_concept: dict[int, DemandedSkill] = {}
    for requirement in _target_requirements():
        skill = requirement.skill
        entry = by_concept.get(supply.concept(skill.id))
        if entry is None:
            entry = by_concept[supply.concept(skill.id)] = DemandedSkill(
                skill.id, skill.name, 0, supply.best(skill.id), 0, 0, skill.regulated
            )
        entry.required_level = max(entry.required_level, requirement.level)
        entry.regulated = entry.regulated or skill.regulated
        entry.roles.append(requirement.occupation.title)
    for entry in by_concept.values():
        entry.published = supply.count(supply.published, entry.skill_id, entry.required_level)
        entry.drafts = supply.count(supply.pending, entry.skill_id, entry.required_level)
    return sorted(
        by_concept.values(), key=lambda e: (not e.is_gap, -len(e.roles), e.skill.casefold())
    )


def resources_closing_gap(*, skill_id: int, level: int) -> QuerySet[Resource]:
    """The resources awaiting curation that would close a gap once accepted (the same rule as
    `SkillGap.drafts`): drafts teaching the skill or a twin to `level`, and resources with a
    pending suggestion for it whose acceptance level reaches `level`."""
    ids = concept_skill_ids(skill_id)
    levels = [name for name, accepted in ACCEPT_LEVEL.items() if accepted >= level]
    return Resource.objects.filter(
        Q(
            status=Resource.Status.DRAFT,
            skill_links__skill_id__in=ids,
            skill_links__level_taught__gte=level,
        )
        | Q(
            status__in=[Resource.Status.PUBLISHED, Resource.Status.DRAFT],
            suggestions__skill_id__in=ids,
            suggestions__decision=SkillSuggestion.Decision.PENDING,
            level__in=levels,
        )
    ).distinct()
