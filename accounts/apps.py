from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Counts failed log-ins from every login form, the admin's included, and brings a
        # person's language and grid view into each session they log in to.
        from accounts import grid_view, languages, throttle  # noqa: F401
