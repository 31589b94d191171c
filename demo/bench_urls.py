"""The app's addresses plus two bare views: `bench` measures the app's pages beside them, so each
timing comes with the floor of the same middleware and client doing nothing. The bare POST is
the floor of a write's throughput under gunicorn (demo/throughput.py). It skips the CSRF check,
so that what the check costs shows in the edit measured beside it, not in its floor."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@csrf_exempt
@require_POST
def bare_post(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("bench/bare-post/", bare_post, name="bench-bare-post"),
    path("", include("journeymap.urls")),
]
