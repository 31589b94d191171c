from django import forms
from django.utils.translation import gettext_lazy as _

from journeymap.lib.chinese import ChineseScript
from maps.models import MapState

MAX_COMMENT = 5000


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Plain text; links become clickable. Mention a member with @username."),
    )
    item = forms.CharField(widget=forms.HiddenInput, required=False)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommentEditForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReviewNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class VersionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("What this version is, e.g. “before the workshop”."),
    )


class CompareForm(forms.Form):
    old = forms.IntegerField(label=_("From version"), min_value=1)
    new = forms.IntegerField(
        label=_("To version"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to compare with the map as it is now."),
    )


class DuplicateForm(forms.Form):
    title = forms.CharField(label=_("Title of the new map"), max_length=200)
    state = forms.ChoiceField(label=_("State"), choices=MapState.choices, initial=MapState.TO_BE)
    script = forms.ChoiceField(
        label=_("Chinese text"),
        choices=ChineseScript.choices,
        required=False,
        initial=ChineseScript.KEEP,
        widget=forms.RadioSelect,
        help_text=_("Write the copy's Chinese text in Traditional (as in Taiwan) or Simplified characters."),
    )


class ShareLinkForm(forms.Form):
    expires_in_days = forms.IntegerField(
        label=_("Expires after (days)"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("Leave empty for a link that works until you revoke it."),
    )
