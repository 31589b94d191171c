"""Optimistic concurrency: every item two people can edit carries a `version`.

A write names the version it was based on; the row is changed only if that is still
the stored version, and the version is bumped in the same UPDATE. Nothing is ever
overwritten silently: a stale write raises `StaleVersion` with the fresh row.
"""

from typing import Any

from django.db import models
from django.db.models import F, Field
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class StaleVersion(Exception):
    def __init__(self, fresh: Versioned | None):
        super().__init__("The item was changed by someone else.")
        # The fresh row of whichever model was written: callers know which one they wrote.
        self.fresh: Any = fresh


def save_versioned(instance: Versioned, *, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of `instance` if its stored version is still `expected_version`."""
    model = type(instance)
    attnames = []
    for name in fields:
        field = model._meta.get_field(name)
        assert isinstance(field, Field)
        attnames.append(field.attname)
    values: dict[str, Any] = {attname: getattr(instance, attname) for attname in attnames}
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        values["updated_at"] = timezone.now()
        setattr(instance, "updated_at", values["updated_at"])
    changed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if not changed:
        raise StaleVersion(model._default_manager.filter(pk=instance.pk).first())
    instance.version = expected_version + 1
