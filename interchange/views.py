"""The map's data in and out: JSON and spreadsheet exports and imports.

Uploads are plain form posts (files need no HTMX); an import shows a preview first and
writes only when confirmed, from the file kept in a `StagedUpload`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interchange.documents import (
    DocumentError,
    StaleMap,
    map_document,
    map_import,
    map_replace,
    plan_import,
    staged_document,
    staged_upload_create,
    staged_upload_for,
)
from interchange.forms import (
    ColumnMappingForm,
    ConfirmForm,
    MapJsonUploadForm,
    SpreadsheetUploadForm,
)
from interchange.models import StagedUpload, UploadKind
from interchange.schema import json_schema
from interchange.spreadsheet_export import map_tables, template_help, template_tables, write_csv, write_xlsx
from interchange.spreadsheet_import import items_import, plan_items
from interchange.spreadsheet_rows import guess_mapping, headers_of, parse_rows, sources_of_staged
from journeymap.lib.http import CSV, INVALID, STALE, XLSX, HtmxHttpRequest, download
from maps.access import MapAccess, library_rights, map_for_editing, map_for_viewing
from maps.models import JourneyMap
from maps.services import TooManyItems

# Exports


@login_required
@require_GET
def export_json(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return download(
        map_document(access.map).to_json().encode(), access.map.title, "journeymap.json", "application/json"
    )


@login_required
@require_GET
def export_csv(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return download(write_csv(map_tables(access.map)), access.map.title, "csv", CSV)


@login_required
@require_GET
def export_xlsx(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return download(write_xlsx(map_tables(access.map)), access.map.title, "xlsx", XLSX)


@require_GET
def schema(request: HtmxHttpRequest) -> HttpResponse:
    """The JSON Schema of the interchange format: public, like the format itself."""
    return HttpResponse(json_schema(), content_type="application/schema+json")


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
    return render(request, "interchange/import.html", context, status=status)


@login_required
@require_GET
def spreadsheet_template(request: HtmxHttpRequest, map_id: int, format: str) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    tables = template_tables(access.map)
    if format == "csv":
        return download(write_csv(tables), access.map.title, "csv", CSV, suffix="-template")
    return download(
        write_xlsx(tables, help_rows=template_help(access.map)), access.map.title, "xlsx", XLSX, suffix="-template"
    )


@login_required
@require_POST
def import_spreadsheet(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    form = SpreadsheetUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, access, spreadsheet_form=form, status=INVALID)
    upload = staged_upload_create(
        user=request.user,
        journey_map=access.map,
        kind=UploadKind.SPREADSHEET,
        file_name=form.file_name,
        data=form.cleaned_data["file"],
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
            items_import(
                journey_map=access.map, rows=context["rows"], expected_revision=confirm.cleaned_data["revision"]
            )
        except StaleMap:
            messages.error(request, _("The map changed since this preview. Check the changes again."))
            return render(
                request,
                "interchange/spreadsheet_review.html",
                _spreadsheet_review(request, access, upload),
                status=STALE,
            )
        except TooManyItems as full:
            messages.error(request, str(full))
            return render(
                request,
                "interchange/spreadsheet_review.html",
                _spreadsheet_review(request, access, upload),
                status=INVALID,
            )
        upload.delete()
        messages.success(
            request, _("Imported %(rows)s from %(file)s.") % {"rows": _changes_text(plan), "file": upload.file_name}
        )
        return redirect(access.map)
    refused = request.method == "POST" and not (plan and plan.has_writes)
    return render(request, "interchange/spreadsheet_review.html", context, status=INVALID if refused else 200)


def _spreadsheet_review(request: HtmxHttpRequest, access: MapAccess, upload: StagedUpload) -> dict:
    """The upload's tables, as read when it was uploaded, with the column mapping of the request
    (or the likely one), and the plan of the import."""
    context = {"access": access, "map": access.map, "upload": upload}
    sources = sources_of_staged(upload.data)
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
    return (
        ngettext("%(created)d new item", "%(created)d new items", created) % {"created": created}
        + ", "
        + ngettext("%(updated)d updated", "%(updated)d updated", updated) % {"updated": updated}
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_json(request: HtmxHttpRequest) -> HttpResponse:
    """A new map from a JSON file: anyone who may create maps may do this."""
    form = MapJsonUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = staged_upload_create(
            user=request.user,
            journey_map=None,
            kind=UploadKind.MAP_JSON,
            file_name=form.file_name,
            data=form.cleaned_data["file"],
        )
        return redirect("maps:import-json-review", upload.pk)
    return render(request, "interchange/json_upload.html", {"form": form}, status=INVALID if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def import_json_review(request: HtmxHttpRequest, upload_id: int) -> HttpResponse:
    upload = staged_upload_for(request.user, upload_id, kind=UploadKind.MAP_JSON, journey_map=None)
    rights = library_rights(request.user)
    plan = plan_import(staged_document(upload), rights=rights)
    if request.method == "POST" and not plan.problems:
        journey_map = map_import(owner=request.user, document=plan.document, rights=rights)
        upload.delete()
        messages.success(request, _("The map “%(title)s” was imported.") % {"title": journey_map.title})
        return redirect(journey_map)
    return render(request, "interchange/json_review.html", {"plan": plan, "upload": upload})


@login_required
@require_POST
def replace_json(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    form = MapJsonUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, access, json_form=form, status=INVALID)
    upload = staged_upload_create(
        user=request.user,
        journey_map=access.map,
        kind=UploadKind.MAP_JSON,
        file_name=form.file_name,
        data=form.cleaned_data["file"],
    )
    return redirect("maps:replace-json-review", access.map.pk, upload.pk)


@login_required
@require_http_methods(["GET", "POST"])
def replace_json_review(request: HtmxHttpRequest, map_id: int, upload_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    upload = staged_upload_for(request.user, upload_id, kind=UploadKind.MAP_JSON, journey_map=access.map)
    document = staged_document(upload)
    confirm = ConfirmForm(request.POST or None, initial={"revision": access.map.revision})
    status = 200
    if request.method == "POST" and confirm.is_valid():
        try:
            map_replace(
                journey_map=access.map,
                document=document,
                expected_revision=confirm.cleaned_data["revision"],
                rights=library_rights(request.user),
            )
        except DocumentError as error:
            messages.error(request, " ".join(str(problem) for problem in error.messages))
            status = INVALID
        except StaleMap:
            messages.error(request, _("The map changed since this preview. Check what will be replaced again."))
            confirm, status = ConfirmForm(initial={"revision": JourneyMap.objects.get(pk=map_id).revision}), STALE
        else:
            upload.delete()
            messages.success(
                request, _("The map was replaced by the contents of %(file)s.") % {"file": upload.file_name}
            )
            return redirect(access.map)
    context = {
        "access": access,
        "map": access.map,
        "plan": plan_import(document, replacing=access.map, rights=library_rights(request.user)),
        "upload": upload,
        "confirm": confirm,
    }
    return render(request, "interchange/json_review.html", context, status=status)
