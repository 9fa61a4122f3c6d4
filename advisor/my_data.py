"""Advisor's part of the "My data" export (registry: accounts.my_data)."""

from typing import Any

from django.db.models import Q

from accounts.models import User
from accounts.my_data import export_part, iso

from .models import Assessment, CounsellorAccess, LearningPath, Profile, ProfileSkill


@export_part("profile", model=Profile)
def _profile(user: User) -> dict[str, Any] | None:
    profile = (
        Profile.objects.filter(user=user)
        .select_related("current_occupation")
        .prefetch_related("sectors")
        .first()
    )
    if profile is None:
        return None
    occupation = profile.current_occupation
    return {
        "id": profile.pk,
        "current_occupation": (
            {"code": occupation.code, "title": occupation.title} if occupation else None
        ),
        "sectors": [sector.slug for sector in profile.sectors.all()],
        "weekly_hours": profile.weekly_hours,
        "budget_eur": str(profile.budget),
        "horizon_weeks": profile.horizon_weeks,
        "languages": profile.languages,
        "formats": profile.formats,
        "start_date": iso(profile.start_date),
        "created_at": iso(profile.created_at),
        "updated_at": iso(profile.updated_at),
    }


def _skill_level(ps: ProfileSkill) -> dict[str, Any]:
    """A skill level and who vouched for it: in the person's own skills and in the validations
    a counsellor made."""
    return {
        "id": ps.pk,
        "skill": ps.skill.name,
        "level": ps.level,
        "validated_at": iso(ps.validated_at),
        "validation_note": ps.validation_note,
    }


@export_part("skills", model=ProfileSkill)
def _skills(user: User) -> list[dict[str, Any]]:
    return [
        {**_skill_level(ps), "skill_uri": ps.skill.uri, "source": ps.source}
        for ps in ProfileSkill.objects.filter(profile__user=user).select_related("skill")
    ]


@export_part("skills_validated", model=ProfileSkill)
def _skills_validated(user: User) -> list[dict[str, Any]]:
    """A counsellor's own validations of their clients' skill levels."""
    return [
        _skill_level(ps)
        for ps in ProfileSkill.objects.filter(validated_by=user).select_related("skill")
    ]


@export_part("assessments", model=Assessment)
def _assessments(user: User) -> list[dict[str, Any]]:
    return [
        {
            "id": a.pk,
            "target": {"code": a.target.code, "title": a.target.title},
            "status": a.status,
            "created_at": iso(a.created_at),
            "finished_at": iso(a.finished_at),
            "readiness": a.readiness,
            "results": a.results,
        }
        for a in Assessment.objects.filter(profile__user=user).select_related("target")
    ]


@export_part("learning_paths", model=LearningPath)
def _learning_paths(user: User) -> list[dict[str, Any]]:
    paths = (
        LearningPath.objects.filter(profile__user=user)
        .prefetch_related("steps__resource")
        .order_by("created_at")
    )
    return [
        {
            "id": path.pk,
            "assessment": path.assessment_id,
            "created_at": iso(path.created_at),
            "start_date": iso(path.start_date),
            "total_hours": str(path.total_hours),
            "total_cost": str(path.total_cost),
            "weeks_to_ready": path.weeks_to_ready,
            "open_skills": path.open_skills,
            "approved_at": iso(path.approved_at),
            "steps": [
                {
                    "order": step.order,
                    "resource": step.resource.title,
                    "url": step.resource.url,
                    "week_start": step.week_start,
                    "week_end": step.week_end,
                    "planned_hours": str(step.planned_hours),
                    "rationale": step.rationale,
                    "status": step.status,
                    "status_changed_at": iso(step.status_changed_at),
                }
                for step in path.steps.all()
            ],
        }
        for path in paths
    ]


@export_part("paths_approved", model=LearningPath)
def _paths_approved(user: User) -> list[dict[str, Any]]:
    """The plans a counsellor currently approves (their history is under path_approvals)."""
    return [
        {"id": pk, "approved_at": iso(at)}
        for pk, at in LearningPath.objects.filter(approved_by=user).values_list("pk", "approved_at")
    ]


@export_part("counsellor_access", model=CounsellorAccess)
def _counsellor_access(user: User) -> list[dict[str, Any]]:
    """Grants where the person is the client, the counsellor, or the one who ended it."""
    grants = (
        CounsellorAccess.objects.filter(Q(client=user) | Q(counsellor=user) | Q(revoked_by=user))
        .select_related("client", "counsellor")
        .order_by("granted_at", "pk")
    )
    return [
        {
            "id": grant.pk,
            "client": grant.client.username,
            "counsellor": grant.counsellor.username,
            "granted_at": iso(grant.granted_at),
            "revoked_at": iso(grant.revoked_at),
            "revoked_by_you": grant.revoked_by_id == user.pk,
        }
        for grant in grants
    ]
