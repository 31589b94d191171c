"""Several app servers and a worker as separate processes, on a PostgreSQL database of
their own (the servers cannot see the test's transaction), on loopback ports."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from redis import Redis

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def database_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Deployment:
    """What a team runs: the environment every process shares, app servers and workers."""

    env: dict[str, str]
    log_dir: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def sql(self, query: str) -> str:
        """One value, read straight from the database (quicker than a Django shell)."""
        done = subprocess.run(
            ["psql", self.env["DATABASE_URL"], "-tAc", query], capture_output=True, text=True, timeout=30
        )
        return done.stdout.strip()

    def start(self, name: str, command: list[str]) -> None:
        log = (self.log_dir / f"{name}.log").open("a")
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def start_app_server(self, name: str) -> str:
        port = self.ports.setdefault(name, free_port())
        self.start(name, [PYTHON, "-m", "gunicorn", "journeymap.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"])
        url = f"http://127.0.0.1:{port}"
        wait_until_answering(url + "/healthz")
        return url

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.kill(name)


def wait_until_answering(url: str, seconds: float = 30) -> None:
    from urllib.request import urlopen

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


@pytest.fixture
def deployment(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Deployment]:
    url = database_url()
    if url is None:
        pytest.skip("runs on PostgreSQL (set DATABASE_URL), as CI does")
    parts = urlsplit(url)
    name = f"journeymap_scaleout_{uuid.uuid4().hex[:8]}"
    own = urlunsplit(parts._replace(path=f"/{name}"))
    admin = urlunsplit(parts._replace(path="/postgres"))
    env = {
        **os.environ,
        "DATABASE_URL": own,
        "DEBUG": "false",
        "SECRET_KEY": "scale-out-test-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "WEB_CONCURRENCY": "2",
    }
    if shutil.which("redis-server"):  # the cache and the queue in Redis, as a team runs it
        env["REDIS_URL"] = request.getfixturevalue("redis_server")
    psql = ["psql", admin, "-q", "-c"]
    subprocess.run([*psql, f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
    running = Deployment(env=env, log_dir=tmp_path)
    try:
        running.manage("migrate", "--noinput")
        running.manage("collectstatic", "--noinput", "--verbosity", "0")
        yield running
    finally:
        running.stop_all()
        subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], capture_output=True)
        if "REDIS_URL" in env:
            Redis.from_url(env["REDIS_URL"]).flushdb()
