"""Writes for the counsellor workspace: consent, notes, path edits, approvals, validation.

Every service re-checks access through `selectors.clients_visible_to`, so a caller that forgot
to scope its lookup still cannot act on a stranger's data.
"""

import functools
import logging
import math
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from advisor.engine.catalogue import to_eur
from advisor.models import CounsellorAccess, LearningPath, Note, PathStep, ProfileSkill
from courses.models import Resource

from . import selectors
from .models import (
    AccessEvent,
    AccessInvitation,
    PathApproval,
    PathCarryOver,
    PathEdit,
)

logger = logging.getLogger(__name__)

INVITATION_VALID_DAYS = 14
MAX_REASON = 2000
MAX_NOTE = 10_000
# Orders are renumbered through this offset so the (path, order) unique constraint never
# sees two steps on one number mid-update (PostgreSQL checks it row by row).
_ORDER_OFFSET = 1000


def _require_access(counsellor: User, client: User) -> None:
    if not selectors.clients_visible_to(counsellor).filter(pk=client.pk).exists():
        raise PermissionDenied("No active access grant for this client.")


def _clean_text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError({field: _("Keep it under %(n)d characters.") % {"n": max_length}})
    return value


# --- consent ------------------------------------------------------------------------------


@transaction.atomic
def access_grant(
    *,
    client: User,
    counsellor: User,
    actor: User,
    via: str,
    invitation: AccessInvitation | None = None,
) -> CounsellorAccess:
    """Give `counsellor` access to `client`; an existing active grant is returned unchanged."""
    if not selectors.is_counsellor(counsellor):
        raise ValidationError({"counsellor": _("This person is not a career counsellor.")})
    if client.pk == counsellor.pk:
        raise ValidationError({"counsellor": _("You cannot follow yourself.")})
    existing = (
        CounsellorAccess.objects.select_for_update()
        .filter(client=client, counsellor=counsellor, revoked_at__isnull=True)
        .first()
    )
    if existing:
        return existing
    grant = CounsellorAccess.objects.create(client=client, counsellor=counsellor)
    AccessEvent.objects.create(
        client=client,
        counsellor=counsellor,
        actor=actor,
        action=AccessEvent.Action.GRANTED,
        via=via,
        invitation=invitation,
    )
    return grant


@transaction.atomic
def access_revoke(*, grant: CounsellorAccess, actor: User) -> CounsellorAccess:
    """End a grant now. The client, the counsellor themselves or staff may do it."""
    if actor.pk == grant.client_id:
        via = AccessEvent.Via.CLIENT
    elif actor.pk == grant.counsellor_id:
        via = AccessEvent.Via.COUNSELLOR
    elif actor.is_staff:
        via = AccessEvent.Via.STAFF
    else:
        raise PermissionDenied("Only the client, the counsellor or staff can revoke access.")
    # Conditional UPDATE: two clicks on "revoke" log one revocation.
    changed = CounsellorAccess.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor
    )
    if changed:
        AccessEvent.objects.create(
            client_id=grant.client_id,
            counsellor_id=grant.counsellor_id,
            actor=actor,
            action=AccessEvent.Action.REVOKED,
            via=via,
        )
    grant.refresh_from_db()
    return grant


