"""A client learns of a counsellor's invitation: by e-mail, and on their next visit."""

import pytest
from django.core import mail
from django.urls import reverse

from counselling.services import consent
from tests.accounts.factories import CounsellorFactory

pytestmark = pytest.mark.django_db


def test_invited_client_gets_an_email_with_the_message_and_the_link(
    counsellor, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consent.invitation_create(
            counsellor=counsellor, client_identifier=user.email, message="Let's look at it."
        )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [user.email]
    assert counsellor.username in sent.subject
    assert "Let's look at it." in sent.body
    assert "http://127.0.0.1:8000/me/counsellors/" in sent.body or "/me/counsellors/" in sent.body
    assert "Nothing is shared until you accept" in sent.body


def test_email_is_in_the_clients_language(counsellor, user, django_capture_on_commit_callbacks):
    user.preferred_language = "fr"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        consent.invitation_create(counsellor=counsellor, client_identifier=user.username)
    assert "vous invite" in mail.outbox[0].subject
    assert "Rien n'est partagé" in mail.outbox[0].body


def test_a_bare_code_sends_no_email(counsellor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        consent.invitation_create(counsellor=counsellor)
    assert mail.outbox == []


def test_client_sees_a_notice_until_they_answer(client, counsellor, user):
    consent.invitation_create(counsellor=counsellor, client_identifier=user.username)
    consent.invitation_create(counsellor=CounsellorFactory(), client_identifier=user.username)
    client.force_login(user)
    page = client.get("/me/").content.decode()
    assert "2 counsellors invited you to follow your plan." in page
    assert f'href="{reverse("counselling:my-counsellors")}"' in page
    for invitation in user.access_invitations.all():
        consent.invitation_decline(invitation=invitation, client=user)
    assert "invited you" not in client.get("/me/").content.decode()


def test_the_notice_is_only_for_the_invited_person(client, counsellor, user, other_user):
    consent.invitation_create(counsellor=counsellor, client_identifier=user.username)
    client.force_login(other_user)
    assert "invited you" not in client.get("/me/").content.decode()
    client.force_login(counsellor)
    assert "invited you" not in client.get("/").content.decode()
