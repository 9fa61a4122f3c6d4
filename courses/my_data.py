"""The catalogue's part of the "My data" export (registry: accounts.my_data): what a staff
member decided about resources and suggested skills."""

from typing import Any

from accounts.models import User
from accounts.my_data import export_part, iso

from .models import Resource, ResourceStatusChange, SkillSuggestion


@export_part("resources_status_set", model=Resource)
def _resources(user: User) -> list[dict[str, Any]]:
    """Resources whose current status the person set."""
    return [
        {"id": pk, "title": title, "status": status, "at": iso(at)}
        for pk, title, status, at in Resource.objects.filter(status_changed_by=user)
        .order_by("pk")
        .values_list("pk", "title", "status", "status_changed_at")
    ]


@export_part("resource_status_changes", model=ResourceStatusChange)
def _status_changes(user: User) -> list[dict[str, Any]]:
    changes = (
        ResourceStatusChange.objects.filter(changed_by=user)
        .select_related("resource")
        .order_by("pk")
    )
    return [
        {
            "id": change.pk,
            "resource": change.resource.title,
            "from": change.from_status,
            "to": change.to_status,
            "note": change.note,
            "at": iso(change.changed_at),
        }
        for change in changes
    ]


@export_part("skill_suggestions_decided", model=SkillSuggestion)
def _suggestions(user: User) -> list[dict[str, Any]]:
    suggestions = (
        SkillSuggestion.objects.filter(decided_by=user)
        .select_related("resource", "skill")
        .order_by("pk")
    )
    return [
        {
            "id": s.pk,
            "resource": s.resource.title,
            "skill": s.skill.name,
            "decision": s.decision,
            "decided_at": iso(s.decided_at),
        }
        for s in suggestions
    ]
