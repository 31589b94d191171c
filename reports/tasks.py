"""The PDF report as a task: printing needs Chromium, which only the workers start."""

from typing import Any

from django.dispatch import receiver
from django.tasks import TaskResult, TaskResultStatus, task
from django.tasks.signals import task_finished
from django.utils import timezone, translation

from charts.models import PictureStatus
from journeymap.lib.background.purges import purge_task
from reports.models import PrintedReport
from reports.queue import expired_reports, report_failed
from reports.selectors import map_report


@task
def print_report(report_id: int) -> None:
    """Print a queued report; one printed already (a second run) is left as it is."""
    # The renderer (plotly, Chromium) is loaded by the first report printed, not by every
    # process that starts Django.
    from charts.rendering import RendererMissing
    from reports.printing import report_filename, report_pdf

    printed = PrintedReport.objects.select_related("map").defer("content").filter(pk=report_id).first()
    if printed is None or printed.status == PictureStatus.DONE:
        return
    with translation.override(printed.language):
        PrintedReport.objects.filter(pk=printed.pk).update(status=PictureStatus.DRAWING, updated_at=timezone.now())
        report = map_report(printed.map)
        try:
            content = report_pdf(report)
        except RendererMissing as missing:
            # No retry can help: the server lacks the browser that reports are printed in.
            report_failed(printed.pk, str(missing))
            return
    PrintedReport.objects.filter(pk=printed.pk).update(
        status=PictureStatus.DONE,
        content=content,
        filename=report_filename(report),
        message="",
        updated_at=timezone.now(),
    )


@receiver(task_finished, dispatch_uid="reports.report_failed")
def printing_failed(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    """The last try failed: whoever waits for the report is told so."""
    if task_result.status == TaskResultStatus.FAILED and task_result.task.func is print_report.func:
        report_failed(task_result.args[0])


@purge_task
def purge_reports() -> int:
    """Reports are kept a day: long enough to download, not so long that they pile up."""
    return expired_reports().delete()[0]
