"""The database queue's worker: django-tasks-db's, with retries, a heartbeat and the
recovery of tasks whose worker died.

django-tasks-db marks a task RUNNING when a worker claims it and leaves it so if that
worker is killed. Here every worker writes a heartbeat row every `BEAT`; a RUNNING task
whose worker has missed `MISSED_BEATS` heartbeats goes back to the queue, where the next
worker (or any live one) takes it. Each claim counts as a try, so a task that kills its
worker every time (out of memory, say) fails after `TRIES` instead of looping.
"""

import logging
import os
import socket
import threading
from datetime import datetime, timedelta
from traceback import format_exception

from django.db import connections
from django.tasks import TaskContext, TaskResultStatus, task_backends
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from journeymap.lib.background import TRIES, pause_before_try
from journeymap.lib.background.models import WorkerHeartbeat
from journeymap.lib.background.purges import PURGE_EVERY, enqueue_purges

logger = logging.getLogger("journeymap.worker")

BEAT = timedelta(seconds=5)
# Six missed heartbeats: a worker busy with a task still beats (the heartbeat is a thread of its own).
MISSED_BEATS = 6
# A worker stopped cleanly deletes its row; one that died leaves it, for a day.
FORGET_AFTER = timedelta(days=1)


class WorkerDied(Exception):
    """The worker running the task stopped before the task finished, too many times."""


def new_worker_id() -> str:
    """Unique across the pool, and telling where the worker runs."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


def tries_of(result: DBTaskResult) -> int:
    """How many times workers have claimed the task, this time included."""
    return len(result.worker_ids)


class Worker(DatabaseWorker):
    """Runs one task at a time; a task that raises is queued again until its last try."""

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.running_task = True
        try:
            task = db_task_result.task
            backend_type = type(task.get_backend())
            task_result = db_task_result.task_result
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                value = task.call(TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs)
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except BaseException as error:  # a task's SystemExit is its failure too, as in django-tasks-db
            if tries_of(db_task_result) < TRIES:
                logger.warning(
                    "Task %s failed on try %s; trying again later", db_task_result.id, tries_of(db_task_result)
                )
                try_again_later(db_task_result, error)
            else:
                logger.exception("Task %s failed on its last try", db_task_result.id)
                fail(db_task_result, error)
        finally:
            self.running_task = False
            self._run_tasks += 1


def try_again_later(result: DBTaskResult, error: BaseException) -> None:
    """Back to the queue after a pause; the error stays on the row for the admin to see."""
    result.status = TaskResultStatus.READY
    result.run_after = timezone.now() + pause_before_try(tries_of(result) + 1)
    result.exception_class_path = f"{type(error).__module__}.{type(error).__qualname__}"
    result.traceback = "".join(format_exception(error))
    result.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])


def fail(result: DBTaskResult, error: BaseException) -> None:
    result.set_failed(error)
    try:
        task_result = result.task_result
    except ImportError:  # the task is gone from the code: nobody to tell
        return
    task_finished.send(sender=type(task_result.task.get_backend()), task_result=task_result)


def reclaim_abandoned(
    backend_alias: str = "default", *, now: datetime | None = None, beat: timedelta = BEAT
) -> tuple[int, int]:
    """Tasks left RUNNING by workers that stopped beating go back to the queue, or fail if
    that was their last try. Returns (queued again, failed)."""
    now = now or timezone.now()
    cutoff = now - beat * MISSED_BEATS
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    requeued, given_up = 0, []
    running = DBTaskResult.objects.running().filter(backend_name=backend_alias, started_at__lt=cutoff)
    with exclusive_transaction(running.db):
        for result in running.select_for_update(skip_locked=True):
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            if tries_of(result) < TRIES:
                logger.warning("Task %s lost its worker %s; queued again", result.id, result.worker_ids[-1:])
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                requeued += 1
            else:
                given_up.append(result)
    for result in given_up:
        logger.error("Task %s lost its worker on its last try", result.id)
        fail(result, WorkerDied(f"The worker stopped during each of its {TRIES} tries."))
    return requeued, len(given_up)


class Heartbeat(threading.Thread):
    """Tells the other workers that this one lives; meanwhile it takes back what dead workers
    left (`reclaim`, for the database queue) and, if it is the oldest live worker, queues the
    purges every `PURGE_EVERY`."""

    def __init__(self, worker_id: str, *, queues: str, reclaim: bool, every: timedelta = BEAT) -> None:
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id, self.queues, self.reclaim, self.every = worker_id, queues, reclaim, every
        self.started_at = timezone.now()
        self.stopped = threading.Event()
        self.purged_at: datetime | None = None

    def beat(self) -> None:
        """One heartbeat and what goes with it; the first one runs before the worker takes any task."""
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "queues": self.queues[:255],
                "started_at": self.started_at,
                "seen_at": now,
            },
        )
        if self.reclaim:
            for alias in database_backends():
                reclaim_abandoned(alias, now=now, beat=self.every)
        if self._is_oldest(now) and (self.purged_at is None or now - self.purged_at >= PURGE_EVERY):
            self.purged_at = now
            WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()
            enqueue_purges()

    def _is_oldest(self, now: datetime) -> bool:
        oldest = WorkerHeartbeat.objects.filter(seen_at__gte=now - self.every * MISSED_BEATS).values_list(
            "worker_id", flat=True
        )
        return oldest.first() == self.worker_id

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every.total_seconds()):
                try:
                    self.beat()
                except Exception:  # a database that is away for a moment must not stop the heartbeat for good
                    logger.exception("Worker %s could not write its heartbeat", self.worker_id)
                finally:
                    connections.close_all()
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.join(self.every.total_seconds() * 2)
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()


def database_backends() -> list[str]:
    return [backend.alias for backend in task_backends.all() if isinstance(backend, DatabaseBackend)]
