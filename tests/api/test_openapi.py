"""The OpenAPI document describes the whole API, validly; the docs page is served from the
app's own files."""

import re

import pytest
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate

from api.rest import api

pytestmark = pytest.mark.django_db
# POST actions that take nothing but their address.
WITHOUT_BODY = {("post", "/api/v1/maps/{map_id}/interactions/{import_id}/apply")}


@pytest.fixture
def document(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_document_is_valid_openapi(document):
    validate(document)


def test_every_route_under_api_is_in_the_document(document):
    routes = {
        "/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        for pattern in api.urls[0]
        if pattern.name not in ("api-root", "openapi-json", "openapi-view")
    }

    assert routes == set(document["paths"])


def test_every_operation_has_its_request_and_response_schemas(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "put", "patch") and (method, path) not in WITHOUT_BODY:
                body = operation.get("requestBody", {}).get("content", {})
                assert body and all("schema" in kind for kind in body.values()), (method, path)
            success = {code: answer for code, answer in operation["responses"].items() if code.startswith("2")}
            assert success, (method, path)
            for code, answer in success.items():
                assert code == "204" or all("schema" in kind for kind in answer["content"].values()), (method, path)
            problems = operation["responses"]["401"]["content"]
            assert problems["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}


def test_schemas_carry_the_interchange_formats_limits(document):
    touchpoint = document["components"]["schemas"]["TouchpointCreate"]["properties"]

    assert touchpoint["title"]["maxLength"] == 160
    assert touchpoint["emotion"]["minimum"] == -2 and touchpoint["emotion"]["maximum"] == 2
    assert "MapDoc" in document["components"]["schemas"]


def test_the_docs_page_draws_swagger_from_the_apps_own_static_files(client):
    response = client.get("/api/docs")

    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert response.status_code == 200
    assert sources and all(source.startswith("/static/") for source in sources)
    # The policy allows no inline script: every <script> loads a file, the settings are an attribute.
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all(" src=" in tag for tag in scripts)
    assert "/api/openapi.json" in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
    for name in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css", "js/api-docs.js"):
        assert finders.find(name)


def test_an_address_the_api_lacks_answers_a_problem(client):
    response = client.get("/api/v2/maps")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_apis_address_leads_to_its_docs(client):
    response = client.get("/api/")

    assert response.status_code == 302 and response["Location"] == "/api/docs"
