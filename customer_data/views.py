"""Pages of a map's customer data: interaction logs, their analysis and the pain points it suggests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from charts.plotting import figures_json
from customer_data import services
from customer_data.forms import InteractionUploadForm, ValueMappingForm
from customer_data.logs import MapContext
from customer_data.models import ImportStatus, InteractionImport, PainPointCandidate
from customer_data.results import candidate_views, sankey_figure
from customer_data.samples import sample_log_for
from interchange.spreadsheet_export import write_csv_frame
from journeymap.lib.events import MAP_CHANGED
from journeymap.lib.http import CSV, INVALID, HtmxHttpRequest, announce, download, not_modified_or
from maps.access import MapAccess, map_for_editing, map_for_viewing
from maps.services import TooManyItems

SAMPLE_CUSTOMERS = 3000


@login_required
@require_GET
def interaction_list(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return _interaction_list(request, access, InteractionUploadForm())


def _interaction_list(
    request: HtmxHttpRequest, access: MapAccess, form: InteractionUploadForm, status: int = 200
) -> HttpResponse:
    imports = access.map.interaction_imports.defer("content", "results", "values", "mapping").select_related(
        "uploaded_by"
    )
    context = {
        "access": access,
        "map": access.map,
        "imports": imports,
        "form": form,
        "sample_customers": SAMPLE_CUSTOMERS,
    }
    return render(request, "customer_data/interactions.html", context, status=status)


@login_required
@require_POST
def interaction_upload(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    form = InteractionUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _interaction_list(request, access, form, status=INVALID)
    job = services.interaction_import_create(
        journey_map=access.map, user=request.user, file_name=form.file_name, content=form.cleaned_data["file"]
    )
    return redirect("maps:interaction-detail", access.map.pk, job.pk)


@login_required
@require_GET
def interaction_sample(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    if not access.map.stages.exists() or not access.map.lanes.exists():
        messages.error(request, _("A sample log needs a map with stages and lanes."))
        return redirect("maps:interactions", access.map.pk)
    frame = sample_log_for(access.map, customers=SAMPLE_CUSTOMERS)
    return download(write_csv_frame(frame), access.map.title, "csv", CSV, suffix="-sample-interactions")


@login_required
@require_GET
def interaction_detail(request: HtmxHttpRequest, map_id: int, import_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    job = get_object_or_404(InteractionImport.objects.defer("content"), pk=import_id, map=access.map)
    if request.htmx.target == "import-status" and (not job.is_running or services.seems_stuck(job)):
        # The job has moved on (or stopped): the whole page changes, so reload it.
        return HttpResponse(headers={"HX-Refresh": "true"})
    template = (
        "customer_data/interaction_detail.html#status"
        if request.htmx.target == "import-status"
        else "customer_data/interaction_detail.html"
    )
    return render(request, template, _interaction_context(access, job))


def _interaction_context(
    access: MapAccess, job: InteractionImport, mapping_form: ValueMappingForm | None = None
) -> dict:
    context = {"access": access, "map": access.map, "job": job, "stuck": services.seems_stuck(job)}
    if access.may_edit and job.status in (ImportStatus.NEEDS_MAPPING, ImportStatus.DONE):
        context["mapping_form"] = mapping_form or ValueMappingForm(job=job, context=MapContext.of(access.map))
    if job.status == ImportStatus.DONE:
        context["candidates"] = candidate_views(job.candidates.select_related("pain_point"))
        context["results"] = job.results
    return context


@login_required
@require_GET
def interaction_figures(request: HtmxHttpRequest, map_id: int, import_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    job = get_object_or_404(
        InteractionImport.objects.defer("content"), pk=import_id, map=access.map, status=ImportStatus.DONE
    )
    finished = job.finished_at.timestamp() if job.finished_at else 0
    etag = f'"interactions-{job.pk}-{finished:.0f}-{get_language()}"'
    return not_modified_or(
        request,
        etag,
        lambda: HttpResponse(figures_json({"sankey": sankey_figure(job.results)}), content_type="application/json"),
    )


@login_required
@require_POST
def interaction_mapping(request: HtmxHttpRequest, map_id: int, import_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    job = get_object_or_404(InteractionImport.objects.defer("content"), pk=import_id, map=access.map)
    if job.status not in (ImportStatus.NEEDS_MAPPING, ImportStatus.DONE):
        return redirect("maps:interaction-detail", access.map.pk, job.pk)
    form = ValueMappingForm(request.POST, job=job, context=MapContext.of(access.map))
    if not form.is_valid():
        return render(
            request, "customer_data/interaction_detail.html", _interaction_context(access, job, form), status=INVALID
        )
    services.mapping_confirm(job=job, mapping=form.mapping)
    return redirect("maps:interaction-detail", access.map.pk, job.pk)


@login_required
@require_POST
def interaction_apply(request: HtmxHttpRequest, map_id: int, import_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    job = get_object_or_404(
        InteractionImport.objects.defer("content"), pk=import_id, map=access.map, status=ImportStatus.DONE
    )
    count = services.touchpoint_metrics_apply(job=job)
    messages.success(
        request,
        ngettext(
            "The figures of %(count)d touchpoint are in the map.",
            "The figures of %(count)d touchpoints are in the map.",
            count,
        )
        % {"count": count},
    )
    return redirect("maps:interaction-detail", access.map.pk, job.pk)


@login_required
@require_POST
def candidate_accept(request: HtmxHttpRequest, map_id: int, candidate_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    candidate = _candidate(access, candidate_id)
    try:
        services.candidate_accept(candidate=candidate, user=request.user)
    except services.AlreadyDecided:
        messages.info(request, _("Someone decided about this candidate already."))
        return _candidate_answer(request, access, candidate, map_changed=False)
    except TooManyItems as full:
        if not request.htmx:
            messages.error(request, str(full))
        return _candidate_answer(request, access, candidate, map_changed=False, status=INVALID, notice=str(full))
    return _candidate_answer(request, access, candidate, map_changed=True)


@login_required
@require_POST
def candidate_dismiss(request: HtmxHttpRequest, map_id: int, candidate_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    candidate = _candidate(access, candidate_id)
    try:
        services.candidate_dismiss(candidate=candidate, user=request.user)
    except services.AlreadyDecided:
        messages.info(request, _("Someone decided about this candidate already."))
    return _candidate_answer(request, access, candidate, map_changed=False)


def _candidate(access: MapAccess, candidate_id: int) -> PainPointCandidate:
    queryset = PainPointCandidate.objects.select_related("interaction_import")
    return get_object_or_404(queryset, pk=candidate_id, interaction_import__map=access.map)


def _candidate_answer(
    request: HtmxHttpRequest,
    access: MapAccess,
    candidate: PainPointCandidate,
    *,
    map_changed: bool,
    status: int = 200,
    notice: str = "",
) -> HttpResponse:
    """The candidate's row again to HTMX (with the news when the map changed, and a `notice`
    as a toast); the page otherwise."""
    if not request.htmx:
        url = reverse("maps:interaction-detail", args=[access.map.pk, candidate.interaction_import_id])
        return redirect(f"{url}#candidate-{candidate.pk}")
    candidate.refresh_from_db()
    (view,) = candidate_views([candidate])
    context = {"access": access, "map": access.map, "item": view}
    response = render(request, "customer_data/interaction_detail.html#candidate", context, status=status)
    if notice:
        response.content += render_to_string("maps/_toasts_oob.html", {"notice": notice}, request).encode()
    return announce(response, MAP_CHANGED) if map_changed else response
