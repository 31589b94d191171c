"""The purge of staged uploads: a file waits `STAGED_FOR` for its confirmation, then goes."""

from django.utils import timezone

from interchange.documents import STAGED_FOR
from interchange.models import StagedUpload
from journeymap.lib.background.purges import purge_task


@purge_task
def purge_staged_uploads() -> int:
    return StagedUpload.objects.filter(created_at__lt=timezone.now() - STAGED_FOR).delete()[0]
