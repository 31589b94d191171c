"""Pickers of touchpoints that never list the whole map: an edit form carries the touchpoints
already chosen, and a search (by stage, channel or title) brings up to `MATCHES` more. With
JavaScript the search answers as one types (`touchpoints:search`); without it, the picker's
Search button posts the form back and the same form returns with the matches."""

from collections.abc import Iterable

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.choices import CallableChoiceIterator
from django.utils.http import urlencode

from journeymap.lib.forms import IdsChoiceField, model_choice
from journeymap.lib.ids import parse_id
from maps.models import JourneyMap
from touchpoints.models import Touchpoint

MATCHES = 20
# The name of the Search button, its value the picker it searches for.
SEARCH = "search"
LABELLED = ("stage", "lane__channel")


def query_name(picker: str) -> str:
    return f"{picker}_search"


def touchpoint_label(touchpoint: Touchpoint) -> str:
    """Touchpoints named by where they are, so that two cards of one title can be told apart."""
    return f"{touchpoint.stage.name} · {touchpoint.lane.channel.display_name} · {touchpoint.title}"


def touchpoint_matches(
    journey_map: JourneyMap, query: str, *, exclude: Iterable[int] = (), stage_id: int | None = None
) -> QuerySet[Touchpoint]:
    """Up to `MATCHES` touchpoints of the map whose stage, channel (in any language) or title
    holds every word of `query`, in the order of the grid."""
    matches = Touchpoint.objects.filter(map=journey_map).exclude(pk__in=list(exclude))
    if stage_id is not None:
        matches = matches.filter(stage_id=stage_id)
    for word in query.split()[:5]:
        matches = matches.filter(
            Q(title__icontains=word)
            | Q(stage__name__icontains=word)
            | Q(lane__channel__name__icontains=word)
            | Q(lane__channel__names__icontains=word)
        )
    ordered = matches.select_related(*LABELLED).order_by("stage__position", "lane__position", "position")
    return ordered[:MATCHES]


def picker_choices(
    journey_map: JourneyMap,
    chosen: Iterable[Touchpoint],
    query: str,
    *,
    exclude: int | None = None,
    stage_id: int | None = None,
) -> list[tuple[int, str]]:
    """The options of a picker: the touchpoints chosen, then those matching `query` (none
    without a query, so that opening a form reads no more than its own links)."""
    chosen = list(chosen)
    options = [(touchpoint.pk, touchpoint_label(touchpoint)) for touchpoint in chosen]
    if query.strip():
        skip = [touchpoint.pk for touchpoint in chosen] + ([exclude] if exclude else [])
        matches = touchpoint_matches(journey_map, query, exclude=skip, stage_id=stage_id)
        options += [(touchpoint.pk, touchpoint_label(touchpoint)) for touchpoint in matches]
    return options


def chosen_touchpoints(journey_map: JourneyMap, values: Iterable) -> list[Touchpoint]:
    """The touchpoints a picker's value names: instances already read, or ids to read (one query)."""
    values = [value for value in values if value not in (None, "")]
    if all(isinstance(value, Touchpoint) and labelled(value) for value in values):
        return values
    ids = [key for value in values if (key := parse_id(getattr(value, "pk", value))) is not None]
    found = Touchpoint.objects.filter(map=journey_map, pk__in=ids).select_related(*LABELLED)
    return sorted(found, key=lambda touchpoint: ids.index(touchpoint.pk))


def labelled(touchpoint: Touchpoint) -> bool:
    """Whether the touchpoint was read with what its label needs (see `LABELLED`)."""
    return Touchpoint.stage.is_cached(touchpoint) and Touchpoint.lane.is_cached(touchpoint)


class PickerWidget:
    """A select that shows only its chosen options and the matches of a search, with the
    search field (live with htmx) and a Search button (without JavaScript) beside it."""

    search_url = ""
    query = ""

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        context = {
            "select": select,
            "name": name,
            "select_id": (attrs or {}).get("id", f"id_{name}"),
            "query_name": query_name(name),
            "query": self.query,
            "search_url": self.search_url,
            "search": SEARCH,
        }
        return render_to_string("maps/_picker.html", context)


