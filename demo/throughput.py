"""One-card edit throughput under gunicorn, beside bare POSTs through the same server.

`make bench` asks how many one-card edits a second two gunicorn worker processes answer, as
a share of the bare POSTs a second the same server answers in the same run: the share is what
the edit path costs, whatever the machine and whatever else it is busy with. Beside them, the
least edit (demo/bench_urls.py) of the same cards gives the share no edit can pass. All are
driven by the same client threads, each on its own keep-alive connection, with the headers a browser's
htmx sends; each kind gets a warm-up that is not counted (templates compiled, connections
opened), and the kinds take turns so that a change in the machine's load meets both.

The server is `gunicorn` of this virtual environment with the project's gunicorn.conf.py
(gthread), on the database this process uses, serving demo.bench_urls (the app plus the views
it is measured beside) with DEBUG on; it is stopped before the figures are returned. Unlike production, its workers
are not renewed after a set number of requests: a renewal in a run of a few seconds would weigh
on one kind of request and not the other.
"""

import gzip
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings

if TYPE_CHECKING:
    from django.core.handlers.wsgi import WSGIHandler

    from maps.models import JourneyMap

BENCH_URLCONF = "demo.bench_urls"
ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 8  # as many as the server's threads (2 workers x 4): each keeps one busy
SECONDS = 4.0
WARM_UP_SECONDS = 1.0
ROUNDS = 2
STARTUP_SECONDS = 60.0
REQUEST_TIMEOUT = 60.0
HOST = "127.0.0.1"
OK = 200
NO_ANSWER = 0  # the connection broke before an answer came

type Address = tuple[str, int]
type Fields = dict[str, str | int | list[int]]


@dataclass(frozen=True)
class Throughput:
    """Requests a second of each kind, and the edits' answers other than 200 (none expected)."""

    edits_per_second: float
    bare_posts_per_second: float
    least_edits_per_second: float
    clients: int
    seconds: float
    refused: dict[int, int] = field(default_factory=dict)

    @property
    def share(self) -> float:
        return self.edits_per_second / self.bare_posts_per_second if self.bare_posts_per_second else 0.0

    @property
    def least_share(self) -> float:
        return self.least_edits_per_second / self.bare_posts_per_second if self.bare_posts_per_second else 0.0

    @property
    def note(self) -> str:
        refused = ", not done: " + ", ".join(f"{count} x {status}" for status, count in self.refused.items())
        return (
            f"edits/s beside bare POSTs/s: {self.share:.0%} of a bare POST; "
            f"{self.clients} clients, {self.seconds:g} s each{refused if self.refused else ''}"
        )

    @property
    def least_note(self) -> str:
        return (
            f"the least an edit must do, by hand in SQL (demo/bench_urls.py): {self.least_share:.0%} of a bare POST, "
            f"{self.least_edits_per_second / self.edits_per_second if self.edits_per_second else 0:.1f}x the app's edit"
        )


