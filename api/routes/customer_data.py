"""Customer data: interaction logs and their analysis, and metrics in bulk."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from ninja import File, Router, Status
from ninja.files import UploadedFile

from api.metrics import MetricsRefused, metrics_apply
from api.problems import ERROR_CODES, Problem
from api.schemas import Id, InteractionImportOut, MetricsBulk, MetricsResult
from api.schemas import Problem as ProblemSchema
from customer_data.forms import InteractionUploadForm
from customer_data.models import ImportStatus, InteractionImport
from customer_data.services import interaction_import_create, touchpoint_metrics_apply
from maps.access import map_for_editing, map_for_viewing

router = Router(tags=["customer data"])
ERRORS = {ERROR_CODES: ProblemSchema}


def interaction_import_out(job: InteractionImport) -> InteractionImportOut:
    return InteractionImportOut(
        id=job.pk,
        file_name=job.file_name,
        status=job.status,
        progress=job.progress,
        message=job.message,
        row_count=job.row_count,
        customer_count=job.customer_count,
        created_at=job.created_at,
        finished_at=job.finished_at,
        metrics_applied=job.metrics_applied_at is not None,
        results=job.results if job.status == ImportStatus.DONE else None,
    )


def imports_of(map_id: int, *, with_results: bool):
    fields = ("content", "values", "mapping") if with_results else ("content", "values", "mapping", "results")
    return InteractionImport.objects.filter(map_id=map_id).defer(*fields)


@router.get(
    "/{map_id}/interactions", response={200: list[InteractionImportOut], **ERRORS}, summary="The map's interaction logs"
)
def interaction_list(request: HttpRequest, map_id: Id) -> list[InteractionImportOut]:
    access = map_for_viewing(request.user, map_id)
    return [
        interaction_import_out(job).model_copy(update={"results": None})
        for job in imports_of(access.map.pk, with_results=False)
    ]


@router.post(
    "/{map_id}/interactions",
    response={202: InteractionImportOut, **ERRORS},
    summary="Upload an interaction log (CSV or Excel) for analysis",
)
def interaction_upload(request: HttpRequest, map_id: Id, file: File[UploadedFile]) -> Status[InteractionImportOut]:
    """The log is read and checked at once; the analysis runs in the background: poll the
    log's address until `status` is `done` (or `needs_mapping`: match its names on the page)."""
    access = map_for_editing(request.user, map_id)
    form = InteractionUploadForm(data={}, files=MultiValueDict({"file": [file]}))
    if not form.is_valid():
        errors = [{"loc": ["body", "file"], "msg": message} for message in form.errors.get("file", [])]
        raise Problem(422, "The file cannot be analysed.", errors=errors)
    job = interaction_import_create(
        journey_map=access.map, user=request.user, file_name=form.file_name, content=form.cleaned_data["file"]
    )
    return Status(
        202, interaction_import_out(get_object_or_404(imports_of(access.map.pk, with_results=True), pk=job.pk))
    )


@router.get(
    "/{map_id}/interactions/{import_id}",
    response={200: InteractionImportOut, **ERRORS},
    summary="An interaction log: its progress, then its analysis",
)
def interaction_read(request: HttpRequest, map_id: Id, import_id: Id) -> InteractionImportOut:
    access = map_for_viewing(request.user, map_id)
    return interaction_import_out(get_object_or_404(imports_of(access.map.pk, with_results=True), pk=import_id))


@router.post(
    "/{map_id}/interactions/{import_id}/apply",
    response={200: MetricsResult, **ERRORS},
    summary="Write the analysis' CSAT, NPS and conversion to the touchpoints",
)
def interaction_apply(request: HttpRequest, map_id: Id, import_id: Id) -> MetricsResult:
    access = map_for_editing(request.user, map_id)
    job = get_object_or_404(imports_of(access.map.pk, with_results=True), pk=import_id, status=ImportStatus.DONE)
    return MetricsResult(touchpoints=touchpoint_metrics_apply(job=job), stages=0)


@router.put("/{map_id}/metrics", response={200: MetricsResult, **ERRORS}, summary="Set metrics of many items at once")
def metrics_put(request: HttpRequest, map_id: Id, payload: MetricsBulk) -> MetricsResult:
    """Each row names a touchpoint (`touchpoint` id or document `key`) or a stage (`stage` id or
    `stage_index`) and the figures to set. All rows are written, or none: the errors name
    each bad row by its index in `rows`, from 0, and the field."""
    access = map_for_editing(request.user, map_id)
    try:
        touchpoints, stages = metrics_apply(
            journey_map=access.map, rows=[row.model_dump(exclude_unset=True) for row in payload.rows]
        )
    except MetricsRefused as refused:
        errors = [
            {"loc": ["body", "rows", error.index, error.field], "msg": f"row {error.index + 1}: {error.message}"}
            for error in refused.errors
        ]
        raise Problem(422, "No figure was written: some rows are wrong.", errors=errors) from None
    return MetricsResult(touchpoints=touchpoints, stages=stages)