class TouchpointsPicker(PickerWidget, forms.SelectMultiple):
    pass


class TouchpointPicker(PickerWidget, forms.Select):
    pass


class KnownChoices:
    """A choice field that accepts its item's current value without asking the database again:
    an edit that keeps an item's links and persona costs no query to check them."""

    known: list = []

    def clean(self, value):
        keys = value if isinstance(value, list | tuple) else [value]
        known = {str(instance.pk): instance for instance in self.known}
        if keys and set(map(str, keys)) == set(known) and len(keys) == len(known):
            return [known[str(key)] for key in keys] if isinstance(value, list | tuple) else known[str(value)]
        return super().clean(value)


class KnownTouchpoints(KnownChoices, IdsChoiceField):
    pass


class KnownChoice(KnownChoices, forms.ModelChoiceField):
    pass


def know_current(form: forms.BaseModelForm, name: str) -> None:
    """Tell the field `name` the item's current value (read with the item, see `item_read`)."""
    field = form.fields[name]
    assert isinstance(field, KnownChoices)
    current = getattr(form.instance, name) if form.instance.pk else None
    if current is None:
        field.known = []
    elif hasattr(current, "all"):  # the links of a many-to-many field
        field.known = list(current.all())
    else:
        field.known = [current]


def touchpoint_picker(
    form: forms.BaseForm,
    name: str,
    journey_map: JourneyMap,
    *,
    searched: QueryDict | None,
    exclude: int | None = None,
    stage_id: int | None = None,
    empty_label: str | None = None,
) -> None:
    """Make the form's field `name` a touchpoint picker: it accepts any touchpoint of the map
    (or of the stage), and shows the chosen ones and the matches of the search typed."""
    field = model_choice(form, name)
    accepted = Touchpoint.objects.filter(map=journey_map)
    if stage_id is not None:
        accepted = accepted.filter(stage_id=stage_id)
    if exclude:
        accepted = accepted.exclude(pk=exclude)
    field.queryset = accepted
    field.empty_label = empty_label
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    widget = (TouchpointsPicker if multiple else TouchpointPicker)(attrs={"size": 6} if multiple else {})
    widget.query = searched.get(query_name(name), "") if searched is not None else ""
    url = reverse("touchpoints:search", args=[journey_map.pk])
    parameters = {"picker": name, "exclude": exclude or "", "stage": stage_id or ""}
    widget.search_url = f"{url}?{urlencode({key: value for key, value in parameters.items() if value})}"
    empty = [("", empty_label)] if not multiple and empty_label is not None else []

    def choices() -> list[tuple]:
        value = form[name].value()
        values = value if isinstance(value, list | tuple) else [value]
        chosen = chosen_touchpoints(journey_map, values)
        return empty + picker_choices(journey_map, chosen, widget.query, exclude=exclude, stage_id=stage_id)

    widget.choices = CallableChoiceIterator(choices)
    field.widget = widget


def typed_values(fields: dict[str, forms.Field], data: QueryDict) -> dict:
    """The values typed into a posted form, as the initial values of the same form unbound:
    a search shows the form again as it was, without checking or saving anything."""
    values: dict = {}
    for name, field in fields.items():
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            values[name] = data.getlist(name)
        elif isinstance(field, forms.BooleanField):
            values[name] = name in data
        elif name in data:
            values[name] = data[name]
    return values


def form_input(request: HttpRequest) -> dict:
    """What an item form is made from: the posted values to save, or, when a picker's Search
    button sent it, the posted values to show again with the matches."""
    if request.method != "POST":
        return {"data": None}
    if SEARCH in request.POST:
        return {"data": None, "searched": request.POST}
    return {"data": request.POST}
