"""`manage.py worker` as a process of its own, on a database it shares with the test: the
file SQLite of a deployment, or a fresh PostgreSQL database when DATABASE_URL names one."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

pytestmark = pytest.mark.xdist_group("worker-processes")

ROOT = Path(__file__).resolve().parents[2]
# Heartbeats every half second: a killed worker counts as dead after three.
HEARTBEAT = "0.5"
ANALYSIS_TASK = "customer_data.tasks.analyse_interactions"
# Enough customers for an analysis of seconds, long enough to kill its worker half-way.
CUSTOMERS = 30_000


@dataclass
class Deployment:
    """A migrated database of its own, and the environment that points the app at it."""

    url: str
    env: dict[str, str]
    logs: Path
    workers: list[subprocess.Popen] = field(default_factory=list)

    def manage(self, *args: str, timeout: float = 180) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def scenario(self, call: str) -> dict[str, Any]:
        """Run a function of `tests.background.scenario` in the app; its last printed line is JSON."""
        out = self.manage("shell", "-c", f"from tests.background import scenario; scenario.{call}")
        return json.loads(out.strip().splitlines()[-1])

    def start_worker(self, name: str) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("w")
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--heartbeat", HEARTBEAT, "--interval", "0.2"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        return worker

    def rows(self, sql: str) -> list[tuple]:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(urlsplit(self.url).path, timeout=20) as connection:
                return connection.execute(sql).fetchall()
        with psycopg.connect(self.url, autocommit=True) as connection:
            return connection.execute(sql).fetchall()  # type: ignore[arg-type]

    def wait_until(self, what: str, check: Callable[[], bool], *, seconds: float, every: float = 0.05) -> None:
        deadline = time.monotonic() + seconds
        while not check():
            if time.monotonic() > deadline:
                logs = "\n".join(f"--- {path.name}\n{path.read_text()[-3000:]}" for path in self.logs.glob("*.log"))
                pytest.fail(f"Gave up waiting: {what}\n{logs}")
            time.sleep(every)

    def candidates(self, import_id: int) -> list[tuple]:
        """What each of the import's candidates is about: kind, stage, touchpoint, from, to."""
        rows = self.rows(
            "SELECT kind, stage_id, touchpoint_id, evidence FROM maps_painpointcandidate "
            f"WHERE interaction_import_id = {import_id}"
        )
        subjects = []
        for kind, stage, touchpoint, evidence in rows:
            evidence = json.loads(evidence) if isinstance(evidence, str) else evidence
            subjects.append((kind, stage, touchpoint, evidence.get("from"), evidence.get("to")))
        return subjects

    def import_state(self, import_id: int) -> tuple[str, int]:
        ((status, progress),) = self.rows(f"SELECT status, progress FROM maps_interactionimport WHERE id = {import_id}")
        return status, progress

    def analysis_tasks(self, import_id: int) -> list[tuple[str, list[str]]]:
        """The status and the workers of each queued analysis of the import."""
        rows = self.rows(
            "SELECT status, worker_ids, args_kwargs FROM django_tasks_database_dbtaskresult "
            f"WHERE task_path = '{ANALYSIS_TASK}'"
        )
        tasks = []
        for status, *values in rows:
            worker_ids, args_kwargs = (json.loads(value) if isinstance(value, str) else value for value in values)
            if args_kwargs["args"] == [import_id]:
                tasks.append((status, worker_ids))
        return tasks


def fresh_database(tmp: Path) -> Iterator[str]:
    """A new SQLite file, or a new database on the PostgreSQL server the tests run against."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp / 'db.sqlite3'}"
        return
    name = f"journeymap_worker_{uuid.uuid4().hex[:12]}"
    server = urlsplit(configured)
    admin = urlunsplit(server._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    try:
        yield urlunsplit(server._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    tmp = tmp_path_factory.mktemp("deployment")
    for url in fresh_database(tmp):
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DEBUG": "true",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("REDIS_URL", None)  # the database queue: the one a fresh machine has
        deployment = Deployment(url=url, env=env, logs=tmp)
        deployment.manage("migrate", "--noinput", "--verbosity", "0", timeout=600)
        try:
            yield deployment
        finally:
            for worker in deployment.workers:
                if worker.poll() is None:
                    worker.kill()
                worker.wait(10)


def test_a_worker_process_finishes_an_uploaded_logs_analysis_and_stops_cleanly(deployment):
    job = deployment.scenario("upload_small_log()")
    assert job["status"] == 302
    assert deployment.import_state(job["import"]) == ("reading", 0), "nothing analyses it but a worker"

    worker = deployment.start_worker("finishes")
    deployment.wait_until(
        "the worker analyses the upload",
        lambda: [status for status, _workers in deployment.analysis_tasks(job["import"])] == ["SUCCESSFUL"],
        seconds=90,
    )
    assert deployment.rows(
        f"SELECT status, progress, customer_count FROM maps_interactionimport WHERE id = {job['import']}"
    ) == [("done", 100, 3)]

    worker.send_signal(signal.SIGTERM)
    assert worker.wait(30) == 0
    assert deployment.rows("SELECT COUNT(*) FROM background_workerheartbeat") == [(0,)], "a clean stop says goodbye"


def test_a_job_whose_worker_was_killed_is_taken_up_by_the_next_worker_and_finishes_once(deployment):
    job = deployment.scenario(f"queue_large_log({CUSTOMERS})")
    first = deployment.start_worker("killed")
    deployment.wait_until(
        "the first worker starts the analysis",
        lambda: deployment.import_state(job["import"])[1] >= 5,
        seconds=90,
    )
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    status, progress = deployment.import_state(job["import"])
    assert status in ("reading", "analysing") and progress < 100, "killed half-way"
    [(task_status, first_workers)] = deployment.analysis_tasks(job["import"])
    assert task_status == "RUNNING" and len(first_workers) == 1, "left running by the dead worker"

    deployment.start_worker("next")
    deployment.wait_until(
        "the next worker finishes the analysis",
        lambda: [status for status, _workers in deployment.analysis_tasks(job["import"])] == ["SUCCESSFUL"],
        seconds=180,
        every=0.2,
    )
    [(_status, workers)] = deployment.analysis_tasks(job["import"])
    assert len(workers) == 2 and workers[0] == first_workers[0], "one task, taken up again by the next worker"
    assert deployment.rows(
        f"SELECT status, progress, customer_count FROM maps_interactionimport WHERE id = {job['import']}"
    ) == [("done", 100, CUSTOMERS)]
    candidates = deployment.candidates(job["import"])
    assert candidates and len(candidates) == len(set(candidates)), "each candidate once"
