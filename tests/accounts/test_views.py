"""Account pages: sign up, log in, password reset, language, my data, deletion."""

import pytest
from django.core import mail

from accounts.models import User
from advisor.models import Assessment, PathStep, Profile, ProfileSkill
from tests.advisor.journey_data import build_world


def error_at(html: str, field: str) -> str:
    import re

    match = re.search(rf'id="id_{field}_error"[^>]*>(.*?)</ul>', html, re.S)
    assert match, f"no error at {field}"
    return re.sub(r"<[^>]+>", " ", match.group(1))


@pytest.mark.django_db
def test_sign_up_creates_a_job_seeker_signed_in_in_their_language(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "camille",
            "email": "camille@example.org",
            "password1": "Reconversion-2030!",
            "password2": "Reconversion-2030!",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/onboarding/occupation/"
    user = User.objects.get(username="camille")
    assert user.role == User.Role.JOB_SEEKER and user.preferred_language == "fr"
    assert client.get("/me/").status_code == 200


@pytest.mark.django_db
def test_sign_up_rejects_bad_input_at_each_field(client, user):
    response = client.post(
        "/accounts/signup/",
        {
            "username": user.username,
            "email": user.email.upper(),
            "password1": "abc",
            "password2": "abd",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "already exists" in error_at(html, "username")
    assert "already uses this e-mail" in error_at(html, "email")
    assert "didn’t match" in error_at(html, "password2")
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_log_in_form_says_what_is_wrong(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


@pytest.mark.django_db
def test_repeated_failed_logins_are_locked_out(client, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": user.username, "password": "nope"})
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": "correct horse battery"}
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_password_reset_sends_a_link_and_rejects_a_bad_email(client, user):
    bad = client.post("/accounts/password_reset/", {"email": "not-an-email"})
    assert "valid email" in error_at(bad.content.decode(), "email")
    assert mail.outbox == []
    response = client.post("/accounts/password_reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_language_choice_is_remembered_for_a_signed_in_person(client, user):
    client.force_login(user)
    response = client.post("/accounts/language/", {"language": "fr", "next": "/me/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.preferred_language == "fr"
    client.cookies.clear()  # another device: no cookie, an English browser
    client.force_login(user)
    page = client.get("/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="fr">' in page.content.decode()
    assert "Mon profil" in page.content.decode()


@pytest.mark.django_db
def test_language_form_refuses_an_unknown_language(client, user):
    client.force_login(user)
    client.post("/accounts/language/", {"language": "xx"})
    user.refresh_from_db()
    assert user.preferred_language == ""


@pytest.fixture
def owner_with_everything(user, django_capture_on_commit_callbacks):
    from advisor import services

    world = build_world()
    profile = Profile.objects.create(user=user, budget=500)
    profile.sectors.add(*world.roles[0].sectors.all())
    ProfileSkill.objects.create(profile=profile, skill=world.skills["copywriting"], level=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_create(profile=profile, target=world.roles[0])
    return user


@pytest.mark.django_db
def test_my_data_download_holds_everything(client, owner_with_everything):
    client.force_login(owner_with_everything)
    response = client.get("/accounts/my-data/download/")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    assert data["account"]["email"] == owner_with_everything.email
    assert data["skills"][0]["level"] == 3
    assert data["assessments"][0]["status"] == "done"
    assert data["learning_paths"][0]["steps"]


@pytest.mark.django_db
def test_delete_account_needs_the_password_and_keeps_everything_otherwise(
    client, owner_with_everything
):
    client.force_login(owner_with_everything)
    response = client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 400
    assert "This is not your password." in error_at(response.content.decode(), "password")
    assert User.objects.filter(pk=owner_with_everything.pk).exists()
    assert Assessment.objects.exists()


@pytest.mark.django_db
def test_delete_account_removes_every_personal_row(client, owner_with_everything, other_user):
    from axes.models import AccessLog
    from django.contrib.sessions.models import Session

    client.force_login(owner_with_everything)
    AccessLog.objects.create(username=owner_with_everything.username, ip_address="127.0.0.1")
    response = client.post("/accounts/delete/", {"password": "correct horse battery"})
    assert response.status_code == 302
    assert not User.objects.filter(username=owner_with_everything.username).exists()
    for model in (Profile, ProfileSkill, Assessment, PathStep):
        assert not model.objects.exists(), model
    assert not AccessLog.objects.filter(username=owner_with_everything.username).exists()
    owner_id = str(owner_with_everything.pk)
    assert all(s.get_decoded().get("_auth_user_id") != owner_id for s in Session.objects.all())
    assert User.objects.filter(pk=other_user.pk).exists()
