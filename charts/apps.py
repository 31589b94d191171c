from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChartsConfig(AppConfig):
    name = "charts"
    verbose_name = _("Swimlane, analytics and pictures")

    def ready(self) -> None:
        from charts import tasks  # noqa: F401  (connects the report of a picture that could not be drawn)
