"""The map's data in and out: JSON and spreadsheet exports and imports, and customer
interaction logs with their analysis.

Uploads are plain form posts (files need no HTMX); an import shows a preview first and
writes only when confirmed, from the file kept in a `StagedUpload`. Interaction logs are
analysed in the background; their page polls for progress with HTMX.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, parse_etags
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journeymap.lib.http import INVALID, STALE, HtmxHttpRequest, announce
from maps import interactions
from maps.access import MapAccess, map_for_editing, map_for_viewing
from maps.charts import figures_json
from maps.data_forms import (
    ColumnMappingForm,
    ConfirmForm,
    InteractionUploadForm,
    MapJsonUploadForm,
    SpreadsheetUploadForm,
    ValueMappingForm,
)
from maps.interchange import (
    DocumentError,
    StaleMap,
    map_document,
    map_import,
    map_replace,
    parse_document,
    plan_import,
    staged_upload_create,
    staged_upload_for,
)
from maps.models import ImportStatus, InteractionImport, JourneyMap, PainPointCandidate, StagedUpload, UploadKind
from maps.sample_interactions import sample_log_for
from maps.schema import json_schema
from maps.spreadsheets import (
    FileProblem,
    guess_mapping,
    headers_of,
    items_import,
    map_tables,
    parse_rows,
    plan_items,
    read_tables,
    sources_of,
    template_help,
    template_tables,
    write_csv,
    write_xlsx,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
SAMPLE_CUSTOMERS = 3000


# Exports


@login_required
@require_GET
def export_json(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return _download(map_document(access.map).to_json().encode(), access.map, "journeymap.json", "application/json")


@login_required
@require_GET
def export_csv(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return _download(write_csv(map_tables(access.map)), access.map, "csv", CSV)


@login_required
@require_GET
def export_xlsx(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return _download(write_xlsx(map_tables(access.map)), access.map, "xlsx", XLSX)


@require_GET
def schema(request: HtmxHttpRequest) -> HttpResponse:
    """The JSON Schema of the interchange format: public, like the format itself."""
    return HttpResponse(json_schema(), content_type="application/schema+json")


def _download(content: bytes, journey_map: JourneyMap, extension: str, content_type: str, *, suffix: str = "") -> HttpResponse:
    name = f"{slugify(journey_map.title, allow_unicode=True)[:80] or 'journey-map'}{suffix}.{extension}"
    disposition = content_disposition_header(as_attachment=True, filename=name)
    return HttpResponse(content, content_type=content_type, headers={"Content-Disposition": disposition})


# Importing into a map: spreadsheets of items, or a whole map from JSON


@login_required
@require_GET
def import_page(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    return _import_page(request, access)


def _import_page(request: HtmxHttpRequest, access: MapAccess, *, status: int = 200, **forms) -> HttpResponse:
    context = {
        "access": access,
        "map": access.map,
        "spreadsheet_form": forms.get("spreadsheet_form") or SpreadsheetUploadForm(),
        "json_form": forms.get("json_form") or MapJsonUploadForm(),
    }
    return render(request, "maps/data/import.html", context, status=status)


@login_required
@require_GET
def spreadsheet_template(request: HtmxHttpRequest, map_id: int, format: str) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    tables = template_tables(access.map)
    if format == "csv":
        return _download(write_csv(tables), access.map, "csv", CSV, suffix="-template")
    return _download(write_xlsx(tables, help_rows=template_help(access.map)), access.map, "xlsx", XLSX, suffix="-template")


@login_required
@require_POST
def import_spreadsheet(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    form = SpreadsheetUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, access, spreadsheet_form=form, status=INVALID)
    upload = staged_upload_create(
        user=request.user, journey_map=access.map, kind=UploadKind.SPREADSHEET,
        file_name=form.file_name, content=form.cleaned_data["file"],
    )
    return redirect("maps:import-spreadsheet-review", access.map.pk, upload.pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_spreadsheet_review(request: HtmxHttpRequest, map_id: int, upload_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    upload = staged_upload_for(request.user, upload_id, kind=UploadKind.SPREADSHEET, journey_map=access.map)
    context = _spreadsheet_review(request, access, upload)
    plan, confirm = context.get("plan"), ConfirmForm(request.POST)
    if request.method == "POST" and plan and plan.has_writes and confirm.is_valid():
        try:
            items_import(journey_map=access.map, rows=context["rows"], expected_revision=confirm.cleaned_data["revision"])
        except StaleMap:
            messages.error(request, _("The map changed since this preview. Check the changes again."))
            return render(request, "maps/data/spreadsheet_review.html", _spreadsheet_review(request, access, upload), status=STALE)
        upload.delete()
        messages.success(request, _("Imported %(rows)s from %(file)s.") % {"rows": _changes_text(plan), "file": upload.file_name})
        return redirect(access.map)
    return render(request, "maps/data/spreadsheet_review.html", context)


def _spreadsheet_review(request: HtmxHttpRequest, access: MapAccess, upload: StagedUpload) -> dict:
    """Read the upload with the column mapping of the request (or the likely one) and plan the import."""
    context = {"access": access, "map": access.map, "upload": upload}
    try:
        sources = sources_of(read_tables(bytes(upload.content)))
    except FileProblem as problem:
        return {**context, "problem": problem}
    headers = headers_of(sources)
    data = request.POST if request.method == "POST" else request.GET
    initial = ColumnMappingForm.initial_for(guess_mapping(headers))
    form = ColumnMappingForm(data if "kind" in data else None, headers=headers, initial=initial)
    context.update(form=form, headers=headers)
    if form.is_bound and not form.is_valid():
        return context
    mapping, kind = (form.mapping, form.default_kind) if form.is_bound else (guess_mapping(headers), None)
    rows, errors = parse_rows(sources, mapping, default_kind=kind)
    plan = plan_items(access.map, rows, errors)
    return {**context, "rows": rows, "plan": plan, "confirm": ConfirmForm(initial={"revision": plan.revision})}


def _changes_text(plan) -> str:
    created, updated = len(plan.of("create")), len(plan.of("update"))
    return ngettext("%(created)d new item", "%(created)d new items", created) % {"created": created} + ", " + ngettext(
        "%(updated)d updated", "%(updated)d updated", updated
    ) % {"updated": updated}


@login_required
@require_http_methods(["GET", "POST"])
def import_json(request: HtmxHttpRequest) -> HttpResponse:
    """A new map from a JSON file: anyone who may create maps may do this."""
    form = MapJsonUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = staged_upload_create(
            user=request.user, journey_map=None, kind=UploadKind.MAP_JSON, file_name=form.file_name, content=form.cleaned_data["file"]
        )
        return redirect("maps:import-json-review", upload.pk)
    return render(request, "maps/data/json_upload.html", {"form": form}, status=INVALID if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def import_json_review(request: HtmxHttpRequest, upload_id: int) -> HttpResponse:
    upload = staged_upload_for(request.user, upload_id, kind=UploadKind.MAP_JSON, journey_map=None)
    plan = plan_import(parse_document(bytes(upload.content)))
    if request.method == "POST" and not plan.problems:
        journey_map = map_import(owner=request.user, document=plan.document)
        upload.delete()
        messages.success(request, _("The map “%(title)s” was imported.") % {"title": journey_map.title})
        return redirect(journey_map)
    return render(request, "maps/data/json_review.html", {"plan": plan, "upload": upload})


@login_required
@require_POST
def replace_json(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    form = MapJsonUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, access, json_form=form, status=INVALID)
    upload = staged_upload_create(
        user=request.user, journey_map=access.map, kind=UploadKind.MAP_JSON, file_name=form.file_name, content=form.cleaned_data["file"]
    )
    return redirect("maps:replace-json-review", access.map.pk, upload.pk)


@login_required
@require_http_methods(["GET", "POST"])
def replace_json_review(request: HtmxHttpRequest, map_id: int, upload_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    upload = staged_upload_for(request.user, upload_id, kind=UploadKind.MAP_JSON, journey_map=access.map)
    document = parse_document(bytes(upload.content))
    confirm = ConfirmForm(request.POST or None, initial={"revision": access.map.revision})
    status = 200
    if request.method == "POST" and confirm.is_valid():
        try:
            map_replace(journey_map=access.map, document=document, expected_revision=confirm.cleaned_data["revision"])
        except DocumentError as error:
            messages.error(request, " ".join(str(problem) for problem in error.messages))
            status = INVALID
        except StaleMap:
            messages.error(request, _("The map changed since this preview. Check what will be replaced again."))
            confirm, status = ConfirmForm(initial={"revision": JourneyMap.objects.get(pk=map_id).revision}), STALE
        else:
            upload.delete()
            messages.success(request, _("The map was replaced by the contents of %(file)s.") % {"file": upload.file_name})
            return redirect(access.map)
    context = {"access": access, "map": access.map, "plan": plan_import(document, replacing=access.map), "upload": upload, "confirm": confirm}
    return render(request, "maps/data/json_review.html", context, status=status)


# Customer interaction logs


@login_required
@require_GET
def interaction_list(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return _interaction_list(request, access, InteractionUploadForm())


def _interaction_list(request: HtmxHttpRequest, access: MapAccess, form: InteractionUploadForm, status: int = 200) -> HttpResponse:
    imports = access.map.interaction_imports.defer("content", "results", "values", "mapping").select_related("uploaded_by")
    context = {"access": access, "map": access.map, "imports": imports, "form": form, "sample_customers": SAMPLE_CUSTOMERS}
    return render(request, "maps/data/interactions.html", context, status=status)


@login_required
@require_POST
def interaction_upload(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    form = InteractionUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _interaction_list(request, access, form, status=INVALID)
    job = interactions.interaction_import_create(
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
    return _download(frame.to_csv(index=False).encode(), access.map, "csv", CSV, suffix="-sample-interactions")


@login_required
@require_GET
def interaction_detail(request: HtmxHttpRequest, map_id: int, import_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    job = get_object_or_404(InteractionImport.objects.defer("content"), pk=import_id, map=access.map)
    if request.htmx.target == "import-status" and (not job.is_running or interactions.seems_stuck(job)):
        # The job has moved on (or stopped): the whole page changes, so reload it.
        return HttpResponse(headers={"HX-Refresh": "true"})
    template = "maps/data/interaction_detail.html#status" if request.htmx.target == "import-status" else "maps/data/interaction_detail.html"
    return render(request, template, _interaction_context(access, job))


def _interaction_context(access: MapAccess, job: InteractionImport, mapping_form: ValueMappingForm | None = None) -> dict:
    context = {"access": access, "map": access.map, "job": job, "stuck": interactions.seems_stuck(job)}
    if access.may_edit and job.status in (ImportStatus.NEEDS_MAPPING, ImportStatus.DONE):
        context["mapping_form"] = mapping_form or ValueMappingForm(job=job, context=interactions.MapContext.of(access.map))
    if job.status == ImportStatus.DONE:
        context["candidates"] = interactions.candidate_views(job.candidates.select_related("pain_point"))
        context["results"] = job.results
    return context


@login_required
@require_GET
def interaction_figures(request: HtmxHttpRequest, map_id: int, import_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    job = get_object_or_404(InteractionImport.objects.defer("content"), pk=import_id, map=access.map, status=ImportStatus.DONE)
    etag = f'"interactions-{job.pk}-{job.finished_at.timestamp():.0f}-{get_language()}"'
    if etag in {tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))}:
        return HttpResponseNotModified(headers={"ETag": etag})
    response = HttpResponse(figures_json({"sankey": interactions.sankey_figure(job.results)}), content_type="application/json")
    response["ETag"], response["Cache-Control"] = etag, "no-store"
    return response


@login_required
@require_POST
def interaction_mapping(request: HtmxHttpRequest, map_id: int, import_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    job = get_object_or_404(InteractionImport.objects.defer("content"), pk=import_id, map=access.map)
    if job.status not in (ImportStatus.NEEDS_MAPPING, ImportStatus.DONE):
        return redirect("maps:interaction-detail", access.map.pk, job.pk)
    form = ValueMappingForm(request.POST, job=job, context=interactions.MapContext.of(access.map))
    if not form.is_valid():
        return render(request, "maps/data/interaction_detail.html", _interaction_context(access, job, form), status=INVALID)
    interactions.mapping_confirm(job=job, mapping=form.mapping)
    return redirect("maps:interaction-detail", access.map.pk, job.pk)


@login_required
@require_POST
def interaction_apply(request: HtmxHttpRequest, map_id: int, import_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    job = get_object_or_404(InteractionImport.objects.defer("content"), pk=import_id, map=access.map, status=ImportStatus.DONE)
    count = interactions.touchpoint_metrics_apply(job=job)
    messages.success(
        request, ngettext("The figures of %(count)d touchpoint are in the map.", "The figures of %(count)d touchpoints are in the map.", count)
        % {"count": count}
    )
    return redirect("maps:interaction-detail", access.map.pk, job.pk)


@login_required
@require_POST
def candidate_accept(request: HtmxHttpRequest, map_id: int, candidate_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    candidate = _candidate(access, candidate_id)
    try:
        interactions.candidate_accept(candidate=candidate, user=request.user)
    except interactions.AlreadyDecided:
        messages.info(request, _("Someone decided about this candidate already."))
        return _candidate_answer(request, access, candidate, map_changed=False)
    return _candidate_answer(request, access, candidate, map_changed=True)


@login_required
@require_POST
def candidate_dismiss(request: HtmxHttpRequest, map_id: int, candidate_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    candidate = _candidate(access, candidate_id)
    try:
        interactions.candidate_dismiss(candidate=candidate, user=request.user)
    except interactions.AlreadyDecided:
        messages.info(request, _("Someone decided about this candidate already."))
    return _candidate_answer(request, access, candidate, map_changed=False)


def _candidate(access: MapAccess, candidate_id: int) -> PainPointCandidate:
    queryset = PainPointCandidate.objects.select_related("interaction_import")
    return get_object_or_404(queryset, pk=candidate_id, interaction_import__map=access.map)


def _candidate_answer(
    request: HtmxHttpRequest, access: MapAccess, candidate: PainPointCandidate, *, map_changed: bool
) -> HttpResponse:
    """The candidate's row again to HTMX (with the news when the map changed); the page otherwise."""
    if not request.htmx:
        url = reverse("maps:interaction-detail", args=[access.map.pk, candidate.interaction_import_id])
        return redirect(f"{url}#candidate-{candidate.pk}")
    candidate.refresh_from_db()
    (view,) = interactions.candidate_views([candidate])
    context = {"access": access, "map": access.map, "item": view}
    response = render(request, "maps/data/interaction_detail.html#candidate", context)
    return announce(response, "map-changed") if map_changed else response
