"""The "My data" export: one registry each app adds its part to, in its AppConfig.ready().

`accounts` sits at the base and imports no other project app, so it cannot build the export
itself: every app registers a function returning its rows about a person, with the model those
rows come from (tests/accounts/test_my_data.py checks every model that refers to a person is
covered). Every row carries its `id`; dates are ISO 8601.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.admin.models import LogEntry
from django.db.models import Model

from .models import User

Rows = Callable[[User], Any]


@dataclass(frozen=True)
class ExportPart:
    section: str
    model: type[Model]
    rows: Rows


_parts: dict[str, ExportPart] = {}


def export_part(section: str, *, model: type[Model]) -> Callable[[Rows], Rows]:
    """Register `rows(user)` as the `section` of the export, holding rows of `model`."""

    def register(rows: Rows) -> Rows:
        existing = _parts.get(section)
        if existing is not None and existing.rows is not rows:
            raise ValueError(f"Two apps export the section {section!r}")
        _parts[section] = ExportPart(section=section, model=model, rows=rows)
        return rows

    return register


def export_parts() -> list[ExportPart]:
    """Every registered part, in registration order (apps in INSTALLED_APPS order)."""
    return list(_parts.values())


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@export_part("account", model=User)
def _account(user: User) -> dict[str, Any]:
    # The API token is a credential (its key is its primary key): only when it was made.
    token = getattr(user, "auth_token", None)
    return {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "preferred_language": user.preferred_language,
        "role": user.role,
        "api_token_created_at": iso(token.created) if token is not None else None,
    }


@export_part("admin_actions", model=LogEntry)
def _admin_actions(user: User) -> list[dict[str, Any]]:
    """What a staff member did in the admin site (Django's own log)."""
    return [
        {
            "id": entry.pk,
            "at": iso(entry.action_time),
            "object": entry.object_repr,
            "action": entry.get_action_flag_display(),
            "change": entry.get_change_message(),
        }
        for entry in LogEntry.objects.filter(user=user).order_by("action_time")
    ]
