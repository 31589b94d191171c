"""The review workflow: draft -> in review -> changes requested / approved.

Editors submit a map for review; reviewers request changes; a reviewer, the owner or
another editor approves (never whoever submitted it). Every step is
recorded in the activity feed and freezes a version of the map, so what was approved
is always there to compare with. Any edit of an approved map sends it back to draft
(see `maps.services.record_change`).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from maps.access import MapAccess
from maps.activity import activity_record
from maps.models import Activity, ActivityVerb, JourneyMap, MapMember, ReviewStatus, Role
from review.models import NotificationKind
from review.notices import notify
from review.versions import version_create

SUBMIT, REQUEST_CHANGES, APPROVE = "submit", "request_changes", "approve"

# step: (the statuses it starts from, the status it leads to, who may take it)
STEPS = {
    SUBMIT: ({ReviewStatus.DRAFT, ReviewStatus.CHANGES_REQUESTED}, ReviewStatus.IN_REVIEW, "may_edit"),
    REQUEST_CHANGES: ({ReviewStatus.IN_REVIEW, ReviewStatus.APPROVED}, ReviewStatus.CHANGES_REQUESTED, "may_review"),
    APPROVE: ({ReviewStatus.IN_REVIEW, ReviewStatus.CHANGES_REQUESTED}, ReviewStatus.APPROVED, "may_approve"),
}


class StepNotAllowed(Exception):
    """The map is not in a status this step starts from (someone else moved it first)."""


class OwnApproval(Exception):
    """The person who submitted the map for review may not approve it: a second pair of eyes does."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "You submitted this map for review, so you cannot approve it: a reviewer, the owner or another editor does."
            )
        )


def available_steps(access: MapAccess) -> list[str]:
    """The steps this user may take on the map as it is now. The submitter still sees
    Approve, and is told why it is refused when they try."""
    return [
        step
        for step, (sources, _target, permission) in STEPS.items()
        if access.map.review_status in sources and getattr(access, permission)
    ]


def review_bar_context(access: MapAccess, *, refusal: str = "") -> dict:
    """What the review bar shows: the status, its last step and the steps this user may take.
    The map page renders it with the page, so its forms work before (or without) any script."""
    last_step = Activity.objects.filter(map=access.map, verb=ActivityVerb.STATUS).select_related("actor").first()
    return {
        "map": access.map,
        "access": access,
        "steps": available_steps(access),
        "last_step": last_step,
        "refusal": refusal,
    }


@transaction.atomic
def review_step(*, access: MapAccess, step: str, user, note: str = "", site_url: str = "") -> JourneyMap:
    """Move the map to its next review status, record who did it and freeze a version.
    A submission clears the last review note; a reviewer's step leaves theirs on the map
    and tells the owner and the editors."""
    sources, target, permission = STEPS[step]
    if not getattr(access, permission):
        raise PermissionDenied
    journey_map = access.map
    if step == APPROVE and JourneyMap.objects.filter(pk=journey_map.pk, submitted_by=user).exists():
        raise OwnApproval
    if step == SUBMIT:
        review = {"submitted_by": user, "review_note": "", "review_note_by": None}
    else:
        review = {"review_note": note[:200], "review_note_by": user}
    moved = JourneyMap.objects.filter(pk=journey_map.pk, review_status__in=sources).update(
        review_status=target, discussion_revision=F("discussion_revision") + 1, **review
    )
    if not moved:
        raise StepNotAllowed
    journey_map.review_status = target
    for name, value in review.items():
        setattr(journey_map, name, value)
    label = ReviewStatus(target).label
    activity_record(map_id=journey_map.pk, verb=ActivityVerb.STATUS, target=str(label), detail=note)
    version_create(journey_map=journey_map, user=user, note=" — ".join(filter(None, [str(label), note])))
    _tell_the_team(journey_map, step=step, user=user, note=note, site_url=site_url)
    return journey_map


def _tell_the_team(journey_map: JourneyMap, *, step: str, user, note: str, site_url: str) -> None:
    """A submission goes to the reviewers; a reviewer's verdict, with its note, to the owner and editors."""
    if step == SUBMIT:
        roles, text = [Role.REVIEWER], _("submitted the map for review")
    elif step == REQUEST_CHANGES:
        roles, text = [Role.OWNER, Role.EDITOR], _("requested changes")
    else:
        roles, text = [Role.OWNER, Role.EDITOR], _("approved the map")
    if note:
        text = f"{text}: “{note}”"
    members = MapMember.objects.filter(map=journey_map, role__in=roles).select_related("user")
    notify(
        users=[member.user for member in members],
        journey_map=journey_map,
        kind=NotificationKind.REVIEW,
        actor=user,
        text=text,
        site_url=site_url,
    )
