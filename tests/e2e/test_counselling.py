"""Counsellor workspace in a real browser (Debian's Chromium).

Counsellor creates a code → the client enters it (grants access) → the counsellor opens the
caseload and the client → removes and adds steps with reasons → approves → the client sees the
approved plan with the reasons. Screenshots go to test-artifacts/screenshots/.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from advisor.models import CounsellorAccess, LearningPath
from courses.search import resources_refresh_search
from tests.accounts.factories import CounsellorFactory
from tests.counselling.factories import client_with_plan
from tests.courses.factories import ResourceFactory
from tests.e2e.conftest import login_as

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"counselling-{name}.png"), full_page=True)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_consent_caseload_edit_approve_and_client_sees_plan(page: Page, live_server):
    counsellor = CounsellorFactory(first_name="Claire", last_name="Conseil")
    client_user, path = client_with_plan(steps=3, first_name="Ana", last_name="Martin")
    removed_title = path.steps.get(order=2).resource.title
    project = ResourceFactory(title="Mentored AI risk project", hours=15)
    resources_refresh_search(resource_ids=[project.pk])  # the catalogue's search index

    # The counsellor creates a code to hand over.
    login_as(page, live_server, counsellor)
    page.goto(live_server.url + "/counsellor/invitations/")
    page.get_by_role("button", name="Create invitation").click()
    code = page.locator("code.access-code").first.inner_text()
    assert len(code) == 8
    _shot(page, "1-invitation")

    # The client enters it: that is their consent.
    login_as(page, live_server, client_user)
    page.goto(live_server.url + "/me/counsellors/")
    expect(page.get_by_text("Nobody: your data is private.")).to_be_visible()
    page.get_by_label("Access code").fill(code)
    page.get_by_role("button", name="Give access").click()
    expect(page.get_by_text("can now follow your plan")).to_be_visible()
    _shot(page, "2-client-granted")
    assert CounsellorAccess.objects.filter(
        client=client_user, counsellor=counsellor, revoked_at=None
    ).exists()

    # The counsellor opens the caseload, then the client.
    login_as(page, live_server, counsellor)
    page.goto(live_server.url + "/counsellor/")
    row = page.locator("table.caseload tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("plan awaiting approval")
    _shot(page, "3-caseload")
    page.get_by_role("link", name="Ana Martin").click()
    expect(page.get_by_role("heading", name="Ana Martin")).to_be_visible()

    # Remove step 2 with a reason.
    step2 = page.locator("li.step", has_text=removed_title)
    step2.locator("summary").click()
    step2.get_by_label("Reason for removing").fill("Ana already does this at work")
    step2.get_by_role("button", name="Remove").click()
    expect(page.get_by_text("Step removed.")).to_be_visible()

    # Add a practice project from the catalogue, first, with a reason.
    page.get_by_label("Search the catalogue").fill("mentored")
    page.get_by_role("button", name="Search").click()
    result = page.locator("ul.results li", has_text="Mentored AI risk project")
    result.get_by_label("Position").fill("1")
    result.get_by_label("Reason (the client reads it)").fill("Practice first: it builds skill")
    result.get_by_role("button", name="Add to plan").click()
    expect(page.get_by_text("Step added.")).to_be_visible()
    _shot(page, "4-client-edited")

    # Approve.
    page.get_by_label("Comment for the client").fill("A solid plan, Ana.")
    page.get_by_role("button", name="Approve this plan").click()
    expect(page.get_by_text("Plan approved")).to_be_visible()
    _shot(page, "5-approved")
    assert LearningPath.objects.get(pk=path.pk).approved_by == counsellor

    # The client sees the approved plan and the reasons.
    login_as(page, live_server, client_user)
    page.goto(live_server.url + "/me/counsellors/")
    plan = page.locator("section.approved-plan")
    expect(plan).to_contain_text("Your plan, approved by your counsellor")
    expect(plan).to_contain_text("Mentored AI risk project")
    expect(plan).to_contain_text("Practice first: it builds skill")
    expect(plan).to_contain_text("Ana already does this at work")
    expect(plan).to_contain_text("A solid plan, Ana.")
    expect(plan.locator("ol.steps li").first).to_contain_text("Mentored AI risk project")
    _shot(page, "6-client-sees-plan")
