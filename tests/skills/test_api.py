import pytest

from skills.models import Source

from .factories import OccupationFactory, OccupationSkillFactory, SectorFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    finance = SectorFactory(slug="finance", name="Finance")
    SectorFactory(slug="health", name="Health")
    base = OccupationFactory(code="2413.1", source=Source.ESCO, title="financial analyst")
    role = OccupationFactory(
        code="AI-FIN-01", title="AI-augmented financial analyst", is_target=True, extends=base
    )
    role.sectors.add(finance)
    ml = SkillFactory(name="machine learning", is_ai=True, source=Source.ESCO)
    OccupationSkillFactory(occupation=role, skill=ml, level=3, weight=1.0)
    for i in range(3):
        OccupationSkillFactory(
            occupation=role, skill=SkillFactory(name=f"finance {i}"), level=2, weight=0.5
        )
    return {"role": role, "base": base, "ml": ml}


def test_anonymous_visitor_lists_sectors(api_client, catalogue):
    response = api_client.get("/api/v1/sectors/")
    assert response.status_code == 200
    assert [s["slug"] for s in response.json()["results"]] == ["finance", "health"]


def test_skill_search_endpoint_ranks_matches(api_client, catalogue):
    SkillFactory(name="utilise machine learning")
    response = api_client.get("/api/v1/skills/", {"search": "machine lea"})
    assert response.status_code == 200
    assert [s["name"] for s in response.json()["results"]] == [
        "machine learning",
        "utilise machine learning",
    ]


def test_skill_search_with_odd_input_is_not_an_error(api_client, catalogue):
    for query in ["%", "'; drop table", "x" * 5000, "\\"]:
        assert api_client.get("/api/v1/skills/", {"search": query}).status_code == 200


def test_occupations_filter_by_sector_target_and_source(api_client, catalogue):
    def codes(**params):
        return [o["code"] for o in api_client.get("/api/v1/occupations/", params).json()["results"]]

    assert codes(sector="finance") == ["AI-FIN-01"]
    assert codes(is_target="true") == ["AI-FIN-01"]
    assert codes(source="esco") == ["2413.1"]


def test_occupation_list_queries_stay_flat(api_client, catalogue, django_assert_num_queries):
    for i in range(5):
        OccupationFactory(title=f"extra {i}").sectors.add(catalogue["role"].sectors.first())
    # count, page (with extends joined), sectors prefetch
    with django_assert_num_queries(3):
        assert api_client.get("/api/v1/occupations/").status_code == 200


def test_occupation_detail_has_required_skills_in_flat_queries(
    api_client, catalogue, django_assert_num_queries
):
    # occupation (with extends), sectors, required skills with their skill
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/occupations/AI-FIN-01/")
    body = response.json()
    assert body["extends"] == "2413.1" and body["sectors"] == ["finance"]
    top = body["required_skills"][0]
    assert (top["skill"]["name"], top["level"], top["weight"]) == ("machine learning", 3, 1.0)
    assert len(body["required_skills"]) == 4


def test_unknown_occupation_is_404(api_client, catalogue):
    assert api_client.get("/api/v1/occupations/NOPE/").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/sectors/", "/api/v1/skills/", "/api/v1/occupations/"])
def test_reference_data_is_read_only_for_strangers_and_users(api_client, user, catalogue, url):
    assert api_client.post(url, {"name": "x"}).status_code in (401, 403, 405)
    api_client.force_authenticate(user)
    assert api_client.post(url, {"name": "x"}).status_code == 405
    detail = "/api/v1/occupations/AI-FIN-01/"
    assert api_client.delete(detail).status_code == 405
    assert api_client.patch(detail, {"title": "hacked"}).status_code == 405
