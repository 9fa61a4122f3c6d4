"""Every response tells the browser what it may run and which devices the site may use."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory

from tests.reconversion.test_settings import run_python

STRICT = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def directives(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/catalogue/", "/api/v1/sectors/"])
def test_pages_and_api_carry_the_strict_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert directives(response) == STRICT


@pytest.mark.django_db
def test_signed_in_pages_carry_the_strict_policy(client, user):
    client.force_login(user)
    assert directives(client.get("/me/")) == STRICT


@pytest.mark.django_db
def test_api_docs_need_no_exception_to_the_policy(client):
    page = client.get("/api/docs/")
    assert directives(page) == STRICT
    assert b"<style" not in page.content
    # Swagger UI's start-up script comes from a URL, as a script the policy allows.
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/healthz", "/api/v1/sectors/"])
def test_responses_deny_devices_and_payment(client, path):
    policy = client.get(path)["Permissions-Policy"]
    features = dict(item.split("=") for item in policy.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_a_claimed_https_is_not_believed_without_a_configured_proxy():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert not request.is_secure()


def test_the_proxy_header_is_trusted_once_configured():
    result = run_python(
        "import django; django.setup();"
        "from django.test import RequestFactory;"
        "r = RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https');"
        "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, r.is_secure())",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') True"


def test_a_malformed_proxy_header_setting_is_refused_with_an_example():
    result = run_python(
        "import django; django.setup()", SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto"
    )
    assert result.returncode != 0
    assert "HTTP_X_FORWARDED_PROTO,https" in result.stderr


def test_health_probe_answers_over_plain_http_in_production_settings():
    result = run_python(
        "import django; django.setup();"
        "from django.test import Client; c = Client();"
        "print(c.get('/healthz').status_code, c.get('/catalogue/').status_code)",
        DEBUG="0",
        SECRET_KEY="s" * 50,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "301"]


def test_no_template_needs_inline_script_or_style():
    """The policy refuses them; the browser walk sees only the pages it visits, this sees all."""
    root = Path(__file__).resolve().parents[2]
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|hx-on|javascript:"
    )
    templates = [*root.glob("templates/**/*.html"), *root.glob("*/templates/**/*.html")]
    assert templates
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in templates
        for match in inline.finditer(
            re.sub(
                r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}",
                "",
                path.read_text(),
                flags=re.S,
            )
        )
    ]
    assert found == []
