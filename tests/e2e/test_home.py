import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_sees_what_the_site_does_and_the_demo_sectors(live_server, page, screenshot):
    call_command("seed_demo", verbosity=0)
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Your next job, in the age of AI"
    assert "AI-era roles" in page.locator(".lead").inner_text()
    sectors = page.locator("#sectors-heading + .cards .card h3").all_inner_texts()
    assert {"Finance", "Health", "Marketing", "Design"} <= {s.strip() for s in sectors}
    # The stylesheet is served (whitenoise / staticfiles), so the page is styled.
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    screenshot("home-en")
