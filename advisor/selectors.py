"""Reads for the advisor, permission-aware. Views, API and tasks build on these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from courses.models import Resource, ResourceSkill
from skills import selectors as skills_selectors
from skills.models import Occupation, OccupationSkill, Skill

from . import explain
from .engine.catalogue import COURSE_MAX_LEVEL, PRACTICE_KINDS
from .engine.gap import Requirement, SkillGap, compute_gap
from .engine.gap import readiness_after as path_readiness
from .engine.roles import RoleInput, rank_roles
from .models import Assessment, CounsellorAccess, LearningPath, PathStep, Profile, ProfileSkill

SEARCH_LIMIT = 10
# Whoever asks: a signed-in person, an anonymous visitor, or nobody (a task).
Visitor = User | AnonymousUser | None


@dataclass
class SkillGapRow:
    """The engine's SkillGap with its skill loaded, as the pages and the API show it;
    `validated`: a counsellor has checked the person's level (the counsellor's view)."""

    skill: Skill
    current: int
    required: int
    weight: float = 1.0
    validated: bool = False

    @property
    def gap(self) -> int:
        return max(0, self.required - self.current)


@dataclass
class RoleSuggestion:
    occupation: Occupation
    readiness: float  # 0–1
    similarity: float  # 0–1
    sector_match: float  # 0, 0.5 (no preference) or 1
    score: float
    transferable: list[Skill] = field(default_factory=list)
    missing: list[SkillGapRow] = field(default_factory=list)
    reason: str = ""
    # Some levels were estimated from the person's current job, not entered by them.
    estimated_from: Occupation | None = None
    # The role needs a regulated qualification the person does not hold: courses cannot get
    # them there, whatever their readiness.
    needs_qualification: bool = False

    @property
    def readiness_percent(self) -> int:
        return round(self.readiness * 100)


@dataclass
class AssessmentGap:
    readiness: float | None
    items: list[SkillGapRow]
    transferable: list[SkillGapRow]
    missing: list[SkillGapRow]
    open_skills: list[dict]  # {"skill", "current", "reached", "required", "reason", "why"}
    readiness_after: float | None = None  # once every step of the path is done

    @property
    def readiness_after_percent(self) -> int | None:
        return None if self.readiness_after is None else round(self.readiness_after * 100)

    @property
    def readiness_percent(self) -> int | None:
        return None if self.readiness is None else round(self.readiness * 100)


def profile_get_or_create(*, user: User) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def profile_skill_levels(*, profile: Profile) -> dict[int, int]:
    """The levels the person saved (skill id → level), without anything the engine credits."""
    return dict(profile.skills.values_list("skill_id", "level"))


def occupation_search(*, query: str, limit: int = SEARCH_LIMIT) -> list[Occupation]:
    """Current jobs (never AI-era target roles) matching what the person typed, best first."""
    return list(
        skills_selectors.occupation_search(query).only("id", "code", "title", "title_fr")[:limit]
    )


def occupation_preselected(results: list[Occupation], saved_id: int | None) -> int | None:
    """The result ticked when the list appears: the job already saved, else the first result
    only when its title is exactly what was typed. Anything less certain (an alternative
    title: ESCO lists "teacher" under politics lecturer) waits for the person to choose, so
    "Save" never stores a guess."""
    if saved_id is not None and any(o.pk == saved_id for o in results):
        return saved_id
    if results and getattr(results[0], "rank", None) == 0:
        return results[0].pk
    return None


def skill_search(*, query: str, limit: int = SEARCH_LIMIT) -> list[Skill]:
    if len(query.strip()) < 2:
        return []
    return list(skills_selectors.skill_search(query)[:limit])


def profile_levels(*, profile: Profile) -> dict[int, int]:
    """Skill levels that count for the engine: the profile's own, raised by every path step the
    person has done (a course counts up to COURSE_MAX_LEVEL, practice to the level it reaches)."""
    stated = ProfileSkill.objects.filter(profile=profile).values_list(
        "skill_id", "level", "skill__same_as_id"
    )
    levels: dict[int, int] = {}
    twins: list[tuple[int, int]] = []
    for skill_id, level, concept_id in stated:
        levels[skill_id] = level
        if concept_id is not None:
            twins.append((concept_id, level))
    done = ResourceSkill.objects.filter(
        resource__in=PathStep.objects.filter(
            path__profile=profile, status=PathStep.Status.DONE
        ).values("resource_id"),
        level_taught__gt=0,
    ).values_list("skill_id", "level_taught", "resource__kind")
    for skill_id, taught, kind in done:
        level = taught if kind in PRACTICE_KINDS else min(taught, COURSE_MAX_LEVEL)
        if level > levels.get(skill_id, 0):
            levels[skill_id] = level
    # An O*NET skill that names an ESCO one (Skill.same_as) is that skill too: roles require
    # the ESCO concept, the person may have entered either.
    for concept_id, level in twins:
        levels[concept_id] = max(levels.get(concept_id, 0), level)
    for skill_id, level in hierarchy_credit(levels).items():
        levels.setdefault(skill_id, level)  # a level the person has never yields to a credit
    return levels


# Partial credit through ESCO's skill hierarchy (docs/design.md, "Gap"): a skill counts for part
# of its broader skill (one level less: "use Python" at 4 gives computer programming 3) and of
# its siblings under the same broader skill (two levels less: "use Python" at 4 gives "use
# Java" 2). Levels the person has (entered, done, twins) are never lowered or replaced.
BROADER_CREDIT = 1
SIBLING_CREDIT = 2


def hierarchy_credit(levels: dict[int, int]) -> dict[int, int]:
    """Skill id → credited level, from the levels the person has (one query)."""
    if not levels:
        return {}
    Link = Skill.broader.through
    parents_of_known = Link.objects.filter(from_skill_id__in=list(levels)).values("to_skill_id")
    links = Link.objects.filter(
        Q(from_skill_id__in=list(levels)) | Q(to_skill_id__in=parents_of_known)
    ).values_list("from_skill_id", "to_skill_id")
    children: dict[int, list[int]] = {}
    parents: dict[int, list[int]] = {}
    for child, parent in links:
        children.setdefault(parent, []).append(child)
        parents.setdefault(child, []).append(parent)
    credit: dict[int, int] = {}

    def give(skill_id: int, level: int) -> None:
        if level > 0 and level > credit.get(skill_id, 0):
            credit[skill_id] = level

    for skill_id, level in levels.items():
        for parent in parents.get(skill_id, []):
            give(parent, level - BROADER_CREDIT)
            for sibling in children.get(parent, []):
                if sibling != skill_id:
                    give(sibling, level - SIBLING_CREDIT)
    return {skill_id: level for skill_id, level in credit.items() if skill_id not in levels}


# The level a skill essential to someone's current job is taken at while they have not said:
# foundations (2). Doing the job suggests more, but only the person can say how much; the
# proposal they confirm starts at 3 (JOB_PROPOSED_LEVEL), and what they confirm replaces this.
JOB_IMPLIED_LEVEL = 2
JOB_PROPOSED_LEVEL = 3


def job_skills(*, occupation: Occupation | int) -> QuerySet[OccupationSkill]:
    """The skills essential to an occupation that say what the job is: transversal skills
    (teamwork, communication…) left out, since every job has them and they tell roles apart
    by nothing. Heaviest first."""
    return (
        OccupationSkill.objects.filter(occupation=occupation, essential=True)
        .exclude(skill__kind=Skill.Kind.TRANSVERSAL)
        .select_related("skill")
        .order_by("-weight", "skill__name")
    )


def job_implied_levels(*, profile: Profile) -> dict[int, int]:
    """Levels estimated from the current job, for skills the person has not entered: used to
    rank roles before they confirm their skills, never stored in the profile."""
    if profile.current_occupation_id is None:
        return {}
    essential = job_skills(occupation=profile.current_occupation_id)
    return {
        skill_id: JOB_IMPLIED_LEVEL for skill_id in essential.values_list("skill_id", flat=True)
    }


def done_resource_ids(*, profile: Profile) -> list[int]:
    """Each resource the person has done, once, however many paths hold it as done."""
    # order_by() clears Meta.ordering (path, order): those columns would join the SELECT
    # DISTINCT and give a resource once per path that carried it over.
    return list(
        PathStep.objects.filter(path__profile=profile, status=PathStep.Status.DONE)
        .order_by("resource_id")
        .values_list("resource_id", flat=True)
        .distinct()
    )


def requirements_for(*, occupation: Occupation) -> list[Requirement]:
    return [
        Requirement(skill_id, level, weight)
        for skill_id, level, weight in OccupationSkill.objects.filter(
            occupation=occupation
        ).values_list("skill_id", "level", "weight")
    ]


def holds_qualification(*, occupation: Occupation | None, role: Occupation) -> bool:
    """Whether a person whose current job is `occupation` already holds the regulated
    qualification `role` needs: their job is the one the role extends, or shares its branch of
    the ESCO classification (2269.8.x: radiographers; 2221.x: nurses), whose members hold the
    same diploma. A role that is not regulated needs nothing."""
    if not role.regulated:
        return True
    extends = role.extends
    if occupation is None or extends is None:
        return False
    if occupation.id == extends.id:
        return True
    if occupation.source != extends.source or "." not in extends.code:
        return False
    # The code without its last part: "2269.8.1" → "2269.8", "2221.2" → "2221".
    branch = extends.code.rsplit(".", 1)[0]
    return occupation.code == branch or occupation.code.startswith(branch + ".")


def _scored_roles(profile: Profile) -> list[RoleSuggestion]:
    """Every AI-era target role scored for the profile, best first, each explained. Skills the
    person has not entered but their current job needs count at JOB_IMPLIED_LEVEL, and the
    suggestions say so (`estimated_from`)."""
    stated = profile_levels(profile=profile)
    implied = job_implied_levels(profile=profile)
    levels = {**implied, **stated}
    estimated_from = profile.current_occupation if set(implied) - set(stated) else None
    targets = list(
        Occupation.objects.filter(is_target=True)
        .select_related("extends")
        .prefetch_related(
            "sectors",
            Prefetch(
                "required_skills",
                queryset=OccupationSkill.objects.only(
                    "occupation_id", "skill_id", "level", "weight"
                ),
            ),
        )
    )
    by_id = {o.id: o for o in targets}
    # The current job is read only when some role needs a qualification (one query).
    needs_current = profile.current_occupation_id and any(o.regulated for o in targets)
    current = profile.current_occupation if needs_current else None
    roles = [
        RoleInput(
            occupation_id=o.id,
            requirements=tuple(
                Requirement(r.skill_id, r.level, r.weight) for r in o.required_skills.all()
            ),
            sector_ids=frozenset(s.id for s in o.sectors.all()),
        )
        for o in targets
    ]
    preferred = profile.sectors.values_list("id", flat=True) if profile.pk else []
    scores = rank_roles(levels, roles, preferred_sectors=list(preferred))
    skill_ids = {s for sc in scores for s in sc.transferable} | {
        m[0] for sc in scores for m in sc.missing
    }
    skills = Skill.objects.in_bulk(skill_ids)
    names = {i: s.label for i, s in skills.items()}
    return [
        RoleSuggestion(
            occupation=by_id[sc.occupation_id],
            readiness=sc.readiness,
            similarity=sc.similarity,
            sector_match=sc.sector_match,
            score=sc.score,
            transferable=[skills[s] for s in sc.transferable if s in skills],
            missing=[SkillGapRow(skills[s], c, r) for s, c, r in sc.missing if s in skills],
            reason=explain.role_reason(sc.reason[1], names),
            estimated_from=estimated_from,
            needs_qualification=not holds_qualification(
                occupation=current, role=by_id[sc.occupation_id]
            ),
        )
        for sc in scores
    ]


def role_suggestions_by_reach(
    *, profile: Profile, limit: int | None = None
) -> tuple[list[RoleSuggestion], list[RoleSuggestion]]:
    """The roles a person can reach, best first (at most `limit`), and apart, best first, the
    roles that need a regulated qualification they do not hold: courses alone cannot get them
    there, so those never compete in the ranking."""
    scored = _scored_roles(profile)
    reachable = [s for s in scored if not s.needs_qualification]
    regulated = [s for s in scored if s.needs_qualification]
    return (reachable[:limit] if limit is not None else reachable), regulated


def role_suggestions(*, profile: Profile, limit: int | None = None) -> list[RoleSuggestion]:
    """The AI-era target roles the person can reach, scored for the profile, best first, each
    explained; roles needing a regulated qualification they lack are left out (see
    `role_suggestions_by_reach`)."""
    return role_suggestions_by_reach(profile=profile, limit=limit)[0]


def assessment_gap(*, assessment: Assessment) -> AssessmentGap:
    """The stored gap of a finished assessment with its skills (one query)."""
    results = assessment.results or {}
    gap = results.get("gap") or {}
    items = gap.get("items") or []
    opened = results.get("open_skills") or []
    skills = Skill.objects.in_bulk({i["skill_id"] for i in items} | {o["skill_id"] for o in opened})
    moves = [o["next"]["resource_id"] for o in opened if o.get("next")]
    titles = dict(Resource.objects.filter(pk__in=moves).values_list("pk", "title")) if moves else {}
    stored = [SkillGap(i["skill_id"], i["current"], i["required"], i["weight"]) for i in items]
    rows = {item.skill_id: _row(item, skills) for item in stored if item.skill_id in skills}
    after = results.get("levels_after")
    readiness_after = None
    if after is not None:
        readiness_after = path_readiness(stored, {int(k): v for k, v in after.items()})
    return AssessmentGap(
        readiness=assessment.readiness,
        readiness_after=readiness_after,
        items=list(rows.values()),
        transferable=[rows[s] for s in gap.get("transferable", []) if s in rows],
        missing=[rows[s] for s in gap.get("missing", []) if s in rows],
        open_skills=[
            {
                **o,
                "skill": skills[o["skill_id"]],
                "why": explain.open_reason(o["reason"], o.get("next"), titles),
            }
            for o in opened
            if o["skill_id"] in skills
        ],
    )


def role_gap(*, profile: Profile, role: Occupation) -> AssessmentGap:
    """The gap toward a role as the person stands now (the engine's gap and readiness), rows
    heaviest requirements first, missing skills by weighted gap."""
    requirements = requirements_for(occupation=role)
    gap = compute_gap(requirements, profile_levels(profile=profile))
    skills = Skill.objects.in_bulk([r.skill_id for r in requirements])
    rows = sorted(
        (_row(item, skills) for item in gap.items if item.skill_id in skills),
        key=lambda r: (-r.weight, -r.required, r.skill.name),
    )
    return AssessmentGap(
        readiness=gap.readiness,
        items=rows,
        transferable=[r for r in rows if r.required > 0 and r.gap == 0],
        missing=sorted((r for r in rows if r.gap > 0), key=lambda r: -r.gap * r.weight),
        open_skills=[],
    )


def _row(item: SkillGap, skills: dict[int, Skill]) -> SkillGapRow:
    return SkillGapRow(skills[item.skill_id], item.current, item.required, item.weight)


@dataclass
class PathAlternative:
    objectives: list[str]  # the trade-offs this path is best for (Profile.Priority values)
    labels: list[str]
    hours: float
    cost_eur: float
    weeks: int
    weeks_to_ready: int | None
    readiness_after_percent: int
    practice_steps: int
    open_skills: int
    steps: int
    current: bool  # the path this assessment stores as steps


def path_alternatives(assessment: Assessment) -> list[PathAlternative]:
    """The paths the worker planned for each trade-off, the stored one first, identical ones
    once; labels in the reader's language."""
    labels = dict(Profile.Priority.choices)
    return [
        PathAlternative(
            objectives=a["objectives"],
            labels=[str(labels.get(o, o)) for o in a["objectives"]],
            hours=a["hours"],
            cost_eur=a["cost_eur"],
            weeks=a["weeks"],
            weeks_to_ready=a["weeks_to_ready"],
            readiness_after_percent=round(a["readiness_after"] * 100),
            practice_steps=a["practice_steps"],
            open_skills=a["open_skills"],
            steps=len(a["resource_ids"]),
            current=assessment.objective in a["objectives"],
        )
        for a in (assessment.results or {}).get("alternatives") or []
    ]


def is_active_counsellor(user: Visitor) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.is_counsellor
    )


