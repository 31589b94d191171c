"""The emotion of a touchpoint, picked by its face: still a group of radio buttons (it
works without scripts and with the keyboard's arrows), each face labelled in words."""

from django import forms
from django.utils.html import format_html

from touchpoints.models import EMOTION_FACES


class EmotionPicker(forms.RadioSelect):
    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs={"class": "emotion-picker", **(attrs or {})})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None) -> dict:
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        face = EMOTION_FACES.get(int(value)) if str(value).lstrip("-").isdigit() else None
        if face:
            option["label"] = format_html(
                '<span class="emotion-picker__face" aria-hidden="true">{}</span>'
                '<span class="emotion-picker__label">{}</span>',
                face,
                label,
            )
        return option
