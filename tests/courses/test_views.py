import pytest
from django.urls import reverse

from courses.models import Resource
from tests.courses.factories import ResourceFactory, ResourceSkillFactory
from tests.skills.factories import SkillFactory

CATALOGUE = reverse("courses:catalogue")


@pytest.mark.django_db
def test_catalogue_lists_published_resources_with_filters(client):
    ResourceFactory(title="Statistics for nurses", kind="course", language="en")
    ResourceFactory(title="Hackathon: clinic chatbots", kind="hackathon", language="fr")
    ResourceFactory(title="Hidden draft", status=Resource.Status.DRAFT)
    page = client.get(CATALOGUE).content.decode()
    assert "Statistics for nurses" in page and "Hidden draft" not in page
    filtered = client.get(CATALOGUE, {"kind": "hackathon"}).content.decode()
    assert "clinic chatbots" in filtered and "Statistics for nurses" not in filtered
    searched = client.get(CATALOGUE, {"q": "statistics"}).content.decode()
    assert "Statistics for nurses" in searched and "clinic chatbots" not in searched
    assert '<label for="id_q">' in page


@pytest.mark.django_db
def test_catalogue_bad_filter_shows_an_error_not_a_500(client):
    response = client.get(CATALOGUE, {"hours_min": "lots"})
    assert response.status_code == 200
    assert "Enter a number" in response.content.decode()


@pytest.mark.django_db
def test_catalogue_query_count_does_not_grow_with_the_page(client, django_assert_num_queries):
    for _ in range(3):
        ResourceSkillFactory()
    # count, page, skills of the page, providers, and the catalogue's languages (the filter)
    with django_assert_num_queries(5):
        client.get(CATALOGUE)
    for _ in range(15):
        ResourceSkillFactory()
    with django_assert_num_queries(5):
        client.get(CATALOGUE)


@pytest.mark.django_db
def test_resource_detail_shows_levels_and_link_out(client):
    link = ResourceSkillFactory(
        resource__title="SQL", resource__url="https://sql.example/", level_taught=3,
        skill__name="query databases",
    )  # fmt: skip
    page = client.get(reverse("courses:resource", args=[link.resource.pk])).content.decode()
    assert "query databases" in page and "https://sql.example/" in page
    assert "applies with guidance" in page


@pytest.mark.django_db
def test_stranger_cannot_open_a_draft(client, user):
    draft = ResourceFactory(status=Resource.Status.DRAFT)
    url = reverse("courses:resource", args=[draft.pk])
    assert client.get(url).status_code == 404
    client.force_login(user)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_pages_show_the_price_to_follow_and_the_certificate_price_with_the_currency(client):
    edx = ResourceFactory(
        title="Data Science Essentials",
        price=0,
        certificate_price=49,
        currency="USD",
        certificate=True,
    )
    udemy = ResourceFactory(
        title="Excel for finance", price=50, certificate_price=0, currency="USD", certificate=True
    )
    page = client.get(reverse("courses:resource", args=[edx.pk])).content.decode()
    assert "free to follow · certificate 49 USD" in page
    listing = client.get(reverse("courses:catalogue")).content.decode()
    assert "50 USD to follow · certificate included" in listing
    assert udemy.title in listing


@pytest.mark.django_db
def test_catalogue_skill_list_has_no_trailing_comma_when_the_last_link_is_a_prerequisite(client):
    course = ResourceFactory(title="ML course")
    ResourceSkillFactory(resource=course, skill=SkillFactory(name="Machine learning"))
    # The last link only says what the course needs first: it is not listed, nor its comma.
    ResourceSkillFactory(
        resource=course, skill=SkillFactory(name="Python"), level_taught=0, level_required=2
    )
    page = client.get(CATALOGUE).content.decode()
    assert "Machine learning (2)</p>" in page
    assert "Python" not in page


@pytest.mark.django_db
def test_catalogue_language_filter_offers_the_catalogues_languages_by_name(client):
    ResourceFactory(title="Statistics for nurses", language="en")
    ResourceFactory(title="Hackathon : chatbots en clinique", language="fr")
    ResourceFactory(title="Hidden draft", language="de", status=Resource.Status.DRAFT)
    page = client.get(CATALOGUE).content.decode()
    assert '<select name="language"' in page
    assert '<option value="fr">French</option>' in page
    assert '<option value="en">English</option>' in page
    assert 'value="de"' not in page  # only drafts are in German: nothing to find
    assert "· French</p>" in page  # the card names the language too
    french = client.get(CATALOGUE, {"language": "fr"}).content.decode()
    assert "chatbots en clinique" in french and "Statistics for nurses" not in french
    in_french = client.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<option value="en">Anglais</option>' in in_french
    unknown = client.get(CATALOGUE, {"language": "xx"})
    assert unknown.status_code == 200
    assert "xx is not one of the available choices" in unknown.content.decode()
