"""Counselling's part of the "My data" export (registry: accounts.my_data).

The client gets every counselling row about their plans and their consent, as they see them on
their pages; a counsellor gets the rows they wrote or took part in. Counsellors' notes are not
shown on the client's pages, but they are information about the client, so the client's right
of access includes them here (docs/counselling.md, "My data").
"""

from typing import Any

from django.db.models import Q

from accounts.models import User
from accounts.my_data import export_part, iso

from .models import AccessEvent, AccessInvitation, Note, PathApproval, PathCarryOver, PathEdit


def _username(user: User | None) -> str | None:
    return user.username if user is not None else None


@export_part("access_invitations", model=AccessInvitation)
def _invitations(user: User) -> list[dict[str, Any]]:
    invitations = (
        AccessInvitation.objects.filter(Q(client=user) | Q(counsellor=user) | Q(accepted_by=user))
        .select_related("client", "counsellor")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": inv.pk,
            "counsellor": inv.counsellor.username,
            "client": _username(inv.client),
            "message": inv.message,
            "created_at": iso(inv.created_at),
            "expires_at": iso(inv.expires_at),
            "accepted_at": iso(inv.accepted_at),
            "declined_at": iso(inv.declined_at),
            "cancelled_at": iso(inv.cancelled_at),
        }
        for inv in invitations
    ]


@export_part("access_events", model=AccessEvent)
def _access_events(user: User) -> list[dict[str, Any]]:
    events = (
        AccessEvent.objects.filter(Q(client=user) | Q(counsellor=user) | Q(actor=user))
        .select_related("client", "counsellor", "actor")
        .order_by("at", "pk")
    )
    return [
        {
            "id": event.pk,
            "at": iso(event.at),
            "action": event.action,
            "via": event.via,
            "client": event.client.username,
            "counsellor": event.counsellor.username,
            "by": _username(event.actor),
        }
        for event in events
    ]


@export_part("path_edits", model=PathEdit)
def _path_edits(user: User) -> list[dict[str, Any]]:
    """Changes made to the person's plans, and the changes a counsellor made themselves."""
    edits = (
        PathEdit.objects.filter(Q(path__profile__user=user) | Q(author=user))
        .select_related("resource", "author")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": edit.pk,
            "path": edit.path_id,
            "action": edit.action,
            "resource": edit.resource.title,
            "from_position": edit.from_position,
            "to_position": edit.to_position,
            "reason": edit.reason,
            "by": _username(edit.author),
            "created_at": iso(edit.created_at),
            "carried_over": edit.carried_from_id is not None,
        }
        for edit in edits
    ]


@export_part("path_approvals", model=PathApproval)
def _path_approvals(user: User) -> list[dict[str, Any]]:
    approvals = (
        PathApproval.objects.filter(Q(path__profile__user=user) | Q(counsellor=user))
        .select_related("counsellor")
        .order_by("approved_at", "pk")
    )
    return [
        {
            "id": approval.pk,
            "path": approval.path_id,
            "by": _username(approval.counsellor),
            "comment": approval.comment,
            "approved_at": iso(approval.approved_at),
            "withdrawn_at": iso(approval.withdrawn_at),
        }
        for approval in approvals
    ]


@export_part("path_carry_overs", model=PathCarryOver)
def _carry_overs(user: User) -> list[dict[str, Any]]:
    carry_overs = PathCarryOver.objects.filter(path__profile__user=user).order_by("created_at")
    return [
        {
            "id": carry.pk,
            "path": carry.path_id,
            "previous_path": carry.previous_path_id,
            "kept": carry.kept,
            "summary": carry.summary,
            "created_at": iso(carry.created_at),
        }
        for carry in carry_overs
    ]


@export_part("counsellor_notes", model=Note)
def _notes(user: User) -> list[dict[str, Any]]:
    """Notes about the person, and the notes a counsellor wrote."""
    notes = (
        Note.objects.filter(Q(client=user) | Q(author=user))
        .select_related("client", "author")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": note.pk,
            "client": note.client.username,
            "by": note.author.username,
            "body": note.body,
            "created_at": iso(note.created_at),
        }
        for note in notes
    ]
