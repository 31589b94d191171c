from django import forms
from django.utils.translation import gettext_lazy as _

from maps.models import JourneyMap, JourneyTemplate
from personas.models import Persona


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
