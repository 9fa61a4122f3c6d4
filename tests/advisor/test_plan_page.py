"""The plan page tells the truth: each done step once, one "ready" figure, events at their
dates, prices with their currency, the counsellor's approval, dates in the reader's format."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import dateformat

from advisor import services
from advisor.models import Assessment, PathStep, Profile, ProfileSkill
from counselling.services import plans
from courses.models import Resource
from tests.advisor.journey_data import build_world
from tests.courses.factories import ResourceFactory, ResourceSkillFactory

pytestmark = pytest.mark.django_db

START = dt.date(2027, 1, 4)  # a Monday


@pytest.fixture
def world():
    world = build_world()
    # Courses take a skill to 2 at most: prompting at 3 needs practice, so that a plan can
    # close every skill (and have a date when the person is ready).
    project = ResourceFactory(title="Prompting project", kind=Resource.Kind.PROJECT, hours=8)
    ResourceSkillFactory(resource=project, skill=world.skills["prompting"], level_taught=3)
    return world


def _plan(user, world, django_capture_on_commit_callbacks, **profile_fields):
    fields = {"weekly_hours": 6, "budget": 500, "horizon_weeks": 30, "start_date": START}
    profile = Profile.objects.create(user=user, **{**fields, **profile_fields})
    for key, level in (("copywriting", 3), ("analytics", 2)):
        ProfileSkill.objects.create(profile=profile, skill=world.skills[key], level=level)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = services.assessment_create(profile=profile, target=world.roles[0])
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DONE, assessment.error
    return assessment


def _page(client, assessment, **headers) -> str:
    response = client.get(reverse("advisor:assessment", args=[assessment.pk]), **headers)
    assert response.status_code == 200
    return response.content.decode()


def _dd(page: str, dd_id: str) -> str | None:
    found = re.search(rf'<dd id="{dd_id}">(.*?)</dd>', page, re.S)
    return found.group(1).strip() if found else None


def test_a_plan_that_leaves_skills_open_says_so_instead_of_a_ready_date(
    client, user, world, django_capture_on_commit_callbacks
):
    # The analytics project costs 49 €: with no budget, web analytics stays open.
    assessment = _plan(user, world, django_capture_on_commit_callbacks, budget=0)
    assert assessment.path.open_skills
    client.force_login(user)
    page = _page(client, assessment)
    assert _dd(page, "ready-on") is None
    assert "<dd>–</dd>" not in page
    assert _dd(page, "ready-open") == "No: 1 skill stays open (see below)"


def test_ready_in_and_ready_on_are_the_same_figure(
    client, user, world, django_capture_on_commit_callbacks
):
    assessment = _plan(user, world, django_capture_on_commit_callbacks)
    path = assessment.path
    assert not path.open_skills and path.weeks_to_ready
    client.force_login(user)
    page = _page(client, assessment)
    weeks = path.weeks_to_ready
    assert _dd(page, "ready-in") == f"{weeks} weeks"
    ready_on = START + dt.timedelta(weeks=weeks, days=-1)
    # English DATE_FORMAT, "N j, Y": AP month abbreviations ("Feb. 21, 2027").
    assert _dd(page, "ready-on") == dateformat.format(ready_on, "N j, Y")


def test_done_step_shows_once_after_two_replans(
    client, user, world, django_capture_on_commit_callbacks
):
    first = _plan(user, world, django_capture_on_commit_callbacks)
    step = first.path.steps.order_by("order").first()
    services.path_step_status_set(step=step, status="done", user=user)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            latest = services.assessment_create(profile=first.profile, target=world.roles[0])
    client.force_login(user)
    page = _page(client, latest)
    total = PathStep.objects.filter(path__assessment=latest).count()
    assert page.count(f">{step.resource.title}</a></h3>") == 1
    assert f"<dd>1 / {total}</dd>" in page


def test_hackathon_is_shown_at_its_event_dates_or_flagged(
    client, user, world, django_capture_on_commit_callbacks
):
    hackathon = Resource.objects.get(title="Analytics in practice")
    hackathon.kind = Resource.Kind.HACKATHON
    hackathon.save()
    assessment = _plan(user, world, django_capture_on_commit_callbacks)
    client.force_login(user)
    undated = _page(client, assessment)
    assert "not known: check the organiser" in undated

    hackathon.starts_on, hackathon.ends_on = dt.date(2027, 3, 13), dt.date(2027, 3, 14)
    hackathon.save()
    dated = _page(client, assessment)
    assert "March 13, 2027 to March 14, 2027" in dated
    # The page's "ready on" waits for the event when it ends after the other steps.
    assert _dd(dated, "ready-on") == "March 14, 2027"

    hackathon.starts_on, hackathon.ends_on = dt.date(2026, 1, 10), dt.date(2026, 1, 11)
    hackathon.save()
    assert "already held: look for the next edition" in _page(client, assessment)


def test_a_price_converted_from_another_currency_says_so(
    client, user, world, django_capture_on_commit_callbacks
):
    Resource.objects.filter(title="Analytics in practice").update(currency="USD")
    assessment = _plan(user, world, django_capture_on_commit_callbacks)
    step = assessment.path.steps.get(resource__title="Analytics in practice")
    assert float(step.price) == pytest.approx(49 * 0.92, abs=0.01)
    client.force_login(user)
    page = _page(client, assessment)
    assert '45.08 € <small class="muted">(converted from USD: 1 USD = 0.92 €)</small>' in page


def test_the_clients_plan_page_shows_the_counsellors_approval_and_reasons(
    client, user, counsellor, world, django_capture_on_commit_callbacks
):
    from advisor.models import CounsellorAccess

    assessment = _plan(user, world, django_capture_on_commit_callbacks)
    CounsellorAccess.objects.create(client=user, counsellor=counsellor)
    path = assessment.path
    step = path.steps.order_by("order").first()
    plans.path_step_remove(counsellor=counsellor, step=step, reason="You already did this at work.")
    plans.path_approve(counsellor=counsellor, path=path, comment="Go for it.")
    client.force_login(user)
    page = _page(client, assessment)
    assert f"Approved by {counsellor.username}" in page
    assert "Go for it." in page
    assert "You already did this at work." in page


def test_a_plan_without_a_counsellor_shows_no_counsellor_section(
    client, user, world, django_capture_on_commit_callbacks
):
    assessment = _plan(user, world, django_capture_on_commit_callbacks)
    client.force_login(user)
    assert "approved-plan" not in _page(client, assessment)


def test_french_plan_page_has_day_first_dates(
    client, user, world, django_capture_on_commit_callbacks
):
    user.preferred_language = "fr"
    user.save()
    assessment = _plan(user, world, django_capture_on_commit_callbacks)
    client.force_login(user)
    page = _page(client, assessment)
    weeks = assessment.path.weeks_to_ready
    ready_on = START + dt.timedelta(weeks=weeks, days=-1)
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet"]
    assert _dd(page, "ready-on") == f"{ready_on.day} {months[ready_on.month - 1]} {ready_on.year}"
    assert "4 janvier 2027 au" in page  # the first step's dates


def test_english_pages_write_every_date_one_way(
    client, user, world, django_capture_on_commit_callbacks
):
    assessment = _plan(user, world, django_capture_on_commit_callbacks)
    client.force_login(user)
    for url in (reverse("advisor:assessment", args=[assessment.pk]), "/assessments/", "/me/"):
        page = client.get(url).content.decode()
        assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", page), url


def test_me_names_languages_and_formats(client, user, world):
    Profile.objects.create(user=user, languages=["en", "fr"], formats=["online", "hybrid"])
    client.force_login(user)
    page = client.get("/me/").content.decode()
    assert "English, French · online, hybrid" in page
    client.post("/accounts/language/", {"language": "fr"})
    assert "Anglais, Français · en ligne, hybride" in client.get("/me/").content.decode()
