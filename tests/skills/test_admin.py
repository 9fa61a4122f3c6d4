import pytest
from django.urls import reverse

from skills.models import Source

from .factories import OccupationFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("curator", "c@example.org", "pw-unused-1")
    client.force_login(admin)
    return client


def skill_form(skill, **changes):
    data = {
        "uri": skill.uri,
        "source": skill.source,
        "name": skill.name,
        "name_fr": skill.name_fr,
        "description": skill.description,
        "description_fr": "",
        "kind": skill.kind,
        "alt_labels": "[]",
        "alt_labels_fr": "[]",
    }
    data.update(changes)
    return data


def test_editing_an_imported_skill_marks_it_hand_edited(admin_client):
    skill = SkillFactory(source=Source.ESCO, name="statistics")
    url = reverse("admin:skills_skill_change", args=[skill.pk])
    response = admin_client.post(url, skill_form(skill, name="statistics (applied)"))
    assert response.status_code == 302, response.content[:2000]
    skill.refresh_from_db()
    assert skill.curated and skill.name == "statistics (applied)"


def test_skill_admin_search_covers_alternative_labels(admin_client):
    SkillFactory(name="machine learning", alt_labels=["statistical learning"])
    response = admin_client.get(reverse("admin:skills_skill_changelist"), {"q": "statistical"})
    assert b"machine learning" in response.content


def test_role_page_shows_required_skills_inline(admin_client):
    role = OccupationFactory(is_target=True)
    response = admin_client.get(reverse("admin:skills_occupation_change", args=[role.pk]))
    assert response.status_code == 200
    assert b"required_skills-TOTAL_FORMS" in response.content


def test_sector_and_group_admin_pages_open(admin_client):
    for name in ("sector", "skillgroup"):
        assert admin_client.get(reverse(f"admin:skills_{name}_changelist")).status_code == 200


def test_stranger_cannot_open_skill_admin(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:skills_skill_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]
