"""Models of other capabilities leave the maps app; their tables stay as they are.

The review, interchange and customer_data apps take them over in their first migrations,
in the state only: no row is copied and no table is renamed.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("maps", "0007_review_collaboration"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveConstraint(
                    model_name='interactionimport',
                    name='interaction_import_progress_percent',
                ),
                migrations.RemoveField(
                    model_name='painpointcandidate',
                    name='interaction_import',
                ),
                migrations.RemoveConstraint(
                    model_name='mappresence',
                    name='presence_once_per_map',
                ),
                migrations.RemoveConstraint(
                    model_name='mapversion',
                    name='map_version_number_unique',
                ),
                migrations.RemoveIndex(
                    model_name='notification',
                    name='notification_unread',
                ),
                migrations.RemoveField(
                    model_name='sharelink',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='sharelink',
                    name='map',
                ),
                migrations.RemoveField(
                    model_name='stagedupload',
                    name='map',
                ),
                migrations.RemoveField(
                    model_name='stagedupload',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='interactionimport',
                    name='map',
                ),
                migrations.RemoveField(
                    model_name='interactionimport',
                    name='uploaded_by',
                ),
                migrations.RemoveField(
                    model_name='mappresence',
                    name='map',
                ),
                migrations.RemoveField(
                    model_name='mappresence',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='mapversion',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='mapversion',
                    name='map',
                ),
                migrations.RemoveField(
                    model_name='notification',
                    name='actor',
                ),
                migrations.RemoveField(
                    model_name='notification',
                    name='comment',
                ),
                migrations.RemoveField(
                    model_name='notification',
                    name='map',
                ),
                migrations.RemoveField(
                    model_name='notification',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='PainPointCandidate',
                ),
                migrations.DeleteModel(
                    name='ShareLink',
                ),
                migrations.DeleteModel(
                    name='StagedUpload',
                ),
                migrations.DeleteModel(
                    name='InteractionImport',
                ),
                migrations.DeleteModel(
                    name='MapPresence',
                ),
                migrations.DeleteModel(
                    name='MapVersion',
                ),
                migrations.DeleteModel(
                    name='Notification',
                ),
    
            ],
        ),
    ]
