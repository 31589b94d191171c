"""Two app servers and a worker on one PostgreSQL (and Redis where it runs): 16 people edit
one map through both servers while one server is killed and restarted and the worker is
killed in the middle of an analysis. Nothing acknowledged may be lost.

The figures (requests per second, latency percentiles) are written to
artifacts/scaleout.json and printed."""

import json
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from http.client import HTTPException
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

from tests.scaleout.conftest import ROOT, Deployment

pytestmark = pytest.mark.scaleout

CLIENTS = 16
SECONDS = 30
PASSWORD = "scale-out-password"
WORKER = ["manage.py", "worker"]
SETUP = f"""
from django.contrib.auth.models import User
from maps.models import MapMember, Role
from demo.synthetic import seed_large_map
owner = User.objects.create_user("owner", password="{PASSWORD}")
journey_map = seed_large_map(stages=4, lanes=4, touchpoints={CLIENTS}, pain_points=0, opportunities=0, seed=1, owner=owner)
for number in range({CLIENTS}):
    user = User.objects.create_user(f"editor{{number}}", password="{PASSWORD}")
    MapMember.objects.create(map=journey_map, user=user, role=Role.EDITOR)
print(journey_map.pk, *journey_map.touchpoints.order_by("pk").values_list("pk", flat=True))
"""
VERSION = re.compile(r'name="version" value="(\d+)"')


@dataclass
class Editor:
    """One person editing their own card, through whichever server answers."""

    username: str
    servers: list[str]
    map_id: int
    touchpoint_id: int
    jar: CookieJar = field(default_factory=CookieJar)
    acknowledged: list[str] = field(default_factory=list)
    unknown: int = 0  # writes whose answer was lost with a killed server
    latencies: list[float] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    connection_errors: int = 0

    def __post_init__(self) -> None:
        self.opener = build_opener(HTTPCookieProcessor(self.jar))

    def request(self, server: str, path: str, data: dict | None = None) -> tuple[int, str]:
        token = next((cookie.value for cookie in self.jar if cookie.name == "csrftoken"), "")
        headers = {"HX-Request": "true", "X-CSRFToken": token, "Referer": server + "/"}
        body = urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(Request(server + path, data=body, headers=headers), timeout=20) as response:
                status, text = response.status, response.read().decode()
        except HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        self.latencies.append(time.perf_counter() - started)
        if status >= 500:
            self.server_errors.append(f"{status} {path}")
        return status, text

    def log_in(self) -> None:
        server = self.servers[0]
        self.request(server, "/login/")
        status, _ = self.request(server, "/login/", {"username": self.username, "password": PASSWORD})
        assert status in (200, 302)

    def current_version(self, server: str) -> int:
        status, text = self.request(server, f"/maps/{self.map_id}/touchpoints/{self.touchpoint_id}/edit/")
        assert status == 200, status
        return int(VERSION.search(text).group(1))

    def work(self, until: float) -> None:
        version, number = None, 0
        while time.monotonic() < until:
            server = self.servers[number % len(self.servers)]
            number += 1
            title = f"{self.username} edit {number}"
            try:
                if version is None:
                    version = self.current_version(server)
                status, _ = self.request(
                    server,
                    f"/maps/{self.map_id}/touchpoints/{self.touchpoint_id}/edit/",
                    {"title": title, "emotion": number % 5 - 2, "version": version},
                )
            # A server killed mid-answer: no answer, or only part of one (its headers were sent).
            except (URLError, ConnectionError, TimeoutError, HTTPException):
                self.connection_errors += 1
                if version is not None:
                    self.unknown += 1  # it may or may not have been written
                version = None
                continue
            if status == 200:
                self.acknowledged.append(title)
                version += 1
            else:
                version = None  # refused as stale after a lost answer: read the version again


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def test_no_acknowledged_write_is_lost_when_a_server_and_the_worker_die(deployment: Deployment, tmp_path: Path):
    map_id, *touchpoints = (int(word) for word in deployment.manage("shell", "-c", SETUP).splitlines()[-1].split())
    servers = [deployment.start_app_server("app-a"), deployment.start_app_server("app-b")]
    deployment.start("worker", [*WORKER_COMMAND()])
    log = tmp_path / "log.csv"
    deployment.manage("make_sample_interactions", "--map", str(map_id), "--customers", "100000", "--out", str(log))

    editors = [
        Editor(f"editor{number}", servers[number % 2 :] + servers[: number % 2], map_id, touchpoint)
        for number, touchpoint in enumerate(touchpoints)
    ]
    for editor in editors:
        editor.log_in()
    until = time.monotonic() + SECONDS
    threads = [threading.Thread(target=editor.work, args=(until,)) for editor in editors]
    started = time.monotonic()
    for thread in threads:
        thread.start()

    def restart_a_server() -> None:
        time.sleep(SECONDS / 3)
        deployment.kill("app-a")
        time.sleep(5)
        deployment.start_app_server("app-a")

    chaos = threading.Thread(target=restart_a_server)
    chaos.start()
    job_id = int(deployment.manage("shell", "-c", ANALYSIS_START.format(map_id=map_id, path=log)).splitlines()[-1])
    wait_for_status(deployment, job_id, {"needs_mapping", "analysing", "done"})
    deployment.manage("shell", "-c", ANALYSIS_CONFIRM.format(job_id=job_id))
    wait_until_claimed(deployment, job_id)
    deployment.kill("worker")
    deployment.start("worker", [*WORKER_COMMAND()])
    chaos.join()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    wait_for_status(deployment, job_id, {"done"}, seconds=180)

    final = json.loads(
        deployment.manage("shell", "-c", FINAL_STATE.format(map_id=map_id, job_id=job_id)).splitlines()[-1]
    )
    for editor in editors:
        stored = final["touchpoints"][str(editor.touchpoint_id)]
        assert editor.acknowledged, editor.username
        assert stored["title"] == editor.acknowledged[-1] or editor.unknown
        assert len(editor.acknowledged) <= stored["version"] - 1 <= len(editor.acknowledged) + editor.unknown
        assert editor.server_errors == []
    assert sum(editor.connection_errors for editor in editors) > 0  # the killed server was being used
    assert final["job"]["status"] == "done" and final["job"]["analyses"] == 1
    assert len(final["job"]["candidates"]) == len(set(final["job"]["candidates"]))

    latencies = [latency for editor in editors for latency in editor.latencies]
    figures = {
        "clients": CLIENTS,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "acknowledged_writes": sum(len(editor.acknowledged) for editor in editors),
        "connection_errors": sum(editor.connection_errors for editor in editors),
        "unknown_writes": sum(editor.unknown for editor in editors),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
    }
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "scaleout.json").write_text(json.dumps(figures, indent=2))
    print("scale-out:", json.dumps(figures))


