"""Reads for the counsellor workspace. Every client-scoped read starts from `clients_visible_to`.

A counsellor sees a client only while the client's grant is active: the QuerySets below are
what views and the API share, so revoking a grant removes access on the very next request.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TypedDict, cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.models import User
from advisor import selectors as advisor_selectors
from advisor.models import Assessment, CounsellorAccess, LearningPath, PathStep, ProfileSkill
from advisor.selectors import SkillGapRow
from courses.models import Resource
from skills.models import OccupationSkill

from .models import AccessEvent, AccessInvitation, Note, PathApproval, PathCarryOver, PathEdit

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# A client is "stalled" after this many weeks without a step changing status.
STALLED_WEEKS = getattr(settings, "COUNSELLING_STALLED_WEEKS", 3)
# Readiness at or above this counts as "ready" in the analytics (time-to-ready).
READY_THRESHOLD = getattr(settings, "COUNSELLING_READY_THRESHOLD", 0.8)

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


# The workspace's name for the advisor's rule (one definition for both apps).
is_counsellor = advisor_selectors.is_active_counsellor


def active_grants(*, counsellor: User) -> QuerySet[CounsellorAccess]:
    if not is_counsellor(counsellor):
        return CounsellorAccess.objects.none()
    return CounsellorAccess.objects.filter(counsellor=counsellor, revoked_at__isnull=True)


def clients_visible_to(user: User | AnonymousUser) -> QuerySet[User]:
    """Clients whose active grant names `user`; empty for anyone who is not a counsellor."""
    return User.objects.filter(pk__in=advisor_selectors.client_ids_visible_to(user))


def client_get(*, counsellor: User | AnonymousUser, client_id: int | str) -> User:
    """The client if `counsellor` may see them, else Http404 (never 403: no existence leak)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(clients_visible_to(counsellor), pk=client_id)


def notes_visible_to(user: User | AnonymousUser) -> QuerySet[Note]:
    """Notes on the user's clients, by any counsellor with access; a client sees none of them."""
    return Note.objects.filter(client__in=clients_visible_to(user).values("pk")).select_related(
        "author"
    )


def paths_visible_to(user: User | AnonymousUser) -> QuerySet[LearningPath]:
    return LearningPath.objects.filter(profile__user__in=clients_visible_to(user).values("pk"))


def steps_visible_to(user: User | AnonymousUser) -> QuerySet[PathStep]:
    return PathStep.objects.filter(path__in=paths_visible_to(user).values("pk"))


def profile_skills_visible_to(user: User | AnonymousUser) -> QuerySet[ProfileSkill]:
    return ProfileSkill.objects.filter(profile__user__in=clients_visible_to(user).values("pk"))


def _latest(qs: QuerySet, field: str) -> Subquery:
    return Subquery(qs.order_by("-created_at", "-id").values(field)[:1])


class CaseloadRow(TypedDict):
    """What `caseload` adds to each client (User)."""

    target_title: str | None
    target_code: str | None
    readiness: float | None
    path_id: int | None
    path_created_at: datetime | None
    path_approved_at: datetime | None
    last_assessed_at: datetime | None
    profile_updated_at: datetime | None
    granted_at: datetime | None
    steps_total: int
    steps_done: int
    last_step_change: datetime | None
    last_progress_at: datetime | None
    last_activity: datetime
    awaiting_approval: bool
    stalled: bool


