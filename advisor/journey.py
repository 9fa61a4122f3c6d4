"""What the web pages need from the advisor, in one place.

The pages call these functions only. The engine, selectors, services and tasks belong to the
engine work (advisor/selectors.py, services.py, tasks.py); until they are merged this module
holds the smallest stand-ins so the pages can be built and tested, and each function says
which engine call replaces it. Turning the results into `RoleCard`/`GapRow` view models keeps
the templates independent of the engine's internal shapes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from courses.models import Resource, ResourceSkill
from skills.models import Occupation, OccupationSkill, Skill

from .models import Assessment, LearningPath, PathStep, Profile, ProfileSkill

SEARCH_LIMIT = 10
TOP_SKILLS = 3


@dataclass
class GapRow:
    skill: Skill
    current: int
    required: int
    weight: float = 1.0

    @property
    def gap(self) -> int:
        return max(0, self.required - self.current)


@dataclass
class RoleCard:
    occupation: Occupation
    readiness: float
    transferable: list[Skill] = field(default_factory=list)
    missing: list[GapRow] = field(default_factory=list)

    @property
    def readiness_percent(self) -> int:
        return round(self.readiness * 100)


# --- reads -------------------------------------------------------------------------------


def profile_get_or_create(*, user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def occupation_search(*, query: str, limit: int = SEARCH_LIMIT) -> list[Occupation]:
    query = query.strip()
    if len(query) < 2:
        return []
    return list(
        Occupation.objects.filter(
            Q(title__icontains=query) | Q(title_fr__icontains=query)
        ).order_by("title")[:limit]
    )


def skill_search(*, query: str, limit: int = SEARCH_LIMIT) -> list[Skill]:
    query = query.strip()
    if len(query) < 2:
        return []
    return list(
        Skill.objects.filter(Q(name__icontains=query) | Q(name_fr__icontains=query)).order_by(
            "name"
        )[:limit]
    )


def profile_levels(profile: Profile) -> dict[int, int]:
    return dict(ProfileSkill.objects.filter(profile=profile).values_list("skill_id", "level"))


def _requirements(occupations: Iterable[Occupation]) -> dict[int, list[OccupationSkill]]:
    rows: dict[int, list[OccupationSkill]] = {}
    for req in OccupationSkill.objects.filter(occupation__in=list(occupations)).select_related(
        "skill"
    ):
        rows.setdefault(req.occupation_id, []).append(req)
    return rows


def gap_rows(requirements: Iterable[OccupationSkill], levels: Mapping[int, int]) -> list[GapRow]:
    return [
        GapRow(req.skill, int(levels.get(req.skill_id, 0)), req.level, req.weight)
        for req in requirements
    ]


def readiness_of(rows: Iterable[GapRow]) -> float:
    rows = list(rows)
    total = sum(r.required * r.weight for r in rows)
    remaining = sum(r.gap * r.weight for r in rows)
    return 1.0 if total <= 0 else max(0.0, 1.0 - remaining / total)


def _card(occupation: Occupation, rows: list[GapRow]) -> RoleCard:
    transferable = sorted(
        (r for r in rows if r.required > 0 and r.gap == 0), key=lambda r: -r.weight * r.required
    )
    missing = sorted((r for r in rows if r.gap > 0), key=lambda r: -r.weight * r.gap)
    return RoleCard(
        occupation=occupation,
        readiness=readiness_of(rows),
        transferable=[r.skill for r in transferable[:TOP_SKILLS]],
        missing=missing[:TOP_SKILLS],
    )


def role_suggestions(*, profile: Profile, limit: int | None = None) -> list[RoleCard]:
    """Target roles, most ready first. Stand-in for selectors.role_suggestions."""
    targets = list(Occupation.objects.filter(is_target=True).order_by("title"))
    levels = profile_levels(profile)
    reqs = _requirements(targets)
    cards = [_card(occ, gap_rows(reqs.get(occ.pk, []), levels)) for occ in targets]
    cards.sort(key=lambda c: (-c.readiness, c.occupation.title))
    return cards[:limit] if limit else cards


def role_gap(*, profile: Profile, role: Occupation) -> list[GapRow]:
    reqs = _requirements([role]).get(role.pk, [])
    return sorted(gap_rows(reqs, profile_levels(profile)), key=lambda r: (-r.weight, r.skill.name))


def transitions_for(*, occupation: Occupation, limit: int = 10) -> list[RoleCard]:
    """Target roles reachable from an occupation, closest first (by its required skills).

    Stand-in for selectors.transitions_for.
    """
    levels = {
        req.skill_id: req.level for req in OccupationSkill.objects.filter(occupation=occupation)
    }
    targets = list(Occupation.objects.filter(is_target=True).exclude(pk=occupation.pk))
    reqs = _requirements(targets)
    cards = [_card(occ, gap_rows(reqs.get(occ.pk, []), levels)) for occ in targets]
    cards.sort(key=lambda c: (-c.readiness, c.occupation.title))
    return cards[:limit]


def assessments_visible_to(user) -> QuerySet[Assessment]:
    if not user.is_authenticated:
        return Assessment.objects.none()
    return Assessment.objects.filter(profile__user=user)


def path_steps_visible_to(user) -> QuerySet[PathStep]:
    if not user.is_authenticated:
        return PathStep.objects.none()
    return PathStep.objects.filter(path__profile__user=user)


def assessment_gap(*, assessment: Assessment) -> list[GapRow]:
    """The gap as it stood when the assessment ran (stored in its results)."""
    items = assessment.results.get("gap", [])
    skills = Skill.objects.in_bulk([item["skill_id"] for item in items])
    return [
        GapRow(skills[i["skill_id"]], i["current"], i["required"], i.get("weight", 1.0))
        for i in items
        if i["skill_id"] in skills
    ]


def path_for(assessment: Assessment) -> LearningPath | None:
    try:
        path = assessment.path
    except LearningPath.DoesNotExist:
        return None
    return path


# --- writes ------------------------------------------------------------------------------


@transaction.atomic
def profile_update(*, profile: Profile, data: Mapping) -> Profile:
    sectors = data.get("sectors")
    for name, value in data.items():
        if name != "sectors":
            setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    if sectors is not None:
        profile.sectors.set(sectors)
    return profile


@transaction.atomic
def profile_skills_set(
    *, profile: Profile, skills: Mapping[int, int], source: str, remove: Iterable[int] = ()
) -> None:
    """Sets the levels of the given skills (by id) and removes others listed in `remove`."""
    ProfileSkill.objects.filter(profile=profile, skill_id__in=list(remove)).delete()
    existing = {ps.skill_id: ps for ps in ProfileSkill.objects.filter(profile=profile)}
    new = []
    for skill_id, level in skills.items():
        if skill_id in existing:
            ps = existing[skill_id]
            if ps.level != level:
                ps.level = level
                ps.source = source
                ps.save(update_fields=["level", "source", "updated_at"])
        else:
            new.append(ProfileSkill(profile=profile, skill_id=skill_id, level=level, source=source))
    ProfileSkill.objects.bulk_create(new)


def suggest_skills_from_text(*, text: str, limit: int = 15) -> list[tuple[Skill, int]]:
    """Skills named in a CV or description, with a proposed level.

    Stand-in for courses.tagging.suggest_skills: a skill is proposed when its name appears in
    the text; the level offered is 2 (foundations), which the person then edits.
    """
    lowered = text.lower()
    found = []
    for skill in Skill.objects.only("id", "name", "name_fr").iterator():
        names = [skill.name.lower(), (skill.name_fr or "").lower()]
        if any(name and name in lowered for name in names):
            found.append((skill, 2))
            if len(found) >= limit:
                break
    return found


@transaction.atomic
def assessment_create(*, profile: Profile, target: Occupation) -> Assessment:
    """Starts an assessment. Stand-in for services.assessment_create, which enqueues the
    engine; here the work runs on commit, in-process, with a simple greedy plan."""
    assessment = Assessment.objects.create(profile=profile, target=target)
    transaction.on_commit(lambda: _enqueue(assessment.pk))
    return assessment


def _enqueue(assessment_id: int) -> None:
    # The browser test replaces this to hold the work back and watch the live status.
    _assessment_run(assessment_id)


def _assessment_run(assessment_id: int) -> None:
    claimed = Assessment.objects.filter(pk=assessment_id, status=Assessment.Status.PENDING).update(
        status=Assessment.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    assessment = Assessment.objects.select_related("profile", "target").get(pk=assessment_id)
    profile = assessment.profile
    rows = role_gap(profile=profile, role=assessment.target)
    levels = {r.skill.pk: r.current for r in rows}
    missing = {r.skill.pk: r for r in rows if r.gap > 0}
    resources = (
        Resource.objects.published()
        .filter(skill_links__skill_id__in=list(missing), skill_links__level_taught__gt=0)
        .distinct()
        .select_related("provider")
        .prefetch_related(Prefetch("skill_links", queryset=ResourceSkill.objects.all()))
        .order_by("hours", "price", "pk")
    )
    steps = []
    week = 1
    hours_per_week = max(1, profile.weekly_hours)
    for resource in resources:
        closes = [
            link.skill_id
            for link in resource.skill_links.all()
            if link.skill_id in missing
            and link.level_taught > levels.get(link.skill_id, 0)
            and link.level_required <= levels.get(link.skill_id, 0)
        ]
        if not closes:
            continue
        for link in resource.skill_links.all():
            if link.skill_id in closes:
                levels[link.skill_id] = link.level_taught
        weeks = max(1, -(-int(resource.hours) // hours_per_week))
        steps.append((resource, week, week + weeks - 1, closes))
        week += weeks
    open_skills = [
        {"skill_id": sid, "current": levels[sid], "required": row.required, "reason": "no_resource"}
        for sid, row in missing.items()
        if levels[sid] < row.required
    ]
    with transaction.atomic():
        path = LearningPath.objects.create(
            assessment=assessment,
            profile=profile,
            start_date=profile.start_date or timezone.localdate(),
            total_hours=sum((Decimal(r.hours) for r, *_ in steps), Decimal(0)),
            total_cost=sum((Decimal(r.price) for r, *_ in steps), Decimal(0)),
            weeks_to_ready=(week - 1) or None,
            open_skills=open_skills,
        )
        PathStep.objects.bulk_create(
            PathStep(
                path=path,
                resource=resource,
                order=index,
                week_start=start,
                week_end=end,
                planned_hours=resource.hours,
                rationale="",
                skills_closed=closes,
            )
            for index, (resource, start, end, closes) in enumerate(steps, start=1)
        )
        Assessment.objects.filter(pk=assessment_id).update(
            status=Assessment.Status.DONE,
            finished_at=timezone.now(),
            readiness=readiness_of(rows),
            results={
                "gap": [
                    {
                        "skill_id": r.skill.pk,
                        "current": r.current,
                        "required": r.required,
                        "weight": r.weight,
                    }
                    for r in rows
                ]
            },
        )


@transaction.atomic
def path_step_status_set(*, step: PathStep, status: str, user) -> PathStep:
    step.status = status
    step.status_changed_at = timezone.now()
    step.save(update_fields=["status", "status_changed_at"])
    return step


def step_dates(start: datetime.date | None, week_start: int, week_end: int):
    """First and last day of a step, from the path's start date and its weeks."""
    if start is None:
        return None, None
    first = start + datetime.timedelta(weeks=week_start - 1)
    last = start + datetime.timedelta(weeks=week_end) - datetime.timedelta(days=1)
    return first, last