@transaction.atomic
def invitation_create(
    *,
    counsellor: User,
    client_identifier: str = "",
    message: str = "",
    valid_days: int = INVITATION_VALID_DAYS,
) -> AccessInvitation:
    """An invitation to one client (by username or e-mail), or a bare code if none is given."""
    if not selectors.is_counsellor(counsellor):
        raise PermissionDenied("Only career counsellors invite clients.")
    message = _clean_text(message, field="message", max_length=500, required=False)
    if not 1 <= valid_days <= 90:
        raise ValidationError({"valid_days": _("Choose between 1 and 90 days.")})
    client = None
    client_identifier = (client_identifier or "").strip()
    if client_identifier:
        client = User.objects.filter(
            Q(username__iexact=client_identifier) | Q(email__iexact=client_identifier),
            is_active=True,
            role=User.Role.JOB_SEEKER,
        ).first()
        if client is None:
            raise ValidationError(
                {"client": _("No job-seeker account with this username or e-mail.")}
            )
    for _attempt in range(5):
        inv = AccessInvitation(
            counsellor=counsellor,
            client=client,
            message=message,
            expires_at=timezone.now() + timedelta(days=valid_days),
        )
        if not AccessInvitation.objects.filter(code=inv.code).exists():
            inv.save()
            if client is not None:
                # Sent once the invitation is stored, so a rolled-back one sends nothing.
                transaction.on_commit(functools.partial(invitation_notify, invitation=inv))
            return inv
    raise RuntimeError("Could not draw a free access code")  # 31^8 codes: not in practice


def invitation_notify(*, invitation: AccessInvitation) -> bool:
    """E-mails the invited client, in their language, what the counsellor asks and where to
    answer. False when there is nobody to write to; a mail server that fails is logged, never
    the counsellor's error (the client also sees a notice on their next visit)."""
    client = invitation.client
    if client is None or not client.email:
        return False
    counsellor = invitation.counsellor
    who = counsellor.get_full_name() or counsellor.username
    link = settings.SITE_URL.rstrip("/") + reverse("counselling:my-counsellors")
    with translation.override(client.preferred_language or settings.LANGUAGE_CODE):
        subject = _("%(who)s invites you to share your plan") % {"who": who}
        body = render_to_string(
            "counselling/invitation_email.txt",
            {"invitation": invitation, "who": who, "link": link},
        )
    try:
        send_mail(subject, body, None, [client.email])
    except OSError:
        logger.exception("invitation %s: the e-mail could not be sent", invitation.pk)
        return False
    return True


def _claim_invitation(invitation: AccessInvitation, client: User) -> bool:
    return bool(
        AccessInvitation.objects.filter(
            pk=invitation.pk,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            cancelled_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).update(accepted_at=timezone.now(), accepted_by=client, client=client)
    )


@transaction.atomic
def invitation_accept(*, invitation: AccessInvitation, client: User) -> CounsellorAccess:
    """The client accepts an invitation addressed to them."""
    if invitation.client_id != client.pk:
        raise PermissionDenied("This invitation is for someone else.")
    if not _claim_invitation(invitation, client):
        raise ValidationError({"invitation": _("This invitation is no longer open.")})
    return access_grant(
        client=client,
        counsellor=invitation.counsellor,
        actor=client,
        via=AccessEvent.Via.INVITATION,
        invitation=invitation,
    )


@transaction.atomic
def invitation_accept_code(*, client: User, code: str) -> CounsellorAccess:
    """The client typed a code their counsellor gave them."""
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    if not code:
        raise ValidationError({"code": _("Enter the code your counsellor gave you.")})
    invitation = AccessInvitation.objects.filter(code=code).select_related("counsellor").first()
    if (
        invitation is None
        or not invitation.is_open
        or invitation.expires_at <= timezone.now()
        or (invitation.client_id and invitation.client_id != client.pk)
    ):
        raise ValidationError({"code": _("This code is unknown, used or expired.")})
    if not _claim_invitation(invitation, client):
        raise ValidationError({"code": _("This code is unknown, used or expired.")})
    return access_grant(
        client=client,
        counsellor=invitation.counsellor,
        actor=client,
        via=AccessEvent.Via.CODE,
        invitation=invitation,
    )


@transaction.atomic
def invitation_decline(*, invitation: AccessInvitation, client: User) -> None:
    if invitation.client_id != client.pk:
        raise PermissionDenied("This invitation is for someone else.")
    AccessInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        declined_at=timezone.now()
    )


@transaction.atomic
def invitation_cancel(*, invitation: AccessInvitation, counsellor: User) -> None:
    if invitation.counsellor_id != counsellor.pk:
        raise PermissionDenied("Not your invitation.")
    AccessInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        cancelled_at=timezone.now()
    )


