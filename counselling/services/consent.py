"""Consent: access grants and revocations, and the invitations that lead to them."""

import functools
import logging
from datetime import timedelta

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
from advisor.models import CounsellorAccess

from .. import selectors
from ..models import AccessEvent, AccessInvitation
from .rules import clean_text

logger = logging.getLogger(__name__)

INVITATION_VALID_DAYS = 14


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
    message = clean_text(message, field="message", max_length=500, required=False)
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


def _accept(
    invitation: AccessInvitation, client: User, via: str, field: str, closed: str
) -> CounsellorAccess:
    """Claim the invitation for the client and grant the access it offers; if another request
    claimed it first, `closed` is the error, on the field the client used."""
    if not _claim_invitation(invitation, client):
        raise ValidationError({field: closed})
    return access_grant(
        client=client,
        counsellor=invitation.counsellor,
        actor=client,
        via=via,
        invitation=invitation,
    )


@transaction.atomic
def invitation_accept(*, invitation: AccessInvitation, client: User) -> CounsellorAccess:
    """The client accepts an invitation addressed to them."""
    if invitation.client_id != client.pk:
        raise PermissionDenied("This invitation is for someone else.")
    return _accept(
        invitation,
        client,
        AccessEvent.Via.INVITATION,
        "invitation",
        _("This invitation is no longer open."),
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
    return _accept(
        invitation,
        client,
        AccessEvent.Via.CODE,
        "code",
        _("This code is unknown, used or expired."),
    )


def _close_unless_accepted(invitation: AccessInvitation, stamp: str) -> None:
    """An accepted invitation stays as it is: the access it gave is revoked, not the invitation."""
    AccessInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        **{stamp: timezone.now()}
    )


@transaction.atomic
def invitation_decline(*, invitation: AccessInvitation, client: User) -> None:
    if invitation.client_id != client.pk:
        raise PermissionDenied("This invitation is for someone else.")
    _close_unless_accepted(invitation, "declined_at")


@transaction.atomic
def invitation_cancel(*, invitation: AccessInvitation, counsellor: User) -> None:
    if invitation.counsellor_id != counsellor.pk:
        raise PermissionDenied("Not your invitation.")
    _close_unless_accepted(invitation, "cancelled_at")
