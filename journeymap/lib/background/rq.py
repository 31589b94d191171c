"""The Redis queue: django-tasks-rq's backend, fitted to Django's own tasks framework and
to the retry policy of the database queue.

django-tasks-rq is written against the `django_tasks` backport; its backend takes
`django.tasks` tasks as well, but would make new ones of the backport's class. Each job
gets `TRIES - 1` retries with the same pauses as the database queue, and RQ uses them
for a job whose work-horse died too (it finds those when it cleans its registries).
`task_finished` is sent for a failure only once no retry is left, as the database
worker does.
"""

from types import TracebackType
from typing import Any

import django_rq
from django.tasks import Task
from django.tasks.signals import task_enqueued, task_finished
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id
from django_tasks_rq import backend as rq_backend
from redis import Redis
from rq import Retry
from rq.job import Callback, JobStatus

from journeymap.lib.background import TRIES, pause_before_try


def failed_on_last_try(
    job: rq_backend.Job,
    connection: Redis | None,
    exception_class: type[Exception],
    exception_value: Exception,
    traceback: TracebackType,
) -> None:
    if job.retries_left:  # RQ runs it again: not the end of it yet
        return
    # django-tasks-rq keeps the exception's class on the job and marks its result failed,
    # but announces it on the backport's signal: the app listens to Django's.
    rq_backend.failed_callback(job, connection, exception_class, exception_value, traceback)
    task_result = job.task_result
    task_finished.send(type(task_result.task.get_backend()), task_result=task_result)


class RQBackend(rq_backend.RQBackend):
    task_class = Task  # type: ignore[assignment]

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:  # type: ignore[override]
        self.validate_task(task)  # type: ignore[arg-type]
        task_result: TaskResult = TaskResult(
            task=task,  # type: ignore[arg-type]
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        queue = django_rq.get_queue(task.queue_name, job_class=rq_backend.Job)
        job = queue.create_job(
            task.module_path,
            args=args,
            kwargs=kwargs,
            job_id=task_result.id,
            status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
            on_failure=Callback(failed_on_last_try),
            on_success=Callback(rq_backend.success_callback),
            meta={"backend_name": self.alias},
            retry=Retry(
                max=TRIES - 1,
                interval=[int(pause_before_try(number).total_seconds()) for number in range(2, TRIES + 1)],
            ),
        )
        job = queue.enqueue_job(job) if task.run_after is None else queue.schedule_job(job, task.run_after)
        object.__setattr__(task_result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=task_result)
        return task_result
