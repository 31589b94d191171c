"""A map read through the API and created again from what was read is the same map."""

import pytest

from api.tokens import token_create
from demo.loading import MAPS, demo_document
from interchange.documents import map_import
from tests.api.conftest import bearer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("entry", MAPS[:2], ids=lambda entry: entry.document)
def test_a_demo_map_read_and_created_again_reads_the_same(entry):
    owner = UserFactory()
    source = map_import(owner=owner, document=demo_document(entry))
    client = bearer(token_create(user=owner, name="copy")[1])
    read = client.get(f"/api/v1/maps/{source.pk}").json()

    created = client.post("/api/v1/maps", {"document": read, "title": "The copy"}, content_type="application/json")
    again = client.get(f"/api/v1/maps/{created.json()['id']}")

    assert created.status_code == 201 and created.json()["id"] != source.pk
    assert read["touchpoints"] and read["stages"]
    assert again.json() == {**read, "title": "The copy"}


def test_a_map_starts_from_a_template(api_as):
    response = api_as("viewer").post(
        "/api/v1/maps", {"title": "New journey", "template": "omnichannel-five-stages"}, content_type="application/json"
    )

    assert response.status_code == 201
    assert response.json()["role"] == "owner"
    stages = api_as("viewer").get(f"/api/v1/maps/{response.json()['id']}/stages").json()
    assert len(stages) == 5
