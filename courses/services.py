"""Writes to the catalogue: curation (status), skill tags and the tagger's suggestions.

Imports live in courses.importing, search upkeep in courses.search.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from skills.levels import MAX_LEVEL

from .models import Resource, ResourceSkill, ResourceStatusChange, SkillSuggestion
from .search import resources_refresh_search


def resource_status_record(
    *, resource: Resource, status: str, user: User | None, now: datetime, note: str = ""
) -> None:
    """Record a status change in the resource's history and set it on the instance; the
    caller saves the resource (so one save also carries its other changes)."""
    ResourceStatusChange.objects.create(
        resource=resource,
        from_status=resource.status,
        to_status=status,
        changed_by=user,
        changed_at=now,
        note=note,
    )
    resource.status = status
    resource.status_changed_at = now
    resource.status_changed_by = user


def resource_can_publish(resource: Resource) -> bool:
    return resource.skill_links.filter(level_taught__gt=0).exists()


@transaction.atomic
def resource_status_set(*, resource: Resource, status: str, user: User | None) -> Resource:
    """Move one resource to draft / published / archived, remembering who and when.

    Raises ValidationError when publishing a resource that teaches no skill: the advisor could
    never recommend it, so it would only clutter the catalogue.
    """
    if status not in Resource.Status.values:
        raise ValidationError(_("Unknown status %(status)s.") % {"status": status})
    if status == resource.status:
        return resource
    if status == Resource.Status.PUBLISHED and not resource_can_publish(resource):
        raise ValidationError(
            _("“%(title)s” teaches no skill yet: tag at least one skill it teaches, then publish.")
            % {"title": resource.title}
        )
    resource_status_record(resource=resource, status=status, user=user, now=timezone.now())
    resource.save(update_fields=["status", "status_changed_at", "status_changed_by", "updated_at"])
    return resource


def resources_status_set(
    *, resources: Iterable[Resource], status: str, user: User | None
) -> tuple[int, list[Resource]]:
    """Bulk version for admin actions: returns (changed count, resources refused)."""
    changed, refused = 0, []
    for resource in resources:
        if resource.status == status:
            continue
        try:
            resource_status_set(resource=resource, status=status, user=user)
        except ValidationError:
            refused.append(resource)
        else:
            changed += 1
    return changed, refused


@transaction.atomic
def resource_suggestions_refresh(*, resource: Resource, limit: int = 10) -> list[SkillSuggestion]:
    """Store the tagger's pending suggestions for a resource.

    Skills already tagged or already decided on (accepted or rejected) are not suggested again.
    """
    from .tagging import suggest_skills

    decided = set(
        resource.suggestions.exclude(decision=SkillSuggestion.Decision.PENDING).values_list(
            "skill_id", flat=True
        )
    )
    tagged = set(resource.skill_links.values_list("skill_id", flat=True))
    resource.suggestions.filter(decision=SkillSuggestion.Decision.PENDING).delete()
    fresh = [
        s
        for s in suggest_skills(
            resource.description, limit=limit + len(decided | tagged), title=resource.title
        )
        if s.skill_id not in decided and s.skill_id not in tagged
    ][:limit]
    return SkillSuggestion.objects.bulk_create(
        SkillSuggestion(
            resource=resource,
            skill_id=s.skill_id,
            score=round(s.score, 4),
            evidence=s.evidence[:200],
        )
        for s in fresh
    )


@transaction.atomic
def skill_suggestion_accept(
    *, suggestion: SkillSuggestion, level: int, user: User | None
) -> ResourceSkill:
    """Tag the resource with the suggested skill at `level` (1 to MAX_LEVEL)."""
    if not 1 <= int(level) <= MAX_LEVEL:
        raise ValidationError(
            _("The level taught must be from 1 to %(high)s.") % {"high": MAX_LEVEL}
        )
    link, _created = ResourceSkill.objects.get_or_create(
        resource=suggestion.resource,
        skill=suggestion.skill,
        defaults={"level_taught": level},
    )
    if link.level_taught != level:
        if link.level_required >= level:
            raise ValidationError(
                _("The resource already requires this skill at level %(level)s first.")
                % {"level": link.level_required}
            )
        link.level_taught = level
        link.save(update_fields=["level_taught"])
    _decide(suggestion, SkillSuggestion.Decision.ACCEPTED, user)
    resources_refresh_search(resource_ids=[suggestion.resource_id])
    return link


@transaction.atomic
def skill_suggestion_reject(*, suggestion: SkillSuggestion, user: User | None) -> None:
    _decide(suggestion, SkillSuggestion.Decision.REJECTED, user)


def _decide(suggestion: SkillSuggestion, decision: str, user: User | None) -> None:
    suggestion.decision = decision
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["decision", "decided_by", "decided_at"])
