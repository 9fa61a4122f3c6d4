"""No 500 on any input (issue 14): the inputs the operators' drill found each answer 400 with a
message naming the field."""

import json

import pytest
from django.test import Client

from advisor.models import Profile
from tests.accounts.factories import CounsellorFactory, UserFactory
from tests.advisor.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    client = Client(raise_request_exception=False)
    user = UserFactory()
    Profile.objects.create(user=user)
    client.force_login(user)
    return client


def put_profile(client, body):
    return client.put("/api/v1/profiles/me/", json.dumps(body), content_type="application/json")


def test_a_nul_character_in_the_occupation_search_is_refused_by_name(person):
    response = person.get("/search/occupations/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "q" in response.content.decode()


def test_a_nul_character_in_the_counsellors_client_search_is_refused(client):
    counsellor = CounsellorFactory()
    client = Client(raise_request_exception=False)
    client.force_login(counsellor)
    response = client.get("/api/v1/counsellor/clients/", {"search": "\x00"})
    assert response.status_code == 400
    assert "search" in response.json()["errors"]


def test_a_non_decimal_digit_as_transitions_limit_is_refused(person):
    world = build_world()
    code = world["role"].code
    response = person.get(f"/api/v1/occupations/{code}/transitions/", {"limit": "²"})
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"current_occupation": "\u0000"}, "current_occupation"),
        ({"skills": [{"skill": "²", "level": 2}]}, "skills"),
        ({"skills": [{"skill": "\u0000", "level": 2}]}, "skills"),
        ({"start_date": "9999-12-31"}, "start_date"),
        ({"languages": ["abcdefgh"]}, "languages"),
    ],
)
def test_bad_profile_values_are_refused_by_field_and_nothing_is_saved(person, body, field):
    before = put_profile(person, {}).json()
    response = put_profile(person, body)
    assert response.status_code == 400, response.content
    # The message is keyed by the field (or the path inside it: "skills[0].skill").
    assert any(key.startswith(field) for key in response.json()["errors"]), response.json()
    assert person.get("/api/v1/profiles/me/").json() == before


def test_a_json_body_nested_very_deep_is_refused_not_crashed(person):
    deep = "[" * 100_000 + "]" * 100_000
    response = person.put("/api/v1/profiles/me/", deep, content_type="application/json")
    assert response.status_code == 400


def test_a_nul_character_in_the_skill_search_and_onboarding_search_is_refused(person):
    assert person.get("/search/skills/", {"q": "a\x00b"}).status_code == 400
    response = person.get("/me/onboarding/occupation/", {"q": "a\x00b"})
    assert response.status_code == 400 and "q:" in response.content.decode()
