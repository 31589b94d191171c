"""A team runs a map in the app alone: the marketer creates a map, invites the CX lead as
reviewer and a newcomer by e-mail; the CX lead opens the map at once, comments and asks
for changes; the marketer reads the note, edits, resubmits, cannot approve their own
submission; the CX lead approves."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from maps.models import JourneyMap, MapInvitation, ReviewStatus
from personas.models import Persona
from tests.browser.conftest import login, screenshot
from tests.factories import JourneyMapFactory, UserFactory
from touchpoints.models import Channel

pytestmark = pytest.mark.browser


def make_user(username: str):
    user = UserFactory(username=username, email=f"{username}@example.com")
    user.set_password("journeymap")
    user.save()
    return user


@pytest.fixture
def cxlead_page(browser: Browser, page: Page) -> Iterator[Page]:
    """The CX lead's own browser; its errors fail the test too."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    other = context.new_page()
    other.on("pageerror", lambda error: page.console_errors.append(f"cxlead: {error.message}"))
    yield other
    context.close()


def andrei() -> Persona:
    persona = Persona.objects.create(
        name="Andrei Sokolov",
        age=38,
        occupation="Logistics manager",
        location="Kazan",
        quote="I want to see the real price before I drive forty minutes to a dealership.",
        goals="Buy a safe, reliable family car within budget.",
        frustrations="Prices that differ between the website and the showroom.",
        hobbies="Fishing on the Volga, car forums.",
    )
    persona.preferred_channels.set(Channel.objects.filter(slug__in=["website", "phone"]))
    return persona


def test_a_team_invites_reviews_and_approves_a_map_without_the_admin(page, cxlead_page, live_server):
    marketer, cxlead = make_user("marketer"), make_user("cxlead")
    andrei()
    JourneyMapFactory(owner=marketer, title="Last year's campaign", review_status=ReviewStatus.APPROVED)
    JourneyMapFactory(owner=marketer, title="Loose idea")

    # The marketer creates a map.
    login(page, live_server, "marketer")
    page.goto(f"{live_server.url}/maps/new/")
    page.fill("input[name=title]", "Spring test drive")
    page.get_by_role("button", name="Create map").click()
    expect(page.get_by_text("This map is empty")).to_be_visible()
    journey_map = JourneyMap.objects.get(title="Spring test drive")
    map_url = f"{live_server.url}{journey_map.get_absolute_url()}"

    # Settings: a description and a persona from the library, with its card.
    page.get_by_test_id("map-links").get_by_role("link", name="Settings").click()
    page.fill("textarea[name=description]", "From the TV ad to the test drive.")
    choices = page.get_by_test_id("persona-choices")
    expect(choices).to_contain_text("I want to see the real price")
    choices.get_by_text("Andrei Sokolov").click()
    screenshot(page, "team-settings")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()

    # Members: the CX lead by username, a newcomer by e-mail.
    page.get_by_role("link", name="Members").first.click()
    members = page.get_by_test_id("members-panel")
    members.locator("input[name=user]").fill("cxlead")
    members.locator("select[name=role]").first.select_option("reviewer")
    members.get_by_role("button", name="Invite").click()
    expect(page.get_by_test_id("members")).to_contain_text("cxlead")
    members = page.get_by_test_id("members-panel")
    members.locator("input[name=user]").fill("new.hire@example.com")
    members.locator("select[name=role]").first.select_option("viewer")
    members.get_by_role("button", name="Invite").click()
    expect(page.get_by_test_id("invitation-link")).to_contain_text("new.hire@example.com")
    expect(page.get_by_test_id("invitations")).to_contain_text("new.hire@example.com")
    assert MapInvitation.objects.get().role == "viewer"
    screenshot(page, "team-members")

    # The CX lead sees the map at once, and opens the persona from its chip.
    login(cxlead_page, live_server, "cxlead")
    expect(cxlead_page.get_by_role("link", name="Spring test drive")).to_be_visible()
    cxlead_page.goto(map_url)
    cxlead_page.get_by_test_id("persona-chip").first.click()
    panel = cxlead_page.get_by_test_id("persona-panel")
    expect(panel).to_contain_text("Prices that differ between the website and the showroom.")
    expect(panel).to_contain_text("Fishing on the Volga")
    screenshot(cxlead_page, "team-persona-panel")
    cxlead_page.keyboard.press("Escape")

    # The marketer submits; the CX lead comments and asks for changes.
    page.goto(map_url)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_test_id("review-bar")).to_contain_text("In review")
    cxlead_page.goto(map_url)
    cxlead_page.locator("#comments-dock summary").click()
    comments = cxlead_page.get_by_test_id("comments-panel")
    comments.locator("textarea[name=body]").first.fill("Where does the phone call happen?")
    comments.get_by_role("button", name="Comment on the map").click()
    expect(comments.locator(".comment__body")).to_contain_text("Where does the phone call happen?")
    bar = cxlead_page.get_by_test_id("review-bar")
    bar.get_by_label("Note", exact=True).fill("Add the phone lane")
    bar.get_by_role("button", name="Request changes").click()
    expect(cxlead_page.get_by_test_id("review-bar")).to_contain_text("Changes requested")

    # The marketer is told, and the note is on the map.
    page.goto(map_url)
    expect(page.get_by_test_id("notification-link")).to_contain_text("1")
    expect(page.get_by_test_id("review-note")).to_contain_text("Add the phone lane")
    screenshot(page, "team-changes-requested")
    page.get_by_test_id("notification-link").click()
    expect(page.get_by_test_id("notifications")).to_contain_text("requested changes: “Add the phone lane”")

    # The marketer edits, resubmits, and cannot approve their own submission.
    page.goto(map_url)
    page.get_by_role("link", name="Add the first stage").click()
    page.locator("#dialog [name=name]").fill("Test drive")
    page.locator("#dialog").get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("grid")).to_contain_text("Test drive")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_test_id("review-bar")).to_contain_text("In review")
    expect(page.get_by_test_id("review-note")).to_have_count(0)
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("review-refusal")).to_contain_text("you cannot approve it")
    assert JourneyMap.objects.get(pk=journey_map.pk).review_status == ReviewStatus.IN_REVIEW
    screenshot(page, "team-own-approval-refused")

    # The CX lead approves.
    cxlead_page.goto(map_url)
    cxlead_page.get_by_test_id("review-bar").get_by_role("button", name="Approve").click()
    expect(cxlead_page.get_by_test_id("review-bar")).to_contain_text("Approved")
    assert JourneyMap.objects.get(pk=journey_map.pk).review_status == ReviewStatus.APPROVED

    # The map list, filtered to what the marketer owns and is approved.
    page.goto(f"{live_server.url}/")
    filters = page.get_by_test_id("map-filters")
    filters.locator("select[name=show]").select_option("mine")
    filters.locator("select[name=status]").select_option("approved")
    expect(page.locator("#map-rows")).to_contain_text("Spring test drive")
    expect(page.locator("#map-rows")).to_contain_text("Last year's campaign")
    expect(page.locator("#map-rows")).not_to_contain_text("Loose idea")
    assert "status=approved" in page.url  # the filters are in the address, to share or reload
    screenshot(page, "team-map-list")
    assert cxlead.pk
