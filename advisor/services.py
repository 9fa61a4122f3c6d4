"""Writes for the advisor: keyword-only, typed, transactional."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from skills.levels import MAX_LEVEL, MIN_LEVEL
from skills.models import Occupation, Sector

from . import running, selectors
from .models import Assessment, PathStep, Profile, ProfileSkill


class Unchanged(enum.Enum):
    """What `profile_update` is given for a field the person did not send: it stays as it is.
    (None is a value: no current job, no start date.)"""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


@transaction.atomic
def profile_update(
    *,
    profile: Profile,
    current_occupation: Occupation | None | Unchanged = UNCHANGED,
    sectors: Iterable[Sector] | Unchanged = UNCHANGED,
    weekly_hours: int | Unchanged = UNCHANGED,
    budget: Decimal | Unchanged = UNCHANGED,
    horizon_weeks: int | Unchanged = UNCHANGED,
    languages: list[str] | Unchanged = UNCHANGED,
    formats: list[str] | Unchanged = UNCHANGED,
    start_date: dt.date | None | Unchanged = UNCHANGED,
    wants_certificates: bool | Unchanged = UNCHANGED,
    priority: str | Unchanged = UNCHANGED,
    skills: list[tuple[int, int]] | Unchanged = UNCHANGED,
) -> Profile:
    """Sets the fields given, checked by the model's validators; the others stay as they are.

    Raises ValidationError naming each bad field, and then writes nothing (the profile object
    keeps its previous values too). `skills` replaces the person's skills (`profile_skills_set`).
    """
    given = {
        name: value
        for name, value in {
            "current_occupation": current_occupation,
            "weekly_hours": weekly_hours,
            "budget": budget,
            "horizon_weeks": horizon_weeks,
            "languages": languages,
            "formats": formats,
            "start_date": start_date,
            "wants_certificates": wants_certificates,
            "priority": priority,
        }.items()
        if value is not UNCHANGED
    }
    before = {name: getattr(profile, name) for name in given}
    for name, value in given.items():
        setattr(profile, name, value)
    others = [f.name for f in Profile._meta.concrete_fields if f.name not in given]
    try:
        # The constraints hold the same bounds as the validators: no query to check them again.
        profile.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
    except ValidationError:
        for name, value in before.items():
            setattr(profile, name, value)
        raise
    profile.save()
    if not isinstance(sectors, Unchanged):
        profile.sectors.set(list(sectors))
    if not isinstance(skills, Unchanged):
        profile_skills_set(profile=profile, skills=skills, source=ProfileSkill.Source.SELF)
    return profile


@transaction.atomic
def profile_skills_merge(
    *, profile: Profile, levels: dict[int, int], remove: list[int], source: str
) -> None:
    """Sets some levels and removes some skills, keeping every other skill as it is.

    profile_skills_set makes the set exact, so the rest is passed through.
    """
    saved = selectors.profile_skill_levels(profile=profile)
    merged = {k: v for k, v in saved.items() if k not in set(remove)}
    merged.update(levels)
    profile_skills_set(profile=profile, skills=list(merged.items()), source=source)


@transaction.atomic
def profile_skills_set(
    *, profile: Profile, skills: list[tuple[int, int]], source: str = ProfileSkill.Source.SELF
) -> None:
    """Makes the profile's skills exactly `skills` (skill id, level); later pairs win.

    `source` is recorded on the skills this call adds or whose level it changes; a skill passed
    at the level it already has keeps the source it had (a CV reading that confirms a level the
    person typed does not make it "from CV")."""
    if source not in ProfileSkill.Source.values:
        raise ValidationError({"source": _("Unknown source.")})
    wanted: dict[int, int] = {}
    for skill_id, level in skills:
        if not MIN_LEVEL <= int(level) <= MAX_LEVEL:
            raise ValidationError(
                {
                    "skills": _("Levels go from %(low)s to %(high)s.")
                    % {"low": MIN_LEVEL, "high": MAX_LEVEL}
                }
            )
        wanted[int(skill_id)] = int(level)
    ProfileSkill.objects.filter(profile=profile).exclude(skill_id__in=wanted).delete()
    existing = {ps.skill_id: ps for ps in ProfileSkill.objects.filter(profile=profile)}
    changed = []
    for skill_id, level in wanted.items():
        ps = existing.get(skill_id)
        if ps is None:
            continue
        if ps.level != level:
            ps.level, ps.source = level, source
            changed.append(ps)
    ProfileSkill.objects.bulk_update(changed, ["level", "source"])
    ProfileSkill.objects.bulk_create(
        [
            ProfileSkill(profile=profile, skill_id=s, level=lvl, source=source)
            for s, lvl in wanted.items()
            if s not in existing
        ]
    )


@transaction.atomic
def assessment_create(
    *, profile: Profile, target: Occupation, objective: str | None = None
) -> Assessment:
    """Stores a pending assessment; its task is enqueued once the transaction commits. Its path
    is planned for `objective` (by default, what the person said matters most)."""
    objective = objective or profile.priority
    if objective not in Profile.Priority.values:
        raise ValidationError({"objective": _("Unknown choice.")})
    assessment = Assessment.objects.create(profile=profile, target=target, objective=objective)
    transaction.on_commit(lambda: running.assessment_enqueue(assessment.pk))
    return assessment


@transaction.atomic
def path_step_status_set(*, step: PathStep, status: str, user: User) -> PathStep:
    """Moves a step to todo / doing / done. Only the path's owner (or staff) may."""
    if status not in PathStep.Status.values:
        raise ValidationError(
            {"status": _("Choose among: %(values)s.") % {"values": ", ".join(PathStep.Status)}}
        )
    if not (user.is_staff or step.path.profile.user_id == user.id):
        raise PermissionError("only the person following the path changes its steps")
    if step.status != status:
        step.status = status
        step.status_changed_at = timezone.now()
        step.save(update_fields=["status", "status_changed_at"])
    return step
