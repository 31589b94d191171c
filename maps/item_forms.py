from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from journeymap.lib.collation import choices_by_name
from journeymap.lib.forms import IdsChoiceField, VersionedModelForm, model_choice
from maps.emotion_picker import EmotionPicker
from maps.models import JourneyMap, Lane, Stage
from maps.pickers import KnownChoice, KnownTouchpoints, know_current, touchpoint_picker, typed_values
from touchpoints.models import Opportunity, PainPoint, Touchpoint

TEXTAREA = forms.Textarea(attrs={"rows": 2})
SCORES = [(1, _("1 · very low")), (2, _("2 · low")), (3, _("3 · medium")), (4, _("4 · high")), (5, _("5 · very high"))]
EXPECTATIONS = [
    ("", "—"),
    (1, _("1 · far below")),
    (2, _("2 · below")),
    (3, _("3 · as expected")),
    (4, _("4 · above")),
    (5, _("5 · far above")),
]


class TouchpointForm(VersionedModelForm):
    class Meta:
        model = Touchpoint
        fields = [
            "title",
            "description",
            "customer_action",
            "emotion",
            "expectation",
            "is_micro_conversion",
            "persona",
            "csat",
            "nps",
            "crr",
            "conversion_rate",
            "next_touchpoints",
        ]
        widgets = {
            "description": TEXTAREA,
            "customer_action": TEXTAREA,
            "emotion": EmotionPicker,
            "expectation": forms.Select(choices=EXPECTATIONS),
        }
        field_classes = {"next_touchpoints": KnownTouchpoints, "persona": KnownChoice}

    def __init__(self, data=None, *, journey_map: JourneyMap, searched: QueryDict | None = None, **kwargs):
        if searched is not None:
            kwargs["initial"] = typed_values(self.base_fields, searched)
        super().__init__(data, **kwargs)
        model_choice(self, "persona").queryset = journey_map.personas.all()
        model_choice(self, "persona").empty_label = _("Every persona")
        choices_by_name(model_choice(self, "persona"))
        touchpoint_picker(self, "next_touchpoints", journey_map, searched=searched, exclude=self.instance.pk)
        know_current(self, "next_touchpoints")
        know_current(self, "persona")
        self.fields["next_touchpoints"].help_text = _("Where the customer goes next: the cross-channel flow.")

    def _get_validation_exclusions(self) -> set[str]:
        # The persona field has already checked its choice against the map's personas: the
        # model's own check would read the persona once more.
        return super()._get_validation_exclusions() | {"persona"}  # type: ignore[misc]


class TouchpointMoveForm(forms.Form):
    """Move by keyboard or without JavaScript: the same write as drag and drop."""

    stage = forms.ModelChoiceField(label=_("Stage"), queryset=Stage.objects.none(), empty_label=None)
    lane = forms.ModelChoiceField(label=_("Channel"), queryset=Lane.objects.none(), empty_label=None)
    position = forms.IntegerField(label=_("Position in the cell"), min_value=1, initial=1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, journey_map: JourneyMap, **kwargs):
        super().__init__(*args, **kwargs)
        stages = journey_map.stages.order_by("position")
        lanes = journey_map.lanes.select_related("channel").order_by("position")
        model_choice(self, "stage").queryset = stages
        model_choice(self, "lane").queryset = lanes
        if not self.is_bound:
            # Fixed choice lists: rendering a select otherwise reads its queryset more than once.
            model_choice(self, "stage").choices = [(stage.pk, stage.name) for stage in stages]
            model_choice(self, "lane").choices = [(lane.pk, lane.channel.display_name) for lane in lanes]


class PainPointForm(VersionedModelForm):
    class Meta:
        model = PainPoint
        fields = ["title", "description", "severity", "cause", "touchpoint"]
        widgets = {"description": TEXTAREA}
        labels = {"touchpoint": _("Touchpoint")}

    def __init__(self, *args, stage, journey_map: JourneyMap, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "touchpoint").queryset = journey_map.touchpoints.filter(stage=stage).order_by(
            "lane__position", "position"
        )
        model_choice(self, "touchpoint").empty_label = _("The whole stage")


class OpportunityForm(VersionedModelForm):
    class Meta:
        model = Opportunity
        fields = [
            "title",
            "description",
            "action",
            "touchpoint",
            "pain_points",
            "impact",
            "effort",
            "status",
            "action_owner",
            "due_date",
        ]
        widgets = {
            "description": TEXTAREA,
            "action": TEXTAREA,
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "pain_points": forms.CheckboxSelectMultiple,
            "impact": forms.Select(choices=SCORES),
            "effort": forms.Select(choices=SCORES),
        }
        field_classes = {"pain_points": IdsChoiceField}
        labels = {"touchpoint": _("Touchpoint")}

    def __init__(self, *args, stage, journey_map: JourneyMap, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "touchpoint").queryset = journey_map.touchpoints.filter(stage=stage).order_by(
            "lane__position", "position"
        )
        model_choice(self, "touchpoint").empty_label = _("The whole stage")
        model_choice(self, "pain_points").queryset = journey_map.pain_points.order_by("stage__position", "pk")


class TouchpointRenameForm(VersionedModelForm):
    """A new title typed in place on the grid: the same versioned write as the edit form."""

    class Meta:
        model = Touchpoint
        fields = ["title"]


class StageRenameForm(VersionedModelForm):
    """A stage's new name typed in place on the grid."""

    class Meta:
        model = Stage
        fields = ["name"]
