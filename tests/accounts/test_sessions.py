"""Sessions can be revoked: logging out ends a session on the server, so a copy of its
cookie dies with it, and "log out everywhere" ends all of a user's sessions."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts.models import UserSession
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery"


def logged_in_client(username: str) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"username": username, "password": RIGHT}).status_code == 302
    return client


def copy_of(client: Client) -> Client:
    """Another browser holding a copy of `client`'s session cookie."""
    thief = Client()
    thief.cookies["sessionid"] = client.cookies["sessionid"].value
    return thief


def is_let_in(client: Client) -> bool:
    response = client.get(reverse("maps:list"))
    return response.status_code == 200 and SESSION_KEY in client.session


def test_a_cookie_copied_before_logout_no_longer_logs_in_after_it():
    UserFactory(username="ann")
    ann = logged_in_client("ann")
    thief = copy_of(ann)
    assert is_let_in(thief)

    ann.post(reverse("logout"))

    response = thief.get(reverse("maps:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_log_out_everywhere_ends_the_other_sessions_and_every_copy_of_this_one():
    UserFactory(username="ann")
    laptop, phone = logged_in_client("ann"), logged_in_client("ann")
    copied_from_laptop = copy_of(laptop)

    response = laptop.post(reverse("log-out-everywhere"), follow=True)

    assert "logged out of 1 other session" in response.text
    assert not is_let_in(phone)
    assert not is_let_in(copied_from_laptop)
    assert is_let_in(laptop)
    assert UserSession.objects.filter(user__username="ann").count() == 1


def test_log_out_everywhere_leaves_other_peoples_sessions_alone():
    UserFactory(username="ann")
    UserFactory(username="bob")
    ann, bob = logged_in_client("ann"), logged_in_client("bob")

    ann.post(reverse("log-out-everywhere"))

    assert is_let_in(bob)


def test_the_account_page_says_in_how_many_browsers_one_is_logged_in():
    UserFactory(username="ann")
    logged_in_client("ann")
    page = logged_in_client("ann").get(reverse("account"))
    assert page.status_code == 200
    assert "logged in in 2 browsers" in page.text
    assert reverse("log-out-everywhere") in page.text


def test_the_user_menu_links_to_the_account_page():
    UserFactory(username="ann")
    assert f'href="{reverse("account")}"' in logged_in_client("ann").get(reverse("maps:list")).text


def test_log_out_everywhere_takes_a_post_from_a_logged_in_user_only():
    UserFactory(username="ann")
    assert logged_in_client("ann").get(reverse("log-out-everywhere")).status_code == 405
    anonymous = Client().post(reverse("log-out-everywhere"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
