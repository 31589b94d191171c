"""The grid's cards, cells and summary items are drawn in Python (maps/grid_pieces.py) from two
reads: the whole map (`map_grid`, counting in Python) and the few items a fragment refreshes
(annotated queries). Both must draw every piece the same way, for every role."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from journeymap.lib.queries import real_queries
from journeymap.lib.urls import PLACEHOLDERS, url_former
from maps.access import MapAccess
from maps.models import Comment, Role
from maps.selectors import grid_touchpoints
from review.comments import comment_create
from tests.conftest import HTMX, ROLES
from tests.factories import PersonaFactory

pytestmark = pytest.mark.django_db


def pieces_of(html: str, tag: str, id_prefix: str) -> dict[str, str]:
    """Each `<tag id="{id_prefix}N" …>…</tag>` of the page, by id (these pieces do not nest themselves)."""
    found = re.findall(rf'(<{tag}[^>]* id="({id_prefix}\d+)".*?</{tag}>)', html, flags=re.S)
    return {piece_id: without_oob(piece) for piece, piece_id in found}


def grid_of(page: str) -> str:
    return page[page.index('<table class="grid') : page.index("</table>")]


def without_oob(piece: str) -> str:
    return piece.replace(' hx-swap-oob="true"', "")


@pytest.fixture
def discussed(board):
    """The board with what cards show: a persona, links, comments (open, resolved, a reply)."""
    cast = board.cast
    persona = PersonaFactory(name="Olga <Owner>")
    cast.map.personas.add(persona)
    first, second, third = board.touchpoints
    first.persona = persona
    first.description = "Sees a banner & clicks " * 20
    first.csat, first.nps, first.is_micro_conversion = 84.6, -12, True
    first.save()
    first.next_touchpoints.add(second, third)
    thread = Comment.objects.create(map=cast.map, author=cast.owner, touchpoint=first, body="Why <b>two</b> links?")
    Comment.objects.create(map=cast.map, author=cast.reviewer, touchpoint=first, body="Newest “question”")
    Comment.objects.create(map=cast.map, author=cast.owner, touchpoint=first, parent=thread, body="A reply")
    Comment.objects.create(map=cast.map, author=cast.owner, pain_point=board.pain_point, body="Queue at noon")
    Comment.objects.create(map=cast.map, author=cast.owner, stage=board.stages[1], body="Stage note")
    resolved = Comment.objects.create(map=cast.map, author=cast.owner, opportunity=board.opportunity, body="Done")
    resolved.resolved_at = resolved.created_at
    resolved.save()
    return board


@pytest.mark.parametrize("role", ROLES)
def test_a_card_drawn_with_the_whole_grid_is_the_card_an_edit_answers_with(discussed, rf, role):
    board = discussed
    journey_map = board.cast.map
    page = board.cast.client_for(role).get(journey_map.get_absolute_url()).text
    on_page = pieces_of(page, "article", "touchpoint-")
    assert len(on_page) == 3
    assert 'data-testid="comment-badge"' in on_page[f"touchpoint-{board.touchpoints[0].pk}"]
    cards = grid_touchpoints(journey_map, [touchpoint.pk for touchpoint in board.touchpoints])
    context = {"map": journey_map, "access": MapAccess(journey_map, Role(role)), "cards": cards}
    fragment = render_to_string("maps/map_detail.html#cards-changed", context)
    assert pieces_of(fragment, "article", "touchpoint-") == on_page


def test_the_card_shows_its_counts_links_and_threads(discussed):
    board = discussed
    first, second, third = board.touchpoints
    page = board.cast.client_for("owner").get(board.cast.map.get_absolute_url()).text
    card = pieces_of(page, "article", "touchpoint-")[f"touchpoint-{first.pk}"]
    assert f'data-next="{" ".join(str(pk) for pk in sorted([second.pk, third.pk]))}"' in card
    assert "→ 2</span>" in card and "Leads to 2 touchpoints" in card
    assert "CSAT 85%" in card and "NPS -12" in card and "◎" in card
    # Two open threads (the reply is not one); the newest one's text in the badge's title, escaped.
    assert 'aria-label="2 open comments"' in card and 'title="Newest “question”"' in card
    assert "Olga &lt;Owner&gt;" in card and "<Owner>" not in card
    # The description is shortened to 160 characters in the card and 200 in its title.
    assert "Sees a banner &amp; clicks" in card and "…</p>" in card
    pain = pieces_of(page, "div", "pain-point-")[f"pain-point-{board.pain_point.pk}"]
    assert 'aria-label="1 open comment"' in pain and f"· {third.title}</span>" in pain
    # A resolved thread is no open thread: the reader may start one.
    opportunity = pieces_of(page, "div", "opportunity-")[f"opportunity-{board.opportunity.pk}"]
    assert "comment-badge--add" in opportunity and "Addresses: Long queue" in opportunity
    stage = pieces_of(page, "th", "stage-")[f"stage-{board.stages[1].pk}"]
    assert 'aria-label="1 open comment"' in stage


def test_read_only_readers_get_no_editing_tools(discussed):
    board = discussed
    viewer = grid_of(board.cast.client_for("viewer").get(board.cast.map.get_absolute_url()).text)
    assert "data-rename-url" not in viewer and "cell-add" not in viewer and "csrfmiddlewaretoken" not in viewer
    assert reverse("touchpoints:view", args=[board.cast.map.pk, board.touchpoints[0].pk]) in viewer
    owner = grid_of(board.cast.client_for("owner").get(board.cast.map.get_absolute_url()).text)
    # Four cells to add to; two stages with two moves each, two lanes with a move and a delete each.
    assert owner.count('class="cell-add"') == 4 and owner.count('name="csrfmiddlewaretoken"') == 2 * 2 + 2 * 2


def test_an_edited_summary_item_keeps_its_open_threads_on_its_badge(discussed):
    board = discussed
    pain_point = board.pain_point
    url = reverse("touchpoints:pain-point-edit", args=[board.cast.map.pk, pain_point.pk])
    data = {"title": "Long queue", "severity": 3, "cause": "service", "version": pain_point.version}
    answer = board.cast.client_for("owner").post(url, data, headers=HTMX)
    assert answer.status_code == 200
    assert 'aria-label="1 open comment"' in pieces_of(answer.text, "div", "pain-point-")[f"pain-point-{pain_point.pk}"]


def test_an_edit_keeps_within_eight_queries_whatever_the_card_s_links_and_persona(discussed, max_queries):
    board = discussed
    first = board.touchpoints[0]
    client = board.cast.client_for("owner")
    client.get("/")
    url = reverse("touchpoints:edit", args=[board.cast.map.pk, first.pk])
    links = [board.touchpoints[1].pk, board.touchpoints[2].pk]
    data = {"title": "Edited", "emotion": 1, "persona": first.persona_id, "next_touchpoints": links}
    with max_queries(8, info="an edit of a card with a persona and two links"):
        answer = client.post(url, data | {"version": first.version}, headers=HTMX)
    assert answer.status_code == 200 and "Edited" in answer.text
    # Changing its links costs one DELETE for those gone, and for new ones a check that they are
    # the map's and one INSERT: the same however many links change.
    version = first.version + 1
    costs = []
    for chosen in ([], links[:1], [], links):
        with max_queries(10, info=f"an edit that sets the links to {chosen}") as context:
            answer = client.post(url, data | {"version": version, "next_touchpoints": chosen}, headers=HTMX)
        assert answer.status_code == 200 and f'data-next="{" ".join(map(str, sorted(chosen)))}"' in answer.text
        assert sorted(first.next_touchpoints.values_list("pk", flat=True)) == sorted(chosen)
        costs.append(len(real_queries(context.captured_queries)))
        version += 1
    assert costs[1] == costs[3], "adding one link or two"
    assert costs[0] == costs[2], "dropping one link or two"


@pytest.mark.parametrize("ids", [(1,), (42,), (987654301,)])
def test_an_address_formed_from_its_pattern_is_the_one_reverse_gives(ids):
    former = url_former("touchpoints:edit", 7)
    assert former(*ids) == reverse("touchpoints:edit", args=[7, *ids])
    two = url_former("touchpoints:new", 7, free=2)
    assert two(3, ids[0]) == reverse("touchpoints:new", args=[7, 3, ids[0]])


def test_an_address_whose_fixed_part_holds_a_placeholder_is_reversed_each_time():
    former = url_former("touchpoints:edit", PLACEHOLDERS[0])
    assert former(5) == reverse("touchpoints:edit", args=[PLACEHOLDERS[0], 5])


def test_a_card_drawn_before_is_drawn_again_when_what_it_shows_changes(discussed):
    """Drawn cards are reused by what they show: a renamed persona, a new comment or an edit
    elsewhere on the map must show at once, with nothing to invalidate."""
    board = discussed
    first = board.touchpoints[0]
    client = board.cast.client_for("owner")

    def card() -> str:
        page = client.get(board.cast.map.get_absolute_url()).text
        return pieces_of(page, "article", "touchpoint-")[f"touchpoint-{first.pk}"]

    before = card()
    assert card() == before  # drawn once, then reused
    first.persona.name = "Olga Renamed"
    first.persona.save()
    comment_create(journey_map=board.cast.map, author=board.cast.owner, item=first, body="<script>x</script>")
    after = card()
    assert "Olga Renamed" in after and 'aria-label="3 open comments"' in after
    assert 'title="&lt;script&gt;x&lt;/script&gt;"' in after and "<script>x" not in after
    assert card() == after


def test_a_card_refreshed_alone_lists_its_links_in_id_order(board):
    """As the whole grid does: a fragment's card equals the page's, whatever order the links were made in."""
    first, second, third = board.touchpoints
    first.next_touchpoints.add(third)
    first.next_touchpoints.add(second)
    (card,) = grid_touchpoints(board.cast.map, [first.pk])
    assert card.next_ids == f"{second.pk} {third.pk}"
