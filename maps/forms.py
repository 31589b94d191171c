from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from journeymap.lib.collation import choices_by_name
from journeymap.lib.forms import IdsChoiceField, VersionedModelForm, model_choice
from maps.models import JourneyMap, JourneyTemplate, MapState, ReviewStatus, Stage
from personas.models import Persona
from touchpoints.models import Channel, ChannelKind


class MapCreateForm(forms.ModelForm):
    template = forms.ModelChoiceField(
        label=_("Start from"),
        queryset=JourneyTemplate.objects.none(),
        required=False,
        empty_label=_("A blank map"),
        blank=True,
        widget=forms.RadioSelect,
    )
    personas = IdsChoiceField(
        label=_("Personas"),
        queryset=Persona.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = JourneyMap
        fields = ["title", "description", "scope", "journey_type", "state", "template", "personas"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The person's own language first: the others follow, grouped by language.
        model_choice(self, "template").queryset = JourneyTemplate.objects.in_language_order(
            get_language() or settings.LANGUAGE_CODE
        ).prefetch_related("stages", "suggested_channels")
        choices_by_name(model_choice(self, "personas"))


class StageForm(VersionedModelForm):
    class Meta:
        model = Stage
        fields = [
            "name",
            "description",
            "customer_goal",
            "drivers",
            "barriers",
            "influence",
            "target_csat",
            "target_nps",
            "target_crr",
            "target_conversion",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ["description", "customer_goal", "drivers", "barriers", "influence"]
        }


class StageAddForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["name", "customer_goal"]
        widgets = {"customer_goal": forms.Textarea(attrs={"rows": 2})}


class PositionForm(forms.Form):
    """Where to put a stage or a lane: 1 is first (people count from one)."""

    position = forms.IntegerField(label=_("Position"), min_value=1)


class LaneAddForm(forms.Form):
    channel = forms.ModelChoiceField(label=_("Channel"), queryset=Channel.objects.none(), required=False)
    new_channel = forms.CharField(label=_("or a new channel"), max_length=80, required=False)
    new_channel_kind = forms.ChoiceField(label=_("kind"), choices=ChannelKind.choices, initial=ChannelKind.ONLINE)

    def __init__(self, *args, journey_map: JourneyMap, may_add_channels: bool, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "channel").queryset = Channel.objects.exclude(lanes__map=journey_map)
        choices_by_name(model_choice(self, "channel"))
        if not may_add_channels:
            # The channel library grows only in the hands of those allowed to (maps/access.py).
            del self.fields["new_channel"], self.fields["new_channel_kind"]
            self.fields["channel"].required = True
            self.fields["channel"].help_text = _(
                "A channel that is not in the library yet is added by an administrator."
            )

    def clean(self) -> dict:
        data = super().clean() or {}
        channel, name = data.get("channel"), (data.get("new_channel") or "").strip()
        if "new_channel" not in self.fields:
            return data
        if bool(channel) == bool(name):
            raise forms.ValidationError(_("Pick a channel from the library or name a new one (not both)."))
        if name and Channel.objects.named(name).exists():
            self.add_error("new_channel", _("A channel with this name exists: pick it from the library."))
        return data


class MapSettingsForm(VersionedModelForm):
    """Title, description, scope, type and state of a map, its personas and its as-is map."""

    personas = IdsChoiceField(
        label=_("Personas"),
        queryset=Persona.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Personas come from the shared library."),
    )
    as_is = forms.ModelChoiceField(
        label=_("As-is map"),
        queryset=JourneyMap.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("For a to-be map: the as-is map it improves on, for comparing the two."),
    )

    class Meta:
        model = JourneyMap
        fields = ["title", "description", "scope", "journey_type", "state", "as_is", "personas"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        journey_map = self.instance
        # The library's active personas, and any archived one the map still has.
        model_choice(self, "personas").queryset = (
            Persona.objects.filter(Q(archived=False) | Q(maps=journey_map))
            .distinct()
            .prefetch_related("preferred_channels")
        )
        choices_by_name(model_choice(self, "personas"))
        model_choice(self, "as_is").queryset = (
            JourneyMap.objects.visible_to(user)
            .filter(state=MapState.AS_IS)
            .exclude(pk=journey_map.pk)
            .order_by("title")
        )
        choices_by_name(model_choice(self, "as_is"))

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("as_is") is not None and data.get("state") != MapState.TO_BE:
            self.add_error("as_is", _("Only a to-be map has an as-is map: set the state to to-be."))
        return data


class MapListForm(forms.Form):
    """What the map list shows: which maps, in which order."""

    SHOW = [
        ("all", _("All my maps")),
        ("mine", _("Mine")),
        ("shared", _("Shared with me")),
        ("archived", _("Archived")),
    ]
    SORT = [
        ("-updated", _("Last change")),
        ("title", _("Title")),
        ("-created", _("Newest")),
        ("status", _("Review status")),
    ]
    q = forms.CharField(label=_("Search maps"), required=False, max_length=200)
    show = forms.ChoiceField(label=_("Show"), choices=SHOW, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *ReviewStatus.choices], required=False
    )
    persona = forms.ModelChoiceField(
        label=_("Persona"), queryset=Persona.objects.none(), required=False, empty_label=_("Any persona")
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The personas of the maps the user sees: a choice that finds nothing is no choice.
        model_choice(self, "persona").queryset = (
            Persona.objects.filter(maps__in=JourneyMap.objects.visible_to(user)).distinct().order_by("name")
        )
        choices_by_name(model_choice(self, "persona"))

    def filters(self) -> dict:
        """The valid choices, with the defaults for the rest."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": data.get("q") or "",
            "show": data.get("show") or "all",
            "status": data.get("status") or "",
            "persona": data.get("persona"),
            "sort": data.get("sort") or "-updated",
        }


class PersonaCreateForm(forms.ModelForm):
    """A new persona for the shared library, made from a map by someone allowed to add one;
    the rest of the profile (photo, bio, needs...) is completed in the admin."""

    class Meta:
        model = Persona
        fields = ["name", "age", "occupation", "quote", "goals", "frustrations", "hobbies", "preferred_channels"]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 2}),
            "frustrations": forms.Textarea(attrs={"rows": 2}),
            "hobbies": forms.Textarea(attrs={"rows": 2}),
            "preferred_channels": forms.CheckboxSelectMultiple,
        }
        field_classes = {"preferred_channels": IdsChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices_by_name(model_choice(self, "preferred_channels"))

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Persona.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("The library has a persona of this name: tick it in the list instead."))
        return name
