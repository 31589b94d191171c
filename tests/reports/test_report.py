"""The full report of a map, as a page and as a PDF printed by a worker."""

import pytest
from django.urls import reverse

from reports.models import PrintedReport
from tests.conftest import HTMX, ROLES
from tests.factories import JourneyMapFactory, MapMemberFactory

pytestmark = pytest.mark.django_db


def report_url(journey_map) -> str:
    return reverse("maps:report", args=[journey_map.pk])


@pytest.mark.parametrize("who", ROLES)
def test_everyone_on_the_map_may_read_the_report(journey, who):
    assert journey.cast.client_for(who).get(report_url(journey.map)).status_code == 200


@pytest.mark.parametrize("name", ["maps:report", "maps:report-pdf"])
def test_an_outsider_gets_not_found(journey, name):
    assert journey.cast.client_for("outsider").get(reverse(name, args=[journey.map.pk])).status_code == 404
    assert not PrintedReport.objects.exists()


@pytest.mark.parametrize("name", ["maps:report", "maps:report-pdf"])
def test_an_anonymous_visitor_is_sent_to_log_in(journey, client, name):
    response = client.get(reverse(name, args=[journey.map.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_has_a_cover_a_section_per_stage_and_the_action_plan(journey):
    html = journey.cast.client_for("viewer").get(report_url(journey.map)).text
    assert "Путь покупателя от первой рекламы до подписания договора." in html
    assert "从认知到购买" in html and "Draft" in html
    assert "Андрей" in html and "Надёжная машина для семьи" in html and "经销商不回电话" in html
    assert html.count('data-testid="report-stage"') == 3
    for touchpoint in journey.touchpoints:
        assert touchpoint.title in html
    plan = html.split('id="report-plan"')[1]
    assert plan.index("Онлайн-оплата первого взноса") < plan.index("统一价格页面")
    assert "Мария" in plan and "李雷" in plan


def test_it_reads_kpis_against_the_stage_targets(journey):
    html = journey.cast.client_for("viewer").get(report_url(journey.map)).text
    kpis = html.split("KPIs against targets")[1]
    # The first stage's touchpoints measure a CSAT of 70 and 71, against a target of 80.
    assert "70.5" in kpis and "80" in kpis and "below target" in kpis


def test_user_text_is_escaped(journey):
    journey.map.title = "<script>alert(1)</script>"
    journey.map.save()
    journey.touchpoints[0].title = "<script>alert(1)</script>"
    journey.touchpoints[0].save()
    html = journey.cast.client_for("viewer").get(report_url(journey.map)).text
    assert "<script>alert(1)</script>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3


def test_the_map_page_links_to_the_report_and_its_pdf(journey):
    html = journey.cast.client_for("viewer").get(journey.map.get_absolute_url()).text
    assert f'href="{report_url(journey.map)}"' in html
    assert f'href="{reverse("maps:report-pdf", args=[journey.map.pk])}" download' in html


def test_without_chromium_the_download_says_what_to_install(journey, monkeypatch):
    monkeypatch.setattr("reports.printing.BROWSER_PATH", "/nowhere/chromium")
    response = journey.cast.client_for("viewer").get(reverse("maps:report-pdf", args=[journey.map.pk]))
    assert response.status_code == 503
    assert "scripts/install-browser" in response.text
    assert PrintedReport.objects.get().status == "failed"


def test_it_reads_a_large_map_in_a_constant_number_of_queries(large, max_queries):
    journey_map, client = large
    with max_queries(12, "report"):
        response = client.get(report_url(journey_map))
    assert response.status_code == 200
    assert response.text.count('data-testid="report-stage"') == journey_map.stages.count()


class TestThePdf:
    """The printing itself is stood in for: tests/reports/test_printed_pdf.py prints real ones."""

    @pytest.fixture(autouse=True)
    def printer(self, monkeypatch):
        monkeypatch.setattr("reports.printing.report_pdf", lambda report: b"%PDF-1.4 stand-in")

    def test_a_plain_link_waits_for_the_worker_and_downloads_the_file(self, journey):
        response = journey.cast.client_for("viewer").get(reverse("maps:report-pdf", args=[journey.map.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment; filename")
        assert response["Content-Disposition"].endswith("-report.pdf")
        assert response.content == b"%PDF-1.4 stand-in"

    def test_htmx_gets_the_link_to_the_printed_file(self, journey):
        client = journey.cast.client_for("viewer")
        html = client.get(reverse("maps:report-pdf", args=[journey.map.pk]), headers=HTMX).text
        printed = PrintedReport.objects.get()
        assert reverse("maps:report-file", args=[journey.map.pk, printed.pk]) in html
        assert client.get(reverse("maps:report-file", args=[journey.map.pk, printed.pk])).content.startswith(b"%PDF")

    def test_the_same_revision_is_printed_once(self, journey):
        client = journey.cast.client_for("viewer")
        for _ in range(2):
            client.get(reverse("maps:report-pdf", args=[journey.map.pk]))
        assert PrintedReport.objects.count() == 1

    def test_another_map_s_report_is_not_found(self, journey):
        client = journey.cast.client_for("viewer")
        client.get(reverse("maps:report-pdf", args=[journey.map.pk]))
        printed = PrintedReport.objects.get()
        other = JourneyMapFactory()
        MapMemberFactory(map=other, user=journey.cast.viewer)
        assert client.get(reverse("maps:report-file", args=[other.pk, printed.pk])).status_code == 404
