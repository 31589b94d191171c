import math
from datetime import datetime

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import ngettext_lazy

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
