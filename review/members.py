"""The people of a map: members and their roles, invitations for e-mail addresses without
an account yet, and handing the map to another owner.

Who may do this is decided in maps/access.py (the owner). Every change holds the map's
lock, lands in the activity feed and tells the person concerned. An invitation's link
carries a random token; only its SHA-256 is stored, so the table gives nobody a working
link. The link works once, for `INVITATION_LIFETIME`, and gives the role it was made for.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from journeymap.lib.mail import send_email
from maps.activity import activity_record
from maps.models import ActivityVerb, JourneyMap, MapInvitation, MapMember, Role
from maps.services import hold_map
from review.models import NotificationKind
from review.notices import display_name, notify

INVITATION_LIFETIME = timedelta(days=7)
# Accepting an invitation never lowers a member's role.
RANK = {Role.VIEWER: 0, Role.REVIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}
INVITABLE_ROLES = [Role.EDITOR, Role.REVIEWER, Role.VIEWER]


class MemberError(Exception):
    """The change cannot be made; the message says why, in words for the person who asked."""


@dataclass(frozen=True)
class Invited:
    """What an invitation did: added an account at once, or made a pending invitation
    whose link (shown once, to whoever sent it) is `link`."""

    member: MapMember | None = None
    invitation: MapInvitation | None = None
    link: str = ""


class InvitationState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def role_label(role: str) -> str:
    return str(Role(role).label).lower()


# Reads


def map_members(journey_map: JourneyMap) -> list[MapMember]:
    """The members, owner first, then by role and name."""
    members = list(MapMember.objects.filter(map=journey_map).select_related("user"))
    members.sort(key=lambda member: (-RANK[Role(member.role)], member.user.username.casefold()))
    return members


def pending_invitations(journey_map: JourneyMap) -> QuerySet[MapInvitation]:
    return MapInvitation.objects.filter(
        map=journey_map, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def member_of(journey_map: JourneyMap, member_id: int) -> MapMember:
    member = MapMember.objects.filter(map=journey_map, pk=member_id).select_related("user").first()
    if member is None:
        raise MemberError(_("This person is no longer a member of the map."))
    return member


def invitation_by_token(token: str) -> tuple[MapInvitation | None, InvitationState]:
    """The invitation a link names, and where it stands."""
    invitation = (
        MapInvitation.objects.filter(token_hash=token_hash(token), map__deleted_at__isnull=True)
        .select_related("map", "invited_by")
        .first()
    )
    if invitation is None:
        return None, InvitationState.UNKNOWN
    if invitation.accepted_at is not None:
        return invitation, InvitationState.ACCEPTED
    if invitation.revoked_at is not None:
        return invitation, InvitationState.REVOKED
    if invitation.expires_at <= timezone.now():
        return invitation, InvitationState.EXPIRED
    return invitation, InvitationState.PENDING


def user_named(identifier: str):
    """The account a username or an e-mail address names, or None. An address that several
    accounts share names none of them: the invitation has to say which one."""
    users = get_user_model().objects.filter(is_active=True)
    user = users.filter(username__iexact=identifier).first()
    if user is not None or "@" not in identifier:
        return user
    matches = list(users.filter(email__iexact=identifier)[:2])
    if len(matches) > 1:
        raise MemberError(
            _("Several accounts use %(email)s: give the username of the one to invite.") % {"email": identifier}
        )
    return matches[0] if matches else None


# Writes


@transaction.atomic
def member_invite(*, journey_map: JourneyMap, by, identifier: str, role: str, site_url: str = "") -> Invited:
    """Add the account that `identifier` (a username or an e-mail address) names, at once;
    for an address without an account, a pending invitation sent by e-mail."""
    if role not in INVITABLE_ROLES:
        raise MemberError(_("Invite as editor, reviewer or viewer; to hand the map over, transfer ownership."))
    hold_map(journey_map.pk)
    identifier = identifier.strip()
    user = user_named(identifier)
    if user is not None:
        return Invited(member=_member_add(journey_map=journey_map, by=by, user=user, role=role, site_url=site_url))
    try:
        validate_email(identifier)
    except ValidationError:
        raise MemberError(
            _(
                "No account has the username “%(name)s”. To invite someone without an account, give their e-mail address."
            )
            % {"name": identifier}
        ) from None
    return _invitation_create(journey_map=journey_map, by=by, email=identifier, role=role, site_url=site_url)


def _member_add(*, journey_map: JourneyMap, by, user, role: str, site_url: str) -> MapMember:
    existing = MapMember.objects.filter(map=journey_map, user=user).first()
    if existing is not None:
        raise MemberError(
            _("%(name)s is already a member of this map, as %(role)s: change their role in the list.")
            % {"name": user.username, "role": role_label(existing.role)}
        )
    member = MapMember.objects.create(map=journey_map, user=user, role=role)
    activity_record(
        map_id=journey_map.pk, verb=ActivityVerb.ADDED, target=_("member %s") % user.username, detail=role_label(role)
    )
    notify(
        users=[user],
        journey_map=journey_map,
        kind=NotificationKind.MEMBERSHIP,
        actor=by,
        text=_("added you to the map as %(role)s") % {"role": role_label(role)},
        site_url=site_url,
    )
    return member


def _invitation_create(*, journey_map: JourneyMap, by, email: str, role: str, site_url: str) -> Invited:
    # A new invitation to the same address replaces the one before: one live link per person.
    pending_invitations(journey_map).filter(email__iexact=email).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    invitation = MapInvitation.objects.create(
        map=journey_map,
        email=email,
        role=role,
        token_hash=token_hash(token),
        invited_by=by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    activity_record(map_id=journey_map.pk, verb=ActivityVerb.INVITED, target=email, detail=role_label(role))
    link = site_url + reverse("maps:invitation", args=[token])
    context = {
        "map": journey_map,
        "inviter": display_name(by),
        "role": role_label(role),
        "url": link,
        "expires_at": invitation.expires_at,
    }
    subject = _("%(who)s invites you to “%(map)s”") % {"who": display_name(by), "map": journey_map.title}
    text = render_to_string("review/invitation_email.txt", context)
    transaction.on_commit(partial(send_email.enqueue, to=email, subject=subject, text=text))
    return Invited(invitation=invitation, link=link)


@transaction.atomic
def member_role_change(*, member: MapMember, by, role: str, site_url: str = "") -> MapMember:
    if member.role == Role.OWNER:
        raise MemberError(_("The owner stays owner until they hand the map to someone else."))
    if role not in INVITABLE_ROLES:
        raise MemberError(_("Choose editor, reviewer or viewer; to hand the map over, transfer ownership."))
    hold_map(member.map_id)
    if member.role == role:
        return member
    before = member.role
    MapMember.objects.filter(pk=member.pk).update(role=role)
    member.role = role
    activity_record(
        map_id=member.map_id,
        verb=ActivityVerb.CHANGED,
        target=_("member %s") % member.user.username,
        detail=f"{role_label(before)} → {role_label(role)}",
    )
    notify(
        users=[member.user],
        journey_map=member.map,
        kind=NotificationKind.MEMBERSHIP,
        actor=by,
        text=_("made you %(role)s (you were %(before)s)") % {"role": role_label(role), "before": role_label(before)},
        site_url=site_url,
    )
    return member


@transaction.atomic
def member_remove(*, member: MapMember, by, site_url: str = "") -> None:
    if member.role == Role.OWNER:
        raise MemberError(_("The owner cannot be removed: hand the map to someone else first."))
    hold_map(member.map_id)
    MapMember.objects.filter(pk=member.pk).delete()
    activity_record(map_id=member.map_id, verb=ActivityVerb.DELETED, target=_("member %s") % member.user.username)
    notify(
        users=[member.user],
        journey_map=member.map,
        kind=NotificationKind.MEMBERSHIP,
        actor=by,
        text=_("removed you from the map"),
        site_url=site_url,
    )


@transaction.atomic
def ownership_transfer(*, journey_map: JourneyMap, to: MapMember, by, site_url: str = "") -> None:
    """Hand the map to another member; the owner before stays on as an editor."""
    if to.map_id != journey_map.pk:
        raise MemberError(_("This person is no longer a member of the map."))
    if to.role == Role.OWNER:
        raise MemberError(_("%(name)s already owns this map.") % {"name": to.user.username})
    hold_map(journey_map.pk)
    MapMember.objects.filter(map=journey_map, role=Role.OWNER).update(role=Role.EDITOR)
    MapMember.objects.filter(pk=to.pk).update(role=Role.OWNER)
    JourneyMap.objects.filter(pk=journey_map.pk).update(owner=to.user)
    journey_map.owner = to.user
    activity_record(map_id=journey_map.pk, verb=ActivityVerb.CHANGED, target=_("the owner"), detail=to.user.username)
    notify(
        users=[to.user],
        journey_map=journey_map,
        kind=NotificationKind.MEMBERSHIP,
        actor=by,
        text=_("handed the map to you: you are its owner now"),
        site_url=site_url,
    )


@transaction.atomic
def invitation_revoke(*, invitation: MapInvitation) -> None:
    hold_map(invitation.map_id)
    revoked = MapInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        activity_record(
            map_id=invitation.map_id,
            verb=ActivityVerb.DELETED,
            target=_("the invitation of %s") % invitation.email,
        )


@transaction.atomic
def invitation_accept(*, token: str, user, site_url: str = "") -> MapInvitation:
    """Make `user` a member with the invitation's role, once; `MemberError` says why not."""
    invitation, state = invitation_by_token(token)
    if invitation is None or state != InvitationState.PENDING:
        raise MemberError(invitation_problem(state))
    hold_map(invitation.map_id)
    # Claimed in the same UPDATE that checks it is still open: a link works once.
    claimed = MapInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user
    )
    if not claimed:
        raise MemberError(invitation_problem(InvitationState.ACCEPTED))
    existing = MapMember.objects.filter(map=invitation.map, user=user).first()
    if existing is None:
        MapMember.objects.create(map=invitation.map, user=user, role=invitation.role)
    elif RANK[Role(invitation.role)] > RANK[Role(existing.role)]:
        MapMember.objects.filter(pk=existing.pk).update(role=invitation.role)
    activity_record(map_id=invitation.map_id, verb=ActivityVerb.JOINED, target=_("the map"), detail=invitation.email)
    notify(
        users=[invitation.invited_by],
        journey_map=invitation.map,
        kind=NotificationKind.MEMBERSHIP,
        actor=user,
        text=_("accepted your invitation (%(email)s) and joined as %(role)s")
        % {"email": invitation.email, "role": role_label(invitation.role)},
        site_url=site_url,
    )
    return invitation


def invitation_problem(state: InvitationState) -> str:
    return {
        InvitationState.ACCEPTED: _("This invitation has already been used. Log in to open the map."),
        InvitationState.REVOKED: _("This invitation was withdrawn. Ask whoever invited you for a new one."),
        InvitationState.EXPIRED: _("This invitation has expired. Ask whoever invited you for a new one."),
        InvitationState.UNKNOWN: _("This invitation link is not valid: check that it was copied whole."),
    }.get(state, "")
