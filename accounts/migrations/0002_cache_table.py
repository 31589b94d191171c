"""The table of the database cache (settings.CACHES without REDIS_URL), so that `migrate`
alone prepares a server. It is made whether or not the cache uses it, so that a deployment
can drop REDIS_URL later without another step."""

from django.core.management import call_command
from django.db import migrations

CACHE_TABLE = "journeymap_cache"  # settings.CACHE_TABLE, fixed here as migrations are


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
