import math
from datetime import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.languages import native_language_names
from accounts.models import Profile
from accounts.throttle import client_address, locked_until


class LoginForm(AuthenticationForm):
    """Django's login form, which says so, and until when, once too many log-ins failed."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": ngettext_lazy(
            "Too many failed log-ins for this account or from this address. "
            "Try again after %(time)s (in %(minutes)d minute).",
            "Too many failed log-ins for this account or from this address. "
            "Try again after %(time)s (in %(minutes)d minutes).",
            "minutes",
        ),
    }
    locked_until: datetime | None = None

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            # The failure just counted may be the one that locked the account.
            until = locked_until(self.cleaned_data.get("username"), client_address(self.request))
            if until is None:
                raise
            self.locked_until = until
            minutes = math.ceil((until - timezone.now()).total_seconds() / 60)
            time = time_format(timezone.localtime(until), "TIME_FORMAT")
            raise ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": minutes, "time": time}
            ) from None


def _language_choices() -> list[tuple[str, str]]:
    # Called each time the choices are shown, so in the language of that moment.
    return [("", gettext("As my browser says")), *native_language_names()]


class LanguageForm(forms.Form):
    """The account page's choice of language; blank leaves it to each browser."""

    language = forms.ChoiceField(label=_("Language"), required=False, choices=_language_choices)


class GridViewForm(forms.ModelForm):
    """How a person likes to read the map grid: its zoom, and the stage details as rows.
    Kept with the account; `next` is the page to go back to after a plain post."""

    next = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Profile
        fields = ["grid_zoom", "grid_stage_rows"]
        widgets = {"grid_zoom": forms.RadioSelect}
        labels = {"grid_zoom": _("Zoom"), "grid_stage_rows": _("Show stage details as rows")}
