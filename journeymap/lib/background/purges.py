"""Tasks that delete what has expired (undo records, staged uploads, rendered pictures, old
task results). Each app declares its own with `@purge_task`; `enqueue_purges` queues them
all: the oldest live worker does so every `PURGE_EVERY`, and `manage.py purge` on demand."""

from collections.abc import Callable
from datetime import timedelta

from django.tasks import Task, task
from django.utils.module_loading import autodiscover_modules

PURGE_EVERY = timedelta(hours=1)
PURGES: dict[str, Task] = {}


def purge_task(function: Callable[[], int]) -> Task:
    """A task that deletes what has expired and returns how many rows went."""
    registered = task(function)
    PURGES[registered.module_path] = registered
    return registered


def purge_tasks() -> list[Task]:
    """Every app's purges: each app keeps them in its `tasks` module."""
    autodiscover_modules("tasks")
    return list(PURGES.values())


def enqueue_purges() -> list[str]:
    """Queue every purge; returns their names."""
    tasks = purge_tasks()
    for purge in tasks:
        purge.enqueue()
    return [purge.name for purge in tasks]