# --- notes and validated skills -----------------------------------------------------------


@transaction.atomic
def note_create(*, counsellor: User, client: User, body: str) -> Note:
    _require_access(counsellor, client)
    body = _clean_text(body, field="body", max_length=MAX_NOTE)
    return Note.objects.create(client=client, author=counsellor, body=body)


@transaction.atomic
def profile_skill_validate(
    *, counsellor: User, profile_skill: ProfileSkill, level: int, note: str
) -> ProfileSkill:
    """Mark a client's skill level as seen in evidence; a changed level becomes the counsellor's."""
    _require_access(counsellor, profile_skill.profile.user)
    if not isinstance(level, int) or not 0 <= level <= 5:
        raise ValidationError({"level": _("Choose a level from 0 to 5.")})
    note = _clean_text(note, field="note", max_length=MAX_REASON)
    if level != profile_skill.level:
        profile_skill.level = level
        profile_skill.source = ProfileSkill.Source.COUNSELLOR
    profile_skill.validated_by = counsellor
    profile_skill.validated_at = timezone.now()
    profile_skill.validation_note = note
    profile_skill.save()
    return profile_skill


# --- path edits and approval --------------------------------------------------------------


def _reschedule(path: LearningPath, ordered: list[PathStep]) -> None:
    """Renumber steps 1..n in the given order and lay them out week by week again.

    Hours per week come from the profile, as in the engine's schedule. Steps carried over
    from an earlier path (already done) stay in week 0 and cost nothing, as the engine has them.
    """
    weekly = max(1, path.profile.weekly_hours)
    # Two passes: every step first gets a unique number above the offset, then its final one.
    for i, step in enumerate(ordered, start=1):
        PathStep.objects.filter(pk=step.pk).update(order=_ORDER_OFFSET + i)
    hours = Decimal(0)
    total_cost = Decimal(0)
    last_week = 0
    for i, step in enumerate(ordered, start=1):
        if step.carried_over:
            week_start = week_end = 0
        else:
            week_start = int(hours // weekly) + 1
            hours += step.planned_hours
            week_end = max(week_start, math.ceil(hours / weekly))
            total_cost += step.price
            last_week = max(last_week, week_end)
        step.order, step.week_start, step.week_end = i, week_start, week_end
        PathStep.objects.filter(pk=step.pk).update(
            order=i, week_start=week_start, week_end=week_end
        )
    path.total_hours = hours
    path.total_cost = total_cost
    # Skills left open by the engine stay open whatever the order: no "ready in" then.
    path.weeks_to_ready = None if path.open_skills else last_week
    path.save(update_fields=["total_hours", "total_cost", "weeks_to_ready"])


def _reopen(path: LearningPath) -> None:
    """An edit after approval puts the plan back in the counsellor's queue."""
    if path.approved_at:
        path.approved_at = None
        path.approved_by = None
        path.save(update_fields=["approved_at", "approved_by"])
        PathApproval.objects.filter(path=path, withdrawn_at=None).update(
            withdrawn_at=timezone.now()
        )


def _locked_path(path: LearningPath, counsellor: User | None) -> tuple[LearningPath, list]:
    if counsellor is not None:
        _require_access(counsellor, path.profile.user)
    path = LearningPath.objects.select_for_update().select_related("profile__user").get(pk=path.pk)
    steps = list(path.steps.select_related("resource").order_by("order"))
    return path, steps


def _position(value, *, upper: int) -> int:
    try:
        position = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"position": _("Enter a whole number.")}) from None
    if not 1 <= position <= upper:
        raise ValidationError({"position": _("Choose a position from 1 to %(n)d.") % {"n": upper}})
    return position


