from django import forms
from django.utils.translation import gettext_lazy as _

from journeymap.lib.forms import VersionedModelForm, model_choice
from maps.models import JourneyMap, JourneyTemplate, Stage
from personas.models import Persona
from touchpoints.models import Channel, ChannelKind


class MapCreateForm(forms.ModelForm):
    template = forms.ModelChoiceField(
        label=_("Start from"),
        queryset=JourneyTemplate.objects.prefetch_related("stages", "suggested_channels"),
        required=False,
        empty_label=_("A blank map"),
        blank=True,
        widget=forms.RadioSelect,
    )
    personas = forms.ModelMultipleChoiceField(
        label=_("Personas"),
        queryset=Persona.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = JourneyMap
        fields = ["title", "description", "scope", "journey_type", "state", "template", "personas"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MapSearchForm(forms.Form):
    q = forms.CharField(label=_("Search maps"), required=False, max_length=200)


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

    def __init__(self, *args, journey_map: JourneyMap, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "channel").queryset = Channel.objects.exclude(lanes__map=journey_map)

    def clean(self) -> dict:
        data = super().clean() or {}
        channel, name = data.get("channel"), (data.get("new_channel") or "").strip()
        if bool(channel) == bool(name):
            raise forms.ValidationError(_("Pick a channel from the library or name a new one (not both)."))
        if name and Channel.objects.filter(name__iexact=name).exists():
            self.add_error("new_channel", _("A channel with this name exists: pick it from the library."))
        return data
