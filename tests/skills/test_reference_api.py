"""Reference data is public and read-only; personal data is not reachable anonymously."""

import pytest

from courses.models import Resource
from tests.courses.factories import ResourceFactory
from tests.skills.factories import OccupationSkillFactory, SectorFactory

pytestmark = pytest.mark.django_db


def test_api_root_lists_the_endpoints_to_anyone(api_client):
    response = api_client.get("/api/v1/")
    assert response.status_code == 200
    assert {"sectors", "skills", "occupations", "resources"} <= set(response.json())


def test_visitor_can_browse_sectors_and_occupations(api_client):
    requirement = OccupationSkillFactory(level=4)
    requirement.occupation.sectors.add(SectorFactory(slug="finance"))
    response = api_client.get("/api/v1/occupations/", {"sector": "finance"})
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == [requirement.occupation.code]
    detail = api_client.get(f"/api/v1/occupations/{requirement.occupation.code}/").json()
    assert detail["required_skills"][0]["level"] == 4


def test_reference_data_cannot_be_written(api_client, user):
    api_client.force_authenticate(user)
    assert api_client.post("/api/v1/sectors/", {"slug": "x", "name": "X"}).status_code == 405
    assert api_client.delete("/api/v1/skills/1/").status_code in (404, 405)


def test_visitor_sees_only_published_resources(api_client, staff_user):
    published = ResourceFactory()
    draft = ResourceFactory(status=Resource.Status.DRAFT)
    ids = {row["id"] for row in api_client.get("/api/v1/resources/").json()["results"]}
    assert published.id in ids and draft.id not in ids
    assert api_client.get(f"/api/v1/resources/{draft.id}/").status_code == 404
    api_client.force_authenticate(staff_user)
    assert api_client.get(f"/api/v1/resources/{draft.id}/").status_code == 200


def test_unknown_occupation_code_is_a_404_not_an_error(api_client):
    assert api_client.get("/api/v1/occupations/no-such-code/").status_code == 404


def test_resource_list_query_count_does_not_grow_with_rows(api_client, django_assert_num_queries):
    for _ in range(5):
        ResourceFactory()
    with django_assert_num_queries(3):
        api_client.get("/api/v1/resources/")
