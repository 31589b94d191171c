"""Who may do what with a map: one helper per question, used by every view.

A map outside the user's reach answers 404 (its existence is not revealed);
a map the user can see but may not change in the asked way answers 403.

Managing a map (its members and invitations, handing it to another owner, archiving,
deleting, share links) is the owner's alone: one person answers for who sees a map,
and hands the map on when they leave. Editors change everything in it, its settings
included.

The shared library (personas and channels) grows only in the hands of those an
administrator trusts with it: the Django permissions `personas.add_persona` and
`touchpoints.add_channel`, given in the admin to a user or a group. Whoever holds them
creates personas and channels in the app too; everyone else picks from the library,
and an import may not add to it on their behalf.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from maps.models import JourneyMap, Role

EDIT_ROLES = {Role.OWNER, Role.EDITOR}
COMMENT_ROLES = {Role.OWNER, Role.EDITOR, Role.REVIEWER}
REVIEW_ROLES = {Role.OWNER, Role.REVIEWER}
# A second pair of eyes approves: a reviewer, the owner or another editor (never the submitter).
APPROVE_ROLES = {Role.OWNER, Role.EDITOR, Role.REVIEWER}


@dataclass(frozen=True)
class MapAccess:
    map: JourneyMap
    role: Role

    @property
    def may_edit(self) -> bool:
        return self.role in EDIT_ROLES

    @property
    def may_comment(self) -> bool:
        return self.role in COMMENT_ROLES

    @property
    def may_review(self) -> bool:
        return self.role in REVIEW_ROLES

    @property
    def may_approve(self) -> bool:
        return self.role in APPROVE_ROLES

    @property
    def may_manage(self) -> bool:
        return self.role == Role.OWNER


@dataclass(frozen=True)
class LibraryRights:
    """What the user may add to the shared library of personas and channels."""

    may_add_personas: bool
    may_add_channels: bool


def library_rights(user) -> LibraryRights:
    return LibraryRights(
        may_add_personas=user.has_perm("personas.add_persona"),
        may_add_channels=user.has_perm("touchpoints.add_channel"),
    )


def map_access(user, map_id: int) -> MapAccess:
    """The map as this user may see it, in one query; 404 if they may not see it."""
    journey_map = (
        JourneyMap.objects.visible_to(user)
        .annotate_role(user)
        .annotate_to_be()
        .select_related("owner", "review_note_by")
        .filter(pk=map_id)
        .first()
    )
    if journey_map is None:
        raise Http404(_("No such map."))
    # Superusers see every map; on maps they are not a member of they act as owner.
    return MapAccess(journey_map, Role(getattr(journey_map, "user_role", None) or Role.OWNER))


def map_for_viewing(user, map_id: int) -> MapAccess:
    return map_access(user, map_id)


def map_for_commenting(user, map_id: int) -> MapAccess:
    return _require(map_access(user, map_id), "may_comment", _("Only reviewers, editors and owners may comment."))


def map_for_editing(user, map_id: int) -> MapAccess:
    return _require(map_access(user, map_id), "may_edit", _("Only editors and owners may change this map."))


def map_for_reviewing(user, map_id: int) -> MapAccess:
    return _require(map_access(user, map_id), "may_review", _("Only reviewers and owners may review this map."))


def map_for_approving(user, map_id: int) -> MapAccess:
    return _require(
        map_access(user, map_id), "may_approve", _("Only reviewers, editors and owners may approve this map.")
    )


def map_for_managing(user, map_id: int) -> MapAccess:
    return _require(map_access(user, map_id), "may_manage", _("Only the owner may manage this map."))


def map_in_trash_for(user, map_id: int) -> JourneyMap:
    """A deleted map its owner may bring back; 404 for anybody else, and for a map not in the trash."""
    journey_map = JourneyMap.objects.in_trash_of(user).filter(pk=map_id).first()
    if journey_map is None:
        raise Http404(_("No such map in your trash."))
    return journey_map


def _require(access: MapAccess, permission: str, message: str) -> MapAccess:
    if not getattr(access, permission):
        raise PermissionDenied(message)
    return access