def WORKER_COMMAND() -> list[str]:
    from tests.scaleout.conftest import PYTHON

    return [PYTHON, *WORKER]


ANALYSIS_START = """
from pathlib import Path
from django.contrib.auth.models import User
from customer_data.services import interaction_import_create
from maps.models import JourneyMap
job = interaction_import_create(
    journey_map=JourneyMap.objects.get(pk={map_id}), user=User.objects.get(username="owner"),
    file_name="log.csv", content=Path("{path}").read_bytes(),
)
print(job.pk)
"""
ANALYSIS_CONFIRM = """
from customer_data.models import InteractionImport
from customer_data.services import mapping_confirm
job = InteractionImport.objects.get(pk={job_id})
if job.status == "needs_mapping":
    mapping_confirm(job=job, mapping=job.mapping)
"""
FINAL_STATE = """
import json
from customer_data.models import InteractionImport
from touchpoints.models import Touchpoint
job = InteractionImport.objects.get(pk={job_id})
print(json.dumps({{
    "touchpoints": {{str(pk): {{"title": title, "version": version}} for pk, title, version in
        Touchpoint.objects.filter(map_id={map_id}).values_list("pk", "title", "version")}},
    "job": {{"status": job.status, "analyses": job.results.get("runs", 1) if job.results else 0,
             "candidates": [str(c.kind) + str(c.stage_id) + str(c.touchpoint_id) for c in job.candidates.all()]}},
}}))
"""


def wait_for_status(deployment: Deployment, job_id: int, statuses: set[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    query = f"SELECT status FROM maps_interactionimport WHERE id = {job_id}"
    while (status := deployment.sql(query)) not in statuses:
        assert time.monotonic() < deadline, f"job {job_id} still {status}"
        time.sleep(0.05)


def wait_until_claimed(deployment: Deployment, job_id: int, seconds: float = 60) -> None:
    """Until a worker has started on the analysis (its message changes from the queued one)."""
    deadline = time.monotonic() + seconds
    query = f"SELECT status || ' ' || progress FROM maps_interactionimport WHERE id = {job_id}"
    while (state := deployment.sql(query)).startswith("analysing 0"):
        assert time.monotonic() < deadline, f"job {job_id} still {state}"
        time.sleep(0.02)
