"""Counsellor workspace data: how access is given, and what counsellors changed in a plan.

The grant itself is `advisor.CounsellorAccess`; everything here is the paper trail around it.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from advisor.models import LearningPath, PathStep
from courses.models import Resource

# No 0/O/1/I/L: a code is read aloud or copied from a letter.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_access_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class AccessInvitation(models.Model):
    """A counsellor's request to follow a client: addressed to one client, or a bare code.

    The client accepts it on their consent page (or types the code there); nothing is shared
    before that.
    """

    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_invitations_sent"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="access_invitations",
        help_text=_("Empty for a code the counsellor hands over in person."),
    )
    code = models.CharField(_("access code"), max_length=16, unique=True, default=new_access_code)
    message = models.CharField(_("message to the client"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declined_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "accepted_at", "declined_at"])]

    def __str__(self) -> str:
        return f"Invitation {self.code} from {self.counsellor}"

    @property
    def is_open(self) -> bool:
        return not (self.accepted_at or self.declined_at or self.cancelled_at)


class AccessEvent(models.Model):
    """The log of every grant and revocation: who, to whom, by whom, when, and how."""

    class Action(models.TextChoices):
        GRANTED = "granted", _("access granted")
        REVOKED = "revoked", _("access revoked")

    class Via(models.TextChoices):
        INVITATION = "invitation", _("accepted an invitation")
        CODE = "code", _("entered a code")
        CLIENT = "client", _("by the client")
        COUNSELLOR = "counsellor", _("by the counsellor")
        STAFF = "staff", _("by staff")

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_events"
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    via = models.CharField(max_length=16, choices=Via.choices)
    invitation = models.ForeignKey(
        AccessInvitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.client} → {self.counsellor}"


class PathEdit(models.Model):
    """One change a counsellor made to a learning path, with the reason the client reads."""

    class Action(models.TextChoices):
        ADD = "add", _("added")
        REMOVE = "remove", _("removed")
        MOVE = "move", _("moved")

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="edits")
    # Kept when the step is deleted so the client still reads what was removed and why.
    step = models.ForeignKey(
        PathStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="edits"
    )
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=8, choices=Action.choices)
    from_position = models.PositiveSmallIntegerField(null=True, blank=True)
    to_position = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.TextField(_("reason"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the edit was replayed from an earlier approved path after a re-assessment.
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="path_edit_reason_required")
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.resource} on path {self.path_id}"


class PathApproval(models.Model):
    """Each time a counsellor approved a path (LearningPath.approved_* holds the latest)."""

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="approvals")
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("comment for the client"), blank=True)
    approved_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Set when a later edit reopened the plan.")
    )

    class Meta:
        ordering = ["-approved_at", "-id"]

    def __str__(self) -> str:
        return f"Approval of path {self.path_id} by {self.counsellor}"


class PathCarryOver(models.Model):
    """What a re-assessment did with the counsellor's approved decisions on the previous path."""

    path = models.OneToOneField(LearningPath, on_delete=models.CASCADE, related_name="carry_over")
    previous_path = models.ForeignKey(
        LearningPath, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kept = models.BooleanField(help_text=_("False when the client changed target role."))
    summary = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Carry-over to path {self.path_id}"


class Note(models.Model):
    """A counsellor's note on a client; never shown to the client (docs/counselling.md)."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes_about"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes_written"
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "-created_at"])]

    def __str__(self) -> str:
        return f"Note on {self.client} by {self.author}"
