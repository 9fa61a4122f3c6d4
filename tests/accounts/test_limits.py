"""Limits on what one client may repeat: 429 with Retry-After, per person, address and e-mail."""

import pytest
from django.core import mail

from accounts.limits import client_ip
from accounts.models import User
from advisor.models import Assessment
from tests.accounts.factories import UserFactory
from tests.advisor.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    """Low rates for the scopes a test names; the others keep their defaults."""

    def set_rates(**scopes: str) -> None:
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, **scopes}

    return set_rates


def assert_too_many(response) -> None:
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600


def test_assessments_are_limited_per_person_over_the_api_and_the_pages_alike(
    client, api_client, user, other_user, rates
):
    rates(assessments="2/hour")
    role = build_world()["role"]
    api_client.force_login(user)
    client.force_login(user)
    first = api_client.post("/api/v1/assessments/", {"target": role.code}, format="json")
    assert first.status_code == 201
    assert client.post("/plans/", {"target": role.pk}).status_code == 302
    # The third, whichever way it comes, is refused: one count for the API and the page.
    assert_too_many(api_client.post("/api/v1/assessments/", {"target": role.code}, format="json"))
    page = client.post("/plans/", {"target": role.pk}, HTTP_ACCEPT_LANGUAGE="fr")
    assert_too_many(page)
    assert "Réessayez dans 60 minutes" in page.content.decode()
    assessment = Assessment.objects.filter(profile__user=user).first()
    assert_too_many(client.post(f"/assessments/{assessment.pk}/reassess/"))
    assert Assessment.objects.filter(profile__user=user).count() == 2
    # Reading is not counted, and another person has their own allowance.
    assert api_client.get(f"/api/v1/assessments/{assessment.pk}/").status_code == 200
    api_client.force_login(other_user)
    assert (
        api_client.post("/api/v1/assessments/", {"target": role.code}, format="json").status_code
        == 201
    )


def test_password_reset_is_limited_per_address_and_per_email(client, rates):
    rates(password_reset_ip="3/hour", password_reset_email="2/hour")
    person = UserFactory(email="camille@example.org")
    for _ in range(2):
        response = client.post("/accounts/password_reset/", {"email": person.email})
        assert response.status_code == 302
    # The same e-mail address from elsewhere: refused, no third e-mail.
    elsewhere = client.post(
        "/accounts/password_reset/", {"email": person.email}, REMOTE_ADDR="198.51.100.7"
    )
    assert_too_many(elsewhere)
    assert len(mail.outbox) == 2
    # Other addresses from the first client: one more, then refused.
    assert client.post("/accounts/password_reset/", {"email": "a@example.org"}).status_code == 302
    assert_too_many(client.post("/accounts/password_reset/", {"email": "b@example.org"}))
    assert client.get("/accounts/password_reset/").status_code == 200  # the form still shows


def sign_up(client, name: str, **extra):
    data = {
        "username": name,
        "email": f"{name}@example.org",
        "password1": "Reconversion-2030!",
        "password2": "Reconversion-2030!",
    }
    return client.post("/accounts/signup/", data, **extra)


def test_sign_up_is_limited_per_address_and_per_email(client, rates):
    rates(signup_ip="2/hour", signup_email="1/hour")
    assert sign_up(client, "ana").status_code == 302
    client.logout()
    assert sign_up(client, "bea").status_code == 302
    client.logout()
    assert_too_many(sign_up(client, "cleo"))
    assert not User.objects.filter(username="cleo").exists()
    # One address tried from another client: counted for that e-mail.
    taken = client.post(
        "/accounts/signup/",
        {"username": "dan", "email": "ana@example.org", "password1": "x", "password2": "x"},
        REMOTE_ADDR="198.51.100.8",
    )
    assert_too_many(taken)


def test_failed_logins_over_many_accounts_from_one_address_lock_that_address(client, settings):
    accounts = [UserFactory() for _ in range(5)]
    for person in accounts[:4]:
        for _ in range(4):  # under the per-account limit each time
            client.post("/accounts/login/", {"username": person.username, "password": "nope"})
    fifth = accounts[4]
    fifth.set_password("Reconversion-2030!")
    fifth.save()
    locked = client.post(
        "/accounts/login/", {"username": fifth.username, "password": "Reconversion-2030!"}
    )
    assert_too_many(locked)
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME * 3600
    assert "_auth_user_id" not in client.session
    # Another address is not locked.
    other = client.post(
        "/accounts/login/",
        {"username": fifth.username, "password": "Reconversion-2030!"},
        REMOTE_ADDR="198.51.100.9",
    )
    assert other.status_code == 302


def test_public_search_is_limited_for_strangers_and_for_people(client, user, rates):
    rates(search_anon="2/minute", search_user="3/minute")
    for _ in range(2):
        assert client.get("/api/v1/skills/?search=python").status_code == 200
    assert_too_many(client.get("/api/v1/resources/?q=python"))
    client.force_login(user)
    for _ in range(3):
        assert client.get("/api/v1/occupations/?search=data").status_code == 200
    assert_too_many(client.get("/api/v1/skills/?search=python"))


def test_forwarded_address_counts_only_behind_a_trusted_proxy(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"  # a client may write any X-Forwarded-For
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.5"  # what our one proxy saw, not what it was told
