from django.apps import AppConfig
from django.db.models.signals import post_save, pre_delete
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "maps"
    verbose_name = _("Journey maps")

    def ready(self) -> None:
        # The shared library is written outside any map's services (the admin, the persona
        # form): its personas and channels tell the maps that show them.
        from maps.services import record_library_change
        from personas.models import Persona
        from touchpoints.models import Channel

        def library_changed(sender, instance: Persona | Channel, **kwargs) -> None:
            record_library_change(instance)

        for model in (Persona, Channel):
            post_save.connect(library_changed, sender=model, dispatch_uid=f"maps.library_changed.{model.__name__}")
            pre_delete.connect(library_changed, sender=model, dispatch_uid=f"maps.library_deleted.{model.__name__}")
