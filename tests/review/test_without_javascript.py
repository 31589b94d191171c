"""The map page and its neighbours carry, in their first HTML, everything needed to review,
comment and see the swimlane with scripts turned off: plain forms and links, no placeholder
that only a script would fill."""

import re

import pytest
from django.urls import reverse

from maps.models import ReviewStatus
from review.sharing import share_link_create

pytestmark = pytest.mark.django_db


def map_page(cast, who: str) -> str:
    response = cast.client_for(who).get(cast.map.get_absolute_url())
    assert response.status_code == 200
    return response.text


def review_forms(html: str) -> set[str]:
    """The review steps the page offers as plain forms (a form posting to a review URL)."""
    return set(re.findall(r'<form class="review-step" method="post" action="/maps/\d+/review/([a-z-]+)/"', html))


def in_review(cast) -> None:
    cast.map.review_status = ReviewStatus.IN_REVIEW
    cast.map.save(update_fields=["review_status"])


@pytest.mark.parametrize(("who", "steps"), [("owner", {"submit"}), ("editor", {"submit"}), ("reviewer", set())])
def test_the_map_page_renders_the_submit_form_of_a_draft_for_editors_only(cast, who, steps):
    assert review_forms(map_page(cast, who)) == steps


@pytest.mark.parametrize(
    ("who", "steps"),
    [
        ("owner", {"request-changes", "approve"}),
        ("editor", {"approve"}),
        ("reviewer", {"request-changes", "approve"}),
        ("viewer", set()),
    ],
)
def test_the_map_page_renders_the_verdict_forms_of_a_map_in_review(cast, who, steps):
    in_review(cast)
    assert review_forms(map_page(cast, who)) == steps


def test_the_review_bar_does_not_wait_for_a_script_to_load_it(cast):
    html = map_page(cast, "editor")
    bar = re.search(r'<\w+ id="review-bar"[^>]*>', html)
    assert 'hx-trigger="review-stale from:body"' in bar.group(0)
    assert "csrfmiddlewaretoken" in html[bar.end() :].split("</form>")[0]


def test_a_reviewer_requests_changes_and_approves_with_a_note_by_plain_forms(cast):
    in_review(cast)
    reviewer = cast.client_for("reviewer")
    response = reviewer.post(reverse("maps:review-request-changes", args=[cast.map.pk]), {"note": "Add the phone lane"})
    assert response.status_code == 302 and response.url == cast.map.get_absolute_url()
    assert "Add the phone lane" in map_page(cast, "editor")

    cast.client_for("editor").post(reverse("maps:review-submit", args=[cast.map.pk]))
    reviewer.post(reverse("maps:review-approve", args=[cast.map.pk]), {"note": "Ready for the workshop"})
    cast.map.refresh_from_db()
    assert cast.map.review_status == ReviewStatus.APPROVED
    assert cast.map.review_note == "Ready for the workshop"
    assert "Ready for the workshop" in map_page(cast, "viewer")


@pytest.mark.parametrize("who", ["owner", "editor", "reviewer", "viewer"])
def test_the_comments_dock_links_to_the_comments_page_without_scripts(cast, who):
    html = map_page(cast, who)
    dock = html.split('<details class="comments-dock"')[1].split("</details>")[0]
    assert re.search(rf'<noscript><p><a href="/maps/{cast.map.pk}/comments/"', dock)
    assert 'class="muted needs-script"' in dock


def test_a_comment_badge_is_a_link_to_the_item_on_the_comments_page(board):
    touchpoint = board.touchpoints[0]
    html = map_page(board.cast, "reviewer")
    assert f'href="/maps/{board.cast.map.pk}/comments/?item=touchpoint:{touchpoint.pk}"' in html


def test_the_comments_page_offers_a_form_for_the_item_it_was_opened_on(board):
    touchpoint = board.touchpoints[0]
    page = board.cast.client_for("reviewer").get(
        reverse("maps:comments", args=[board.cast.map.pk]), {"item": f"touchpoint:{touchpoint.pk}"}
    )
    assert "<html" in page.text
    assert "Comment on this item" in page.text
    assert f'name="item" value="touchpoint:{touchpoint.pk}"' in page.text


def test_a_plain_comment_on_an_item_comes_back_to_its_threads(board):
    touchpoint = board.touchpoints[0]
    item = f"touchpoint:{touchpoint.pk}"
    client = board.cast.client_for("reviewer")
    response = client.post(
        reverse("maps:comment-new", args=[board.cast.map.pk]), {"body": "Which ad?", "item": item, "show": "open"}
    )
    assert response.status_code == 302
    page = client.get(response.url)
    assert "Which ad?" in page.text and "Resolve" in page.text and "Reply" in page.text


def test_a_viewer_reads_the_comments_page_without_a_form(board):
    page = board.cast.client_for("viewer").get(reverse("maps:comments", args=[board.cast.map.pk]))
    assert page.status_code == 200
    assert reverse("maps:comment-new", args=[board.cast.map.pk]) not in page.text


def test_the_swimlane_page_shows_the_picture_without_scripts(cast):
    html = cast.client_for("viewer").get(reverse("maps:swimlane", args=[cast.map.pk])).text
    noscript = html.split("<noscript>", 2)[2].split("</noscript>")[0]
    assert f'<img class="figure-picture" src="{reverse("maps:export", args=[cast.map.pk, "png"])}"' in noscript
    assert 'class="figure-frame needs-script' in html


def test_a_shared_link_does_not_point_to_a_picture_it_may_not_fetch(cast):
    link = share_link_create(journey_map=cast.map, user=cast.owner)
    html = cast.client_for("outsider").get(reverse("maps:shared", args=[link.token])).text
    assert "figure-picture" not in html
    assert "The interactive swimlane needs JavaScript." in html


def test_every_page_loads_the_no_script_styles_only_without_scripts(cast):
    html = map_page(cast, "viewer")
    assert re.search(r'<noscript><link rel="stylesheet" href="[^"]*no-script[^"]*\.css"></noscript>', html)
