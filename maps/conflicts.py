"""Saves refused because the item changed or went meanwhile: what the answer shows.

A refused save keeps the person's typed values. Beside them it shows what differs from the
version someone else saved (field by field), that whole version, and a form that applies
the typed values again on top of it; for an item deleted meanwhile, a form that creates it
again from the typed values.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from journeymap.lib.versioning import Versioned
from maps.models import JourneyMap
from maps.trash import restorable


@dataclass
class FieldValues:
    label: str
    theirs: str
    yours: str = ""


def comparable(value: Any) -> Any:
    """One form for a value as the database holds it and as a form cleaned it."""
    if isinstance(value, QuerySet | list | tuple):
        return frozenset(item.pk if isinstance(item, Model) else item for item in value)
    if isinstance(value, Model):
        return value.pk
    return None if value == "" else value


def value_text(field: forms.Field, value: Any) -> str:
    """A value as the form's field names it: the label of a choice, the names of linked items."""
    if isinstance(value, QuerySet | list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    choices = getattr(field.widget, "choices", None)
    if not isinstance(field, forms.ModelChoiceField) and choices:
        labels = {str(key): label for key, label in choices}
        return str(labels.get(str(value), value))
    return str(value)


def model_fields(form: forms.ModelForm) -> list[str]:
    return [name for name in form._meta.fields or () if name in form.fields]


def stored_values(form: forms.ModelForm) -> dict[str, Any]:
    """The values of the item `form` was made for, for its fields: the links as the form read
    them when it was made (no second query)."""
    links = {field.name for field in form.instance._meta.many_to_many}
    return {name: form.initial[name] if name in links else getattr(form.instance, name) for name in model_fields(form)}


def changes(yours: forms.ModelForm, theirs: dict[str, Any]) -> list[FieldValues]:
    """The fields where the typed values (a valid form) differ from the version saved meanwhile."""
    return [
        FieldValues(str(field.label), value_text(field, theirs[name]), value_text(field, yours.cleaned_data[name]))
        for name, field in yours.fields.items()
        if name in theirs and comparable(theirs[name]) != comparable(yours.cleaned_data[name])
    ]


def whole_version(form: forms.ModelForm, theirs: dict[str, Any]) -> list[FieldValues]:
    """Every field of the version saved meanwhile, labelled as `form` labels them."""
    return [
        FieldValues(str(form.fields[name].label), value_text(form.fields[name], value))
        for name, value in theirs.items()
    ]


def on_top_of(fresh: Versioned, data) -> dict:
    """The typed values, as a form posts them, to be saved over the version `fresh`."""
    resubmitted = data.copy()
    resubmitted["version"] = str(fresh.version)
    return resubmitted


def last_known(journey_map: JourneyMap, model: type[Model], pk: int) -> dict | None:
    """The columns an item of the map had when it was deleted, from its delete's record
    (as the item itself, or taken along by its stage or lane), or None once that is gone."""
    label = model._meta.label_lower
    for deleted in restorable(journey_map):
        for entry in deleted.payload:
            if entry["model"] == label and entry["pk"] == pk:
                return entry["fields"]
    return None
