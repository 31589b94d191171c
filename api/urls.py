"""The addresses of the `api` namespace: the account's token page, and the REST API
(`/api/…`, whose OpenAPI document and docs ninja names `api:openapi-json`, `api:openapi-view`)."""

from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.generic import RedirectView

from api import views
from api.rest import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/new", views.token_new, name="token-create"),
    path("account/tokens/<int:token_id>/revoke", views.token_revoke_view, name="token-revoke"),
    # Before ninja's own root (which only answers 404): the API's address leads to its docs.
    path("api/", RedirectView.as_view(pattern_name="api:openapi-view"), name="home"),
    path("api/", include(api.urls[0])),
    # Whatever else under /api/ answers in the API's own shape, not with a page.
    re_path(r"^api/", views.api_not_found),
]
