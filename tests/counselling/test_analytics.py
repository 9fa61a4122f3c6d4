"""Caseload analytics (pandas) and the staff page: numbers right, charts drawn, nobody named."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from advisor.models import Assessment, PathStep
from counselling import analytics
from tests.counselling.factories import AssessmentFactory, ProfileSkillFactory, client_with_plan
from tests.skills.factories import OccupationFactory, OccupationSkillFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def role():
    sector = SectorFactory(name="Finance")
    occupation = OccupationFactory(title="AI risk analyst", is_target=True)
    occupation.sectors.add(sector)
    python = OccupationSkillFactory(occupation=occupation, skill__name="Python", level=3)
    OccupationSkillFactory(occupation=occupation, skill__name="Statistics", level=2)
    return occupation, python.skill


def test_caseload_analytics(counsellor, role):
    occupation, python = role
    users = []
    for readiness in [0.1, 0.5, 0.85]:
        u, path = client_with_plan(counsellor=counsellor, target=occupation, steps=2)
        Assessment.objects.filter(profile__user=u).update(readiness=readiness)
        users.append((u, path))
    # Client 0 has Python at level 3: only Statistics is missing for them.
    ProfileSkillFactory(profile=users[0][1].profile, skill=python, level=3)
    # Client 2 reached readiness 0.85 three weeks after a first assessment.
    first = AssessmentFactory(profile=users[2][1].profile, target=occupation, readiness=0.2)
    Assessment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(weeks=3))
    PathStep.objects.filter(path=users[1][1], order=1).update(
        status="done", status_changed_at=timezone.now()
    )
    data = analytics.caseload_analytics(counsellor)
    assert data.clients == 3
    assert data.readiness_distribution == {
        "0–19%": 1,
        "20–39%": 0,
        "40–59%": 1,
        "60–79%": 0,
        "80–100%": 1,
    }
    assert data.missing_skills == [("Statistics", 3), ("Python", 2)]
    assert data.ready_clients == 1 and data.observed_weeks_to_ready == pytest.approx(3, abs=0.1)
    assert data.planned_weeks_to_ready == 6
    assert sum(n for _w, n in data.progress) == 1


def test_analytics_page_draws_svg_charts(client, counsellor, role):
    client_with_plan(counsellor=counsellor, target=role[0])
    client.force_login(counsellor)
    page = client.get(reverse("counselling:analytics")).content.decode()
    assert page.count("<svg") == 3 and "Statistics" in page


def test_empty_caseload_analytics_do_not_fail(client, counsellor):
    client.force_login(counsellor)
    assert client.get(reverse("counselling:analytics")).status_code == 200


def test_staff_analytics_groups_by_sector_and_role_without_personal_data(client, staff_user, role):
    occupation, _ = role
    names = []
    for _i in range(4):
        u, _p = client_with_plan(target=occupation, first_name="Zoé", last_name="Secret")
        names.append(u.username)
    lonely_role = OccupationFactory(title="Rare role", is_target=True)
    lonely_role.sectors.add(SectorFactory(name="Health"))
    client_with_plan(target=lonely_role)  # a group of one is never shown

    groups = analytics.staff_groups()
    assert groups == [
        {
            "sector": "Finance",
            "role": "AI risk analyst",
            "clients": 4,
            "mean_readiness": 50,
            "median_readiness": 50,
            "ready_share": 0,
            "planned_weeks": 6.0,
        }
    ]
    client.force_login(staff_user)
    page = client.get(reverse("counselling:staff-analytics")).content.decode()
    assert "AI risk analyst" in page and "Rare role" not in page
    assert "Secret" not in page and not any(n in page for n in names)


def test_staff_analytics_is_for_staff_only(client, counsellor, user):
    for who in (counsellor, user):
        client.force_login(who)
        assert client.get(reverse("counselling:staff-analytics")).status_code == 403


def test_analytics_name_skills_and_weeks_in_the_readers_language(client, counsellor, role):
    occupation, python = role
    python.name_fr = "Programmation Python"
    python.save()
    client_with_plan(counsellor=counsellor, target=occupation)
    counsellor.preferred_language = "fr"
    counsellor.save()
    client.force_login(counsellor)  # the saved language reaches the session at log-in
    page = client.get(reverse("counselling:analytics")).content.decode()
    assert "Programmation Python" in page
    with translation.override("fr"):
        labels = [label for label, _n in analytics.caseload_analytics(counsellor).progress]
        missing = analytics.caseload_analytics(counsellor).missing_skills
    months_fr = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août")
    months_fr += ("septembre", "octobre", "novembre", "décembre")
    assert labels and all(label.split()[-1] in months_fr for label in labels), labels
    assert ("Programmation Python", 1) in missing
