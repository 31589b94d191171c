"""The main pages are valid HTML, as the Nu Html Checker (vnu) reads them: browsers forgive
a form inside a span or a repeated id, assistive technology does not.

htmx's attributes (`hx-get`, `hx-target` ...) are not in the HTML standard: the checker's
messages about them are the only ones set aside."""

import json
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.main_pages import filled_demo_map, main_pages

VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def checker_errors(documents: dict[str, Path]) -> dict[str, list[str]]:
    """The checker's errors for each document, read in one run (the JVM starts slowly)."""
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run scripts/install-checkers (make test does).")
    names = {f"file:{path.resolve()}": name for name, path in documents.items()}
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", *map(str, documents.values())],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors: dict[str, list[str]] = {name: [] for name in documents}
    for message in json.loads(run.stdout)["messages"]:
        if message["type"] == "info" or "“hx-" in message.get("message", ""):
            continue
        name = names.get(message.get("url", ""), message.get("url", "?"))
        where = f"line {message['lastLine']}" if "lastLine" in message else "the document"
        snippet = message.get("extract", "").strip().replace("\n", " ")
        errors.setdefault(name, []).append(f"{where}: {message['message']} [{snippet}]")
    return errors


def test_the_main_pages_are_valid_html(db, tmp_path):
    journey_map = filled_demo_map(tmp_path)
    owner, anonymous = Client(), Client()
    owner.force_login(journey_map.owner)
    documents, unread = {}, {}
    for page in main_pages(journey_map):
        response = (owner if page.logged_in else anonymous).get(page.address)
        if response.status_code != 200:
            unread[page.name] = [f"{page.address} answered {response.status_code}"]
            continue
        documents[page.name] = tmp_path / f"{page.name}.html"
        documents[page.name].write_bytes(response.content)

    errors = unread | checker_errors(documents)

    found = [f"{name}: {line}" for name, lines in errors.items() for line in lines]
    assert not found, f"{len(found)} errors:\n" + "\n".join(found)


def test_the_check_finds_what_it_looks_for(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<span><form action="/"></form></span><p id="a" hx-get="/x"></p><p id="a"></p>'
        '<span aria-label="x">y</span><time datetime="2026-11-30T09:18:02.123456+00:00">now</time></body></html>'
    )

    found = checker_errors({"broken": page})["broken"]

    assert len(found) == 4, found
    assert not any("hx-get" in line for line in found)
