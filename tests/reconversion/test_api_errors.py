"""One error shape for the whole API (issue 13): advisor, counselling and catalogue answer bad
input alike, whether a serializer, a service (Django's ValidationError) or the edge refuses it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.exceptions import ErrorDetail
from rest_framework.test import APIClient

from reconversion.api_errors import field_errors
from tests.counselling.factories import client_with_plan

pytestmark = pytest.mark.django_db
CLIENTS = "/api/v1/counsellor/clients/"


def assert_bad_input(response, field: str) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}, body
    assert body["detail"].startswith(f"{field}: ")
    assert field in body["errors"]
    assert all(
        isinstance(messages, list) and all(isinstance(m, str) and m for m in messages)
        for messages in body["errors"].values()
    ), body


@pytest.fixture
def counsellor_api(api_client, counsellor):
    client_user, path = client_with_plan(counsellor=counsellor, username="ana")
    api_client.force_authenticate(counsellor)
    return api_client, f"{CLIENTS}{client_user.pk}/", path


def test_a_missing_field_answers_the_same_shape_in_advisor_and_counselling(
    api_client, user, counsellor_api
):
    api, client_url, _ = counsellor_api
    from_counselling = api.post(f"{client_url}notes/", {}, format="json")
    api_client.force_authenticate(user)
    from_advisor = api_client.post("/api/v1/assessments/", {}, format="json")
    assert_bad_input(from_counselling, "body")
    assert_bad_input(from_advisor, "target")
    assert from_advisor.json()["errors"]["target"] == from_counselling.json()["errors"]["body"]


def test_a_service_refusal_answers_the_same_shape_in_advisor_and_counselling(
    api_client, user, counsellor_api
):
    """Both services raise Django's ValidationError; neither view maps it by hand."""
    api, client_url, path = counsellor_api
    step = path.steps.order_by("order").first()
    moved_too_far = {"action": "move", "step": step.pk, "position": 40, "reason": "Later"}
    assert_bad_input(api.post(f"{client_url}path-edits/", moved_too_far, format="json"), "position")
    api_client.force_authenticate(user)
    not_a_number = {"weekly_hours": "many"}
    assert_bad_input(
        api_client.put("/api/v1/profiles/me/", not_a_number, format="json"), "weekly_hours"
    )


def test_an_unreadable_import_and_a_nul_query_are_bad_input_naming_the_field(
    api_client, staff_user
):
    api_client.force_authenticate(staff_user)
    upload = SimpleUploadedFile("r.csv", "Café".encode("latin-1"))
    assert_bad_input(
        api_client.post("/api/v1/resources/import/", {"file": upload}, format="multipart"), "file"
    )
    assert_bad_input(api_client.get("/api/v1/skills/", {"search": "a\x00"}), "search")


def test_other_errors_carry_only_a_detail(api_client, user, counsellor_api):
    api, _, _ = counsellor_api
    missing = api.get(f"{CLIENTS}999999/")
    assert missing.status_code == 404 and set(missing.json()) == {"detail"}
    api_client.force_authenticate(user)
    refused = api_client.get(CLIENTS)
    assert refused.status_code == 403 and set(refused.json()) == {"detail"}
    api_client.force_authenticate(None)
    assert set(api_client.get("/api/v1/profiles/me/").json()) == {"detail"}


def test_nested_errors_are_flattened_to_field_paths():
    nested = {
        "skills": [{}, {"level": [ErrorDetail("Too high.")]}],
        "languages": {0: [ErrorDetail("Not a code.")]},
        "non_field_errors": ["Send a JSON object."],
        "target": ErrorDetail("Unknown."),
    }
    assert field_errors(nested) == {
        "skills[1].level": ["Too high."],
        "languages[0]": ["Not a code."],
        "non_field_errors": ["Send a JSON object."],
        "target": ["Unknown."],
    }
    assert field_errors(["One.", "Two."]) == {"non_field_errors": ["One.", "Two."]}


def test_an_api_address_that_names_no_endpoint_answers_the_json_404(api_client, user):
    api_client = APIClient(enforce_csrf_checks=True)
    api_client.force_login(user)
    response = api_client.patch("/api/v1/path-steps/k%0A%C2%8C/", {"status": "done"}, format="json")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    # Without the trailing slash an existing endpoint is still reached through the redirect.
    assert api_client.get("/api/v1/sectors", follow=True).status_code == 200
