"""The purge of the database queue's own history."""

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from journeymap.lib.background.purges import purge_task

KEEP_FINISHED_FOR = timedelta(days=7)


@purge_task
def purge_finished_tasks() -> int:
    """Finished tasks are kept a week, for the admin to look at; the queue table stays small."""
    finished = DBTaskResult.objects.finished().filter(finished_at__lt=timezone.now() - KEEP_FINISHED_FOR)
    return finished.delete()[0]
