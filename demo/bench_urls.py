"""The app's addresses plus one bare view: `bench` measures the app's pages beside it, so each
timing comes with the floor of the same middleware and test client doing nothing."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), path("", include("journeymap.urls"))]
