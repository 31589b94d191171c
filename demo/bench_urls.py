"""The app's addresses plus the views `bench` measures the app beside, so that each timing
comes with a floor of the same middleware and client measured in the same run.

- `bare` and `bare_post` do nothing: the floor of the pages, and of a write's throughput under
  gunicorn (demo/throughput.py). The bare POST skips the CSRF check, so that what the check
  costs shows in the edit measured beside it, not in its floor.
- `least_edit` is the least any edit of a card must do, written by hand in SQL: the CSRF check,
  the signed-in user, their role on the map (not in the trash), the map's revision moved on,
  the card saved if its version is still the one the form showed, a line in the map's feed,
  and the card's title sent back. It checks nothing else of what was posted and draws no
  card: no real edit can be faster, so its throughput is the ceiling the app's edit is read
  against.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.urls import include, path
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from journeymap.lib.ids import parse_id
from maps.models import Activity, ActivityVerb, JourneyMap, MapMember, Role
from touchpoints.models import Touchpoint

STALE = 409


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@csrf_exempt
@require_POST
def bare_post(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@login_required
@require_POST
def least_edit(request: HttpRequest, map_id: int, touchpoint_id: int) -> HttpResponse:
    user_id = request.user.pk
    title, version = request.POST.get("title", "")[:200], parse_id(request.POST.get("version", ""))
    if not title or version is None:
        return HttpResponseBadRequest()
    if not may_edit(map_id, user_id):
        return HttpResponseForbidden()
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {JourneyMap._meta.db_table} SET revision = revision + 1, updated_at = %s WHERE id = %s",
            [now, map_id],
        )
        cursor.execute(
            f"UPDATE {Touchpoint._meta.db_table} SET version = version + 1, title = %s "
            "WHERE id = %s AND map_id = %s AND version = %s",
            [title, touchpoint_id, map_id, version],
        )
        if cursor.rowcount != 1:
            transaction.set_rollback(True)  # the revision stays where it was
            return HttpResponse(status=STALE)
        cursor.execute(
            f"INSERT INTO {Activity._meta.db_table} (map_id, actor_id, verb, target, detail, created_at) "
            "VALUES (%s, %s, %s, %s, '', %s)",
            [map_id, user_id, ActivityVerb.CHANGED.value, title, now],
        )
    card = '<article id="touchpoint-{}" data-version="{}">{}</article>'
    return HttpResponse(format_html(card, touchpoint_id, version + 1, title))


def may_edit(map_id: int, user_id: int | None) -> bool:
    """Whether the user owns or edits the map, and the map is not in the trash."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT member.role FROM {MapMember._meta.db_table} AS member "
            f"JOIN {JourneyMap._meta.db_table} AS map ON map.id = member.map_id "
            "WHERE member.map_id = %s AND member.user_id = %s AND map.deleted_at IS NULL",
            [map_id, user_id],
        )
        role = cursor.fetchone()
    return role is not None and role[0] in (Role.OWNER, Role.EDITOR)


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("bench/bare-post/", bare_post, name="bench-bare-post"),
    path("bench/least-edit/<int:map_id>/<int:touchpoint_id>/", least_edit, name="bench-least-edit"),
    path("", include("journeymap.urls")),
]