def caseload(
    counsellor: User,
    *,
    stalled_weeks: int = STALLED_WEEKS,
    now: datetime | None = None,
) -> "QuerySet[WithAnnotations[User, CaseloadRow]]":
    """Clients with target role, readiness, progress, last activity and flags, in ONE query.

    Annotations: target_title, target_code, readiness (latest finished assessment), path_id,
    steps_total, steps_done, last_progress_at, last_activity, awaiting_approval, stalled,
    granted_at.
    """
    now = now or timezone.now()
    assessments = Assessment.objects.filter(profile__user=OuterRef("pk"))
    done = assessments.filter(status=Assessment.Status.DONE)
    paths = LearningPath.objects.filter(profile__user=OuterRef("pk"))
    steps_of_path = PathStep.objects.filter(path_id=OuterRef("path_id")).values("path_id")

    def _count(qs: QuerySet) -> Coalesce:
        return Coalesce(
            Subquery(qs.annotate(n=Count("id")).values("n")[:1], output_field=IntegerField()),
            Value(0),
        )

    grant = CounsellorAccess.objects.filter(
        client=OuterRef("pk"), counsellor=counsellor, revoked_at__isnull=True
    )
    stalled_before = now - timedelta(weeks=stalled_weeks)
    epoch = Value(_EPOCH, output_field=DateTimeField())
    # The stubs cannot follow .annotate() through Subquery and Case: CaseloadRow says what it adds.
    return cast(
        "QuerySet[WithAnnotations[User, CaseloadRow]]",
        clients_visible_to(counsellor)
        .annotate(
            target_title=_latest(assessments, "target__title"),
            target_code=_latest(assessments, "target__code"),
            readiness=_latest(done, "readiness"),
            path_id=_latest(paths, "id"),
            path_created_at=_latest(paths, "created_at"),
            path_approved_at=_latest(paths, "approved_at"),
            last_assessed_at=_latest(assessments, "created_at"),
            profile_updated_at=F("profile__updated_at"),
            granted_at=Subquery(grant.values("granted_at")[:1]),
        )
        .annotate(
            steps_total=_count(steps_of_path),
            steps_done=_count(steps_of_path.filter(status=PathStep.Status.DONE)),
            last_step_change=Subquery(
                steps_of_path.annotate(m=Max("status_changed_at")).values("m")[:1],
                output_field=DateTimeField(),
            ),
        )
        .annotate(
            last_progress_at=Coalesce("last_step_change", "path_created_at"),
            last_activity=Greatest(
                Coalesce("profile_updated_at", epoch),
                Coalesce("last_assessed_at", epoch),
                Coalesce("last_step_change", epoch),
            ),
            awaiting_approval=Case(
                When(path_id__isnull=False, path_approved_at__isnull=True, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            stalled=Case(
                When(
                    Q(path_id__isnull=False)
                    & Q(steps_done__lt=F("steps_total"))
                    & Q(last_progress_at__lt=stalled_before),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        ),
    )


CASELOAD_ORDERINGS = {
    "name": ("last_name", "first_name", "username"),
    "-name": ("-last_name", "-first_name", "-username"),
    "readiness": (F("readiness").asc(nulls_first=True), "username"),
    "-readiness": (F("readiness").desc(nulls_last=True), "username"),
    "progress": ("steps_done", "username"),
    "-progress": ("-steps_done", "username"),
    "activity": ("last_activity", "username"),
    "-activity": ("-last_activity", "username"),
}
CASELOAD_FLAGS = ("stalled", "awaiting_approval")


def caseload_filtered(
    counsellor: User,
    *,
    flag: str = "",
    target: str = "",
    search: str = "",
    ordering: str = "",
) -> "QuerySet[WithAnnotations[User, CaseloadRow]]":
    """The caseload narrowed by flag / target code / name search, sorted (validated upstream)."""
    qs = caseload(counsellor)
    if flag in CASELOAD_FLAGS:
        qs = qs.filter(**{flag: True})
    if target:
        qs = qs.filter(target_code=target)
    if search:
        qs = qs.filter(
            Q(username__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(email__icontains=search)
        )
    return qs.order_by(*CASELOAD_ORDERINGS[ordering or "-activity"])


def caseload_targets(counsellor: User) -> list[tuple[str | None, str | None]]:
    """(code, title) of the target roles present in the caseload, for the filter menu."""
    rows = (
        caseload(counsellor)
        .exclude(target_code=None)
        .values_list("target_code", "target_title")
        .distinct()
    )
    return sorted(set(rows), key=lambda r: r[1] or "")


def latest_path(client: User) -> LearningPath | None:
    return (
        LearningPath.objects.filter(profile__user=client)
        .select_related("assessment__target", "approved_by")
        .order_by("-created_at", "-id")
        .first()
    )


def path_steps(path: LearningPath) -> QuerySet[PathStep]:
    return path.steps.select_related("resource__provider").order_by("order")


def path_edits(path: LearningPath) -> QuerySet[PathEdit]:
    return path.edits.select_related("resource", "author").order_by("created_at", "id")


def assessment_gap_rows(assessment: Assessment) -> list[SkillGapRow]:
    """Per required skill of the assessment's target: required vs the client's level, and
    whether a counsellor has validated that level (today's flags).

    Uses the gap the engine stored with the assessment (advisor.selectors.assessment_gap); an
    assessment without a stored gap falls back to the role's requirements and today's levels.
    """
    profile_skills = {
        ps.skill_id: ps
        for ps in ProfileSkill.objects.filter(profile_id=assessment.profile_id).only(
            "skill_id", "level", "validated_at"
        )
    }
    rows = advisor_selectors.assessment_gap(assessment=assessment).items
    if not rows:
        rows = [
            SkillGapRow(
                req.skill,
                ps.level if (ps := profile_skills.get(req.skill_id)) else 0,
                req.level,
                req.weight,
            )
            for req in OccupationSkill.objects.filter(
                occupation_id=assessment.target_id
            ).select_related("skill")
        ]
    for row in rows:
        ps = profile_skills.get(row.skill.pk)
        row.validated = bool(ps and ps.validated_at)
    return sorted(rows, key=lambda r: (-r.weight, r.skill.label))


def client_skills(client: User) -> QuerySet[ProfileSkill]:
    return ProfileSkill.objects.filter(profile__user=client).select_related("skill", "validated_by")


def client_assessments(client: User) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(profile__user=client)
        .select_related("target")
        .order_by("-created_at", "-id")
    )


def catalogue_search(query: str, *, limit: int = 20) -> list[Resource]:
    """Published resources matching `query`, best first, through the catalogue's own search.

    Passing no user keeps drafts and archives out even for staff counsellors: only published
    resources can join a client's plan.
    """
    from courses.selectors import resource_search

    query = (query or "").strip()
    if not query:
        return []
    return list(resource_search(user=None, q=query)[:limit])


# --- the client's side -------------------------------------------------------------------


def grants_of_client(client: User) -> QuerySet[CounsellorAccess]:
    return CounsellorAccess.objects.filter(client=client, revoked_at__isnull=True).select_related(
        "counsellor"
    )


def access_log_of_client(client: User) -> QuerySet[AccessEvent]:
    return AccessEvent.objects.filter(client=client).select_related("counsellor", "actor")


def open_invitations_for(
    client: User, *, now: datetime | None = None
) -> QuerySet[AccessInvitation]:
    now = now or timezone.now()
    return AccessInvitation.objects.filter(
        client=client,
        accepted_at__isnull=True,
        declined_at__isnull=True,
        cancelled_at__isnull=True,
        expires_at__gt=now,
    ).select_related("counsellor")


def invitations_sent_by(counsellor: User) -> QuerySet[AccessInvitation]:
    return AccessInvitation.objects.filter(counsellor=counsellor).select_related(
        "client", "accepted_by"
    )


@dataclass
class ApprovedPlan:
    """What the client reads: the approved path, its steps, and the counsellor's reasons."""

    path: LearningPath
    steps: list[PathStep]
    edits: list[PathEdit]
    approval: PathApproval | None
    carry_over: PathCarryOver | None
    newer_plan_pending: bool

    @property
    def removed(self) -> list[PathEdit]:
        return [e for e in self.edits if e.action == PathEdit.Action.REMOVE]


def path_review(path: LearningPath, *, with_steps: bool = True) -> ApprovedPlan:
    """A path with the counsellor's reasons, approval and re-assessment summary.

    For the path's owner (the plan page includes it through `{% counsellor_review path %}`,
    without the steps it lists itself: `with_steps=False`); it never carries notes.
    """
    newer = LearningPath.objects.filter(
        profile_id=path.profile_id, created_at__gt=path.created_at
    ).exists()
    return ApprovedPlan(
        path=path,
        steps=advisor_selectors.steps_explained(list(path_steps(path))) if with_steps else [],
        edits=list(path_edits(path)),
        approval=path.approvals.select_related("counsellor").filter(withdrawn_at=None).first(),
        carry_over=PathCarryOver.objects.filter(path=path).first(),
        newer_plan_pending=newer,
    )


def approved_plan_for(client: User) -> ApprovedPlan | None:
    """The client's most recent approved path, or None. Never includes counsellor notes."""
    path = (
        LearningPath.objects.filter(profile__user=client, approved_at__isnull=False)
        .select_related("assessment__target", "approved_by")
        .order_by("-created_at", "-id")
        .first()
    )
    return None if path is None else path_review(path)


def steps_with_reasons(
    steps: Iterable[PathStep], edits: Iterable[PathEdit]
) -> list[tuple[PathStep, list[PathEdit]]]:
    by_step: dict[int, list[PathEdit]] = {}
    for e in edits:
        if e.step_id:
            by_step.setdefault(e.step_id, []).append(e)
    return [(s, by_step.get(s.id, [])) for s in steps]


def removed_edits(edits: Iterable[PathEdit]) -> list[PathEdit]:
    return [e for e in edits if e.action == PathEdit.Action.REMOVE]


def path_steps_prefetch() -> Prefetch:
    return Prefetch("steps", queryset=PathStep.objects.select_related("resource").order_by("order"))
