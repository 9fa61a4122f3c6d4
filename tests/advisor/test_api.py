"""The advisor API: the owner's data, strangers refused, bad input answered 400."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from advisor import running, services
from advisor.models import Assessment, PathStep
from advisor.transitions import transitions_compute
from tests.advisor.factories import ProfileFactory
from tests.advisor.world import build_world
from tests.skills.factories import OccupationFactory, OccupationSkillFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_profile_me_requires_login(api_client):
    assert api_client.get("/api/v1/profiles/me/").status_code in (401, 403)


def test_profile_me_put_and_get(api_client, user, world):
    SectorFactory(slug="finance")
    api_client.force_login(user)
    python = world["skills"]["python"]
    response = api_client.put(
        "/api/v1/profiles/me/",
        {
            "current_occupation": OccupationFactory(code="4132.1", title="data entry clerk").code,
            "sectors": ["finance"],
            "weekly_hours": 8,
            "budget": "250.50",
            "horizon_weeks": 20,
            "languages": ["fr", "en"],
            "formats": ["online", "hybrid"],
            "start_date": "2026-04-01",
            "wants_certificates": True,
            "skills": [
                {"skill": python.uri, "level": 2},
                {"skill": str(world["skills"]["ml"].id), "level": 1},
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = api_client.get("/api/v1/profiles/me/").json()
    assert (
        data["weekly_hours"] == 8 and data["budget"] == "250.50" and data["sectors"] == ["finance"]
    )
    assert data["wants_certificates"] is True
    assert {(s["name"], s["level"]) for s in data["skills"]} == {
        ("Python", 2),
        ("Machine learning", 1),
    }


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"weekly_hours": "many"}, "weekly_hours"),
        ({"horizon_weeks": 9999}, "horizon_weeks"),
        ({"budget": -1}, "budget"),
        ({"budget": "NaN"}, "budget"),
        ({"start_date": "tomorrow"}, "start_date"),
        ({"current_occupation": "NOPE"}, "current_occupation"),
        ({"sectors": "finance"}, "sectors"),
        ({"languages": [1, 2]}, "languages"),
        ({"formats": ["fax"]}, "formats"),
        ({"skills": [{"skill": "urn:nope", "level": 2}]}, "skills"),
        ({"skills": [{"skill": "1", "level": 9}]}, "skills"),
        ({"skills": "python"}, "skills"),
        ({"skills": [{"level": 0}]}, "skills"),  # a 500 before (partial update)
        ({"wants_certificates": "yes"}, "wants_certificates"),
        ({"colour": "blue"}, "non_field_errors"),
    ],
)
def test_bad_profile_input_is_a_400_naming_the_field(api_client, user, payload, field):
    api_client.force_login(user)
    response = api_client.put("/api/v1/profiles/me/", payload, format="json")
    assert response.status_code == 400
    # A nested item is named down to its place, e.g. "skills[0].level".
    named = {key.split("[")[0] for key in response.json()["errors"]}
    assert field in named


def test_profile_put_with_a_list_body_is_a_400(api_client, user):
    api_client.force_login(user)
    assert api_client.put("/api/v1/profiles/me/", [1, 2], format="json").status_code == 400


def test_role_suggestions(api_client, user, world):
    api_client.force_login(user)
    data = api_client.get("/api/v1/profiles/me/role-suggestions/").json()
    assert data[0]["occupation"]["code"] == world["role"].code
    assert data[0]["reason"] and data[0]["missing"]


def test_assessment_round_trip_and_stranger_gets_404(
    api_client, user, other_user, world, django_capture_on_commit_callbacks
):
    api_client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/assessments/", {"target": world["role"].code}, format="json"
        )
    assert response.status_code == 201
    assessment_id = response.json()["id"]
    data = api_client.get(f"/api/v1/assessments/{assessment_id}/").json()
    assert data["status"] == "done"
    steps = data["path"]["steps"]
    assert steps and all(s["reason"] and s["skills_raised"] for s in steps)
    assert {"week_start", "week_end", "hours", "price", "resource"} <= set(steps[0])
    assert data["path"]["total_hours"] and "open_skills" in data and data["gap"]
    api_client.force_login(other_user)
    assert api_client.get(f"/api/v1/assessments/{assessment_id}/").status_code == 404
    step_id = steps[0]["id"]
    assert (
        api_client.patch(
            f"/api/v1/path-steps/{step_id}/", {"status": "done"}, format="json"
        ).status_code
        == 404
    )
    assert PathStep.objects.get(id=step_id).status == "todo"


def test_assessment_needs_login_and_a_known_target(api_client, user):
    assert api_client.post("/api/v1/assessments/", {"target": "X"}, format="json").status_code in (
        401,
        403,
    )
    api_client.force_login(user)
    for payload in ({"target": "NOPE"}, {}, {"target": ["a"]}):
        response = api_client.post("/api/v1/assessments/", payload, format="json")
        assert response.status_code == 400 and "target" in response.json()["errors"]
    assert not Assessment.objects.exists()


def test_owner_moves_a_step_and_bad_status_is_400(api_client, world):
    profile = ProfileFactory()
    assessment = services.assessment_create(profile=profile, target=world["role"])
    running.assessment_run(assessment_id=assessment.id)
    step = PathStep.objects.filter(path__assessment=assessment).first()
    api_client.force_login(profile.user)
    url = f"/api/v1/path-steps/{step.id}/"
    assert api_client.patch(url, {"status": "finished"}, format="json").status_code == 400
    response = api_client.patch(url, {"status": "doing"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "doing"


def test_transitions_endpoint(api_client, world):
    a = OccupationFactory(
        code="ACC", title="Accountant", source="esco", description="books ledgers"
    )
    b = OccupationFactory(
        code="AUD", title="Auditor", source="esco", description="audits ledgers books"
    )
    c = OccupationFactory(code="CHEF", title="Chef", source="esco", description="cooks food")
    py, stats, ml = world["skills"].values()
    OccupationSkillFactory(occupation=a, skill=stats, level=3)
    OccupationSkillFactory(occupation=b, skill=stats, level=3)
    OccupationSkillFactory(occupation=b, skill=py, level=2)
    OccupationSkillFactory(occupation=c, skill=ml, level=2)
    transitions_compute(source="esco", top_n=2)
    url = reverse("occupation-transitions", kwargs={"code": "ACC"})
    data = api_client.get(url, {"limit": 1}).json()
    [move] = data["results"]
    assert move["target"]["code"] == "AUD"
    assert [s["name"] for s in move["shared"]] == ["Statistics"]
    assert [(s["name"], s["level"]) for s in move["missing"]] == [("Python", 2)]
    assert api_client.get(url, {"limit": "lots"}).status_code == 400
    assert api_client.get("/api/v1/occupations/NOPE/transitions/").status_code == 404
    # The occupation detail route still works next to it.
    assert api_client.get("/api/v1/occupations/ACC/").status_code == 200


def test_the_assessment_api_returns_the_alternatives_as_its_schema_says(
    api_client, world, django_capture_on_commit_callbacks
):
    """Issue 11 item 8: the alternatives are in the response and typed in the OpenAPI schema."""
    profile = ProfileFactory(budget=1000, weekly_hours=10)
    api_client.force_login(profile.user)
    with django_capture_on_commit_callbacks(execute=True):
        created = api_client.post(
            "/api/v1/assessments/", {"target": world["role"].code}, format="json"
        )
    assert created.status_code == 201, created.content
    body = api_client.get(f"/api/v1/assessments/{created.json()['id']}/").json()
    assert body["objective"] == "soonest"
    alternatives = body["alternatives"]
    assert 1 <= len(alternatives) <= 3 and alternatives[0]["current"] is True
    assert set(alternatives[0]) == {
        "objectives", "labels", "hours", "cost_eur", "weeks", "weeks_to_ready",
        "readiness_after_percent", "practice_steps", "open_skills", "steps", "current",
    }  # fmt: skip
    # Every objective appears once across the distinct paths.
    assert sorted(o for a in alternatives for o in a["objectives"]) == [
        "cheapest", "recognised", "soonest"
    ]  # fmt: skip
    schema = io.StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=schema)
    components = json.loads(schema.getvalue())["components"]["schemas"]
    assert "alternatives" in components["Assessment"]["properties"]
    assert set(components["PathAlternative"]["properties"]) == set(alternatives[0])
