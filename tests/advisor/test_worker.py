"""With the real Celery worker (services leg): an assessment over the API completes."""

import time

import pytest

from tests.advisor.world import build_world


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_real_worker_completes_an_assessment_requested_over_the_api(api_client, user):
    world = build_world()
    api_client.force_login(user)
    profile = {"budget": 1000, "weekly_hours": 10}
    assert api_client.put("/api/v1/profiles/me/", profile, format="json").status_code == 200
    response = api_client.post(
        "/api/v1/assessments/", {"target": world["role"].code}, format="json"
    )
    assert response.status_code == 201
    url = f"/api/v1/assessments/{response.json()['id']}/"
    deadline = time.monotonic() + 30
    data = api_client.get(url).json()
    while data["status"] in ("pending", "running") and time.monotonic() < deadline:
        time.sleep(0.3)
        data = api_client.get(url).json()
    assert data["status"] == "done", data
    titles = [s["resource"]["title"] for s in data["path"]["steps"]]
    assert data["path"]["total_cost"] == "150.00" and data["open_skills"] == []
    assert titles.index("Python basics") < titles.index("ML course") < titles.index("ML project")