def client_ids_visible_to(user: Visitor) -> QuerySet[CounsellorAccess, dict[str, Any]]:
    """Ids of the active clients whose grant to `user` is active, while `user` is a counsellor.

    The one rule for what a counsellor may see: the advisor's pages and the counselling
    workspace both build on it, so a revoked grant or a demoted counsellor loses access everywhere.
    """
    if not is_active_counsellor(user):
        return CounsellorAccess.objects.none().values("client_id")
    return CounsellorAccess.objects.filter(
        counsellor=user, revoked_at__isnull=True, client__is_active=True
    ).values("client_id")


def assessments_visible_to(user: Visitor) -> QuerySet[Assessment]:
    """Own assessments; a counsellor's clients' while their grant is active; staff: all."""
    qs = Assessment.objects.select_related("target", "profile__user")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_staff:
        return qs
    return qs.filter(Q(profile__user=user) | Q(profile__user__in=client_ids_visible_to(user)))


def path_steps_visible_to(user: Visitor) -> QuerySet[PathStep]:
    qs = PathStep.objects.select_related("resource", "path__profile__user")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_staff:
        return qs
    clients = client_ids_visible_to(user)
    return qs.filter(Q(path__profile__user=user) | Q(path__profile__user__in=clients))


def steps_explained(steps: list[PathStep]) -> list[PathStep]:
    """Sets `step.why` on each step (resource loaded): why it is in the path, rendered now in
    the reader's language from its stored reason, naming skills by their label and only the
    steps still in this path ("Comes before …" is dropped once that step is removed). A step a
    counsellor added keeps the counsellor's own words."""
    skill_ids: set[int] = set()
    for step in steps:
        params = (step.reason or {}).get("params") or {}
        skill_ids |= {raised[0] for raised in step.skills_closed or []}
        skill_ids |= {raised[0] for raised in params.get("raises") or []}
        skill_ids |= {unlock[1] for unlock in params.get("unlocks") or []}
    names = {pk: skill.label for pk, skill in Skill.objects.in_bulk(skill_ids).items()}
    titles = {step.resource_id: step.resource.title for step in steps}
    for step in steps:
        step.why = explain.step_reason(step.reason or {}, names, titles) or step.rationale
        step.skill_names = names
    return steps


def path_for(*, assessment: Assessment) -> LearningPath | None:
    return LearningPath.objects.filter(assessment=assessment).first()


def path_steps_for(*, assessment: Assessment) -> list[PathStep]:
    return list(
        PathStep.objects.filter(path__assessment=assessment)
        .select_related("resource__provider")
        .order_by("order")
    )
