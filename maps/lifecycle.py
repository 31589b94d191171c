"""A map's settings and its life: archived (out of the list, kept as it is), deleted to the
trash (out of everyone's reach, back at its owner's word for `TRASH_KEEPS`), then purged."""

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from journeymap.lib.versioning import save_versioned
from maps.activity import activity_record
from maps.models import ActivityVerb, JourneyMap
from maps.services import hold_map, lock_map
from personas.models import Persona

TRASH_KEEPS = timedelta(days=30)


@transaction.atomic
def map_settings_update(
    *, journey_map: JourneyMap, expected_version: int, fields: list[str], personas: Iterable[Persona] | None = None
) -> JourneyMap:
    """Save the edited settings if nobody changed them since `expected_version` (else
    `StaleVersion`). Settings are content: an approved map goes back to draft."""
    lock_map(journey_map.pk)
    save_versioned(journey_map, expected_version=expected_version, fields=journey_map.fields_with_search_text(fields))
    if personas is not None:
        journey_map.personas.set(personas)
    activity_record(map_id=journey_map.pk, verb=ActivityVerb.CHANGED, target=_("the map's settings"))
    return journey_map


@transaction.atomic
def persona_create_for_map(*, journey_map: JourneyMap, form_data: dict, preferred_channels: Iterable) -> Persona:
    """A new persona in the shared library, on this map at once."""
    lock_map(journey_map.pk)
    persona = Persona.objects.create(**form_data)
    persona.preferred_channels.set(preferred_channels)
    journey_map.personas.add(persona)
    activity_record(map_id=journey_map.pk, verb=ActivityVerb.ADDED, item=persona)
    return persona


@transaction.atomic
def map_archive(*, journey_map: JourneyMap, archived: bool) -> None:
    """Out of the map list (or back in it); the map itself stays as it is, and opens as before."""
    hold_map(journey_map.pk)
    journey_map.archived_at = timezone.now() if archived else None
    JourneyMap.objects.filter(pk=journey_map.pk).update(archived_at=journey_map.archived_at)
    activity_record(
        map_id=journey_map.pk,
        verb=ActivityVerb.ARCHIVED if archived else ActivityVerb.RESTORED,
        target=_("the map") if archived else _("the map from the archive"),
    )


@transaction.atomic
def map_trash(*, journey_map: JourneyMap, user) -> None:
    """Into the trash: nobody opens it any more; its owner may bring it back for `TRASH_KEEPS`."""
    hold_map(journey_map.pk)
    JourneyMap.objects.filter(pk=journey_map.pk).update(deleted_at=timezone.now(), deleted_by=user)
    activity_record(map_id=journey_map.pk, verb=ActivityVerb.DELETED, target=_("the map"))


@transaction.atomic
def map_untrash(*, journey_map: JourneyMap) -> None:
    hold_map(journey_map.pk)
    JourneyMap.objects.filter(pk=journey_map.pk).update(deleted_at=None, deleted_by=None)
    activity_record(map_id=journey_map.pk, verb=ActivityVerb.RESTORED, target=_("the map from the trash"))


def purge_date(journey_map: JourneyMap):
    """When a map in the trash goes for good."""
    return journey_map.deleted_at + TRASH_KEEPS if journey_map.deleted_at else None


def maps_purge() -> int:
    """Delete for good the maps in the trash for longer than `TRASH_KEEPS`; how many went."""
    expired = JourneyMap.objects.filter(deleted_at__lt=timezone.now() - TRASH_KEEPS)
    count = 0
    for map_id in expired.values_list("pk", flat=True):
        # One map at a time, each all or nothing: a big map does not hold the others up.
        with transaction.atomic():
            count += bool(JourneyMap.objects.filter(pk=map_id, deleted_at__lt=timezone.now() - TRASH_KEEPS).delete()[0])
    return count
