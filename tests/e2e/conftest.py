import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


# What Chromium writes to the console when the Content-Security-Policy blocks something.
CSP_CONSOLE = re.compile(r"Content Security Policy|Refused to")
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolation(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
));
"""


def watch_csp(page: Page) -> list[str]:
    """Collects every CSP violation on this page, across navigations, as readable lines."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: CSP_CONSOLE.search(message.text) and violations.append(message.text),
    )
    page.expose_function("__cspViolation", lambda text: violations.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    return violations


@pytest.fixture
def csp_violations(page: Page) -> list[str]:
    """The CSP violations seen so far in this test's browser page."""
    return watch_csp(page)


@pytest.fixture(autouse=True)
def _no_csp_violation(request):
    """Every browser test fails when the page it drove broke the Content-Security-Policy."""
    if "page" not in request.fixturenames:
        yield
        return
    violations = request.getfixturevalue("csp_violations")
    yield
    assert violations == [], "CSP violations:\n" + "\n".join(violations)


@pytest.fixture
def screenshot(page):
    """Saves a full-page PNG of what the browser shows, for people to look at after a run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def login_as(page: Page, live_server, user) -> None:
    """Reuse Django's test login (django-axes stays on) and hand its session to the browser."""
    django_client = Client()
    django_client.force_login(user)
    session = django_client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
