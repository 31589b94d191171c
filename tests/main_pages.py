"""The main pages of the app, filled as people see them, for the checks every page must pass
(valid HTML, accessibility): the demo's car buyer map with an analysed log, a version,
a comment thread and a delete to bring back."""

from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

from customer_data.models import InteractionImport
from maps.models import JourneyMap
from maps.services import item_delete
from review.comments import comment_create
from review.versions import version_create

DEMO_MAP = "Car buyer: from TV ad to recommendation"


@dataclass(frozen=True)
class MainPage:
    name: str
    address: str
    logged_in: bool = True


def filled_demo_map(tmp_path: Path) -> JourneyMap:
    """The demo maps, and on the car buyer's everything its pages can show."""
    call_command("load_demo", stdout=StringIO())
    journey_map = JourneyMap.objects.get(title=DEMO_MAP)
    log = tmp_path / "interactions.csv"
    call_command("make_sample_interactions", map_id=journey_map.pk, customers=60, out=str(log), stderr=StringIO())
    call_command(
        "import_interactions", str(log), map_id=journey_map.pk, user="marketer", skip_unmatched=True, stdout=StringIO()
    )
    version_create(journey_map=journey_map, user=journey_map.owner, note="Before the workshop")
    touchpoint = journey_map.touchpoints.order_by("pk").first()
    comment_create(journey_map=journey_map, author=journey_map.owner, body="Is this still true?", item=touchpoint)
    stage = journey_map.stages.order_by("-position").first()
    item_delete(journey_map=journey_map, item=stage, user=journey_map.owner, label=f"Stage “{stage.name}”")
    return journey_map


def main_pages(journey_map: JourneyMap) -> list[MainPage]:
    """The pages to check, as the map's owner opens them (the login page before that)."""
    results = InteractionImport.objects.filter(map=journey_map).latest("pk")

    def of_map(name: str) -> MainPage:
        return MainPage(name, reverse(f"maps:{name}", args=[journey_map.pk]))

    return [
        MainPage("login", reverse("login"), logged_in=False),
        MainPage("list", reverse("maps:list")),
        MainPage("new", reverse("maps:new")),
        *map(
            of_map,
            ["detail", "swimlane", "analytics", "members", "settings", "versions", "comments", "import"],
        ),
        of_map("interactions"),
        MainPage("interaction-detail", reverse("maps:interaction-detail", args=[journey_map.pk, results.pk])),
        of_map("recently-deleted"),
        of_map("present"),
        of_map("report"),
    ]
