"""The step-through presentation: a slide per stage, between an overview and the action plan."""

import pytest
from django.urls import reverse

from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


def present_url(journey_map, **query) -> str:
    address = reverse("maps:present", args=[journey_map.pk])
    return address + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def shown_slide(html: str) -> list[str]:
    """The ids of the slides the page shows (the others carry `hidden`)."""
    import re

    return [
        match.group(1)
        for match in re.finditer(r'<section class="slide[^"]*" id="(slide-\d+)"([^>]*)>', html)
        if " hidden" not in match.group(2)
    ]


@pytest.mark.parametrize("who", ROLES)
def test_everyone_on_the_map_may_present_it(journey, who):
    response = journey.cast.client_for(who).get(present_url(journey.map))
    assert response.status_code == 200
    assert "js/present.js" in response.text


def test_an_outsider_gets_not_found(journey):
    assert journey.cast.client_for("outsider").get(present_url(journey.map)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(journey, client):
    response = client.get(present_url(journey.map))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_opens_on_the_overview_with_the_personas_and_the_stages(journey):
    html = journey.cast.client_for("viewer").get(present_url(journey.map)).text
    assert shown_slide(html) == ["slide-0"]
    assert "Андрей" in html and "Хочу понять полную стоимость владения заранее." in html
    for number, stage in enumerate(journey.stages, 1):
        assert f'href="?stage={number}" data-slide-to="{number}">{stage.name}</a>' in html


def test_each_stage_is_a_page_of_its_own_with_previous_and_next_links(journey):
    client = journey.cast.client_for("viewer")
    html = client.get(present_url(journey.map, stage=2)).text
    assert shown_slide(html) == ["slide-2"]
    assert 'rel="prev" data-slide-link="prev" href="?stage=1"' in html
    assert 'rel="next" data-slide-link="next" href="?stage=3"' in html
    assert "3 of 5" in html


def test_a_stage_slide_shows_its_touchpoints_by_channel_with_emotions_pain_points_and_opportunities(journey):
    html = journey.cast.client_for("viewer").get(present_url(journey.map, stage=2)).text
    slide = html.split('id="slide-2"')[1].split('id="slide-3"')[0]
    assert journey.touchpoints[2].title in slide and journey.touchpoints[3].title in slide
    assert "🌐" in slide and "Сайт" in slide and "经销商" in slide
    assert 'aria-label="Very positive"' in slide  # the face of the second touchpoint
    assert "Долгое ожидание ответа" in slide
    assert "stage-curve__current" in slide and 'x="225"' in slide  # the second stage is highlighted
    assert "Цель этапа 2" in slide and "缺少透明的价格" in slide  # the notes, shown on demand


def test_the_last_slide_is_the_action_plan_by_priority(journey):
    html = journey.cast.client_for("viewer").get(present_url(journey.map, stage=4)).text
    assert shown_slide(html) == ["slide-4"]
    plan = html.split('id="slide-4"')[1]
    assert plan.index("Онлайн-оплата первого взноса") < plan.index("统一价格页面")
    assert "Мария" in plan
    assert 'data-slide-link="next"' in html and 'aria-disabled="true" hidden>Next' in html


def test_a_slide_number_out_of_range_shows_the_nearest_slide(journey):
    client = journey.cast.client_for("viewer")
    assert shown_slide(client.get(present_url(journey.map, stage=99)).text) == ["slide-4"]
    assert shown_slide(client.get(present_url(journey.map, stage="x")).text) == ["slide-0"]


def test_the_presenter_notes_show_without_javascript_when_asked_for(journey):
    client = journey.cast.client_for("viewer")
    assert 'class="deck deck--notes"' not in client.get(present_url(journey.map, stage=1)).text
    html = client.get(present_url(journey.map, stage=1, notes=1)).text
    assert 'class="deck deck--notes"' in html
    assert 'href="?stage=2&amp;notes=1"' in html


def test_it_links_to_the_report_and_its_pdf(journey):
    html = journey.cast.client_for("viewer").get(present_url(journey.map)).text
    assert f'href="{reverse("maps:report", args=[journey.map.pk])}"' in html
    assert f'href="{reverse("maps:report-pdf", args=[journey.map.pk])}" download' in html


def test_user_text_is_escaped(journey):
    journey.map.title = "<script>alert(1)</script>"
    journey.map.save()
    journey.touchpoints[0].title = "<script>alert(1)</script>"
    journey.touchpoints[0].save()
    html = journey.cast.client_for("viewer").get(present_url(journey.map, stage=1)).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_reads_a_large_map_in_a_constant_number_of_queries(large, max_queries):
    journey_map, client = large
    with max_queries(12, "present"):
        response = client.get(present_url(journey_map, stage=3))
    assert response.status_code == 200
    assert response.text.count('class="slide slide--stage"') == journey_map.stages.count()