@transaction.atomic
def path_step_remove(
    *, counsellor: User | None, step: PathStep, reason: str, carried_from: PathEdit | None = None
) -> PathEdit:
    reason = _clean_text(reason, field="reason", max_length=MAX_REASON)
    path, steps = _locked_path(step.path, counsellor)
    remaining = [s for s in steps if s.pk != step.pk]
    if len(remaining) == len(steps):
        raise ValidationError({"step": _("This step is not in the plan any more.")})
    edit = PathEdit.objects.create(
        path=path,
        step=None,
        resource_id=step.resource_id,
        action=PathEdit.Action.REMOVE,
        from_position=step.order,
        reason=reason,
        author=counsellor or (carried_from.author if carried_from else None),
        carried_from=carried_from,
    )
    PathStep.objects.filter(pk=step.pk).delete()
    _reschedule(path, remaining)
    _reopen(path)
    return edit


def _price_eur(resource: Resource) -> Decimal:
    """Plans add prices up in EUR: converted with the planner's one table (docs/prices.md)."""
    eur = to_eur(float(resource.price), resource.currency)
    if math.isinf(eur):
        raise ValidationError(
            {
                "resource": _(
                    "This resource is priced in %(currency)s, which plans cannot convert to "
                    "EUR yet."
                )
                % {"currency": resource.currency}
            }
        )
    return Decimal(str(round(eur, 2)))


@transaction.atomic
def path_step_add(
    *,
    counsellor: User | None,
    path: LearningPath,
    resource: Resource,
    position,
    reason: str,
    carried_from: PathEdit | None = None,
) -> PathEdit:
    reason = _clean_text(reason, field="reason", max_length=MAX_REASON)
    path, steps = _locked_path(path, counsellor)
    if resource.status != Resource.Status.PUBLISHED:
        raise ValidationError({"resource": _("Only published resources can join a plan.")})
    if any(s.resource_id == resource.pk for s in steps):
        raise ValidationError({"resource": _("This resource is already in the plan.")})
    position = _position(position, upper=len(steps) + 1)
    step = PathStep.objects.create(
        path=path,
        resource=resource,
        order=_ORDER_OFFSET * 2,
        planned_hours=resource.hours,
        price=_price_eur(resource),
        rationale=reason,
        reason={"key": "counsellor", "params": {}},
    )
    step.resource = resource
    steps.insert(position - 1, step)
    _reschedule(path, steps)
    _reopen(path)
    return PathEdit.objects.create(
        path=path,
        step=step,
        resource=resource,
        action=PathEdit.Action.ADD,
        to_position=position,
        reason=reason,
        author=counsellor or (carried_from.author if carried_from else None),
        carried_from=carried_from,
    )


@transaction.atomic
def path_step_move(
    *,
    counsellor: User | None,
    step: PathStep,
    position,
    reason: str,
    carried_from: PathEdit | None = None,
) -> PathEdit:
    reason = _clean_text(reason, field="reason", max_length=MAX_REASON)
    path, steps = _locked_path(step.path, counsellor)
    position = _position(position, upper=len(steps))
    current = next((s for s in steps if s.pk == step.pk), None)
    if current is None:
        raise ValidationError({"step": _("This step is not in the plan any more.")})
    old = steps.index(current) + 1
    if old == position:
        raise ValidationError({"position": _("The step is already at this position.")})
    steps.remove(current)
    steps.insert(position - 1, current)
    _reschedule(path, steps)
    _reopen(path)
    return PathEdit.objects.create(
        path=path,
        step=current,
        resource_id=current.resource_id,
        action=PathEdit.Action.MOVE,
        from_position=old,
        to_position=position,
        reason=reason,
        author=counsellor or (carried_from.author if carried_from else None),
        carried_from=carried_from,
    )


