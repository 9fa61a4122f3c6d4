"""Writes for the advisor: keyword-only, typed, transactional."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.importing.codes import LANGUAGES
from courses.models import Resource
from skills.models import Occupation, Sector, Skill

from . import running
from .models import Assessment, PathStep, Profile, ProfileSkill

PROFILE_FIELDS = {
    "current_occupation",
    "sectors",
    "weekly_hours",
    "budget",
    "horizon_weeks",
    "languages",
    "formats",
    "start_date",
    "skills",
    "wants_certificates",
    "priority",
}
FORMATS = {c.value for c in Resource.Format}
# A plan starts from a date a person can mean: not before the catalogue existed, at most five
# years ahead (9999-12-31 overflowed the schedule).
START_DATE_FIRST = dt.date(2020, 1, 1)
START_DATE_YEARS_AHEAD = 5


def start_date_last() -> str:
    today = timezone.localdate()
    return today.replace(year=today.year + START_DATE_YEARS_AHEAD).isoformat()


def start_date_in_range(start: dt.date) -> bool:
    return START_DATE_FIRST.isoformat() <= start.isoformat() <= start_date_last()


def _int_in(data: dict, name: str, low: int, high: int, errors: dict) -> int | None:
    value = data[name]
    if isinstance(value, bool):
        errors[name] = _("Enter a whole number.")
        return None
    try:
        number = int(value)
        if str(number) != str(value).strip() and float(value) != number:
            raise ValueError
    except (TypeError, ValueError):
        errors[name] = _("Enter a whole number.")
        return None
    if not low <= number <= high:
        errors[name] = _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}
        return None
    return number


def _string_list(data: dict, name: str, errors: dict) -> list[str] | None:
    value = data[name]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        errors[name] = _("Give a list of codes.")
        return None
    return list(dict.fromkeys(v.strip().lower() for v in value))


def _skill_pairs(value, errors: dict) -> list[tuple[int, int]] | None:
    if not isinstance(value, list):
        errors["skills"] = _('Give a list of {"skill": URI or id, "level": 0–5}.')
        return None
    wanted: list[tuple[str, int]] = []
    for n, item in enumerate(value):
        if not isinstance(item, dict) or "skill" not in item or "level" not in item:
            errors["skills"] = _('Item %(n)s: give {"skill": URI or id, "level": 0–5}.') % {"n": n}
            return None
        level = item["level"]
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 5:
            errors["skills"] = _("Item %(n)s: level must be a whole number from 0 to 5.") % {"n": n}
            return None
        wanted.append((str(item["skill"]).strip(), level))
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    ids = {int(k) for k, _lvl in wanted if k.isdecimal() and len(k) < 19}
    uris = {k for k, _lvl in wanted if not k.isdecimal()}
    found = Skill.objects.filter(Q(id__in=ids) | Q(uri__in=uris)).values_list("id", "uri")
    by_key = {}
    for skill_id, uri in found:
        by_key[str(skill_id)] = skill_id
        by_key[uri] = skill_id
    unknown = [k for k, _lvl in wanted if k not in by_key]
    if unknown:
        errors["skills"] = _("Unknown skill: %(skills)s.") % {"skills": ", ".join(unknown[:5])}
        return None
    return [(by_key[k], level) for k, level in wanted]


@transaction.atomic
def profile_update(*, profile: Profile, data: dict) -> Profile:
    """Updates the fields present in `data`; raises ValidationError naming each bad field."""
    if not isinstance(data, dict):
        raise ValidationError({"non_field_errors": _("Send an object of profile fields.")})
    errors: dict[str, str] = {}
    unknown = sorted(set(data) - PROFILE_FIELDS)
    if unknown:
        errors["non_field_errors"] = _("Unknown field: %(fields)s.") % {
            "fields": ", ".join(unknown)
        }
    updates: dict = {}
    sectors = skills = None
    if "current_occupation" in data:
        code = data["current_occupation"]
        if code in (None, ""):
            updates["current_occupation"] = None
        elif not isinstance(code, str):
            errors["current_occupation"] = _("Give an occupation code.")
        else:
            occupation = Occupation.objects.filter(code=code).first()
            if occupation is None:
                errors["current_occupation"] = _("Unknown occupation code: %(code)s.") % {
                    "code": code
                }
            elif occupation.is_target:
                errors["current_occupation"] = _(
                    "%(code)s is an AI-era target role, not a current job: give the code of "
                    "the occupation you do or last did."
                ) % {"code": code}
            updates["current_occupation"] = occupation
    if "sectors" in data:
        slugs = _string_list(data, "sectors", errors)
        if slugs is not None:
            sectors = list(Sector.objects.filter(slug__in=slugs))
            missing = sorted(set(slugs) - {s.slug for s in sectors})
            if missing:
                errors["sectors"] = _("Unknown sector: %(slugs)s.") % {"slugs": ", ".join(missing)}
    if "weekly_hours" in data:
        updates["weekly_hours"] = _int_in(data, "weekly_hours", 1, 80, errors)
    if "horizon_weeks" in data:
        updates["horizon_weeks"] = _int_in(data, "horizon_weeks", 1, 260, errors)
    if "budget" in data:
        try:
            if isinstance(data["budget"], bool):
                raise InvalidOperation
            budget = Decimal(str(data["budget"]))
            if not budget.is_finite() or budget < 0 or budget >= Decimal("1e7"):
                raise InvalidOperation
            updates["budget"] = budget.quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            errors["budget"] = _("Enter an amount in EUR from 0 to 9,999,999.")
    if "languages" in data:
        languages = _string_list(data, "languages", errors)
        if languages is not None:
            if not languages or any(code not in LANGUAGES for code in languages):
                errors["languages"] = _(
                    "Give at least one language code such as en or fr (ISO 639-1)."
                )
            updates["languages"] = languages
    if "formats" in data:
        formats = _string_list(data, "formats", errors)
        if formats is not None:
            bad = sorted(set(formats) - FORMATS)
            if bad or not formats:
                errors["formats"] = _("Choose among: %(formats)s.") % {
                    "formats": ", ".join(sorted(FORMATS))
                }
            updates["formats"] = formats
    if "start_date" in data:
        value = data["start_date"]
        if value in (None, ""):
            updates["start_date"] = None
        else:
            try:
                start = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
            except ValueError:
                errors["start_date"] = _("Enter a date as YYYY-MM-DD.")
            else:
                if start_date_in_range(start):
                    updates["start_date"] = start
                else:
                    errors["start_date"] = _("Give a date between %(first)s and %(last)s.") % {
                        "first": START_DATE_FIRST.isoformat(),
                        "last": start_date_last(),
                    }
    if "wants_certificates" in data:
        if isinstance(data["wants_certificates"], bool):
            updates["wants_certificates"] = data["wants_certificates"]
        else:
            errors["wants_certificates"] = _("Answer true or false.")
    if "priority" in data:
        if data["priority"] in Profile.Priority.values:
            updates["priority"] = data["priority"]
        else:
            errors["priority"] = _("Choose among: %(values)s.") % {
                "values": ", ".join(Profile.Priority.values)
            }
    if "skills" in data:
        skills = _skill_pairs(data["skills"], errors)
    if errors:
        raise ValidationError(errors)
    for name, value in updates.items():
        setattr(profile, name, value)
    profile.save()
    if sectors is not None:
        profile.sectors.set(sectors)
    if skills is not None:
        profile_skills_set(profile=profile, skills=skills, source=ProfileSkill.Source.SELF)
    return profile


@transaction.atomic
def profile_skills_set(
    *, profile: Profile, skills: list[tuple[int, int]], source: str = ProfileSkill.Source.SELF
) -> None:
    """Makes the profile's skills exactly `skills` (skill id, level 0–5); later pairs win.

    `source` is recorded on the skills this call adds or whose level it changes; a skill passed
    at the level it already has keeps the source it had (a CV reading that confirms a level the
    person typed does not make it "from CV")."""
    if source not in ProfileSkill.Source.values:
        raise ValidationError({"source": _("Unknown source.")})
    wanted: dict[int, int] = {}
    for skill_id, level in skills:
        if not 0 <= int(level) <= 5:
            raise ValidationError({"skills": _("Levels go from 0 to 5.")})
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
def path_step_status_set(*, step: PathStep, status: str, user) -> PathStep:
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