def bench_application() -> "WSGIHandler":
    """The app with the bench URL conf, for gunicorn (`demo.throughput:bench_application()`):
    the same settings, middleware and views as production, plus the bare POST to compare with."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journeymap.settings")
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    settings.ROOT_URLCONF = BENCH_URLCONF
    return application


def edit_throughput(
    journey_map: "JourneyMap",
    *,
    database_url: str | None = None,
    clients: int = CLIENTS,
    seconds: float = SECONDS,
    warm_up: float = WARM_UP_SECONDS,
    rounds: int = ROUNDS,
    workers: int = 2,
) -> Throughput:
    """Edits a second of `journey_map`'s cards by its owner, each client editing a card of its
    own with the version the previous answer gave back, beside bare POSTs a second and the
    least edits a second (demo/bench_urls.py) of the same cards, all under gunicorn. The
    server opens `database_url` (this process's DATABASE_URL when None), which must be the
    database this process writes to: the sessions are made here. Only 200 answers count as
    done."""
    refuse_private_database()
    targets = edit_targets(journey_map, clients)
    headers = [signed_in_headers(journey_map.owner) for _ in targets]
    bare_path = reverse_bench("bench-bare-post")
    with gunicorn_server(database_url, workers) as address:
        bare_posters = [BarePoster(Connection(address, own), bare_path) for own in headers]
        editors = [CardEditor(Connection(address, own), target) for own, target in zip(headers, targets, strict=True)]
        least_editors = [
            CardEditor(editor.connection, editor.target, address_name="bench-least-edit") for editor in editors
        ]
        bare, edits, least_edits = Tally(), Tally(), Tally()
        for _ in range(rounds):
            for tally, kind in ((bare, bare_posters), (edits, editors), (least_edits, least_editors)):
                drive(kind, warm_up / rounds)
                tally.add(drive(kind, seconds / rounds))
        for connection in [poster.connection for poster in bare_posters] + [editor.connection for editor in editors]:
            connection.close()
    for tally in (edits, least_edits):
        if not tally.statuses[OK]:
            raise RuntimeError(
                f"No edit was answered 200 (answers: {dict(tally.statuses)}): does the server see this database?"
            )
    return Throughput(
        edits_per_second=edits.per_second,
        bare_posts_per_second=bare.per_second,
        least_edits_per_second=least_edits.per_second,
        clients=len(targets),
        seconds=seconds,
        refused={status: count for status, count in edits.statuses.items() if status != OK},
    )


def refuse_private_database() -> None:
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabase

    database = connections[DEFAULT_DB_ALIAS]
    if isinstance(database, SQLiteDatabase) and database.is_in_memory_db():
        raise ValueError("The edit throughput needs a database gunicorn's processes can open too, not one in memory.")


@dataclass
class EditTarget:
    """A card one client edits, with what its form posts besides the title and emotion."""

    map_id: int
    touchpoint_id: int
    version: int
    persona_id: int | None
    links: list[int]

    def fields(self, number: int) -> Fields:
        return {
            "title": f"Edited in a throughput run, {number}",
            "emotion": number % 5 - 2,
            "version": self.version,
            "persona": self.persona_id or "",
            "next_touchpoints": self.links,
        }


def edit_targets(journey_map: "JourneyMap", clients: int) -> list[EditTarget]:
    """The map's first `clients` cards, one a client, so that no two clients race for one."""
    touchpoints = list(journey_map.touchpoints.order_by("pk").prefetch_related("next_touchpoints")[:clients])
    if len(touchpoints) < clients:
        raise ValueError(f"{clients} clients need as many touchpoints; the map has {len(touchpoints)}.")
    return [
        EditTarget(
            journey_map.pk,
            touchpoint.pk,
            touchpoint.version,
            touchpoint.persona_id,
            sorted(linked.pk for linked in touchpoint.next_touchpoints.all()),
        )
        for touchpoint in touchpoints
    ]


def signed_in_headers(user) -> dict[str, str]:
    """What a signed-in browser's htmx sends with a POST: a session of its own (saved in the
    database, as a log-in does), a CSRF cookie and the same token in the header."""
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.test import Client
    from django.utils.crypto import get_random_string

    browser = Client()
    browser.force_login(user)
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    token = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={token}",
        settings.CSRF_HEADER_NAME.removeprefix("HTTP_").replace("_", "-"): token,
        "HX-Request": "true",
        "Accept-Encoding": "gzip",
        "Content-Type": "application/x-www-form-urlencoded",
    }


def reverse_bench(name: str, *args: int) -> str:
    from django.urls import reverse

    return reverse(name, args=args, urlconf=BENCH_URLCONF)


class Connection:
    """One client's keep-alive connection; a connection the server closed is opened again."""

    def __init__(self, address: Address, headers: dict[str, str]) -> None:
        self.http = http.client.HTTPConnection(*address, timeout=REQUEST_TIMEOUT)
        self.headers = headers

    def post(self, path: str, fields: Fields) -> tuple[int, str]:
        body = urlencode(fields, doseq=True)
        for _attempt in range(2):
            try:
                self.http.request("POST", path, body, self.headers)
                response = self.http.getresponse()
                content = response.read()
            except (http.client.HTTPException, OSError):
                self.http.close()
                continue
            if response.getheader("Content-Encoding") == "gzip":
                content = gzip.decompress(content)
            return response.status, content.decode(errors="replace")
        return NO_ANSWER, ""

    def close(self) -> None:
        self.http.close()


