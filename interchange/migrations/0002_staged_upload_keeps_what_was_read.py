"""A staged upload keeps what was read from the file, not its bytes: the preview never reads it again.

Uploads staged before this keep no data: their preview says the upload is gone and asks for
the file again, and the daily purge removes them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interchange", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(model_name="stagedupload", name="content"),
        migrations.AddField(
            model_name="stagedupload",
            name="data",
            field=models.JSONField(default=dict, verbose_name="what the file holds"),
        ),
    ]
