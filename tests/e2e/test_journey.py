"""The whole job-seeker journey in a real browser (Debian's Chromium), in French and English.

Sign up → onboarding → role suggestions → ask for a plan → live status → path with dates →
mark a step done → re-assess → download my data → delete the account. Screenshots of the
main pages go to test-artifacts/screenshots/.
"""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from accounts.models import User
from advisor import running
from advisor.models import Assessment, PathStep, Profile, ProfileSkill
from courses.demo import demo_skill_uri
from skills.models import Occupation, Skill

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "Reconversion-2030!"

# What each language must show; the test fails if a page is left untranslated.
TEXT = {
    "en": {
        "language": "English",
        "signup": "Create your account",
        "job": "What is your current or last job?",
        "skills": "What can you do, and how well?",
        "from_job": "Skills from your job",
        "skip_job": "Skip: I will enter my skills myself",
        "continue": "Save and continue",
        "add_another": "Save and add another skill",
        "roles": "Roles for me",
        "see_gap": "See the gap",
        "ask_plan": "Build my learning plan",
        "computing": re.compile("Waiting for the planner|Computing your gap"),
        "steps": "Steps, in order",
        "done": "Mark as done",
        "status_done": "done",
        "reassess": "Re-assess with my current skills",
        "my_data": "My data",
        "download": "Download my data (JSON)",
        "password": "Your password",
        "delete": "Delete my account for good",
        "deleted": "Your account and all your data have been deleted.",
        "date": re.compile(r"[A-Z][a-z]+\.? \d{1,2}, \d{4}"),  # DATE_FORMAT "N j, Y"
        "sees": "Marketing assistant",
    },
    "fr": {
        "language": "Français",
        "signup": "Créez votre compte",
        "job": "Quel est votre métier actuel ou le dernier exercé ?",
        "skills": "Que savez-vous faire, et à quel niveau ?",
        "from_job": "Compétences de votre métier",
        "skip_job": "Passer : je saisirai mes compétences moi-même",
        "continue": "Enregistrer et continuer",
        "add_another": "Enregistrer et ajouter une autre compétence",
        "roles": "Métiers pour moi",
        "see_gap": "Voir l’écart",
        "ask_plan": "Construire mon plan de formation",
        "computing": re.compile("En attente du planificateur|Calcul de votre écart"),
        "steps": "Étapes, dans l’ordre",
        "done": "Marquer comme terminé",
        "status_done": "terminé",
        "reassess": "Réévaluer avec mes compétences actuelles",
        "my_data": "Mes données",
        "download": "Télécharger mes données (JSON)",
        "password": "Votre mot de passe",
        "delete": "Supprimer définitivement mon compte",
        "deleted": "Votre compte et toutes vos données ont été supprimés.",
        "date": re.compile(r"\d{1,2} [a-zéû]+ \d{4}"),  # DATE_FORMAT "j F Y"
        "sees": "Assistant·e marketing",
    },
}