@transaction.atomic
def path_approve(*, counsellor: User, path: LearningPath, comment: str = "") -> PathApproval:
    """Approve the plan as it stands now; the client sees it with every reason given."""
    comment = _clean_text(comment, field="comment", max_length=MAX_REASON, required=False)
    path, steps = _locked_path(path, counsellor)
    if not steps:
        raise ValidationError({"path": _("An empty plan cannot be approved.")})
    now = timezone.now()
    PathApproval.objects.filter(path=path, withdrawn_at=None).update(withdrawn_at=now)
    approval = PathApproval.objects.create(path=path, counsellor=counsellor, comment=comment)
    path.approved_by = counsellor
    path.approved_at = approval.approved_at
    path.save(update_fields=["approved_by", "approved_at"])
    return approval


@transaction.atomic
def path_carry_over(*, path_id: int) -> PathCarryOver | None:
    """After a re-assessment: replay the counsellor's approved decisions on the new path.

    Kept only when the target role is unchanged; either way the record says what changed
    (target, readiness, resources the engine added or dropped, decisions replayed). Idempotent.
    """
    path = (
        LearningPath.objects.select_related("assessment__target", "profile")
        .filter(pk=path_id)
        .first()
    )
    if path is None or PathCarryOver.objects.filter(path=path).exists():
        return None
    previous = (
        LearningPath.objects.filter(
            profile=path.profile, approved_at__isnull=False, created_at__lte=path.created_at
        )
        .exclude(pk=path.pk)
        .select_related("assessment__target")
        .order_by("-created_at", "-id")
        .first()
    )
    if previous is None:
        return None
    old_target, new_target = previous.assessment.target, path.assessment.target
    summary: list[dict] = []
    if previous.assessment.readiness is not None and path.assessment.readiness is not None:
        summary.append(
            {
                "what": "readiness",
                "from": round(previous.assessment.readiness * 100),
                "to": round(path.assessment.readiness * 100),
            }
        )
    if old_target.pk != new_target.pk:
        summary.insert(0, {"what": "target", "from": old_target.label, "to": new_target.label})
        return PathCarryOver.objects.create(
            path=path, previous_path=previous, kept=False, summary=summary
        )
    old_resources = set(previous.steps.values_list("resource__title", flat=True))
    new_resources = set(path.steps.values_list("resource__title", flat=True))
    decided = set(previous.edits.values_list("resource__title", flat=True))
    engine_added = sorted(new_resources - old_resources - decided)
    engine_dropped = sorted(old_resources - new_resources - decided)
    if engine_added:
        summary.append({"what": "engine_added", "resources": engine_added})
    if engine_dropped:
        summary.append({"what": "engine_dropped", "resources": engine_dropped})
    # Replayed edits are included: they are the decisions kept through earlier re-assessments.
    for edit in previous.edits.select_related("resource").order_by("created_at", "id"):
        applied = _replay(path, edit)
        summary.append(
            {
                "what": "decision",
                "action": edit.action,
                "resource": edit.resource.title,
                "reason": edit.reason,
                "applied": applied,
            }
        )
    return PathCarryOver.objects.create(
        path=path, previous_path=previous, kept=True, summary=summary
    )


def _replay(path: LearningPath, edit: PathEdit) -> bool:
    """Apply one earlier decision to the new path; False when it no longer applies."""
    path.refresh_from_db()
    step = path.steps.filter(resource_id=edit.resource_id).first()
    count = path.steps.count()
    try:
        if edit.action == PathEdit.Action.REMOVE and step:
            path_step_remove(counsellor=None, step=step, reason=edit.reason, carried_from=edit)
            return True
        if edit.action == PathEdit.Action.ADD and step is None:
            position = min(edit.to_position or count + 1, count + 1)
            path_step_add(
                counsellor=None,
                path=path,
                resource=edit.resource,
                position=position,
                reason=edit.reason,
                carried_from=edit,
            )
            return True
        if edit.action == PathEdit.Action.MOVE and step:
            position = min(edit.to_position or 1, count)
            if step.order != position:
                path_step_move(
                    counsellor=None,
                    step=step,
                    position=position,
                    reason=edit.reason,
                    carried_from=edit,
                )
            return True
    except ValidationError:
        return False
    return False
