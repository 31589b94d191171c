"""The journey templates in English, Russian, Simplified and Traditional Chinese.

The templates live in `templates/<language>.json` beside this file, one file per language,
and belong to this migration: they are never edited once released (see the README there).
The loader below is this migration's own copy, frozen with it, so a later change to how
the app reads templates cannot change what this migration did. A missing language file is
skipped, and running the loader again updates the same rows (by slug)."""

import json
from pathlib import Path

from django.db import migrations

TEMPLATE_FILES = Path(__file__).resolve().parent / "templates"
LANGUAGES = ("en", "ru", "zh-hans", "zh-hant")
STAGE_FIELDS = ("name", "customer_goal", "drivers", "barriers", "influence")


def read_templates(language):
    path = TEMPLATE_FILES / f"{language}.json"
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def load_templates(apps, schema_editor):
    Channel = apps.get_model("touchpoints", "Channel")
    JourneyTemplate = apps.get_model("maps", "JourneyTemplate")
    TemplateStage = apps.get_model("maps", "TemplateStage")
    channels = {channel.slug: channel for channel in Channel.objects.all()}
    for language in LANGUAGES:
        for data in read_templates(language):
            template, _ = JourneyTemplate.objects.update_or_create(
                slug=data["slug"],
                defaults={
                    "language": language,
                    "name": data["name"],
                    "description": data.get("description", ""),
                    "journey_type": data.get("journey_type", "rational"),
                    "order": data.get("order", 100),
                },
            )
            # A channel an administrator removed from the library is left out, not recreated.
            template.suggested_channels.set(
                [channels[slug] for slug in data.get("suggested_channels", []) if slug in channels]
            )
            TemplateStage.objects.filter(template=template).delete()
            TemplateStage.objects.bulk_create(
                TemplateStage(
                    template=template, position=position, **{field: stage.get(field, "") for field in STAGE_FIELDS}
                )
                for position, stage in enumerate(data["stages"])
            )


def remove_translated_templates(apps, schema_editor):
    """Before 0011 is undone, template names must be unique again: only English stays."""
    JourneyTemplate = apps.get_model("maps", "JourneyTemplate")
    JourneyTemplate.objects.exclude(language="en").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("maps", "0012_journeymap_search_text"),
        ("touchpoints", "0002_channel_unicode_slug"),
    ]

    operations = [migrations.RunPython(load_templates, remove_translated_templates)]
