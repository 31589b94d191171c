"""The next-touchpoints picker searches as one types, keeping the links already chosen;
the live-update poll rests while the page is hidden."""

import pytest
from playwright.sync_api import Page, expect

from maps.item_services import touchpoint_append
from maps.services import lane_append, map_create, stage_append
from tests.browser.conftest import login, screenshot
from tests.factories import UserFactory
from touchpoints.models import Channel, Touchpoint

pytestmark = pytest.mark.browser


def map_of_three_cards(username: str):
    owner = UserFactory(username=username)
    owner.set_password("journeymap")
    owner.save()
    journey_map = map_create(owner=owner, title="Bike rental")
    awareness = stage_append(journey_map=journey_map, name="Awareness")
    booking = stage_append(journey_map=journey_map, name="Booking")
    lane = lane_append(journey_map=journey_map, channel=Channel.objects.get(slug="sms"))
    first = touchpoint_append(stage=awareness, lane=lane, title="Sees a city ad")
    linked = touchpoint_append(stage=awareness, lane=lane, title="Reads reviews")
    touchpoint_append(stage=booking, lane=lane, title="Books a bike")
    first.next_touchpoints.add(linked)
    return journey_map, first


def test_the_picker_finds_a_card_as_one_types_and_keeps_the_chosen_ones(page: Page, live_server, request):
    journey_map, first = map_of_three_cards("paula")
    login(page, live_server, "paula")
    page.goto(f"{live_server.url}{journey_map.get_absolute_url()}")
    page.get_by_role("link", name="Sees a city ad").click()
    dialog = page.locator("#dialog")
    picker = dialog.locator("select[name=next_touchpoints]")
    expect(picker.locator("option")).to_have_count(1)  # the link it has, not the whole map
    dialog.get_by_role("searchbox").fill("booking")
    expect(picker.locator("option")).to_have_count(2)
    expect(picker.locator("option:checked")).to_have_text(["Awareness · SMS · Reads reviews"])
    picker.select_option(label="Booking · SMS · Books a bike")
    screenshot(page, request.node.name)
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    assert set(first.next_touchpoints.values_list("title", flat=True)) == {"Books a bike"}


def test_the_poll_rests_while_the_page_is_hidden(page: Page, live_server):
    journey_map, _first = map_of_three_cards("pia")
    login(page, live_server, "pia")
    polls: list[str] = []
    page.on("request", lambda req: polls.append(req.url) if "/changes/" in req.url else None)
    page.goto(f"{live_server.url}{journey_map.get_absolute_url()}")
    page.wait_for_timeout(3500)
    assert polls, "the page polls while it is shown"
    page.evaluate(
        """() => {
            Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    page.wait_for_timeout(500)
    before = len(polls)
    page.wait_for_timeout(7000)
    assert len(polls) == before
    assert Touchpoint.objects.filter(map=journey_map).count() == 3
