import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import login, screenshot


@pytest.mark.browser
def test_the_login_page_opens(page, live_server, request):
    response = page.goto(f"{live_server.url}/login/")
    print("status", response.status, page.title())
    screenshot(page, request.node.name)


@pytest.mark.browser
def test_orm_and_server_share_data(page, live_server, request):
    get_user_model().objects.create_superuser("boss", "b@example.com", "journeymap")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "boss")
    page.fill("input[name=password]", "journeymap")
    page.locator("input[type=submit]").click()
    expect(page.get_by_text("Site administration")).to_be_visible()
    assert page.console_errors == []


@pytest.mark.browser
def test_console_errors_fail_the_test(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.evaluate("console.error('boom')")
    page.evaluate("setTimeout(() => { throw new Error('kaboom') }, 0)")
    page.wait_for_timeout(200)
    assert len(page.console_errors) == 2
    pass


def test_orm_after_browser(db):
    assert get_user_model().objects.count() == 0


@pytest.mark.browser
def test_login_helper(page, live_server):
    get_user_model().objects.create_user("marketer", "m@example.com", "journeymap")
    login(page, live_server, "marketer")
    print("after login", page.url)


@pytest.mark.browser
def test_login_helper_wrong_password(page, live_server):
    get_user_model().objects.create_user("marketer", "m@example.com", "journeymap")
    with pytest.raises(AssertionError, match="could not log in"):
        login(page, live_server, "marketer", "nope")
