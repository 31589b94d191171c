"""Every page carries the Content-Security-Policy, and none holds code or styles inline.

The policy allows scripts and styles from the app's own files only, so an inline <script>, a
<style> block, a style="" attribute, an onclick= handler or code htmx would evaluate (hx-on,
js: values, event filters) would be refused by the browser. The test walks the pages a map's
owner reaches by following links, from the map list down, and reads each one."""

import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from maps.models import JourneyMap
from review.sharing import share_link_create
from review.versions import version_create

DEMO_MAP = "Car buyer: from TV ad to recommendation"
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
# Downloads (exports, samples, figures' data) are files, not pages; logging out ends the walk.
NOT_PAGES = (".json", ".csv", ".xlsx", ".png", ".svg", ".pdf", ".html")
MOST_PAGES = 300


class InlineCode(HTMLParser):
    """Notes every place in a page where the browser would run or apply something inline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.links: list[str] = []
        self._script_with_src = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            self._script_with_src = "src" in values
            if not self._script_with_src:
                self.found.append("a <script> without src")
        if tag == "style":
            self.found.append("a <style> element")
        for name, value in values.items():
            if name == "style":
                self.found.append(f'style="{value}" on <{tag}>')
            elif name.startswith("on"):
                self.found.append(f"an {name}= handler on <{tag}>")
            elif name.startswith(("hx-on", "data-hx-on")):
                self.found.append(f"{name}= on <{tag}> (htmx evaluates it)")
            elif name in {"hx-vals", "hx-vars"} and value.lstrip().startswith(("js:", "javascript:")):
                self.found.append(f"{name}={value!r} on <{tag}> (htmx evaluates it)")
            elif name == "hx-trigger" and "[" in value:
                self.found.append(f"an event filter in hx-trigger={value!r} (htmx evaluates it)")
            elif name in {"href", "src", "action", "formaction"} and value.strip().lower().startswith("javascript:"):
                self.found.append(f"a javascript: address in {name}= on <{tag}>")
        for name in ("href", "hx-get"):
            if values.get(name):
                self.links.append(values[name])

    def handle_data(self, data: str) -> None:
        if self.lasttag == "script" and self._script_with_src and data.strip():
            self.found.append("a <script src> with code inside")


def inline_code(html: str) -> InlineCode:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser


def is_page(path: str, map_prefix: str) -> bool:
    if not path.startswith("/") or path.startswith(("//", "/static/", "/media/", "/admin/")):
        return False
    if path.endswith(NOT_PAGES) or path == reverse("logout"):
        return False
    # The other demo maps have the same pages as this one.
    return (
        not path.startswith("/maps/")
        or not path[len("/maps/") :].split("/")[0].isdigit()
        or path.startswith(map_prefix)
    )


def shape(address: str) -> str:
    """The page an address shows, whatever the item: the same form for each cell, one panel for
    every touchpoint's comments."""
    return re.sub(r"\d+", "#", address)


def walk(client: Client, start: str, map_prefix: str) -> dict[str, list[str]]:
    """A page of each kind reachable from `start` by following links and htmx's GETs: address -> problems."""
    seen: dict[str, list[str]] = {}
    shapes: set[str] = set()
    queue = deque([start])
    while queue and len(seen) < MOST_PAGES:
        address = queue.popleft()
        if shape(address) in shapes:
            continue
        shapes.add(shape(address))
        response = client.get(address)
        problems = []
        if response.get("Content-Security-Policy") != POLICY:
            problems.append(f"Content-Security-Policy is {response.get('Content-Security-Policy')!r}")
        seen[address] = problems
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = inline_code(response.content.decode())
        problems.extend(page.found)
        for link in page.links:
            link = urldefrag(link).url
            parts = urlsplit(link)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not parts.netloc and is_page(parts.path, map_prefix) and shape(path) not in shapes:
                queue.append(path)
    return seen


@pytest.fixture
def demo(db, tmp_path: Path) -> JourneyMap:
    """The demo maps, and on the car buyer's a version, a share link and an analysed log."""
    call_command("load_demo", stdout=StringIO())
    journey_map = JourneyMap.objects.get(title=DEMO_MAP)
    log = tmp_path / "interactions.csv"
    call_command("make_sample_interactions", map_id=journey_map.pk, customers=60, out=str(log), stderr=StringIO())
    # The sample writes one channel's name short, as another system might: no guess is made for it.
    call_command(
        "import_interactions", str(log), map_id=journey_map.pk, user="marketer", skip_unmatched=True, stdout=StringIO()
    )
    version_create(journey_map=journey_map, user=journey_map.owner, note="Before the workshop")
    return journey_map


def test_every_page_of_a_map_carries_the_policy_and_no_inline_code(demo):
    client = Client()
    client.force_login(demo.owner)
    pages = walk(client, reverse("maps:list"), map_prefix=f"/maps/{demo.pk}/")

    must_see = ["list", "detail", "swimlane", "analytics", "present", "import", "interactions", "comments"]
    must_see += ["versions", "activity", "share", "notifications"]
    for name in must_see:
        address = reverse(f"maps:{name}", args=[demo.pk] if name not in {"list", "notifications"} else [])
        assert address in pages, f"the walk never reached {name} ({address})"
    assert any(path.startswith(f"/maps/{demo.pk}/interactions/") and path[-2].isdigit() for path in pages)
    assert any("/edit/" in path for path in pages), "the walk reached no edit form"
    assert len(pages) > 40
    assert {address: problems for address, problems in pages.items() if problems} == {}


def test_the_pages_without_a_login_carry_the_policy_and_no_inline_code(demo):
    link = share_link_create(journey_map=demo, user=demo.owner)
    anonymous = Client()
    for address in (reverse("login"), reverse("maps:shared", args=[link.token])):
        response = anonymous.get(address)
        assert response.status_code == 200, address
        assert response["Content-Security-Policy"] == POLICY, address
        assert inline_code(response.content.decode()).found == [], address


def test_the_admin_carries_the_policy_and_no_inline_code(demo, admin_client):
    pages = {}
    addresses = ["/admin/", "/admin/personas/persona/", "/admin/touchpoints/channel/", "/admin/maps/journeymap/"]
    addresses += ["/admin/personas/persona/add/", f"/admin/maps/journeymap/{demo.pk}/change/"]
    for address in addresses:
        response = admin_client.get(address)
        assert response.status_code == 200, address
        assert response["Content-Security-Policy"] == POLICY, address
        pages[address] = inline_code(response.content.decode()).found
    assert {address: problems for address, problems in pages.items() if problems} == {}


def test_the_inspection_finds_each_kind_of_inline_code():
    html = """
        <script>alert(1)</script><script src="/static/a.js">alert(2)</script><style>p {}</style>
        <p style="color: red" onclick="go()">x</p><button hx-on:click="go()">y</button>
        <div hx-vals='js:{a: go()}' hx-trigger="stale[go()] from:body"></div><a href="javascript:go()">z</a>
    """
    found = inline_code(html).found
    assert len(found) == 9, found
    assert inline_code('<script src="/static/a.js"></script><svg><rect fill="#fff"/></svg>').found == []
