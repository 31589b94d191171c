"""Pictures of the swimlane as tasks: the workers keep Chromium warm, the app servers never start it."""

from typing import Any, cast

from django.dispatch import receiver
from django.tasks import TaskResult, TaskResultStatus, task
from django.tasks.signals import task_finished
from django.utils import timezone, translation

from charts.models import Picture, PictureStatus
from charts.pictures import expired_pictures, picture_failed
from journeymap.lib.background.purges import purge_task
from maps.selectors import map_grid


@task
def draw_picture(picture_id: int) -> None:
    """Draw a queued picture; one that is drawn already (a second run) is left as it is."""
    picture = Picture.objects.select_related("map").defer("content").filter(pk=picture_id).first()
    if picture is None or picture.status == PictureStatus.DONE:
        return
    # The renderer (plotly, Chromium) is loaded by the first picture, not by every process
    # that starts Django: an analysis worker never needs it.
    from charts.rendering import ExportFormat, RendererMissing, swimlane_export

    with translation.override(picture.language):
        Picture.objects.filter(pk=picture.pk).update(status=PictureStatus.DRAWING, updated_at=timezone.now())
        grid = map_grid(picture.map, persona_id=picture.persona_id)
        try:
            file = swimlane_export(grid, cast(ExportFormat, picture.format))
        except RendererMissing as missing:
            # No retry can help: the server lacks the browser that pictures are drawn in.
            picture_failed(picture.pk, str(missing))
            return
    content = file.content.encode() if isinstance(file.content, str) else file.content
    Picture.objects.filter(pk=picture.pk).update(
        status=PictureStatus.DONE,
        content=content,
        content_type=file.content_type,
        filename=file.filename,
        message="",
        updated_at=timezone.now(),
    )


@receiver(task_finished, dispatch_uid="charts.picture_failed")
def drawing_failed(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    """The last try failed: whoever waits for the picture is told so."""
    if task_result.status == TaskResultStatus.FAILED and task_result.task.func is draw_picture.func:
        picture_failed(task_result.args[0])


@purge_task
def purge_pictures() -> int:
    """Pictures are kept a day: long enough to download, not so long that they pile up."""
    return expired_pictures().delete()[0]
