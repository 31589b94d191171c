"""The purges of the editor: a delete can be undone for `undo_window()`, then its record goes;
a deleted map waits in the trash for `TRASH_KEEPS`, then goes with everything on it."""

from django.utils import timezone

from journeymap.lib.background.purges import purge_task
from maps.lifecycle import maps_purge
from maps.models import DeletedItem
from maps.trash import undo_window


@purge_task
def purge_undo_records() -> int:
    return DeletedItem.objects.filter(deleted_at__lt=timezone.now() - undo_window()).delete()[0]


@purge_task
def purge_trashed_maps() -> int:
    """Maps in the trash for longer than `TRASH_KEEPS` go for good, with everything on them."""
    return maps_purge()
