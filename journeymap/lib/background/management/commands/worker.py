from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend

from journeymap.lib.background.rq import RQBackend
from journeymap.lib.background.worker import BEAT, Heartbeat, Worker, new_worker_id
from journeymap.lib.commands import at_least


class Command(BaseCommand):
    help = (
        "Run background tasks (log analyses, pictures, e-mails, purges), one at a time, until stopped. "
        "Run as many workers as tasks may run at once; a task whose worker died is taken up by another."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue",
            action="append",
            dest="queues",
            choices=settings.TASK_QUEUES,
            help="a queue to serve; repeat for more (default: every queue)",
        )
        parser.add_argument(
            "--batch", action="store_true", help="run the tasks that are due, then stop (database queue only)"
        )
        parser.add_argument("--max-tasks", type=at_least(1), help="stop after this many tasks")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue (default 1)"
        )
        parser.add_argument(
            "--heartbeat",
            type=float,
            default=BEAT.total_seconds(),
            help="seconds between heartbeats; a worker that misses six is taken for dead (default %(default)s)",
        )

    def handle(
        self,
        *args,
        queues: list[str] | None,
        batch: bool,
        max_tasks: int | None,
        interval: float,
        heartbeat: float,
        verbosity: int,
        **options,
    ) -> None:
        queues = queues or list(settings.TASK_QUEUES)
        worker_id = new_worker_id()
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend | RQBackend):
            raise CommandError(f"The task backend {type(backend).__name__} runs tasks without a worker.")
        beats = Heartbeat(
            worker_id,
            queues=",".join(queues),
            reclaim=isinstance(backend, DatabaseBackend),
            every=timedelta(seconds=heartbeat),
        )
        # The first beat takes back what dead workers left before this one looks for work.
        beats.beat()
        beats.start()
        try:
            if isinstance(backend, DatabaseBackend):
                self._database_worker(worker_id, queues, batch=batch, max_tasks=max_tasks, interval=interval)
            else:
                call_command(
                    "rqworker",
                    *queues,
                    job_class="django_tasks_rq.backend.Job",
                    worker_class=rq_worker_class(queues),
                    with_scheduler=True,
                    burst=batch,
                    max_jobs=max_tasks,
                    name=worker_id,
                    verbosity=verbosity,
                )
        finally:
            # A stop signal may have cut a query short (django-tasks-db leaves its loop by raising
            # SystemExit from the signal handler): say goodbye on a fresh connection.
            connections.close_all()
            beats.stop()

    def _database_worker(
        self, worker_id: str, queues: list[str], *, batch: bool, max_tasks: int | None, interval: float
    ) -> None:
        self.stdout.write(f"Worker {worker_id} serving {', '.join(queues)}")
        worker = Worker(
            queue_names=queues,
            interval=interval,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()


# The queue of interaction-log analyses (customer_data/tasks.py): large and memory-hungry.
ANALYSIS_QUEUE = "analysis"


def rq_worker_class(queues: list[str]) -> str | None:
    """RQ's worker forks a process for each job, which keeps an analysis's memory out of the
    worker, but would start Chromium again for every picture (seconds each). A worker that
    serves no analysis runs its jobs in its own process, where the renderer stays warm."""
    return None if ANALYSIS_QUEUE in queues else "rq.SimpleWorker"
