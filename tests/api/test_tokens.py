"""Personal API tokens: the account's page, the command, and how the API takes them and the
browser's session."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from api.tokens import hash_of, token_create
from tests.api.conftest import bearer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user_client(cast) -> Client:
    return cast.client_for("editor")


def test_the_account_page_links_to_the_token_page(user_client):
    response = user_client.get(reverse("account"))

    assert reverse("api:tokens") in response.content.decode()


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(cast, user_client):
    created = user_client.post(reverse("api:token-create"), {"name": "survey sync", "lifetime": "30"})

    token = ApiToken.objects.get(user=cast.editor)
    secret = created.context["secret"]
    assert secret.startswith(token.prefix) and secret in created.content.decode()
    assert created["Cache-Control"] == "no-store"
    assert token.token_hash == hash_of(secret) and secret not in token.token_hash
    assert token.expires_at.date() == (timezone.now() + timedelta(days=30)).date()
    listed = user_client.get(reverse("api:tokens")).content.decode()
    assert "survey sync" in listed and token.prefix in listed and secret not in listed
    assert bearer(secret).get("/api/v1/me").json() == {"username": "editor", "token": token.prefix}


def test_a_token_needs_a_name(user_client):
    response = user_client.post(reverse("api:token-create"), {"name": ""})

    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_a_revoked_token_no_longer_opens_the_api(cast, user_client):
    token, secret = token_create(user=cast.editor, name="old")

    response = user_client.post(reverse("api:token-revoke", args=[token.pk]), follow=True)

    assert "revoked" in response.content.decode()
    refused = bearer(secret).get("/api/v1/me")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "This API token was revoked."
    assert refused["WWW-Authenticate"].startswith("Bearer")


def test_nobody_sees_or_revokes_another_persons_tokens(cast, user_client):
    token, secret = token_create(user=cast.owner, name="the owner's")

    assert "the owner's" not in user_client.get(reverse("api:tokens")).content.decode()
    assert user_client.post(reverse("api:token-revoke", args=[token.pk])).status_code == 404
    assert bearer(secret).get("/api/v1/me").status_code == 200


def test_the_token_page_asks_for_a_login(client):
    response = client.get(reverse("api:tokens"))

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_expired_or_unknown_token_is_refused(cast):
    token, secret = token_create(user=cast.viewer, name="short", expires_at=timezone.now() - timedelta(seconds=1))

    assert bearer(secret).get("/api/v1/me").json()["detail"] == "This API token has expired."
    assert bearer("jm_nothing").get("/api/v1/me").status_code == 401


def test_a_token_notes_when_it_was_last_used(cast):
    token, secret = token_create(user=cast.viewer, name="sync")

    bearer(secret).get("/api/v1/me")

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_command_prints_a_working_token_on_its_last_line(cast):
    out = StringIO()

    call_command("api_token", "reviewer", "--name", "nightly import", stdout=out)

    secret = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.objects.get(user=cast.reviewer).name == "nightly import"
    assert bearer(secret).get("/api/v1/me").json()["username"] == "reviewer"


def test_the_command_refuses_an_unknown_user(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("api_token", "nobody", stdout=StringIO())


def test_the_browser_session_reads_and_writes_with_its_csrf_token(cast):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.editor)
    browser.get(reverse("account"))  # sets the CSRF cookie
    path = f"/api/v1/maps/{cast.map.pk}/stages"

    read = browser.get(path)
    refused = browser.post(path, {"name": "Loyalty"}, content_type="application/json")
    written = browser.post(
        path,
        {"name": "Loyalty"},
        content_type="application/json",
        headers={"X-CSRFToken": browser.cookies["csrftoken"].value},
    )

    assert read.status_code == 200
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    assert written.status_code == 201


def test_each_token_has_its_own_rate_limit(cast, settings):
    settings.API_RATE_LIMIT = 3
    busy, other = (
        bearer(token_create(user=cast.viewer, name="a")[1]),
        bearer(token_create(user=cast.viewer, name="b")[1]),
    )

    answers = [busy.get("/api/v1/me").status_code for _ in range(4)]
    limited = busy.get("/api/v1/me")

    assert answers == [200, 200, 200, 429]
    assert limited["Content-Type"] == "application/problem+json"
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert other.get("/api/v1/me").status_code == 200


def test_an_inactive_users_token_is_refused(db):
    user = UserFactory(is_active=False)
    _token, secret = token_create(user=user, name="left")

    assert bearer(secret).get("/api/v1/me").status_code == 401
