"""The maps' titles and descriptions folded for the map list's search, filled in for the maps there are."""

from django.db import migrations, models

from journeymap.lib.text import fold


def fill_search_text(apps, schema_editor):
    JourneyMap = apps.get_model("maps", "JourneyMap")
    maps = list(JourneyMap.objects.only("pk", "title", "description"))
    for journey_map in maps:
        journey_map.search_text = fold(f"{journey_map.title}\n{journey_map.description}")
    JourneyMap.objects.bulk_update(maps, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("maps", "0011_journeytemplate_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="journeymap",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
