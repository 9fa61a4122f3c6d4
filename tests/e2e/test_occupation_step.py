"""The current-job step in a real browser (Debian's Chromium), on real ESCO rows from the repo's
snapshot next to the demo catalogue's AI-era roles: searching "graphic designer" and saving
stores the ESCO occupation, never "AI-augmented graphic designer" (issue 12, item 4)."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from advisor.models import Profile
from skills.importers.esco import import_esco_tables
from skills.models import Occupation, Source
from skills.snapshot import snapshot_read
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import login_as


def load_esco_part(pattern: str) -> None:
    """The snapshot's occupations whose English title matches `pattern`, with their skills and
    relations and French labels, through the importer (the whole snapshot takes ~20 s)."""
    _document, tables = snapshot_read()
    en, fr = tables["en"], tables["fr"]
    keep = en["occupations"][en["occupations"].preferredLabel.str.contains(pattern)]
    relations = en["relations"][en["relations"].occupationUri.isin(keep.conceptUri)]
    skills = en["skills"][en["skills"].conceptUri.isin(relations.skillUri)]
    import_esco_tables(
        {**en, "occupations": keep, "relations": relations, "skills": skills},
        show_progress=False,
    )
    import_esco_tables(fr, language="fr", show_progress=False)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("lang", "query", "label", "code"),
    [
        ("en", "graphic designer", "graphic designer", "2166.9"),
        ("fr", "designer graphique", "graphiste", "2166.9"),
        ("fr", "infirmière", "infirmier de soins généraux/infirmière de soins généraux", "2221.2"),
    ],
)
def test_searching_a_job_and_saving_stores_the_esco_occupation(
    page: Page, live_server, screenshot, lang, query, label, code
):
    call_command("seed_demo", verbosity=0)
    load_esco_part(r"graphic|design|nurse")
    assert Occupation.objects.filter(is_target=True, title__icontains="graphic designer").exists()
    user = UserFactory()
    login_as(page, live_server, user)
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/me/onboarding/occupation/")
    page.get_by_label(re.compile("Language|Langue")).select_option(value=lang)
    page.wait_for_load_state()

    page.locator("#occupation-q").fill(query)
    choice = page.locator("#occupation-results").get_by_label(label, exact=True)
    expect(choice).to_be_checked()
    expect(page.locator("#occupation-results")).not_to_contain_text(
        re.compile("augment", re.IGNORECASE)
    )
    screenshot(f"occupation-step-{lang}-{query.replace(' ', '-')}")
    page.get_by_role(
        "button", name=re.compile("Save and continue|Enregistrer et continuer")
    ).click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(
        re.compile("current or last job|métier actuel")
    )

    job = Profile.objects.get(user=user).current_occupation
    assert (job.source, job.code, job.is_target) == (Source.ESCO, code, False)
