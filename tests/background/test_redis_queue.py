"""The Redis queue (REDIS_URL): the same tasks and the same retry policy through RQ."""

from collections.abc import Iterator

import django_rq
import pytest
from django.tasks.signals import task_finished
from django_tasks_rq.backend import Job
from redis import Redis
from rq import SimpleWorker
from rq.job import JobStatus

from customer_data import services
from customer_data.models import ImportStatus
from journeymap.lib.background import TRIES
from tests.background import sample_tasks
from tests.background.scenario import LOG, small_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_queue(settings, redis_server: str) -> Iterator[Redis]:
    """The test process's own Redis, emptied before and after each test."""
    redis = Redis.from_url(redis_server)
    redis.flushdb()
    settings.RQ_QUEUES = {name: {"URL": redis_server} for name in settings.TASK_QUEUES}
    settings.TASKS = {"default": {"BACKEND": "journeymap.lib.background.rq.RQBackend", "QUEUES": settings.TASK_QUEUES}}
    yield redis
    redis.flushdb()


def work(queue_name: str) -> None:
    """What `manage.py worker` runs with REDIS_URL set, in this process and until the queue is empty."""
    queue = django_rq.get_queue(queue_name, job_class=Job)
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)


def test_an_upload_is_analysed_through_redis(redis_queue, django_capture_on_commit_callbacks):
    journey_map = small_map()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.interaction_import_create(
            journey_map=journey_map, user=None, file_name="log.csv", content=LOG.encode()
        )
    (job_id,) = django_rq.get_queue("analysis").job_ids
    queued = Job.fetch(job_id, connection=redis_queue)
    assert (queued.retries_left, queued.retry_intervals) == (TRIES - 1, [10, 60])
    work("analysis")
    job.refresh_from_db()
    assert (job.status, job.customer_count) == (ImportStatus.DONE, 3)


def test_a_failing_job_is_retried_by_rq_and_its_failure_announced_only_after_the_last_try(redis_queue):
    announced: list = []
    task_finished.connect(
        lambda sender, task_result, **kwargs: announced.append(task_result), weak=False, dispatch_uid="rq"
    )
    try:
        result = sample_tasks.always_fails.enqueue("report")
        work("default")
        job = Job.fetch(result.id, connection=redis_queue)
        assert job.get_status() == JobStatus.SCHEDULED and job.retries_left == TRIES - 2
        assert sample_tasks.TRIED == ["report"] and announced == []

        job.retries_left = 0  # as after the last pause
        job.save()
        django_rq.get_queue("default", job_class=Job).enqueue_job(job)
        work("default")
        assert sample_tasks.TRIED == ["report", "report"]
        assert [(r.id, r.status) for r in announced] == [(result.id, "FAILED")]
    finally:
        task_finished.disconnect(dispatch_uid="rq")


@pytest.mark.parametrize(
    ("queues", "worker_class"),
    [(["default"], "rq.SimpleWorker"), (["analysis"], None), (["default", "analysis"], None)],
)
def test_a_worker_forks_for_analyses_only_so_the_renderer_stays_warm(queues, worker_class):
    from journeymap.lib.background.management.commands.worker import rq_worker_class

    assert rq_worker_class(queues) == worker_class
