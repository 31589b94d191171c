"""The two writes every kind of item shares: saving some of its fields against the version
the caller read, and deleting it (undoable from the map's page, as a delete there is)."""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from pydantic import BaseModel

from api.answers import expected_version, optional_version
from api.problems import stale
from journeymap.lib.versioning import StaleVersion
from maps.access import MapAccess
from maps.services import item_delete, item_update

STALE_ITEM = "Someone else changed this item first: `current` is the item as it is now."


def item_saved(
    request: HttpRequest,
    item: Any,
    payload: Any,
    changes: dict[str, Any],
    shown: Callable[[Any], BaseModel],
    links: dict[str, Iterable[Model]] | None = None,
) -> None:
    """Write `changes` (field -> value, already turned into the map's objects) and `links` to
    `item`, if it is still at the version the request names; else 409 with the item as it is."""
    version = expected_version(request, payload.version)
    for name, value in changes.items():
        setattr(item, name, value)
    try:
        item_update(item=item, expected_version=version, fields=list(changes), links=links)
    except StaleVersion as error:
        raise stale(error.fresh and shown(error.fresh), STALE_ITEM) from None


def item_removed(
    request: HttpRequest, access: MapAccess, item: Any, label: str, shown: Callable[[Any], BaseModel]
) -> None:
    """Delete `item`; with If-Match, only if it is still at that version."""
    version = optional_version(request) if hasattr(item, "version") else None
    if version is not None and version != item.version:
        raise stale(shown(item), STALE_ITEM)
    item_delete(journey_map=access.map, item=item, user=request.user, label=label)
