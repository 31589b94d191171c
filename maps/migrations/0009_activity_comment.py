import datetime

import django.db.models.deletion
from django.db import migrations, models

# An activity is recorded right after its comment, in the same transaction.
RECORDED_WITHIN = datetime.timedelta(seconds=5)


def link_comment_activities(apps, schema_editor):
    """Link each "commented on" line to its comment, and take the quote of comments already
    deleted out of the feed."""
    Activity = apps.get_model("maps", "Activity")
    Comment = apps.get_model("maps", "Comment")
    for comment in Comment.objects.order_by("created_at", "pk").iterator():
        candidates = Activity.objects.filter(
            models.Q(actor_id=comment.author_id) | models.Q(actor__isnull=True),
            map_id=comment.map_id,
            verb="commented",
            comment__isnull=True,
            created_at__gte=comment.created_at,
            created_at__lt=comment.created_at + RECORDED_WITHIN,
        ).order_by("created_at", "pk")
        activity = candidates.filter(detail=comment.body[:120]).first() or candidates.first()
        if activity is None:
            continue
        activity.comment_id = comment.pk
        if comment.deleted_at is not None:
            activity.detail = ""
        activity.save(update_fields=["comment", "detail"])


class Migration(migrations.Migration):

    dependencies = [
        ('maps', '0008_models_move_to_their_apps'),
    ]

    operations = [
        migrations.AddField(
            model_name='activity',
            name='comment',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='maps.comment'),
        ),
        migrations.RunPython(link_comment_activities, migrations.RunPython.noop),
    ]
