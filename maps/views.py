from django.http import HttpRequest, HttpResponse


def map_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
