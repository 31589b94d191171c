"""Failed log-ins are counted per account and per address; past the limit, even the right
password is refused until the lock-out time has passed, and the login page says until when."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.throttle import client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery"  # the factories' password


def log_in(client: Client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def fail(client: Client, username: str, times: int, address: str = "127.0.0.1"):
    for _ in range(times):
        response = log_in(client, username, "wrong password", address)
    return response


def test_ten_failed_log_ins_in_a_row_refuse_even_the_right_password_and_say_until_when(client, settings):
    UserFactory(username="ann")
    for attempt in range(1, settings.LOGIN_FAILURE_LIMIT):
        assert fail(client, "ann", 1).status_code == 200, attempt

    tenth = fail(client, "ann", 1)
    assert tenth.status_code == 429
    assert "Too many failed log-ins" in tenth.text and "(in 15 minutes)" in tenth.text

    right = log_in(client, "ann", RIGHT)
    assert right.status_code == 429
    assert "Try again after" in right.text and "(in 15 minutes)" in right.text
    assert not logged_in(client)
    assert right.templates[0].name == "registration/login.html"


def test_the_account_opens_again_once_the_lock_out_time_has_passed(client, settings, monkeypatch):
    UserFactory(username="ann")
    fail(client, "ann", settings.LOGIN_FAILURE_LIMIT)
    assert log_in(client, "ann", RIGHT).status_code == 429

    later = timezone.now() + settings.LOGIN_LOCKOUT + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert log_in(client, "ann", RIGHT).status_code == 302
    assert logged_in(client)


def test_a_successful_log_in_starts_the_account_count_again(client, settings):
    UserFactory(username="ann")
    for _ in range(2):
        fail(client, "ann", settings.LOGIN_FAILURE_LIMIT - 1)
        assert log_in(client, "ann", RIGHT).status_code == 302
        client.post(reverse("logout"))


def test_the_lock_of_one_account_leaves_the_others_alone(client, settings):
    UserFactory(username="ann")
    UserFactory(username="bob")
    fail(client, "ann", settings.LOGIN_FAILURE_LIMIT)

    assert log_in(client, "bob", RIGHT).status_code == 302


def test_guessing_at_many_accounts_from_one_address_locks_the_address_at_its_own_limit(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 25
    names = ["ann", "bob", "cem"]
    for name in [*names, "dan", "eve"]:
        UserFactory(username=name)
    for name in names:  # 8 failures each: no account reaches its limit of 10
        fail(client, name, 8, address="203.0.113.9")
    assert log_in(Client(), "dan", RIGHT, address="203.0.113.9").status_code == 302

    locked = fail(client, "dan", 1, address="203.0.113.9")  # the 25th failure from this address

    assert locked.status_code == 429
    refused = Client()
    assert log_in(refused, "eve", RIGHT, address="203.0.113.9").status_code == 429
    assert not logged_in(refused)
    assert log_in(Client(), "eve", RIGHT, address="198.51.100.7").status_code == 302


def test_the_admin_login_is_throttled_too(client, settings):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    admin_login = reverse("admin:login")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(admin_login, {"username": "root", "password": "wrong password"})

    client.post(admin_login, {"username": "root", "password": RIGHT})

    assert not logged_in(client)


def test_the_test_clients_login_still_works(client):
    UserFactory(username="ann")
    assert client.login(username="ann", password=RIGHT)


def test_behind_proxies_the_address_is_the_one_the_nearest_proxy_added(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_address(request) == "10.0.0.2"
    settings.PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.9"


@pytest.mark.parametrize("password", ["12345678", "password", "ann2"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)
