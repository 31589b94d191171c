from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "journeymap.lib.background"
    label = "background"
    verbose_name = "Background work"
