"""/api/v1/counsellor/clients/: the caseload and one client's file, validated input only."""

import pytest

from counselling.models import Note, PathEdit
from tests.counselling.factories import ProfileSkillFactory, client_with_plan
from tests.courses.factories import ResourceFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/counsellor/clients/"


@pytest.fixture
def setup(api_client, counsellor):
    client_user, path = client_with_plan(counsellor=counsellor, username="ana")
    api_client.force_authenticate(counsellor)
    return api_client, client_user, path


def test_list_and_detail(setup):
    api, client_user, path = setup
    listed = api.get(BASE).json()
    assert listed["count"] == 1
    row = listed["results"][0]
    assert row["username"] == "ana" and row["steps_total"] == 3 and row["awaiting_approval"]
    detail = api.get(f"{BASE}{client_user.pk}/").json()
    assert [s["order"] for s in detail["path"]["steps"]] == [1, 2, 3]
    assert detail["notes"] == [] and detail["assessments"][0]["readiness"] == 0.5


def test_notes_edits_approval_and_validation_round_trip(setup):
    api, client_user, path = setup
    url = f"{BASE}{client_user.pk}/"
    assert api.post(f"{url}notes/", {"body": "Motivated"}, format="json").status_code == 201
    assert [n["body"] for n in api.get(f"{url}notes/").json()] == ["Motivated"]

    step = path.steps.order_by("order").first()
    extra = ResourceFactory()
    r = api.post(
        f"{url}path-edits/",
        {"action": "add", "resource": extra.pk, "position": 2, "reason": "Good fit"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    r = api.post(
        f"{url}path-edits/",
        {"action": "move", "step": step.pk, "position": 4, "reason": "Later"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert [e["action"] for e in api.get(f"{url}path-edits/").json()] == ["add", "move"]

    r = api.post(f"{url}approve/", {"comment": "OK"}, format="json")
    assert r.status_code == 201 and r.json()["comment"] == "OK"
    path.refresh_from_db()
    assert path.approved_at is not None

    ps = ProfileSkillFactory(profile=path.profile, level=1)
    r = api.post(
        f"{url}validate-skill/",
        {"profile_skill": ps.pk, "level": 2, "note": "Certificate"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["validated"] is True


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "action"),
        ({"action": "explode", "reason": "x"}, "action"),
        ({"action": "remove", "reason": "x"}, "step"),
        ({"action": "remove", "step": 999999, "reason": "x"}, "step"),
        ({"action": "remove", "step": "abc", "reason": "x"}, "step"),
        ({"action": "remove", "step": "first", "reason": ""}, "reason"),
        ({"action": "move", "step": "first", "reason": "x"}, "position"),
        ({"action": "move", "step": "first", "position": 40, "reason": "x"}, "position"),
        ({"action": "add", "position": 1, "reason": "x"}, "resource"),
        ({"action": "add", "resource": 999999, "position": 1, "reason": "x"}, "resource"),
        ({"action": "add", "resource": "existing", "position": 1, "reason": "x"}, "resource"),
        ({"action": "add", "resource": "new", "position": 0, "reason": "x"}, "position"),
        ({"action": "add", "resource": "new", "position": 1, "reason": "r" * 2001}, "reason"),
    ],
)
def test_bad_path_edit_is_400_naming_the_field(setup, payload, field):
    api, client_user, path = setup
    first = path.steps.order_by("order").first()
    subst = {"first": first.pk, "existing": first.resource_id, "new": ResourceFactory().pk}
    payload = {k: subst.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}
    r = api.post(f"{BASE}{client_user.pk}/path-edits/", payload, format="json")
    assert r.status_code == 400, r.content
    assert field in r.json()["errors"], r.json()
    assert not PathEdit.objects.exists()


@pytest.mark.parametrize(
    "endpoint, payload, field",
    [
        ("notes/", {}, "body"),
        ("notes/", {"body": ""}, "body"),
        ("notes/", {"body": "   "}, "body"),
        ("approve/", {"comment": "c" * 2001}, "comment"),
        ("validate-skill/", {"level": 2, "note": "x"}, "profile_skill"),
        ("validate-skill/", {"profile_skill": 999999, "level": 2, "note": "x"}, "profile_skill"),
        ("validate-skill/", {"profile_skill": 1, "level": 7, "note": "x"}, "level"),
        ("validate-skill/", {"profile_skill": 1, "level": 2, "note": ""}, "note"),
    ],
)
def test_bad_input_on_other_endpoints_is_400_naming_the_field(setup, endpoint, payload, field):
    api, client_user, _ = setup
    r = api.post(f"{BASE}{client_user.pk}/{endpoint}", payload, format="json")
    assert r.status_code == 400, r.content
    assert field in r.json()["errors"], r.json()
    assert not Note.objects.exists()


@pytest.mark.parametrize("params", [{"flag": "nope"}, {"ordering": "password"}])
def test_bad_list_filters_are_400_naming_the_parameter(setup, params):
    api, _, _ = setup
    r = api.get(BASE, params)
    assert r.status_code == 400 and set(params) <= set(r.json()["errors"])


def test_non_json_body_is_400_not_500(setup):
    api, client_user, _ = setup
    r = api.post(
        f"{BASE}{client_user.pk}/notes/", data="{not json", content_type="application/json"
    )
    assert r.status_code == 400
