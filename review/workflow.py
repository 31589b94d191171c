"""The review workflow: draft -> in review -> changes requested / approved.

Editors submit a map for review; reviewers request changes or approve. Every step is
recorded in the activity feed and freezes a version of the map, so what was approved
is always there to compare with. Any edit of an approved map sends it back to draft
(see `maps.services.record_change`).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from maps.access import MapAccess
from maps.activity import activity_record
from maps.models import ActivityVerb, JourneyMap, ReviewStatus
from review.versions import version_create

SUBMIT, REQUEST_CHANGES, APPROVE = "submit", "request_changes", "approve"

# step: (the statuses it starts from, the status it leads to, who may take it)
STEPS = {
    SUBMIT: ({ReviewStatus.DRAFT, ReviewStatus.CHANGES_REQUESTED}, ReviewStatus.IN_REVIEW, "may_edit"),
    REQUEST_CHANGES: ({ReviewStatus.IN_REVIEW, ReviewStatus.APPROVED}, ReviewStatus.CHANGES_REQUESTED, "may_review"),
    APPROVE: ({ReviewStatus.IN_REVIEW, ReviewStatus.CHANGES_REQUESTED}, ReviewStatus.APPROVED, "may_review"),
}


class StepNotAllowed(Exception):
    """The map is not in a status this step starts from (someone else moved it first)."""


def available_steps(access: MapAccess) -> list[str]:
    """The steps this user may take on the map as it is now."""
    return [
        step
        for step, (sources, _target, permission) in STEPS.items()
        if access.map.review_status in sources and getattr(access, permission)
    ]


@transaction.atomic
def review_step(*, access: MapAccess, step: str, user, note: str = "") -> JourneyMap:
    """Move the map to its next review status, record who did it and freeze a version."""
    sources, target, permission = STEPS[step]
    if not getattr(access, permission):
        raise PermissionDenied
    moved = JourneyMap.objects.filter(pk=access.map.pk, review_status__in=sources).update(
        review_status=target, discussion_revision=F("discussion_revision") + 1
    )
    if not moved:
        raise StepNotAllowed
    access.map.review_status = target
    label = ReviewStatus(target).label
    activity_record(map_id=access.map.pk, verb=ActivityVerb.STATUS, target=str(label), detail=note)
    version_create(journey_map=access.map, user=user, note=" — ".join(filter(None, [str(label), note])))
    return access.map
