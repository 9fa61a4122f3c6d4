"""A plan costs what the person will pay: certificates count only when they want them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from advisor import running, services
from advisor.engine.catalogue import CURRENCY_TO_EUR
from advisor.models import Assessment, Profile
from courses.models import Resource
from tests.advisor.factories import ProfileFactory
from tests.courses.factories import ResourceFactory, ResourceSkillFactory
from tests.skills.factories import OccupationFactory, OccupationSkillFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_free_courses():
    """Two courses as the real mappings store them: audited free, the certificate paid in USD."""
    sql = SkillFactory(name="SQL")
    stats = SkillFactory(name="statistics")
    role = OccupationFactory(code="AI-TEST-01", title="Data analyst", is_target=True)
    OccupationSkillFactory(occupation=role, skill=sql, level=2, weight=1.0)
    OccupationSkillFactory(occupation=role, skill=stats, level=2, weight=1.0)
    # Coursera "1 - 3 Months" at 5 h a week: 43.3 h, two months of subscription at US$49.
    coursera = ResourceFactory(
        title="SQL for Data Science",
        hours=Decimal("43.3"),
        price=0,
        certificate_price=98,
        currency="USD",
        certificate=True,
        level="beginner",
    )
    # edX "FREE-Add a Verified Certificate for $49 USD", 2–3 h a week × 7 weeks.
    edx = ResourceFactory(
        title="Introduction to Statistics",
        hours=Decimal("17.5"),
        price=0,
        certificate_price=49,
        currency="USD",
        certificate=True,
        level="beginner",
    )
    ResourceSkillFactory(resource=coursera, skill=sql, level_taught=2)
    ResourceSkillFactory(resource=edx, skill=stats, level_taught=2)
    return role  # fmt: skip


def plan(role, **profile):
    person = ProfileFactory(**profile)
    assessment = services.assessment_create(profile=person, target=role)
    running.assessment_run(assessment_id=assessment.id)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DONE, assessment.error
    return assessment.path


def test_plan_without_certificates_costs_nothing(audit_free_courses):
    path = plan(audit_free_courses, budget=1000, wants_certificates=False)
    assert path.steps.count() == 2
    assert path.total_cost == 0
    assert all(step.price == 0 for step in path.steps.all())


def test_plan_with_certificates_costs_the_certificates_in_eur(audit_free_courses):
    path = plan(audit_free_courses, budget=1000, wants_certificates=True)
    eur = Decimal(str(CURRENCY_TO_EUR["USD"]))
    assert path.total_cost == ((98 + 49) * eur).quantize(Decimal("0.01"))
    prices = {step.resource.title: step.price for step in path.steps.all()}
    assert prices["SQL for Data Science"] == (98 * eur).quantize(Decimal("0.01"))


def test_certificates_beyond_the_budget_leave_the_skill_open_with_the_reason(
    audit_free_courses,
):
    path = plan(audit_free_courses, budget=60, wants_certificates=True)
    # 60 EUR buys the edX certificate (45 EUR), not the Coursera one (90 EUR).
    assert [s.resource.title for s in path.steps.all()] == ["Introduction to Statistics"]
    assert [o["reason"] for o in path.open_skills] == ["over_budget"]
    assert Resource.objects.get(title="SQL for Data Science").price == 0  # nothing rewritten


def test_preferences_step_records_that_the_person_wants_certificates(client, user):
    client.force_login(user)
    url = reverse("advisor:onboarding", args=["preferences"])
    assert "wants_certificates" in client.get(url).content.decode()
    response = client.post(
        url, {"languages": ["en"], "formats": ["online"], "wants_certificates": "on"}
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert profile.wants_certificates is True
    # Unticked on a later visit: the person changes their mind, the plan follows.
    client.post(url, {"languages": ["en"], "formats": ["online"]})
    profile.refresh_from_db()
    assert profile.wants_certificates is False
