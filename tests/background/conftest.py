from collections.abc import Callable, Iterator

import pytest
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.management.commands import db_worker

from journeymap.lib.background.worker import Worker, new_worker_id
from tests.background import sample_tasks


@pytest.fixture
def database_queue(settings) -> None:
    """The queue of a fresh machine, the database's, in place of the tests' run-at-once one."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}
    assert type(task_backends[DEFAULT_TASK_BACKEND_ALIAS]).__name__ == "DatabaseBackend"


@pytest.fixture
def run_worker(database_queue, monkeypatch) -> Callable[[], str]:
    """A worker in this process, in the test's transaction: it runs what is due, then stops.
    Returns its id."""
    # Between tasks the worker drops database connections it takes for stale, and to it the
    # test's connection, inside the test's transaction, looks like one.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> str:
        worker_id = new_worker_id()
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        ).run()
        return worker_id

    return run


@pytest.fixture(autouse=True)
def nothing_tried_yet() -> Iterator[None]:
    sample_tasks.TRIED.clear()
    yield
    sample_tasks.TRIED.clear()
