"""The database queue: retries after a pause, tasks taken back from dead workers, purges."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from charts.models import Picture
from interchange.models import StagedUpload
from journeymap.lib.background import TRIES
from journeymap.lib.background.models import WorkerHeartbeat
from journeymap.lib.background.worker import Heartbeat, reclaim_abandoned
from maps.models import DeletedItem
from tests.background import sample_tasks
from tests.factories import JourneyMapFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_due(result: DBTaskResult) -> None:
    """The pause before the next try is over."""
    DBTaskResult.objects.filter(pk=result.pk).update(run_after=timezone.now() - timedelta(seconds=1))


@pytest.fixture
def finished() -> list:
    """The results `task_finished` announces."""
    announced: list = []

    def listen(sender, task_result, **kwargs):
        announced.append(task_result)

    task_finished.connect(listen, dispatch_uid="test-finished")
    yield announced
    task_finished.disconnect(dispatch_uid="test-finished")


def test_a_failing_task_is_tried_again_after_growing_pauses_then_fails_once_for_good(run_worker, finished):
    result = sample_tasks.always_fails.enqueue("report")
    row = DBTaskResult.objects.get(pk=result.id)
    pauses = []
    for _try in range(TRIES - 1):
        started = timezone.now()
        run_worker()
        row.refresh_from_db()
        assert row.status == TaskResultStatus.READY and "out of luck" in row.traceback
        pauses.append(round((row.run_after - started).total_seconds() / 10) * 10)
        assert run_worker() and sample_tasks.TRIED.count("report") == _try + 1, "not before the pause is over"
        make_due(row)
    assert pauses == [10, 60]
    assert finished == []
    run_worker()
    row.refresh_from_db()
    assert (row.status, len(row.worker_ids), sample_tasks.TRIED) == (TaskResultStatus.FAILED, TRIES, ["report"] * 3)
    assert [(r.id, r.status) for r in finished] == [(result.id, TaskResultStatus.FAILED)]


def test_a_task_that_fails_once_succeeds_on_its_next_try(run_worker):
    result = sample_tasks.fails_the_first_time.enqueue("mail")
    run_worker()
    make_due(DBTaskResult.objects.get(pk=result.id))
    run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.return_value, len(row.worker_ids)) == (TaskResultStatus.SUCCESSFUL, "mail", 2)


def left_running(task, *, worker_id: str, tries: int = 1, started: timedelta = timedelta(minutes=1)) -> DBTaskResult:
    """A task some worker claimed `started` ago."""
    row = DBTaskResult.objects.get(pk=task.enqueue("left").id)
    row.status, row.started_at = TaskResultStatus.RUNNING, timezone.now() - started
    row.worker_ids = [f"earlier-{n}" for n in range(tries - 1)] + [worker_id]
    row.save()
    return row


def beating(worker_id: str, *, seen: timedelta) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, host="here", pid=1, queues="*", started_at=now - timedelta(hours=1), seen_at=now - seen
    )


def test_a_task_whose_worker_stopped_beating_goes_back_to_the_queue_and_a_busy_ones_stays(database_queue):
    beating("dead", seen=timedelta(minutes=1))
    beating("busy", seen=timedelta(seconds=2))
    abandoned = left_running(sample_tasks.fails_the_first_time, worker_id="dead")
    busy = left_running(sample_tasks.fails_the_first_time, worker_id="busy")
    never_beat = left_running(sample_tasks.fails_the_first_time, worker_id="gone-without-a-trace")
    just_claimed = left_running(sample_tasks.fails_the_first_time, worker_id="new", started=timedelta(seconds=1))
    assert reclaim_abandoned() == (2, 0)
    statuses = {row.pk: row.status for row in DBTaskResult.objects.all()}
    assert statuses == {
        abandoned.pk: TaskResultStatus.READY,
        busy.pk: TaskResultStatus.RUNNING,
        never_beat.pk: TaskResultStatus.READY,
        just_claimed.pk: TaskResultStatus.RUNNING,  # its worker may not have beaten yet
    }


def test_a_task_that_lost_its_worker_on_every_try_fails_instead_of_looping(database_queue, finished):
    row = left_running(sample_tasks.always_fails, worker_id="dead", tries=TRIES)
    assert reclaim_abandoned() == (0, 1)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED and row.exception_class_path.endswith("WorkerDied")
    assert [r.status for r in finished] == [TaskResultStatus.FAILED]
    assert sample_tasks.TRIED == [], "not run again"


def purges_queued() -> int:
    return DBTaskResult.objects.filter(task_path__contains=".purge_").count()


def test_the_oldest_live_worker_queues_the_purges_once_an_hour(database_queue):
    older = Heartbeat("older", queues="*", reclaim=True)
    newer = Heartbeat("newer", queues="*", reclaim=True)
    newer.started_at = older.started_at + timedelta(seconds=1)
    older.beat()
    newer.beat()
    queued = purges_queued()
    assert queued >= 4, "undo records, staged uploads, pictures, finished tasks"
    older.beat()
    newer.beat()
    assert purges_queued() == queued
    older.purged_at = timezone.now() - timedelta(hours=1, seconds=1)
    older.beat()
    assert purges_queued() == 2 * queued


def test_purge_deletes_only_what_has_expired(database_queue):
    journey_map, user = JourneyMapFactory(), UserFactory()
    long_ago = timezone.now() - timedelta(days=8)
    for expired in (True, False):
        item = DeletedItem.objects.create(map=journey_map, label="x", payload=[], deleted_by=user)
        upload = StagedUpload.objects.create(user=user, kind="json", file_name="m.json")
        picture = Picture.objects.create(map=journey_map, revision=1, format="png")
        task = DBTaskResult.objects.get(pk=sample_tasks.always_fails.enqueue("old").id)
        DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now())
        if expired:
            DeletedItem.objects.filter(pk=item.pk).update(deleted_at=long_ago)
            StagedUpload.objects.filter(pk=upload.pk).update(created_at=long_ago)
            Picture.objects.filter(pk=picture.pk).update(created_at=long_ago)
            DBTaskResult.objects.filter(pk=task.pk).update(finished_at=long_ago)
    call_command("purge", now=True, stdout=io.StringIO())
    assert [model.objects.count() for model in (DeletedItem, StagedUpload, Picture, DBTaskResult)] == [1, 1, 1, 1]
