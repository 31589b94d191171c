"""The analysis of an interaction log as a task: queued on the analysis queue, so that a
long analysis never holds up a picture or an e-mail, and run by `manage.py worker`."""

from typing import Any

from django.dispatch import receiver
from django.tasks import TaskResult, TaskResultStatus, task
from django.tasks.signals import task_finished

from customer_data import services


@task(queue_name="analysis")
def analyse_interactions(import_id: int) -> None:
    """Read, match and analyse an import as far as it goes without a person; safe to run twice."""
    services.run_job(import_id)


@receiver(task_finished, dispatch_uid="customer_data.analysis_failed")
def analysis_failed(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    """The last try failed (or its worker died each time): the import says so instead of
    waiting for ever."""
    if task_result.status == TaskResultStatus.FAILED and task_result.task.func is analyse_interactions.func:
        services.job_failed(task_result.args[0])
