"""Reports asked for by a download and printed by a worker (`reports.tasks`).

A person with JavaScript sees "printing…" and then a link to the file; a plain link waits
for the report (`charts.pictures.wait_for`) and answers the file itself, as the pictures of the swimlane do.
"""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from charts.models import PictureStatus
from maps.models import JourneyMap
from reports.models import PrintedReport

KEPT_FOR = timedelta(days=1)


def report_for(journey_map: JourneyMap) -> PrintedReport:
    """The report of the map as it is now: one printed already or on its way for this revision,
    or a new one queued for a worker."""
    from reports.tasks import print_report  # the task module imports this one

    same = PrintedReport.objects.defer("content").filter(
        map=journey_map,
        revision=journey_map.revision,
        language=get_language(),
        created_at__gte=timezone.now() - KEPT_FOR,
    )
    printed = same.exclude(status=PictureStatus.FAILED).first()
    if printed is None:
        printed = PrintedReport.objects.create(map=journey_map, revision=journey_map.revision, language=get_language())
        # Queued at once rather than on commit: the view runs outside a transaction, so the row
        # is already there for the worker, and the view may wait for the worker's answer.
        print_report.enqueue(printed.pk)
        printed.refresh_from_db(fields=["status", "message", "filename"])  # a backend may run it at once
    return printed


def report_failed(report_id: int, message: str = "") -> None:
    """Whoever waits for the report is told why it will not come (without the details of an error)."""
    if not message:
        language = PrintedReport.objects.filter(pk=report_id).values_list("language", flat=True).first()
        with override(language):
            message = _("The report could not be printed because of an error on the server.")
    PrintedReport.objects.filter(pk=report_id).update(
        status=PictureStatus.FAILED, message=message, updated_at=timezone.now()
    )


def expired_reports() -> QuerySet[PrintedReport]:
    return PrintedReport.objects.filter(created_at__lt=timezone.now() - KEPT_FOR)
