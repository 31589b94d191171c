"""Customer data, end to end: a marketer pours the sample interaction log into the car
buyer's map, confirms how its names match the map, reads the flow and the candidates,
and takes one into the map."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import login, screenshot

DEMO_MAP = "Car buyer: from TV ad to recommendation"


@pytest.mark.browser
def test_a_marketer_analyses_the_sample_log_and_takes_a_pain_point_into_the_map(page, live_server, tmp_path):
    call_command("load_demo", stdout=StringIO())
    login(page, live_server, "marketer")
    page.get_by_role("link", name=DEMO_MAP).click()
    page.get_by_test_id("data-links").get_by_role("link", name="Customer data").click()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download a sample log").click()
    sample = tmp_path / "sample.csv"
    download.value.save_as(sample)
    page.get_by_label("Interaction log (.csv or .xlsx)").set_input_files(sample)
    page.get_by_role("button", name="Upload and analyse").click()

    # The sample writes one channel its own way ("TV" for "TV & outdoor"): the page asks.
    mapping = page.get_by_test_id("value-mapping")
    expect(mapping).to_be_visible(timeout=20_000)
    expect(mapping.get_by_label("TV", exact=True)).not_to_have_value("")  # a suggestion, for a person to confirm
    screenshot(page, "interactions_mapping")
    page.get_by_role("button", name="Analyse with this matching").click()

    sankey = page.get_by_test_id("sankey")
    expect(sankey.locator(".sankey")).to_be_visible(timeout=20_000)
    candidates = page.get_by_test_id("candidates")
    expect(candidates.locator(".candidate").first).to_be_visible()
    screenshot(page, "interactions_results")

    first = candidates.locator(".candidate--open").first
    title = first.locator(".candidate__title").inner_text()
    first.get_by_role("button", name="Add to the map").click()
    accepted = candidates.locator(".candidate--accepted")
    expect(accepted).to_have_count(1)
    expect(accepted.get_by_text("On the map")).to_be_visible()

    accepted.get_by_role("link", name="See it").click()
    on_grid = page.get_by_test_id("grid").get_by_text(title)
    expect(on_grid).to_be_visible()
    # The link jumps to the pain point, under the grid's sticky header: centre it for the picture.
    on_grid.evaluate("element => element.scrollIntoView({block: 'center'})")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "interactions_pain_point_on_the_grid")
