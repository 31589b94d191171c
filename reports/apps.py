from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Presentations and reports")

    def ready(self) -> None:
        from reports import tasks  # noqa: F401  (connects the report of a PDF that could not be printed)
