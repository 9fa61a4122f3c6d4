"""The current-job step of the onboarding: it offers and stores taxonomy occupations only, never
an AI-era target role, with or without JavaScript (the issue-12 bug: "graphic designer" pre-ticked
"AI-augmented graphic designer", which "Save and continue" stored as the current job)."""

import re

import pytest
from django.urls import reverse

from advisor.models import Profile
from skills.models import Source
from tests.skills.factories import OccupationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def designers():
    esco = OccupationFactory(
        code="2166.9",
        uri="http://data.europa.eu/esco/occupation/69bcbb0a-8d80-4ecd-b0a4-9adea2a40de2",
        source=Source.ESCO,
        title="graphic designer",
        title_fr="graphiste",
        alt_labels=["graphic artist"],
        alt_labels_fr=["designer graphiste/designeuse graphiste"],
    )
    role = OccupationFactory(
        code="AI-DES-01",
        source=Source.CURATED,
        title="AI-augmented graphic designer",
        title_fr="Graphiste augmenté·e par l'IA",
        is_target=True,
        extends=esco,
    )
    return esco, role


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def radios(html: str) -> dict[str, bool]:
    """value → checked, for the occupation radios of the page."""
    return {
        m.group(2): bool(m.group(3))
        for m in re.finditer(
            r'<input type="radio" name="occupation" (value="(\d+)")[^>]*?( checked)?>', html
        )
    }


def test_without_javascript_the_search_lists_and_ticks_the_esco_job_only(signed_in, designers):
    esco, role = designers
    response = signed_in.get("/me/onboarding/occupation/", {"q": "Graphic Designer"})
    assert response.status_code == 200
    assert radios(response.content.decode()) == {str(esco.pk): True}


def test_the_live_search_never_offers_a_target_role(client, designers):
    esco, role = designers
    html = client.get(reverse("advisor:occupation-search"), {"q": "graphiste"}).content.decode()
    assert radios(html) == {str(esco.pk): True}
    assert "augment" not in html


def test_a_guess_is_not_ticked_only_an_exact_title(signed_in, designers):
    esco, _role = designers
    html = signed_in.get("/me/onboarding/occupation/", {"q": "graph"}).content.decode()
    assert radios(html) == {str(esco.pk): False}
    # An alternative title is not a title: ESCO files "teacher" under politics lecturer.
    html = signed_in.get("/me/onboarding/occupation/", {"q": "graphic artist"}).content.decode()
    assert radios(html) == {str(esco.pk): False}


def test_saving_the_search_result_stores_the_esco_job(signed_in, user, designers):
    esco, _role = designers
    response = signed_in.post("/me/onboarding/occupation/", {"occupation": esco.pk})
    assert response.status_code == 302
    assert Profile.objects.get(user=user).current_occupation == esco


def test_a_posted_target_role_is_refused_with_a_clear_message(signed_in, user, designers):
    _esco, role = designers
    response = signed_in.post("/me/onboarding/occupation/", {"occupation": role.pk})
    assert response.status_code == 400
    assert "is an AI-era role you can aim for, not a current job" in response.content.decode()
    assert not Profile.objects.filter(user=user, current_occupation__isnull=False).exists()


def test_the_api_refuses_a_target_role_as_current_job(api_client, user, designers):
    _esco, role = designers
    api_client.force_login(user)
    response = api_client.put(
        "/api/v1/profiles/me/", {"current_occupation": role.code}, format="json"
    )
    assert response.status_code == 400
    assert "AI-era role you can aim for, not a current job" in str(
        response.json()["errors"]["current_occupation"]
    )
