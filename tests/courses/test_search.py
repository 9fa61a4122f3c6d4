import pytest
from django.db import connection

from courses.models import Resource
from courses.selectors import resource_search
from courses.services import resources_refresh_search
from tests.courses.factories import ProviderFactory, ResourceFactory, ResourceSkillFactory
from tests.skills.factories import SkillFactory


@pytest.fixture
def catalogue(db):
    acme = ProviderFactory(slug="acme", name="Acme")
    other = ProviderFactory(slug="other", name="Other School")
    sql = SkillFactory(name="SQL", uri="urn:test:sql")
    items = {
        "sql": ResourceFactory(
            provider=acme, title="Databases for analysts", description="Queries and joins",
            hours=12, price=0, language="en", level="beginner",
        ),
        "ml": ResourceFactory(
            provider=other, title="Machine learning in finance", kind="project", hours=40,
            price=300, language="fr", level="advanced", format="hybrid",
        ),
        "draft": ResourceFactory(provider=acme, title="Draft SQL course", status="draft"),
    }  # fmt: skip
    ResourceSkillFactory(resource=items["sql"], skill=sql, level_taught=3)
    resources_refresh_search(resource_ids=[r.id for r in items.values()])
    return items


def titles(**filters):
    return [r.title for r in resource_search(user=None, **filters)]


def test_filters_combine(catalogue):
    assert titles(kind="project") == ["Machine learning in finance"]
    assert titles(language="fr") == ["Machine learning in finance"]
    assert titles(format="hybrid") == ["Machine learning in finance"]
    assert titles(level="beginner") == ["Databases for analysts"]
    assert titles(provider="acme") == ["Databases for analysts"]
    assert titles(price_max=100) == ["Databases for analysts"]
    assert titles(price_min=100, hours_min=30, hours_max=50) == ["Machine learning in finance"]
    assert titles(skill="urn:test:sql") == ["Databases for analysts"]
    assert titles(skill=str(catalogue["sql"].skill_links.get().skill_id)) == [
        "Databases for analysts"
    ]


def test_text_search_covers_title_provider_and_skill_labels(catalogue):
    assert titles(q="machine learning") == ["Machine learning in finance"]
    assert titles(q="Other School") == ["Machine learning in finance"]
    assert titles(q="sql") == ["Databases for analysts"]  # skill label; the draft is hidden


def test_staff_search_includes_drafts(catalogue, staff_user):
    found = [r.title for r in resource_search(user=staff_user, q="sql")]
    assert "Draft SQL course" in found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text ranking needs PostgreSQL")
def test_postgres_ranks_title_matches_first(db):
    provider = ProviderFactory()
    in_title = ResourceFactory(provider=provider, title="Python for finance")
    in_text = ResourceFactory(
        provider=provider, title="Spreadsheets", description="Later we touch on python."
    )
    resources_refresh_search(resource_ids=[in_title.id, in_text.id])
    assert list(resource_search(user=None, q="python")) == [in_title, in_text]
    assert Resource.objects.filter(search_vector__isnull=False).count() == 2
