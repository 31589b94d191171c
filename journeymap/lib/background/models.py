"""What the workers say about themselves, so that they can tell a dead one from a busy one."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """A running worker process; `seen_at` moves every few seconds while it lives."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    queues = models.CharField(max_length=255)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["started_at", "worker_id"]

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host} ({self.pid})"
