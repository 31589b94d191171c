"""The edit throughput measure, end to end: gunicorn on a copy of a tiny map's database,
real client threads, real edits. Short runs: the figures only have to exist, not be fast."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from demo.synthetic import seed_large_map
from demo.throughput import Throughput
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 2
MEASURE = f"""
import json
from demo.throughput import edit_throughput
from maps.models import JourneyMap
measured = edit_throughput(JourneyMap.objects.get(pk={{map_id}}), clients={CLIENTS}, seconds=0.6, warm_up=0.2, rounds=1)
print(json.dumps(measured.__dict__))
"""


def copy_of_the_database(path: Path) -> str:
    """The test database, committed rows and all, as a file another process can open."""
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{path}"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="measured on SQLite, as `make bench` does")
def test_it_measures_edits_and_bare_posts_under_gunicorn(library, tmp_path):
    journey_map = seed_large_map(
        stages=2, lanes=2, touchpoints=4, pain_points=0, opportunities=0, seed=1, owner=UserFactory()
    )
    database = tmp_path / "throughput.sqlite3"
    database_url = copy_of_the_database(database)

    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", MEASURE.format(map_id=journey_map.pk)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stderr
    measured = Throughput(**json.loads(done.stdout.strip().splitlines()[-1]))
    assert measured.edits_per_second > 0
    assert measured.bare_posts_per_second > 0
    assert measured.least_edits_per_second > 0
    assert measured.refused == {}
    assert measured.clients == CLIENTS
    with sqlite3.connect(database) as stored:
        rows = stored.execute(
            "SELECT title, version FROM touchpoints_touchpoint WHERE map_id = ? ORDER BY id", [journey_map.pk]
        ).fetchall()
    stored.close()
    edited, untouched = rows[:CLIENTS], rows[CLIENTS:]
    assert all(title.startswith("Edited in a throughput run") and version > 1 for title, version in edited)
    assert all(not title.startswith("Edited in a throughput run") for title, _ in untouched)


def test_the_note_gives_the_share_of_a_bare_post_and_what_was_not_done():
    measured = Throughput(
        edits_per_second=50,
        bare_posts_per_second=200,
        least_edits_per_second=100,
        clients=8,
        seconds=4,
        refused={409: 3},
    )
    assert measured.share == 0.25
    assert "25% of a bare POST" in measured.note
    assert "3 x 409" in measured.note
    assert "50% of a bare POST, 2.0x the app's edit" in measured.least_note
