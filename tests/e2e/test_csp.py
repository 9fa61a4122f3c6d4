"""Every page of the journey works under the strict Content-Security-Policy, in Chromium.

The policy forbids inline script and style, so a page that still needs one breaks silently for
the person using it. Chromium reports each blocked thing; this walk fails on the first report,
naming the page. (Every other browser test fails on one too, through conftest.)
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from accounts.models import User
from advisor.models import Profile, ProfileSkill
from courses.demo import demo_skill_uri
from courses.models import Resource
from skills.models import Occupation, Skill
from tests.accounts.factories import CounsellorFactory, StaffFactory
from tests.counselling.factories import GrantFactory
from tests.e2e.conftest import login_as

WAIT = 30_000  # ms; generous for a busy shared machine


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_journey_pages_break_no_content_security_policy(
    page: Page, live_server, csp_violations: list[str]
):
    call_command("seed_demo")
    page.set_default_timeout(WAIT)

    def check(what: str) -> None:
        page.wait_for_load_state("load")
        page.evaluate("() => new Promise((done) => setTimeout(done, 50))")  # reports arrive
        found, csp_violations[:] = list(csp_violations), []  # reported once, here, by page
        assert found == [], f"{what}: {found}"

    def visit(path: str) -> None:
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        assert "script-src 'self'" in response.headers["content-security-policy"]
        check(path)

    # A stranger: home, sign-up, log-in, password reset, the catalogue, the API docs.
    resource = Resource.objects.filter(status=Resource.Status.PUBLISHED).first()
    for path in ("/", "/accounts/signup/", "/accounts/login/", "/accounts/password_reset/"):
        visit(path)
    visit("/catalogue/")
    visit(f"/catalogue/{resource.pk}/")
    visit("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "Reconversion API", timeout=WAIT
    )
    check("/api/docs/ once Swagger UI has drawn")

    # A job-seeker: onboarding (with its live searches), profile, roles, a role, a plan.
    user = User.objects.create_user("camille", "camille@example.org")
    profile = Profile.objects.create(
        user=user,
        weekly_hours=6,
        budget=300,
        horizon_weeks=30,
        current_occupation=Occupation.objects.get(code="DEMO-CUR-01"),
    )
    for key, level in (("copywriting", 3), ("seo", 2)):
        skill = Skill.objects.get(uri=demo_skill_uri(key))
        ProfileSkill.objects.create(profile=profile, skill=skill, level=level)
    login_as(page, live_server, user)
    visit("/me/onboarding/occupation/")
    page.locator("#occupation-q").fill("market")
    expect(page.locator("#occupation-results input").first).to_be_visible(timeout=WAIT)
    check("occupation search results")
    visit("/me/onboarding/skills/")
    page.locator("#skill-q").fill("market")
    expect(page.locator("#skill-results")).not_to_be_empty(timeout=WAIT)
    check("skill search results")
    for step in ("sectors", "constraints", "preferences"):
        visit(f"/me/onboarding/{step}/")
    visit("/me/skills/from-job/")
    visit("/me/")
    visit("/roles/")
    page.locator(".role-card").first.get_by_role("link", name="See the gap").click()
    expect(page.locator("figure.radar svg")).to_be_visible(timeout=WAIT)
    check("role page")
    page.get_by_role("button", name="Build my learning plan").click()
    expect(page.locator("#steps")).to_be_visible(timeout=WAIT)  # the plan runs in-process in tests
    check("plan page")
    visit("/assessments/")
    visit("/me/counsellors/")
    visit("/accounts/my-data/")

    # A counsellor following this person, then staff.
    counsellor = CounsellorFactory()
    GrantFactory(client=user, counsellor=counsellor)
    login_as(page, live_server, counsellor)
    for path in (
        "/counsellor/",
        "/counsellor/invitations/",
        "/counsellor/analytics/",
        f"/counsellor/clients/{user.pk}/",
    ):
        visit(path)
    login_as(page, live_server, StaffFactory())
    visit("/staff/analytics/")
    visit("/admin/")
    visit("/admin/courses/resource/")
    visit(f"/admin/courses/resource/{resource.pk}/change/")
