"""Who may do what with a map: one helper per question, used by every view.

A map outside the user's reach answers 404 (its existence is not revealed);
a map the user can see but may not change in the asked way answers 403.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from maps.models import JourneyMap, Role

EDIT_ROLES = {Role.OWNER, Role.EDITOR}
COMMENT_ROLES = {Role.OWNER, Role.EDITOR, Role.REVIEWER}
REVIEW_ROLES = {Role.OWNER, Role.REVIEWER}


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
    def may_manage(self) -> bool:
        return self.role == Role.OWNER


def map_access(user, map_id: int) -> MapAccess:
    """The map as this user may see it, in one query; 404 if they may not see it."""
    journey_map = (
        JourneyMap.objects.visible_to(user).annotate_role(user).select_related("owner").filter(pk=map_id).first()
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


def map_for_managing(user, map_id: int) -> MapAccess:
    return _require(map_access(user, map_id), "may_manage", _("Only the owner may manage this map."))


def _require(access: MapAccess, permission: str, message: str) -> MapAccess:
    if not getattr(access, permission):
        raise PermissionDenied(message)
    return access
