from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Counts failed log-ins from every login form, the admin's included.
        from accounts import throttle  # noqa: F401
