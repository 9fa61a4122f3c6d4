import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.models import Resource
from tests.courses.factories import ResourceFactory

LIST = "/api/v1/resources/"
IMPORT = "/api/v1/resources/import/"


@pytest.fixture
def draft(db):
    return ResourceFactory(title="Secret draft", status=Resource.Status.DRAFT)


@pytest.fixture
def published(db):
    return ResourceFactory(title="Public course", hours=5)


def upload(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["provider", "title", "url", "hours", "level"])
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("r.csv", buffer.getvalue().encode(), content_type="text/csv")


def test_stranger_cannot_see_drafts(api_client, draft, published, user):
    for client_user in (None, user):
        api_client.force_authenticate(client_user)
        listed = [r["title"] for r in api_client.get(LIST).json()["results"]]
        assert listed == ["Public course"]
        assert api_client.get(f"{LIST}{draft.id}/").status_code == 404
        assert api_client.get(f"{LIST}{published.id}/").status_code == 200


def test_staff_sees_drafts(api_client, draft, published, staff_user):
    api_client.force_authenticate(staff_user)
    assert len(api_client.get(LIST).json()["results"]) == 2
    assert api_client.get(f"{LIST}{draft.id}/").json()["status"] == "draft"


def test_search_and_filters(api_client, published):
    ResourceFactory(title="Long course", hours=100)
    body = api_client.get(LIST, {"q": "public", "hours_max": 10}).json()
    assert [r["title"] for r in body["results"]] == ["Public course"]


def test_bad_filter_is_a_400_naming_the_field(api_client, published):
    response = api_client.get(LIST, {"price_min": "cheap", "kind": "lecture"})
    assert response.status_code == 400
    assert {"price_min", "kind"} <= set(response.json()["errors"])


def test_a_bad_level_or_a_negative_duration_is_a_400_and_filters_nothing(api_client, published):
    response = api_client.get(LIST, {"level": "guru", "hours_max": "-1", "q": "public"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"level", "hours_max"}


def test_the_catalogue_filters_are_generated_into_the_schema_from_the_filterset(db):
    """Same parameters as the search page's form, typed: no hand-written list to drift."""
    from drf_spectacular.generators import SchemaGenerator

    from courses.filters import ResourceFilter
    from courses.forms import ResourceSearchForm

    operation = SchemaGenerator().get_schema(public=True)["paths"][LIST]["get"]
    parameters = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert set(ResourceFilter.base_filters) == set(ResourceSearchForm.base_fields)
    assert set(ResourceSearchForm.base_fields) <= set(parameters)
    assert parameters["kind"]["enum"] == sorted(Resource.Kind.values)
    assert parameters["price_min"]["type"] == "number"


def test_anonymous_cannot_import(api_client, db):
    response = api_client.post(IMPORT, {"file": upload([])}, format="multipart")
    assert response.status_code in (401, 403)


def test_non_staff_cannot_import(api_client, user):
    api_client.force_authenticate(user)
    response = api_client.post(IMPORT, {"file": upload([])}, format="multipart")
    assert response.status_code == 403
    assert not Resource.objects.exists()


def test_staff_import_returns_the_report(api_client, staff_user):
    api_client.force_authenticate(staff_user)
    rows = [
        {"provider": "Acme", "title": "Good", "url": "https://a.example/1", "hours": "3"},
        {"provider": "Acme", "title": "", "url": "https://a.example/2", "hours": "3"},
    ]
    response = api_client.post(IMPORT, {"file": upload(rows)}, format="multipart")
    assert response.status_code == 200
    report = response.json()
    assert report["created"] == 1
    assert report["invalid"] == [{"row": 3, "field": "title", "message": "required"}]
    assert Resource.objects.get().status == "draft"


def test_staff_import_dry_run_writes_nothing(api_client, staff_user):
    api_client.force_authenticate(staff_user)
    rows = [{"provider": "Acme", "title": "Good", "url": "https://a.example/1", "hours": "3"}]
    response = api_client.post(
        IMPORT, {"file": upload(rows), "dry_run": "true"}, format="multipart"
    )
    assert response.json()["created"] == 1 and response.json()["dry_run"] is True
    assert not Resource.objects.exists()


def test_unreadable_upload_is_a_400(api_client, staff_user):
    api_client.force_authenticate(staff_user)
    bad = SimpleUploadedFile("r.csv", "Café".encode("latin-1"))
    response = api_client.post(IMPORT, {"file": bad}, format="multipart")
    assert response.status_code == 400
    assert "UTF-8" in response.json()["errors"]["file"][0]


def test_a_competition_reads_with_its_dates_and_both_prices(api_client, db):
    ResourceFactory(
        title="Titanic", kind="competition", price=0, certificate_price=0,
        starts_on=dt.date(2012, 9, 28), ends_on=dt.date(2030, 1, 7),
    )  # fmt: skip
    ResourceFactory(title="Stats", price=0, certificate_price=49, currency="USD")
    rows = {r["title"]: r for r in api_client.get(LIST).json()["results"]}
    assert (rows["Titanic"]["starts_on"], rows["Titanic"]["ends_on"]) == (
        "2012-09-28",
        "2030-01-07",
    )
    assert (rows["Stats"]["price"], rows["Stats"]["certificate_price"]) == ("0.00", "49.00")
