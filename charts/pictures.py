"""Pictures of the swimlane asked for by a download and drawn by a worker (`charts.tasks`).

Chromium takes seconds and hundreds of megabytes, so it runs in the workers, never in
an app server. A person with JavaScript sees "drawing…" and then a link to the file; a
plain link waits for the picture (`wait_for`) and answers the file itself.
"""

import time
from datetime import timedelta
from typing import TYPE_CHECKING, Protocol

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from charts.models import Picture, PictureStatus
from maps.models import JourneyMap

if TYPE_CHECKING:  # the renderer is loaded by the first picture drawn (charts/tasks.py)
    from charts.rendering import ImageFormat

KEPT_FOR = timedelta(days=1)
POLL_EVERY = 0.25


def picture_for(journey_map: JourneyMap, *, format: "ImageFormat", persona_id: int | None) -> Picture:
    """The picture of the map as it is now: one drawn already or on its way for this revision,
    or a new one queued for a worker."""
    from charts.tasks import draw_picture  # the task module imports this one

    same = Picture.objects.defer("content").filter(
        map=journey_map,
        revision=journey_map.revision,
        persona_id=persona_id,
        format=format,
        language=get_language(),
        created_at__gte=timezone.now() - KEPT_FOR,
    )
    picture = same.exclude(status=PictureStatus.FAILED).first()
    if picture is None:
        picture = Picture.objects.create(
            map=journey_map,
            revision=journey_map.revision,
            persona_id=persona_id,
            format=format,
            language=get_language(),
        )
        # Queued at once rather than on commit: the view runs outside a transaction, so the row
        # is already there for the worker, and the view may wait for the worker's answer.
        draw_picture.enqueue(picture.pk)
        picture.refresh_from_db(fields=["status", "message", "filename"])  # a backend may run it at once
    return picture


class QueuedFile(Protocol):
    """A file a worker makes (a picture, a printed report): working until done or failed."""

    @property
    def is_working(self) -> bool: ...

    def refresh_from_db(self, using: str | None = None, fields: list[str] | None = None) -> None: ...


def wait_for[Queued: QueuedFile](queued: Queued, *, seconds: float) -> Queued:
    """The file once a worker has made it (or failed to), or as it is after `seconds`."""
    deadline = time.monotonic() + seconds
    while queued.is_working and time.monotonic() < deadline:
        time.sleep(POLL_EVERY)
        queued.refresh_from_db(fields=["status", "message"])
    return queued


def picture_failed(picture_id: int, message: str = "") -> None:
    """Whoever waits for the picture is told why it will not come (without the details of an error)."""
    if not message:
        language = Picture.objects.filter(pk=picture_id).values_list("language", flat=True).first()
        with override(language):
            message = _("The picture could not be drawn because of an error on the server.")
    Picture.objects.filter(pk=picture_id).update(
        status=PictureStatus.FAILED, message=message, updated_at=timezone.now()
    )


def expired_pictures() -> QuerySet[Picture]:
    return Picture.objects.filter(created_at__lt=timezone.now() - KEPT_FOR)
