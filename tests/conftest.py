"""The shared cast: a map with an owner, an editor, a reviewer, a viewer and an outsider."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from demo.synthetic import seed_large_map
from journeymap.lib.queries import real_queries
from maps.models import JourneyMap, Role
from maps.selectors import GRIDS
from tests.factories import JourneyMapFactory, MapMemberFactory, UserFactory


@dataclass
class Cast:
    map: JourneyMap
    owner: object
    editor: object
    reviewer: object
    viewer: object
    outsider: object

    def client_for(self, who: str) -> Client:
        client = Client()
        client.force_login(getattr(self, who))
        return client


@pytest.fixture
def cast(db) -> Cast:
    journey_map = JourneyMapFactory(title="Car buyer")
    members = {
        role: MapMemberFactory(map=journey_map, role=role, user=UserFactory(username=role.value)).user
        for role in (Role.EDITOR, Role.REVIEWER, Role.VIEWER)
    }
    return Cast(
        map=journey_map,
        owner=journey_map.owner,
        editor=members[Role.EDITOR],
        reviewer=members[Role.REVIEWER],
        viewer=members[Role.VIEWER],
        outsider=UserFactory(username="outsider"),
    )


ROLES = ["owner", "editor", "reviewer", "viewer"]
EDITORS = ["owner", "editor"]
READ_ONLY = ["reviewer", "viewer"]
HTMX = {"HX-Request": "true"}


@dataclass
class Board:
    """A small filled map: two stages, two lanes, three touchpoints, a pain point, an opportunity."""

    cast: Cast
    stages: list
    lanes: list
    touchpoints: list
    pain_point: object
    opportunity: object


@pytest.fixture
def board(cast) -> Board:
    from tests.factories import LaneFactory, OpportunityFactory, PainPointFactory, StageFactory, TouchpointFactory

    stages = [StageFactory(map=cast.map, name=name, position=i) for i, name in enumerate(["Awareness", "Purchase"])]
    lanes = [LaneFactory(map=cast.map, position=i, channel__name=name) for i, name in enumerate(["Web shop", "Store"])]
    touchpoints = [
        TouchpointFactory(stage=stages[0], lane=lanes[0], position=0, title="Sees an ad"),
        TouchpointFactory(stage=stages[0], lane=lanes[0], position=1, title="Reads reviews"),
        TouchpointFactory(stage=stages[1], lane=lanes[1], position=0, title="Pays at the till"),
    ]
    pain_point = PainPointFactory(stage=stages[1], touchpoint=touchpoints[2], title="Long queue")
    opportunity = OpportunityFactory(stage=stages[1], title="Self-checkout")
    opportunity.pain_points.add(pain_point)
    return Board(cast, stages, lanes, touchpoints, pain_point, opportunity)


@pytest.fixture
def library(transactional_db) -> None:
    """The channel library and the templates come from a data migration. A transactional
    test empties every table when it ends, so transactional tests put them back first."""
    from django.apps import apps

    import_module("maps.migrations.0003_library").create_library(apps, None)


@pytest.fixture
def max_queries():
    """Like django_assert_max_num_queries, counting only `real_queries` (no BEGIN, COMMIT, SAVEPOINT)."""

    @contextmanager
    def check(limit: int, info: str = ""):
        with CaptureQueriesContext(connection) as context:
            yield context
        queries = real_queries(context.captured_queries)
        assert len(queries) <= limit, f"{info}: {len(queries)} queries, more than {limit}:\n" + "\n".join(queries)

    return check


@pytest.fixture(scope="session", autouse=True)
def cache_in_memory() -> Iterator[None]:
    """The tests keep the cache in their own process's memory, not in the database table
    a server uses: a test needs no database for it, and nothing outlives the run."""
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    with override_settings(CACHES=locmem):
        yield


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Every test starts with an empty cache and no grid remembered: ids are reused between tests."""
    cache.clear()
    GRIDS.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings) -> None:
    """Queued tasks run as they are queued, in the test's own transaction. The tests of the
    queue itself (tests/background/) put the database queue and real workers back."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": settings.TASK_QUEUES}
    }


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[str]:
    """A Redis server of the test process's own, on a free loopback port, gone at the end of
    the run: nothing else (another test process, another checkout's run) shares its keys."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    workdir: Path = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workdir],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"redis-server did not start on port {port}")
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


# The size `make bench` measures: big enough that a query per item would show.
BENCHMARK_SIZE = {"stages": 20, "lanes": 12, "touchpoints": 1000, "pain_points": 200, "opportunities": 200}


@pytest.fixture(scope="module")
def benchmark_map(django_db_setup, django_db_blocker) -> Iterator[JourneyMap]:
    """The benchmark-sized map, built once for a whole test module. As with Django's
    `setUpTestData`, the module runs in one transaction that is rolled back at its end,
    and each test in a savepoint inside it, so no test sees another's changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        journey_map = seed_large_map(**BENCHMARK_SIZE, seed=1, owner=UserFactory())
        yield journey_map
        transaction.set_rollback(True)


@pytest.fixture
def large(benchmark_map: JourneyMap, db, client: Client) -> tuple[JourneyMap, Client]:
    """The benchmark map, fresh from the database, and its owner's client."""
    benchmark_map.refresh_from_db()
    client.force_login(benchmark_map.owner)
    client.get("/")  # a first request settles the session, so the budgets count the page alone
    return benchmark_map, client


def fresh_python(script: str) -> str:
    """What `script` prints, run by this interpreter in a new process with the app's settings."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "journeymap.settings", "DEBUG": "true"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        env=environment,
        check=True,
    )
    return done.stdout
