"""The demo, end to end: a marketer signs in, opens the car buyer's map and sees its grid."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import login, screenshot

DEMO_MAP = "Car buyer: from TV ad to recommendation"


@pytest.mark.browser
def test_a_marketer_opens_the_demo_map_and_sees_its_grid(page, live_server, request):
    call_command("load_demo", stdout=StringIO())

    login(page, live_server, "marketer")
    map_link = page.get_by_role("link", name=DEMO_MAP)
    expect(map_link).to_be_visible()

    map_link.click()

    grid = page.get_by_test_id("grid")
    expect(grid).to_be_visible()
    for stage in ("Information search", "Recommendation"):
        expect(grid.get_by_text(stage).first).to_be_visible()
    screenshot(page, request.node.name)
