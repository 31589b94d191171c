"""Work done outside requests, as tasks of Django's tasks framework (`django.tasks`).

`manage.py worker` runs the queued tasks, one at a time per worker process, so the
number of workers bounds how much runs at once (and how much memory it takes). The
queue is a table of the database by default and Redis (RQ) when `REDIS_URL` is set.

Every task is tried up to `TRIES` times: a task that raises goes back to the queue
after a pause (`BACKOFF`), and so does one whose worker died under it (found by its
missing heartbeat, `worker.py`). Tasks must therefore be safe to run again. After the
last try the task fails, and `django.tasks.signals.task_finished` says so once: that is
where a task tells its user that the work could not be done.
"""

from datetime import timedelta

TRIES = 3
# The pause before the second try, and before each one after it.
BACKOFF = (timedelta(seconds=10), timedelta(minutes=1))


def pause_before_try(number: int) -> timedelta:
    """How long a task waits before its try `number` (2 or more)."""
    return BACKOFF[min(number - 2, len(BACKOFF) - 1)]
