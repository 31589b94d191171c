"""The members of a map: the owner invites by username or e-mail, changes roles, removes
people and hands the map over; an address without an account gets a link that works once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maps.models import Activity, JourneyMap, MapInvitation, MapMember, Role
from review.members import INVITATION_LIFETIME, MemberError, invitation_accept, member_invite, token_hash
from review.models import Notification, NotificationKind
from tests.conftest import HTMX
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def members_url(cast) -> str:
    return reverse("maps:members", args=[cast.map.pk])


def invite(cast, who: str, role: str, *, client=None, htmx: bool = False):
    client = client or cast.client_for("owner")
    return client.post(members_url(cast), {"user": who, "role": role}, headers=HTMX if htmx else {})


def invitation_token(response) -> str:
    """The token of the link the members page shows once, after an invitation."""
    link = response.context["just_invited"]["link"]
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_the_owner_adds_an_account_by_username_and_it_sees_the_map_at_once(cast):
    newcomer = UserFactory(username="cxlead")
    response = invite(cast, "cxlead", "reviewer")
    assert response.status_code == 302
    assert MapMember.objects.get(map=cast.map, user=newcomer).role == Role.REVIEWER
    client = cast.client_for("outsider")
    client.force_login(newcomer)
    assert cast.map.title in client.get(reverse("maps:list")).text
    assert client.get(cast.map.get_absolute_url()).status_code == 200


def test_an_e_mail_of_an_existing_account_adds_that_account(cast, django_capture_on_commit_callbacks):
    newcomer = UserFactory(username="dana", email="Dana@Example.com")
    with django_capture_on_commit_callbacks(execute=True):
        invite(cast, "dana@example.com", "editor", htmx=True)
    assert MapMember.objects.get(map=cast.map, user=newcomer).role == Role.EDITOR
    assert not MapInvitation.objects.exists()
    notification = Notification.objects.get(user=newcomer)
    assert notification.kind == NotificationKind.MEMBERSHIP and "editor" in notification.text
    assert [message.to for message in mail.outbox] == [["Dana@Example.com"]]


def test_an_unknown_address_gets_a_single_use_invitation_by_mail(cast, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(cast, "new.person@example.org", "reviewer", htmx=True)
    assert response.status_code == 200
    invitation = MapInvitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "new.person@example.org",
        "reviewer",
        cast.owner,
    )
    assert invitation.expires_at - timezone.now() > INVITATION_LIFETIME - timedelta(minutes=1)
    # The mail carries the link; the database keeps only its hash.
    (message,) = mail.outbox
    assert message.to == ["new.person@example.org"] and cast.map.title in message.subject
    token = invitation_token(response)
    assert f"/invitations/{token}/" in message.body
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash
    # The owner sees the link once, to pass on if the mail does not arrive.
    assert token in response.text
    assert token not in cast.client_for("owner").get(members_url(cast)).text


def test_an_invitation_is_accepted_after_signing_up_and_works_only_once(cast, client):
    token = invitation_token(invite(cast, "new.person@example.org", "reviewer", htmx=True))
    page = client.get(reverse("maps:invitation", args=[token]))
    assert page.status_code == 200 and "Create my account and join" in page.text
    response = client.post(
        reverse("maps:invitation-signup", args=[token]),
        {"username": "newperson", "password1": "a long pass phrase 42", "password2": "a long pass phrase 42"},
    )
    assert response.status_code == 302 and response.url == cast.map.get_absolute_url()
    member = MapMember.objects.get(map=cast.map, user__username="newperson")
    assert member.role == Role.REVIEWER and member.user.email == "new.person@example.org"
    assert client.get(cast.map.get_absolute_url()).status_code == 200
    assert Notification.objects.filter(user=cast.owner, kind=NotificationKind.MEMBERSHIP).exists()
    # The link has done its work: a clear page, not a 404 debug page, and nobody else gets in.
    again = cast.client_for("outsider").get(reverse("maps:invitation", args=[token]))
    assert again.status_code == 410 and "already been used" in again.text
    assert cast.client_for("outsider").post(reverse("maps:invitation", args=[token])).status_code == 410
    assert not MapMember.objects.filter(map=cast.map, user=cast.outsider).exists()


def test_an_invitation_is_accepted_by_someone_logging_in(cast):
    token = invitation_token(invite(cast, "someone@example.org", "viewer", htmx=True))
    client = cast.client_for("outsider")
    response = client.post(reverse("maps:invitation", args=[token]))
    assert response.status_code == 302
    assert MapMember.objects.get(map=cast.map, user=cast.outsider).role == Role.VIEWER
    assert Activity.objects.filter(map=cast.map, verb="joined").exists()


def test_an_anonymous_visitor_is_offered_to_log_in_first(cast, client):
    token = invitation_token(invite(cast, "someone@example.org", "viewer", htmx=True))
    text = client.get(reverse("maps:invitation", args=[token])).text
    assert f"/login/?next=/invitations/{token}/" in text
    assert client.post(reverse("maps:invitation", args=[token])).status_code == 200  # the page again, nothing joined
    assert not MapInvitation.objects.get().accepted_at


def test_accepting_never_lowers_a_role(cast):
    token = invitation_token(invite(cast, "editor-alias@example.org", "viewer", htmx=True))
    invitation_accept(token=token, user=cast.editor)
    assert MapMember.objects.get(map=cast.map, user=cast.editor).role == Role.EDITOR


def test_a_revoked_or_expired_or_made_up_link_gets_a_clear_page(cast, client):
    revoked = invitation_token(invite(cast, "a@example.org", "viewer", htmx=True))
    url = reverse("maps:invitation-revoke", args=[cast.map.pk, MapInvitation.objects.get(email="a@example.org").pk])
    cast.client_for("owner").post(url)
    expired = invitation_token(invite(cast, "b@example.org", "viewer", htmx=True))
    MapInvitation.objects.filter(email="b@example.org").update(expires_at=timezone.now() - timedelta(seconds=1))
    for token, status, words in [
        (revoked, 410, "withdrawn"),
        (expired, 410, "expired"),
        ("made-up-token", 404, "not valid"),
    ]:
        response = client.get(reverse("maps:invitation", args=[token]))
        assert response.status_code == status and words in response.text, token
        with pytest.raises(MemberError):
            invitation_accept(token=token, user=cast.outsider)
    assert not MapMember.objects.filter(user=cast.outsider).exists()


def test_inviting_the_same_address_again_replaces_the_first_link(cast):
    first = invitation_token(invite(cast, "a@example.org", "viewer", htmx=True))
    invite(cast, "a@example.org", "editor", htmx=True)
    with pytest.raises(MemberError, match="withdrawn"):
        invitation_accept(token=first, user=cast.outsider)
    assert MapInvitation.objects.filter(revoked_at__isnull=True).get().role == Role.EDITOR


@pytest.mark.parametrize(
    ("who", "role", "message"),
    [
        ("nobody-here", "viewer", "No account has the username"),
        ("editor", "viewer", "already a member"),
        ("someone@example.org", "owner", "Select a valid choice"),
        ("", "viewer", "This field is required"),
    ],
)
def test_an_invitation_that_cannot_be_made_says_why(cast, who, role, message):
    response = invite(cast, who, role, htmx=True)
    assert response.status_code == 422 and message in response.text
    assert MapMember.objects.filter(map=cast.map).count() == 4 and not MapInvitation.objects.exists()


def test_the_owner_changes_a_role_and_the_member_is_told(cast, django_capture_on_commit_callbacks):
    member = MapMember.objects.get(map=cast.map, user=cast.viewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client_for("owner").post(
            reverse("maps:member-role", args=[cast.map.pk, member.pk]), {"role": "editor"}, headers=HTMX
        )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.role == Role.EDITOR
    assert "viewer → editor" in Activity.objects.filter(map=cast.map).first().detail
    assert "made you editor" in Notification.objects.get(user=cast.viewer).text
    assert mail.outbox[0].to == [cast.viewer.email]


def test_the_owner_removes_a_member_who_loses_the_map_but_keeps_the_news(cast):
    member = MapMember.objects.get(map=cast.map, user=cast.reviewer)
    cast.client_for("owner").post(reverse("maps:member-remove", args=[cast.map.pk, member.pk]))
    client = cast.client_for("reviewer")
    assert client.get(cast.map.get_absolute_url()).status_code == 404
    assert "removed you from the map" in client.get(reverse("maps:notifications")).text


def test_the_owner_role_cannot_be_changed_or_removed_in_the_list(cast):
    owner = MapMember.objects.get(map=cast.map, user=cast.owner)
    client = cast.client_for("owner")
    response = client.post(reverse("maps:member-role", args=[cast.map.pk, owner.pk]), {"role": "viewer"}, headers=HTMX)
    assert response.status_code == 422 and "stays owner" in response.text
    response = client.post(reverse("maps:member-remove", args=[cast.map.pk, owner.pk]), headers=HTMX)
    assert response.status_code == 422
    assert MapMember.objects.get(pk=owner.pk).role == Role.OWNER


def test_the_owner_hands_the_map_over_and_stays_as_an_editor(cast):
    new_owner = MapMember.objects.get(map=cast.map, user=cast.editor)
    response = cast.client_for("owner").post(
        reverse("maps:owner-transfer", args=[cast.map.pk]), {"member": new_owner.pk}
    )
    assert response.status_code == 302
    journey_map = JourneyMap.objects.get(pk=cast.map.pk)
    assert journey_map.owner == cast.editor
    roles = dict(MapMember.objects.filter(map=journey_map).values_list("user__username", "role"))
    assert roles[cast.editor.username] == Role.OWNER and roles[cast.owner.username] == Role.EDITOR
    assert list(MapMember.objects.filter(map=journey_map, role=Role.OWNER)) == [MapMember.objects.get(pk=new_owner.pk)]
    # The former owner manages nothing any more.
    assert invite(cast, "someone@example.org", "viewer").status_code == 403


def test_every_member_sees_who_is_on_the_map_but_only_the_owner_changes_it(cast):
    text = cast.client_for("viewer").get(members_url(cast)).text
    assert all(name in text for name in ("editor", "reviewer", "viewer"))
    assert 'name="role"' not in text and "Invite someone" not in text
    assert "Invite someone" in cast.client_for("owner").get(members_url(cast)).text


def test_a_member_with_the_same_address_as_another_account_must_be_named_by_username(cast):
    UserFactory(username="twin1", email="twin@example.org")
    UserFactory(username="twin2", email="twin@example.org")
    with pytest.raises(MemberError, match="Several accounts"):
        member_invite(journey_map=cast.map, by=cast.owner, identifier="twin@example.org", role="viewer")
