import pytest
from django.core.paginator import Paginator
from django.db import connection

from courses.models import Resource
from courses.search import resources_refresh_search
from courses.selectors import resource_search
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


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text ranking needs PostgreSQL"
)


@needs_postgres
def test_postgres_ranks_title_then_skills_then_description(db):
    """A searcher sees resources named after the query before those that only mention it."""
    provider = ProviderFactory(name="Acme")
    in_description = ResourceFactory(
        provider=provider, title="Automation basics", description="Scripts in python."
    )
    in_skills = ResourceFactory(provider=provider, title="Scripting for analysts")
    ResourceSkillFactory(resource=in_skills, skill=SkillFactory(name="Python"), level_taught=2)
    in_title = ResourceFactory(provider=provider, title="Python for finance")
    resources_refresh_search(resource_ids=[in_description.id, in_skills.id, in_title.id])
    assert list(resource_search(user=None, q="python")) == [in_title, in_skills, in_description]


@needs_postgres
def test_postgres_ranked_pages_count_every_match_once(db, django_assert_max_num_queries):
    """Paging through a ranked search shows each match once, in rank order, with the right
    count, and the page's providers come in one query rather than one per resource."""
    provider = ProviderFactory(name="Acme")
    strong = [ResourceFactory(provider=provider, title=f"Python course {i}") for i in range(3)]
    weak = [
        ResourceFactory(provider=provider, title=f"Course {i}", description="Some python.")
        for i in range(4)
    ]
    ResourceFactory(provider=provider, title="Spreadsheets")  # no match
    resources_refresh_search(resource_ids=[r.id for r in [*strong, *weak]])
    paginator = Paginator(resource_search(user=None, q="python"), 3)
    assert paginator.count == 7
    with django_assert_max_num_queries(2):  # the ranked page, then its providers
        first = [(r.title, r.provider.name) for r in paginator.page(1)]
    assert first == [(r.title, "Acme") for r in strong]
    seen = [r.id for number in paginator.page_range for r in paginator.page(number)]
    assert sorted(seen) == sorted(r.id for r in [*strong, *weak])
    assert set(seen[3:]) == {r.id for r in weak}


@needs_postgres
def test_postgres_keeps_search_vectors_inline(db):
    """Ranking reads every match's tsvector: stored in the row, not out of line (TOAST)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'courses_resource'::regclass AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("m",)


def test_each_language_has_its_search_configuration():
    """Rows in a language PostgreSQL has no configuration of ours for are read word by word."""
    from courses.search import search_config

    assert [search_config(code) for code in ("en", "fr", "FR", "fr-ca", "es", "de", "")] == [
        "english",
        "french",
        "french",
        "french",
        "spanish",
        "simple",
        "simple",
    ]


@pytest.fixture
def multilingual(db):
    provider = ProviderFactory(name="Acme")
    rows = {
        "fr": ResourceFactory(
            provider=provider, language="fr", title="Gestion de projet agile",
            description="Planifier les projets et conduire une équipe.",
        ),
        "es": ResourceFactory(
            provider=provider, language="es", title="Gestión de proyectos",
            description="Planificación de proyectos informáticos.",
        ),
        "en": ResourceFactory(
            provider=provider, language="en", title="Project management essentials",
            description="Managing projects and teams.",
        ),
        "de": ResourceFactory(
            provider=provider, language="de", title="Projektmanagement für Einsteiger",
            description="Grundlagen.",
        ),
    }  # fmt: skip
    resources_refresh_search(resource_ids=[r.id for r in rows.values()])
    return rows


@pytest.mark.services
@needs_postgres
@pytest.mark.parametrize("reader", ["fr", "en"])
def test_french_query_finds_french_rows_whatever_the_reader_language(multilingual, reader):
    """ "gestion des projets" read in English keeps "des", which is not in the French row: the
    row is found because the query is also read in the row's language, where "des" is a stop
    word."""
    found = resource_search(user=None, q="gestion des projets", reader_language=reader)
    assert list(found) == [multilingual["fr"]]


@pytest.mark.services
@needs_postgres
def test_queries_are_stemmed_in_the_rows_language(multilingual):
    """Plural and singular meet in each row's own language; a language without a configuration
    (German here) still matches its words as written."""

    def search(q, reader="en"):
        return {r.language for r in resource_search(user=None, q=q, reader_language=reader)}

    assert search("les projets", reader="fr") == {"fr"}
    assert search("gestión de los proyectos", reader="es") == {"es"}
    assert search("managing projects") == {"en"}
    assert search("projektmanagement") == {"de"}
    assert search("planificación de proyecto", reader="fr") == {"es"}


@pytest.mark.services
@needs_postgres
def test_search_vectors_are_built_in_the_rows_language(multilingual):
    """French stop words are left out of a French row's vector, English ones of an English row."""
    vectors = dict(
        Resource.objects.filter(id__in=[r.id for r in multilingual.values()]).values_list(
            "language", "search_vector"
        )
    )
    assert "'de'" not in vectors["fr"] and "'gestion'" in vectors["fr"]
    assert "'and'" not in vectors["en"] and "'manag'" in vectors["en"]
    assert "'für'" in vectors["de"]  # simple: every word kept, none stemmed
