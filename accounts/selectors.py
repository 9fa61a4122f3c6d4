"""Reads about one person: everything the site holds about them, for the "My data" export."""

from typing import Any

from django.utils import timezone

from advisor.models import Assessment, CounsellorAccess, LearningPath, Profile, ProfileSkill

from .models import User


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def user_data_export(*, user: User) -> dict[str, Any]:
    """Every row about `user` in plain JSON types, in a fixed number of queries.

    Counsellors' notes about the person are left out: they belong to the counsellor's
    working file and are never shown to the client (advisor.models.Note); deleting the
    account still deletes them.
    """
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "preferred_language": user.preferred_language,
            "role": user.role,
        },
        "profile": None,
        "skills": [],
        "assessments": [],
        "learning_paths": [],
        "counsellor_access": [],
    }
    profile = (
        Profile.objects.filter(user=user)
        .select_related("current_occupation")
        .prefetch_related("sectors")
        .first()
    )
    if profile is not None:
        occupation = profile.current_occupation
        data["profile"] = {
            "current_occupation": (
                {"code": occupation.code, "title": occupation.title} if occupation else None
            ),
            "sectors": [sector.slug for sector in profile.sectors.all()],
            "weekly_hours": profile.weekly_hours,
            "budget_eur": str(profile.budget),
            "horizon_weeks": profile.horizon_weeks,
            "languages": profile.languages,
            "formats": profile.formats,
            "start_date": _iso(profile.start_date),
            "created_at": _iso(profile.created_at),
            "updated_at": _iso(profile.updated_at),
        }
        data["skills"] = [
            {
                "skill": ps.skill.name,
                "skill_uri": ps.skill.uri,
                "level": ps.level,
                "source": ps.source,
                "validated_at": _iso(ps.validated_at),
                "validation_note": ps.validation_note,
            }
            for ps in ProfileSkill.objects.filter(profile=profile).select_related("skill")
        ]
        data["assessments"] = [
            {
                "id": a.pk,
                "target": {"code": a.target.code, "title": a.target.title},
                "status": a.status,
                "created_at": _iso(a.created_at),
                "finished_at": _iso(a.finished_at),
                "readiness": a.readiness,
                "results": a.results,
            }
            for a in Assessment.objects.filter(profile=profile).select_related("target")
        ]
        paths = (
            LearningPath.objects.filter(profile=profile)
            .prefetch_related("steps__resource")
            .order_by("created_at")
        )
        data["learning_paths"] = [
            {
                "assessment": path.assessment_id,
                "created_at": _iso(path.created_at),
                "start_date": _iso(path.start_date),
                "total_hours": str(path.total_hours),
                "total_cost": str(path.total_cost),
                "weeks_to_ready": path.weeks_to_ready,
                "open_skills": path.open_skills,
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
                        "status_changed_at": _iso(step.status_changed_at),
                    }
                    for step in path.steps.all()
                ],
            }
            for path in paths
        ]
    data["counsellor_access"] = [
        {
            "counsellor": grant.counsellor.username,
            "granted_at": _iso(grant.granted_at),
            "revoked_at": _iso(grant.revoked_at),
        }
        for grant in CounsellorAccess.objects.filter(client=user).select_related("counsellor")
    ]
    return data
