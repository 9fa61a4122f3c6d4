"""A French plan page, as a French client reads it in Chromium: no English sentence left in
the main content (the engine's reasons, the totals, dates, open skills, the counsellor's part).

Names the catalogue gives in English (resource titles, providers) are the providers' own
words and are taken out before reading; everything else must be French.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from advisor import running
from advisor.models import Assessment
from courses.models import Provider, Resource
from skills.models import Occupation
from tests.e2e.conftest import demo_job_seeker, login_as

# Words of our own English sentences: any of them left means a sentence was not translated.
ENGLISH = [
    "Raises",
    "Comes before",
    "Practice",
    "practice",
    "Ready",
    "weeks",
    "week",
    "level",
    "Why this step",
    "Steps, in order",
    "Total hours",
    "free",
    "Mark as",
    "stays open",
    "the gap",
    "required",
    "you now",
    "converted from",
    "Event dates",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_french_plan_page_has_no_english_sentence(page: Page, live_server, screenshot):
    call_command("seed_demo")
    user, profile = demo_job_seeker("camille-fr", preferred_language="fr")
    target = Occupation.objects.filter(is_target=True).order_by("code").first()
    assessment = Assessment.objects.create(profile=profile, target=target)
    running.assessment_run(assessment_id=assessment.pk)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DONE, assessment.error

    login_as(page, live_server, user)
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#steps")).to_be_visible()
    screenshot("fr-plan-no-english")
    text = _our_words(page.locator("main").inner_text())
    found = _english_in(text)
    assert not found, f"English left on the French plan page: {found}\n{text}"
    # Dates are French, day first.
    assert re.search(
        r"\b\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
        r"octobre|novembre|décembre) \d{4}\b",
        text,
    ), text

    # Radar labels stay inside the drawing (none clipped at its edges).
    outside = page.evaluate(
        """() => { const svg = document.querySelector('figure.radar svg').getBoundingClientRect();
        return [...document.querySelectorAll('figure.radar .axis-label')].filter(t => {
          const r = t.getBoundingClientRect();
          return r.left < svg.left - 1 || r.right > svg.right + 1
              || r.top < svg.top - 1 || r.bottom > svg.bottom + 1; }).map(t => t.textContent); }"""
    )
    assert outside == []
    # At phone width the timeline's numbers stay readable; the page itself does not scroll.
    page.set_viewport_size({"width": 390, "height": 844})
    label_px = page.evaluate(
        "document.querySelector('.timeline .bar-label').getBoundingClientRect().height"
    )
    assert label_px >= 9, label_px
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("fr-plan-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    # The same page in English shows these words: the list does catch untranslated text.
    # (The saved language is copied into the session at log-in: log in again after changing it.)
    user.preferred_language = "en"
    user.save()
    login_as(page, live_server, user)
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert len(_english_in(_our_words(page.locator("main").inner_text()))) >= 8


def _our_words(text: str) -> str:
    """The page's text without the providers' own names and titles (theirs to choose)."""
    names = [r.title for r in Resource.objects.all()]
    names += [p.name for p in Provider.objects.all()]
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return text


def _english_in(text: str) -> list[str]:
    return [w for w in ENGLISH if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", text)]