@dataclass
class BarePoster:
    connection: Connection
    path: str

    def __call__(self) -> int:
        return self.connection.post(self.path, {"title": "Bare"})[0]


@dataclass
class CardEditor:
    """Saves its card again and again, as a person typing in its form would."""

    connection: Connection
    target: EditTarget
    address_name: str = "touchpoints:edit"
    saves: int = 0

    def __post_init__(self) -> None:
        self.path = reverse_bench(self.address_name, self.target.map_id, self.target.touchpoint_id)
        self.version_shown = re.compile(rf'id="touchpoint-{self.target.touchpoint_id}"[^>]*?data-version="(\d+)"')

    def __call__(self) -> int:
        self.saves += 1
        status, text = self.connection.post(self.path, self.target.fields(self.saves))
        if status == OK:
            shown = self.version_shown.search(text)
            self.target.version = int(shown.group(1)) if shown else self.target.version + 1
        else:  # refused: the next save starts from what is stored
            self.target.version = stored_version(self.target.touchpoint_id)
        return status


def stored_version(touchpoint_id: int) -> int:
    from django.db import connection

    from touchpoints.models import Touchpoint

    try:
        return Touchpoint.objects.values_list("version", flat=True).get(pk=touchpoint_id)
    finally:
        connection.close()  # this client thread's own connection


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    elapsed: float = 0.0

    def add(self, other: "Tally") -> None:
        self.statuses.update(other.statuses)
        self.elapsed += other.elapsed

    @property
    def per_second(self) -> float:
        return self.statuses[OK] / self.elapsed if self.elapsed else 0.0


def drive(clients: Sequence[Callable[[], int]], seconds: float) -> Tally:
    """Every client sends request after request on a thread of its own for `seconds`; the
    answers by status, over the time until the last one came back."""
    statuses: Counter[int] = Counter()
    failures: list[BaseException] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(client: Callable[[], int]) -> None:
        own: Counter[int] = Counter()
        try:
            while time.monotonic() < deadline:
                own[client()] += 1
        except BaseException as failure:  # re-raised in the calling thread below
            failures.append(failure)
        with lock:
            statuses.update(own)

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return Tally(statuses, time.monotonic() - started)


@contextmanager
def gunicorn_server(database_url: str | None, workers: int) -> Iterator[Address]:
    """gunicorn with the project's configuration and the bench URL conf, on a free loopback
    port, answering by the time this yields; stopped (with every worker) on leaving."""
    address = (HOST, free_port())
    environment = {
        **os.environ,
        "DEBUG": "true",
        # The key this process signs the sessions' user hashes with, whatever its source.
        "SECRET_KEY": settings.SECRET_KEY,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        **({"DATABASE_URL": database_url} if database_url else {}),
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        *("--config", str(ROOT / "gunicorn.conf.py")),
        *("--bind", f"{HOST}:{address[1]}", "--workers", str(workers), "--max-requests", "0"),
        f"{__name__}:bench_application()",
    ]
    with tempfile.TemporaryFile() as errors:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,
        )
        try:
            wait_until_answering(server, address, errors)
            yield address
        finally:
            stop(server)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_answering(server: subprocess.Popen, address: Address, errors: IO[bytes]) -> None:
    probe = Connection(address, {"Content-Type": "application/x-www-form-urlencoded"})
    path = reverse_bench("bench-bare-post")
    deadline = time.monotonic() + STARTUP_SECONDS
    try:
        while probe.post(path, {})[0] != OK:
            if server.poll() is not None or time.monotonic() > deadline:
                errors.seek(0)
                tail = errors.read().decode(errors="replace")[-2000:]
                raise RuntimeError(f"gunicorn did not answer on {address[0]}:{address[1]}:\n{tail}")
            time.sleep(0.2)
    finally:
        probe.close()


def stop(server: subprocess.Popen) -> None:
    """gunicorn's graceful stop (its workers finish the request in hand), then a hard one."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
