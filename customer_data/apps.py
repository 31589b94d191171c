from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomerDataConfig(AppConfig):
    name = "customer_data"
    verbose_name = _("Customer data")

    def ready(self) -> None:
        from customer_data import tasks  # noqa: F401  (connects the report of a failed analysis)
