from django import forms
from django.utils.translation import gettext_lazy as _

from journeymap.lib.collation import choices_by_name
from journeymap.lib.forms import IdsChoiceField, VersionedModelForm, model_choice
from maps.models import JourneyMap, Lane, Stage
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


class TouchpointChoiceField(IdsChoiceField):
    """Touchpoints named by where they are, so that two cards of one title can be told apart."""

    def label_from_instance(self, obj: Touchpoint) -> str:
        return f"{obj.stage.name} · {obj.lane.channel.display_name} · {obj.title}"


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
            "emotion": forms.RadioSelect,
            "expectation": forms.Select(choices=EXPECTATIONS),
            "next_touchpoints": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {"next_touchpoints": TouchpointChoiceField}

    def __init__(self, *args, journey_map: JourneyMap, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "persona").queryset = journey_map.personas.all()
        model_choice(self, "persona").empty_label = _("Every persona")
        choices_by_name(model_choice(self, "persona"))
        others = Touchpoint.objects.filter(map=journey_map).select_related("stage", "lane__channel")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        model_choice(self, "next_touchpoints").queryset = others.order_by(
            "stage__position", "lane__position", "position"
        )
        self.fields["next_touchpoints"].help_text = _("Where the customer goes next: the cross-channel flow.")


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
