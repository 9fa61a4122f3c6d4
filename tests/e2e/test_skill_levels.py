"""A level the person chose is never changed behind their back (issue 12, bugs 1–3), in Chromium.

Skills are real ESCO rows (URI, labels, description as in ../shared/data/esco/skills_en.csv).
"""

import pytest
from playwright.sync_api import Page, expect

from advisor.models import Profile, ProfileSkill
from skills.models import Skill, Source
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import login_as

ESCO = "http://data.europa.eu/esco/skill/"
SKILLS = {
    "graphic design": (
        "7fb699d9-182a-430e-b7a0-6d8ed05c284b",
        ["graphic designing", "visual design", "graphic designs"],
        "The techniques to create a visual representation of ideas and messages.",
    ),
    "design principles": (
        "4c58528e-bdaa-43ad-8f5a-8ad0b8cd4bbb",
        ["scope of design principles", "range of design principles", "colour", "balance"],
        "The elements used in design such as unity, scale, proportion, balance, symmetry.",
    ),
    "typography": (
        "080a3bf6-c8e8-481e-b97e-8fbc964ebab7",
        ["typographies"],
        "The procedure of arranging  written texts for printing processes.",
    ),
}


@pytest.fixture
def designer(db):
    skills = {
        name: Skill.objects.create(
            uri=ESCO + uuid,
            source=Source.ESCO,
            name=name,
            alt_labels=alt,
            description=description,
            kind=Skill.Kind.SKILL,
        )
        for name, (uuid, alt, description) in SKILLS.items()
    }
    user = UserFactory()
    profile = Profile.objects.create(user=user)
    ProfileSkill.objects.create(profile=profile, skill=skills["graphic design"], level=5)
    return user, profile, skills


def levels(profile) -> dict[str, int]:
    return {ps.skill.name: ps.level for ps in profile.skills.select_related("skill")}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_saved_level_survives_a_search_that_lists_the_same_skill(page: Page, live_server, designer):
    """Bug 1 as reported: Graphic design saved at 5, search "design" (the results list Graphic
    design again), tick another skill, save: Graphic design is still 5."""
    user, profile, skills = designer
    login_as(page, live_server, user)
    page.goto(live_server.url + "/me/onboarding/skills/")
    saved = page.locator(f"#id_level_{skills['graphic design'].pk}_5")
    expect(saved).to_be_checked()
    page.locator("#skill-q").fill("design")
    results = page.locator("#skill-results")
    expect(results.get_by_text("graphic design", exact=False).first).to_be_visible()
    other = skills["design principles"]
    page.locator(f"#add-{other.pk}").check()
    page.locator(f"#new-lv-{other.pk}-3").check()
    # The results loaded: the saved level is still chosen on the page.
    expect(saved).to_be_checked()
    page.get_by_role("button", name="Save and add another skill").click()
    expect(page.locator(f"#id_level_{other.pk}_3")).to_be_checked()
    assert levels(profile) == {"graphic design": 5, "design principles": 3}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_level_chosen_without_the_tick_is_saved(page: Page, live_server, designer):
    """Bug 3: choosing a level for a found skill adds it, tick or no tick."""
    user, profile, skills = designer
    login_as(page, live_server, user)
    page.goto(live_server.url + "/me/onboarding/skills/")
    page.locator("#skill-q").fill("typo")
    typography = skills["typography"]
    page.locator(f"#new-lv-{typography.pk}-4").check()
    expect(page.locator(f"#add-{typography.pk}")).to_be_checked()
    page.get_by_role("button", name="Save and add another skill").click()
    expect(page.locator(f"#id_level_{typography.pk}_4")).to_be_checked()
    assert levels(profile) == {"graphic design": 5, "typography": 4}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_without_javascript_a_level_chosen_without_the_tick_is_saved(
    browser, live_server, designer
):
    """Bug 3 with scripts off: the server adds the skill from its level alone."""
    user, profile, skills = designer
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    login_as(page, live_server, user)
    page.goto(live_server.url + "/me/onboarding/skills/?q=typo")
    typography = skills["typography"]
    expect(page.locator(f"#add-{typography.pk}")).not_to_be_checked()
    page.locator(f"#new-lv-{typography.pk}-2").check()
    page.get_by_role("button", name="Save and add another skill").click()
    expect(page.locator(f"#id_level_{typography.pk}_2")).to_be_checked()
    assert levels(profile) == {"graphic design": 5, "typography": 2}
    context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_pasting_a_cv_never_lowers_a_saved_level(page: Page, live_server, designer):
    """Bug 2: the CV proposal shows the saved level beside the proposed one and keeps it."""
    user, profile, skills = designer
    login_as(page, live_server, user)
    page.goto(live_server.url + "/me/skills/from-text/")
    page.locator("#id_text").fill(
        "Graphic design for eight years: brand identities, posters, packaging, typography."
    )
    page.get_by_role("button", name="Propose skills").click()
    design = skills["graphic design"]
    expect(page.get_by_text("Your level now: 5")).to_be_visible()
    expect(page.locator(f"#id_level_{design.pk}_5")).to_be_checked()
    page.get_by_role("button", name="Add these skills to my profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What can you do, and how well?")
    saved = levels(profile)
    assert saved["graphic design"] == 5
    assert profile.skills.get(skill=design).source == ProfileSkill.Source.SELF
