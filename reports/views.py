"""Presenting a map stage by stage, and its full report as a page and as a PDF.

Whoever may see a map may present it and read or download its report.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from charts.models import PictureStatus
from charts.pictures import wait_for
from journeymap.lib.http import HtmxHttpRequest
from maps.access import MapAccess, map_for_viewing
from reports.models import PrintedReport
from reports.queue import report_for
from reports.selectors import map_report

# How long a plain download waits for a worker to print the report: a few seconds, more when
# the worker has just started its browser or has a queue to get through.
REPORT_WAIT = 60

# The report cannot be printed on this server (yet); the request was fine.
SERVICE_UNAVAILABLE = 503


@login_required
def present(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """A slide at a time: the overview, each stage, the action plan. Every slide is in the
    page; `?stage=N` picks the one shown, so that Previous and Next work without JavaScript."""
    access = map_for_viewing(request.user, map_id)
    report = map_report(access.map)
    current = min(max(_number(request.GET.get("stage")), 0), report.slide_count - 1)
    context = {
        "access": access,
        "map": access.map,
        "report": report,
        "current": current,
        "last": report.slide_count - 1,
        "notes": request.GET.get("notes") == "1",
        "figures_url": reverse("maps:swimlane-json", args=[access.map.pk]),
    }
    return render(request, "reports/present.html", context)


@login_required
def report(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    context = {
        "access": access,
        "map": access.map,
        "report": map_report(access.map),
        "figures_url": reverse("maps:swimlane-json", args=[access.map.pk]),
    }
    return render(request, "reports/report.html", context)


@login_required
def report_pdf(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """The report as a PDF, printed by a worker: HTMX gets "printing…" at once and polls for
    the link; a plain link waits for the file and answers it."""
    access = map_for_viewing(request.user, map_id)
    printed = report_for(access.map)
    if request.htmx:
        return _status(request, access, printed)
    return _file(request, access, printed)


@login_required
def report_status(request: HtmxHttpRequest, map_id: int, report_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return _status(request, access, _printed(access, report_id))


@login_required
def report_file(request: HtmxHttpRequest, map_id: int, report_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return _file(request, access, _printed(access, report_id))


def _printed(access: MapAccess, report_id: int) -> PrintedReport:
    return get_object_or_404(PrintedReport.objects.defer("content"), pk=report_id, map=access.map)


def _status(request: HtmxHttpRequest, access: MapAccess, printed: PrintedReport) -> HttpResponse:
    return render(request, "reports/_report_status.html", {"map": access.map, "printed": printed})


def _file(request: HtmxHttpRequest, access: MapAccess, printed: PrintedReport) -> HttpResponse:
    """The PDF once it is printed; otherwise a page that says why not, or that it is on its way."""
    printed = wait_for(printed, seconds=REPORT_WAIT)
    if printed.status == PictureStatus.DONE:
        file = PrintedReport.objects.values("content", "filename").get(pk=printed.pk)
        disposition = content_disposition_header(as_attachment=True, filename=file["filename"])
        return HttpResponse(
            bytes(file["content"]), content_type="application/pdf", headers={"Content-Disposition": disposition}
        )
    context = {"access": access, "map": access.map, "printed": printed}
    response = render(request, "reports/report_waiting.html", context, status=SERVICE_UNAVAILABLE)
    if printed.is_working:
        response["Retry-After"] = "5"
    return response


def _number(value: str | None) -> int:
    """A slide number from the address; anything else is the first slide."""
    return int(value) if value and value.isdigit() and len(value) < 6 else 0