def shot(page: Page, lang: str, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{lang}-{name}.png"), full_page=True)


@pytest.fixture
def held_back_planner(monkeypatch):
    """Plans wait here instead of running at once, as they would for a busy worker."""
    queued: list[int] = []
    monkeypatch.setattr(running, "assessment_enqueue", queued.append)
    return queued


def run_worker(queued: list[int]) -> None:
    while queued:
        running.assessment_run(assessment_id=queued.pop(0))


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_new_user_journey(page: Page, live_server, held_back_planner, lang):
    call_command("seed_demo")
    skills = {key: Skill.objects.get(uri=demo_skill_uri(key)) for key in ("copywriting", "seo")}
    job = Occupation.objects.get(code="DEMO-CUR-01")
    t = TEXT[lang]
    username = f"camille-{lang}"
    page.set_default_timeout(10_000)

    page.goto(live_server.url + "/")
    page.get_by_label(re.compile("Language|Langue")).select_option(label=t["language"])
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    shot(page, lang, "01-home")

    # Sign up.
    page.locator("nav a[href='/accounts/signup/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["signup"])
    page.locator("#id_username").fill(username)
    page.locator("#id_email").fill(f"{username}@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    shot(page, lang, "02-signup")
    page.locator("main button[type=submit]").click()

    # Onboarding: job, by searching the taxonomy.
    expect(page.get_by_role("heading", level=1)).to_have_text(t["job"])
    page.locator("#occupation-q").fill("market")
    expect(page.get_by_label(t["sees"], exact=True)).to_be_visible()
    page.get_by_label(t["sees"], exact=True).check()
    shot(page, lang, "03-onboarding-job")
    page.get_by_role("button", name=t["continue"]).click()

    # The job's essential skills are proposed for confirmation; this person enters their own.
    expect(page.get_by_role("heading", level=1)).to_have_text(t["from_job"])
    shot(page, lang, "03b-skills-from-job")
    page.get_by_role("link", name=t["skip_job"]).click()

    # Skills with levels, through the autocomplete and the 0–5 control.
    expect(page.get_by_role("heading", level=1)).to_have_text(t["skills"])
    for query, skill_key, level in [("copyw", "copywriting", 3), ("seo", "seo", 2)]:
        skill = skills[skill_key]
        page.locator("#skill-q").fill(query)
        page.locator(f"#add-{skill.pk}").check()
        page.locator(f"#new-lv-{skill.pk}-{level}").check()
        shot(page, lang, f"04-onboarding-skills-{skill_key}")
        page.get_by_role("button", name=t["add_another"]).click()
        name = skill.name_fr if lang == "fr" else skill.name
        expect(page.locator("#skills-form").get_by_role("group", name=name)).to_be_visible()
    page.get_by_role("button", name=t["continue"]).click()
    # Sectors, time and budget, languages and formats: the last two are filled, one skipped.
    page.locator("input[name=sectors]").first.check()
    page.locator("main button[type=submit]").click()
    page.locator("#id_weekly_hours").fill("8")
    page.locator("#id_budget").fill("600")
    page.locator("#id_horizon_weeks").fill("40")
    shot(page, lang, "05-onboarding-time-budget")
    page.locator("main button[type=submit]").click()
    page.locator("main .actions a").click()  # skip languages and formats: defaults stay

    profile = Profile.objects.get(user__username=username)
    assert profile.current_occupation == job
    assert dict(ProfileSkill.objects.filter(profile=profile).values_list("skill_id", "level")) == {
        skills["copywriting"].pk: 3,
        skills["seo"].pk: 2,
    }
    assert (profile.weekly_hours, int(profile.budget), profile.horizon_weeks) == (8, 600, 40)

    # Role suggestions, then the role and its gap.
    expect(page.get_by_role("heading", level=1)).to_have_text(t["roles"])
    first_card = page.locator(".role-card").first
    expect(first_card.locator("h3")).not_to_be_empty()
    expect(first_card).to_contain_text("%")
    shot(page, lang, "06-roles")
    first_card.get_by_role("link", name=re.compile(t["see_gap"])).click()
    expect(page.locator("figure.radar svg")).to_be_visible()
    expect(page.locator("table.gap-table")).to_be_visible()
    shot(page, lang, "07-role-gap")

    # Ask for a plan: the status shows while the worker has not run yet.
    page.get_by_role("button", name=t["ask_plan"]).click()
    expect(page.locator("#assessment-status")).to_contain_text(t["computing"])
    shot(page, lang, "08-plan-computing")
    run_worker(held_back_planner)
    expect(page.get_by_role("heading", name=t["steps"])).to_be_visible()
    # A date when the plan makes the person ready, or what stays open: never both, never "–".
    expect(page.locator("#ready-on, #ready-open").first).to_be_visible()
    expect(page.locator(".step").first.locator(".step-facts")).to_contain_text(t["date"])
    expect(page.locator("figure.timeline svg")).to_be_visible()
    shot(page, lang, "09-plan")

    # Progress: the first step is done.
    page.locator("#step-1").get_by_role("button", name=re.compile(t["done"])).click()
    expect(page.locator("#step-1 .step-status")).to_have_text(t["status_done"])
    assert PathStep.objects.filter(path__profile=profile, order=1).get().status == "done"

    # Re-assess: a second assessment, computed the same live way.
    page.get_by_role("button", name=t["reassess"]).click()
    expect(page.locator("#assessment-status")).to_be_visible()
    run_worker(held_back_planner)
    expect(page.get_by_role("heading", name=t["steps"])).to_be_visible()
    assert Assessment.objects.filter(profile=profile, status="done").count() == 2

    # Phone width: the plan still reads without sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, lang, "10-plan-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})

    # My data: download, then delete the account.
    page.get_by_role("link", name=t["my_data"], exact=True).click()
    shot(page, lang, "11-my-data")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=t["download"]).click()
    exported = json.loads(Path(download_info.value.path()).read_text())
    assert exported["account"]["username"] == username
    assert exported["account"]["preferred_language"] == lang
    assert len(exported["assessments"]) == 2
    assert len(exported["skills"]) == 2

    page.get_by_label(t["password"]).fill(PASSWORD)
    page.get_by_role("button", name=t["delete"]).click()
    expect(page.locator(".messages")).to_contain_text(t["deleted"])
    assert not User.objects.filter(username=username).exists()
    assert not Profile.objects.exists()
    assert not Assessment.objects.exists()
    assert not ProfileSkill.objects.exists()
