"""The job-seeker's pages: who may see what, how many queries each page costs, and how
every form answers bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advisor import services
from advisor.models import Assessment, PathStep, Profile, ProfileSkill
from tests.advisor.journey_data import build_world


@pytest.fixture
def world(db):
    return build_world()


def _profile(user, world, skills=(("copywriting", 3), ("analytics", 2))):
    profile = Profile.objects.create(user=user, weekly_hours=6, budget=500, horizon_weeks=30)
    profile.current_occupation = world.job
    profile.save()
    for key, level in skills:
        ProfileSkill.objects.create(profile=profile, skill=world.skills[key], level=level)
    return profile


@pytest.fixture
def plan(user, world, django_capture_on_commit_callbacks):
    profile = _profile(user, world)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = services.assessment_create(profile=profile, target=world.roles[0])
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DONE, assessment.error
    return assessment


def _private_urls(assessment):
    step = PathStep.objects.filter(path__assessment=assessment).first()
    return {
        "get": [
            reverse("advisor:assessment", args=[assessment.pk]),
            reverse("advisor:assessment-status", args=[assessment.pk]),
        ],
        "post": [
            (reverse("advisor:reassess", args=[assessment.pk]), {}),
            (reverse("advisor:step-status", args=[step.pk]), {"status": "done"}),
        ],
    }


PERSONAL_PAGES = [
    "/me/",
    "/me/onboarding/occupation/",
    "/me/onboarding/skills/",
    "/me/skills/from-text/",
    "/roles/",
    "/assessments/",
    "/accounts/my-data/",
    "/accounts/my-data/download/",
]


@pytest.mark.django_db
def test_signed_out_visitor_is_sent_to_log_in_from_every_personal_page(client, plan):
    urls = _private_urls(plan)
    for url in PERSONAL_PAGES + urls["get"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    for url, data in urls["post"]:
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert PathStep.objects.filter(status="done").count() == 0


@pytest.mark.django_db
def test_another_user_gets_404_for_someone_elses_assessment_and_steps(client, plan, other_user):
    client.force_login(other_user)
    urls = _private_urls(plan)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url, data in urls["post"]:
        assert client.post(url, data).status_code == 404, url
    assert Assessment.objects.count() == 1
    assert not PathStep.objects.filter(status="done").exists()


@pytest.mark.django_db
def test_another_user_sees_only_their_own_data_in_lists_and_export(client, plan, other_user):
    client.force_login(other_user)
    owner_role = plan.target.title
    for url in ["/assessments/", "/me/"]:
        assert owner_role not in client.get(url).content.decode(), url
    exported = client.get("/accounts/my-data/download/").json()
    assert exported["account"]["username"] == other_user.username
    assert exported["assessments"] == [] and exported["skills"] == []


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


# Queries per page for a signed-in person; the count must not grow with their data.
# Every HTML page of a signed-in job-seeker counts their open counsellor invitations once
# (the notice in base.html, counselling.context_processors): one query more than without it.
EXPECTED_QUERIES = {
    "/me/": 8,
    "/me/onboarding/occupation/": 5,
    "/me/onboarding/skills/": 5,
    "/me/onboarding/constraints/": 4,
    "/me/onboarding/sectors/": 6,
    "/me/onboarding/preferences/": 4,
    # +1 when the person has a job (the levels it implies), +1 for the skill-hierarchy credit
    # +1: the version of the inputs of the cached role suggestions (advisor.page_cache); a
    # repeat visit then costs 6 (tests/advisor/test_page_cache.py)
    "/roles/": 15,
    "/assessments/": 4,
    "/accounts/my-data/": 3,
    # One query or two per export section (accounts.my_data registry): the counselling and
    # catalogue rows about the person joined the export (issue 13), fixed whatever the data;
    # +1 for the counsellors' notes about the person (their right of access).
    "/accounts/my-data/download/": 23,
}


@pytest.mark.django_db
def test_each_page_has_a_fixed_query_count(client, user, plan, world, django_assert_num_queries):
    client.force_login(user)
    role = world.roles[0]
    pages = {
        **EXPECTED_QUERIES,
        reverse("advisor:role", args=[role.pk]): 10,  # +1: the skill-hierarchy credit
        # The plan page also reads the counsellor's decisions on it (counsellor_review):
        # a newer plan, edits, the approval and the re-assessment summary, 4 queries.
        reverse("advisor:assessment", args=[plan.pk]): 12,
        reverse("advisor:transitions", args=[world.job.pk]): 5,
    }
    measured = {url: _count(client, url) for url in pages}
    assert measured == pages


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_more_skills_assessments_and_steps(
    client, user, plan, world, django_capture_on_commit_callbacks
):
    client.force_login(user)
    urls = [
        "/me/",
        "/roles/",
        "/assessments/",
        reverse("advisor:assessment", args=[plan.pk]),
        "/accounts/my-data/download/",
        "/me/onboarding/skills/",
    ]
    before = {url: _count(client, url) for url in urls}
    profile = plan.profile
    ProfileSkill.objects.create(profile=profile, skill=world.skills["python"], level=1)
    ProfileSkill.objects.create(profile=profile, skill=world.skills["sql"], level=1)
    for role in world.roles:
        with django_capture_on_commit_callbacks(execute=True):
            services.assessment_create(profile=profile, target=role)
    after = {url: _count(client, url) for url in urls}
    assert after == before


@pytest.mark.django_db
def test_the_status_poll_reloads_the_page_once_the_plan_is_ready(client, user, plan):
    client.force_login(user)
    url = reverse("advisor:assessment-status", args=[plan.pk])
    polled = client.get(url, headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
    # Opened directly (not by htmx), it sends the person to the plan itself.
    opened = client.get(url)
    assert opened.status_code == 302
    assert opened["Location"] == reverse("advisor:assessment", args=[plan.pk])
