"""The API's interactive docs: Swagger UI from the app's own files, within the
Content-Security-Policy (the `page` fixture fails on anything the policy refuses)."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_the_api_docs_draw_every_endpoint_from_the_apps_own_files(page: Page, live_server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{live_server.url}/api/docs")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Journeymap API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/maps/{map_id}/metrics")).to_be_visible()
    assert requested and all(url.startswith((live_server.url, "data:")) for url in requested)
