"""The REST API: `/api/v1/…`, its OpenAPI document at `/api/openapi.json` and the
interactive docs at `/api/docs`, drawn by Swagger UI from static/vendor (no CDN)."""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from api.auth import BearerToken, BrowserSession, PerCaller
from api.problems import ERROR_CODES, PROBLEM_JSON, install
from api.routes import customer_data, grid, items, maps, review
from api.schemas import Me
from api.schemas import Problem as ProblemSchema


class LocalSwagger(DocsBase):
    """Swagger UI from the app's own static files, its settings in a data attribute (the
    Content-Security-Policy allows no inline script)."""

    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "layout": "BaseLayout", "deepLinking": True}
        return render(request, "api/docs.html", {"api": api, "swagger_settings": json.dumps(settings)})


class JourneymapAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Errors are described as what they are sent as: `application/problem+json`."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for code, response in operation["responses"].items():
                    content = response.get("content", {})
                    if int(code) >= 400 and "application/json" in content:
                        response["content"] = {PROBLEM_JSON: content["application/json"]}
        return schema


api = JourneymapAPI(
    title="Journeymap API",
    version="1",
    description=(
        "Maps, their items, comments, versions and customer metrics. Send a personal API token "
        "(your account page, *API tokens*) as `Authorization: Bearer <token>`. Errors are "
        "`application/problem+json`. Writes name the version they are based on (`If-Match` or "
        "`version`) and answer 409 with the current item when someone else changed it first."
    ),
    auth=[BearerToken(), BrowserSession()],
    throttle=[PerCaller()],
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api",
)
install(api)


@api.get("/v1/me", response={200: Me, ERROR_CODES: ProblemSchema}, tags=["account"], summary="Who the call acts as")
def me(request: HttpRequest) -> Me:
    token = getattr(request, "api_token", None)
    return Me(username=request.user.get_username(), token=token.prefix if token else None)


for module in (maps, grid, items, review, customer_data):
    api.add_router("/v1/maps", module.router)
