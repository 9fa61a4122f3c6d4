"""The client's side: invitations, codes, revocation, and the access log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from advisor.models import CounsellorAccess
from counselling.models import AccessEvent, AccessInvitation
from counselling.services import consent
from tests.accounts.factories import CounsellorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_client_accepts_an_invitation_addressed_to_them(client, counsellor, user):
    client.force_login(counsellor)
    response = client.post(
        reverse("counselling:invitations"),
        {"client": user.email, "message": "Hello", "valid_days": 14},
    )
    assert response.status_code == 302
    invitation = AccessInvitation.objects.get(counsellor=counsellor)
    assert invitation.client == user

    client.force_login(user)
    page = client.get(reverse("counselling:my-counsellors"))
    assert b"Hello" in page.content
    client.post(reverse("counselling:my-invitation-accept", args=[invitation.pk]))
    assert CounsellorAccess.objects.filter(
        client=user, counsellor=counsellor, revoked_at=None
    ).exists()
    event = AccessEvent.objects.get()
    assert (event.action, event.via, event.actor, event.invitation) == (
        "granted",
        "invitation",
        user,
        invitation,
    )


def test_client_enters_a_code(client, counsellor, user):
    invitation = consent.invitation_create(counsellor=counsellor)
    client.force_login(user)
    # Codes are forgiving about case, spaces and dashes.
    code = invitation.code.lower()
    response = client.post(
        reverse("counselling:my-counsellors"), {"code": f"{code[:4]}-{code[4:]}"}
    )
    assert response.status_code == 302
    assert CounsellorAccess.objects.filter(client=user, counsellor=counsellor).exists()
    # A code works once.
    other = UserFactory()
    client.force_login(other)
    response = client.post(reverse("counselling:my-counsellors"), {"code": invitation.code})
    assert response.status_code == 400
    assert "code" in response.context["code_form"].errors
    assert not CounsellorAccess.objects.filter(client=other).exists()


@pytest.mark.parametrize("code", ["", "NOPE1234", "x" * 17, "\x00"])
def test_bad_code_gives_a_field_message(client, user, code):
    client.force_login(user)
    response = client.post(reverse("counselling:my-counsellors"), {"code": code})
    assert response.status_code == 400
    assert response.context["code_form"].errors["code"]


def test_expired_code_is_refused(counsellor, user):
    from django.core.exceptions import ValidationError

    invitation = consent.invitation_create(counsellor=counsellor)
    AccessInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError) as exc:
        consent.invitation_accept_code(client=user, code=invitation.code)
    assert "code" in exc.value.message_dict


def test_code_addressed_to_someone_else_is_refused(counsellor, user, other_user):
    from django.core.exceptions import ValidationError

    invitation = consent.invitation_create(counsellor=counsellor, client_identifier=user.username)
    with pytest.raises(ValidationError):
        consent.invitation_accept_code(client=other_user, code=invitation.code)


def test_declined_invitation_grants_nothing(client, counsellor, user):
    invitation = consent.invitation_create(counsellor=counsellor, client_identifier=user.username)
    client.force_login(user)
    client.post(reverse("counselling:my-invitation-decline", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.declined_at and not CounsellorAccess.objects.exists()


def test_someone_else_cannot_accept_my_invitation(client, counsellor, user, other_user):
    invitation = consent.invitation_create(counsellor=counsellor, client_identifier=user.username)
    client.force_login(other_user)
    response = client.post(reverse("counselling:my-invitation-accept", args=[invitation.pk]))
    assert response.status_code == 404
    assert not CounsellorAccess.objects.exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"client": "nobody-here", "valid_days": 14}, "client"),
        ({"client": "", "valid_days": 0}, "valid_days"),
        ({"client": "", "valid_days": "soon"}, "valid_days"),
        ({"client": "", "valid_days": 14, "message": "m" * 501}, "message"),
    ],
)
def test_invitation_form_rejects_bad_input_with_field_message(client, counsellor, data, field):
    client.force_login(counsellor)
    response = client.post(reverse("counselling:invitations"), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]


def test_counsellor_cannot_be_invited_as_client(counsellor):
    from django.core.exceptions import ValidationError

    colleague = CounsellorFactory()
    with pytest.raises(ValidationError):
        consent.invitation_create(counsellor=counsellor, client_identifier=colleague.username)


def test_revocation_is_logged_with_who_and_when(client, counsellor, user):
    grant = consent.access_grant(client=user, counsellor=counsellor, actor=user, via="code")
    client.force_login(user)
    client.post(reverse("counselling:my-grant-revoke", args=[grant.pk]))
    client.post(reverse("counselling:my-grant-revoke", args=[grant.pk]))  # double click
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == user
    events = list(AccessEvent.objects.order_by("at", "id").values_list("action", "actor", "via"))
    assert events == [("granted", user.pk, "code"), ("revoked", user.pk, "client")]
    page = client.get(reverse("counselling:my-counsellors"))
    assert "access revoked" in page.content.decode()


def test_staff_can_revoke_and_it_is_logged_as_staff(counsellor, user, staff_user):
    grant = consent.access_grant(client=user, counsellor=counsellor, actor=user, via="code")
    consent.access_revoke(grant=grant, actor=staff_user)
    assert AccessEvent.objects.filter(action="revoked", via="staff", actor=staff_user).exists()


def test_granting_twice_keeps_one_active_grant(counsellor, user):
    consent.access_grant(client=user, counsellor=counsellor, actor=user, via="code")
    consent.access_grant(client=user, counsellor=counsellor, actor=user, via="code")
    assert CounsellorAccess.objects.filter(client=user, revoked_at=None).count() == 1
    assert AccessEvent.objects.count() == 1


def test_only_counsellors_can_be_granted(user, other_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        consent.access_grant(client=user, counsellor=other_user, actor=user, via="code")


def test_an_accepted_invitation_can_no_longer_be_cancelled_or_declined(counsellor, user):
    """Once accepted, the access is ended by revoking it; the invitation keeps its history."""
    invitation = consent.invitation_create(counsellor=counsellor, client_identifier=user.username)
    consent.invitation_accept(invitation=invitation, client=user)
    consent.invitation_cancel(invitation=invitation, counsellor=counsellor)
    consent.invitation_decline(invitation=invitation, client=user)
    invitation.refresh_from_db()
    assert invitation.accepted_at and not invitation.cancelled_at and not invitation.declined_at
    assert CounsellorAccess.objects.filter(client=user, revoked_at__isnull=True).exists()


def test_a_counsellor_cancels_their_open_invitation(counsellor, user):
    invitation = consent.invitation_create(counsellor=counsellor, client_identifier=user.username)
    consent.invitation_cancel(invitation=invitation, counsellor=counsellor)
    invitation.refresh_from_db()
    assert invitation.cancelled_at and not invitation.is_open
