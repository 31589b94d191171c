"""The grid read once per map state (`remembered_grid`): a reload reads no item again, and
whatever changes what the grid shows — an edit in the editor, a comment, the admin, a
persona or channel of the library — shows on the next load."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maps import selectors
from maps.models import JourneyMap, ReviewStatus
from maps.selectors import GRIDS, remembered_grid
from review.comments import comment_create
from tests.conftest import HTMX
from tests.factories import JourneyMapFactory, PersonaFactory, UserFactory
from touchpoints.models import Touchpoint


def item_reads(client: Client, url: str) -> list[str]:
    """The queries of one load that read touchpoints, pain points or opportunities."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    tables = ('FROM "touchpoints_touchpoint"', 'FROM "touchpoints_painpoint"', 'FROM "touchpoints_opportunity"')
    return [query["sql"] for query in captured.captured_queries if any(table in query["sql"] for table in tables)]


def test_a_reload_reads_no_item_again_and_an_edit_reads_them_once(board):
    client = board.cast.client_for("editor")
    url = board.cast.map.get_absolute_url()
    assert item_reads(client, url)
    assert item_reads(client, url) == []
    assert item_reads(board.cast.client_for("viewer"), url) == []  # shared by every reader

    touchpoint = board.touchpoints[0]
    edit = reverse("touchpoints:edit", args=[board.cast.map.pk, touchpoint.pk])
    data = {"title": "Sees a <billboard>", "emotion": 1, "version": touchpoint.version}
    assert client.post(edit, data, headers=HTMX).status_code == 200
    assert item_reads(client, url)
    page = client.get(url).text
    assert "Sees a &lt;billboard&gt;" in page and "Sees an ad" not in page


def test_a_change_to_the_grid_s_shape_answers_with_the_grid_after_it(board):
    """The answer is drawn in the request that wrote, from a map read before the write."""
    client = board.cast.client_for("editor")
    assert "Loyalty" not in client.get(board.cast.map.get_absolute_url()).text
    answer = client.post(reverse("maps:stage-new", args=[board.cast.map.pk]), {"name": "Loyalty"}, headers=HTMX)
    assert answer.status_code == 200
    assert 'class="stage-name"' in answer.text and "Loyalty" in answer.text
    assert "Loyalty" in client.get(board.cast.map.get_absolute_url()).text


def test_a_new_comment_shows_on_the_next_load(board):
    client = board.cast.client_for("owner")
    url = board.cast.map.get_absolute_url()
    assert 'aria-label="1 open comment"' not in client.get(url).text
    comment_create(journey_map=board.cast.map, author=board.cast.reviewer, item=board.touchpoints[0], body="Why?")
    assert 'aria-label="1 open comment"' in client.get(url).text


def test_a_persona_or_channel_renamed_in_the_library_shows_on_the_next_load(board):
    client = board.cast.client_for("owner")
    url = board.cast.map.get_absolute_url()
    persona = PersonaFactory(name="Olga")
    board.cast.map.personas.add(persona)
    Touchpoint.objects.filter(pk=board.touchpoints[0].pk).update(persona=persona)
    board.cast.map.save()
    assert "Olga" in client.get(url).text
    persona.name = "Olga <Renamed>"
    persona.save()
    channel = board.lanes[0].channel
    channel.name = "Online shop"
    channel.save()
    page = client.get(url).text
    assert "Olga &lt;Renamed&gt;" in page and "Online shop" in page
    persona.delete()
    assert "Olga" not in client.get(url).text


class AdminForm(HTMLParser):
    """The fields of an admin change form, as a browser would send them unchanged."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.select: str | None = None
        self.textarea: str | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs) -> None:
        found = dict(attrs)
        name = found.get("name")
        if tag == "input" and name and found.get("type") not in {"submit", "button", "file"}:
            if found.get("type") not in {"checkbox", "radio"} or "checked" in found:
                self.data.setdefault(name, []).append(found.get("value") or "")
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in found:
            self.data[self.select].append(found.get("value") or "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.data[self.textarea] = [self.data[self.textarea][0] + data.removeprefix("\n")]


def test_a_map_saved_in_the_admin_moves_on_and_stays_approved(board):
    journey_map = board.cast.map
    JourneyMap.objects.filter(pk=journey_map.pk).update(review_status=ReviewStatus.APPROVED)
    client = board.cast.client_for("owner")
    assert "Awareness" in client.get(journey_map.get_absolute_url()).text
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:maps_journeymap_change", args=[journey_map.pk])
    data = AdminForm(staff.get(url).text).data
    stage_name = next(name for name, values in data.items() if values == ["Awareness"])
    data[stage_name] = ["Discovery"]
    answer = staff.post(url, data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    saved = JourneyMap.objects.get(pk=journey_map.pk)
    assert saved.review_status == ReviewStatus.APPROVED and saved.revision > journey_map.revision
    page = client.get(journey_map.get_absolute_url()).text
    assert "Discovery" in page and "Awareness" not in page


def test_a_touchpoint_changed_in_the_admin_shows_on_the_next_load(board):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = board.cast.client_for("owner")
    url = board.cast.map.get_absolute_url()
    assert "Sees an ad" in client.get(url).text
    touchpoint = board.touchpoints[0]
    staff = Client()
    staff.force_login(admin)
    data = {key: value for key, value in model_to_dict(touchpoint).items() if value is not None}
    data["next_touchpoints"] = ",".join(str(other.pk) for other in data.get("next_touchpoints", []))
    data["title"] = "Changed by an administrator"
    answer = staff.post(reverse("admin:touchpoints_touchpoint_change", args=[touchpoint.pk]), data)
    assert answer.status_code == 302, answer.content
    assert "Changed by an administrator" in client.get(url).text
    staff.post(reverse("admin:touchpoints_touchpoint_delete", args=[touchpoint.pk]), {"post": "yes"})
    assert "Changed by an administrator" not in client.get(url).text


@pytest.mark.django_db
def test_only_the_last_grids_are_kept(monkeypatch):
    monkeypatch.setattr(selectors, "GRIDS_KEPT", 2)
    owner = UserFactory()
    maps = [JourneyMapFactory(owner=owner) for _ in range(3)]
    for journey_map in maps:
        remembered_grid(JourneyMap.objects.get(pk=journey_map.pk))
    assert list(GRIDS) == [(maps[1].pk, None), (maps[2].pk, None)]
