"""The API documentation renders with no network: Swagger UI's files are served by us."""

import pytest
from playwright.sync_api import Page, expect


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_api_docs_render_offline(page: Page, live_server):
    outside: list[str] = []

    def only_this_server(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    page.goto(live_server.url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Reconversion API")
    expect(page.locator(".opblock-tag-section").first).to_be_visible()
    assert outside == []
