"""Reads of a big map take a fixed number of queries, whatever its size."""

import pytest

from api.tokens import token_create
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

# Each read, and its budget: the token and its last use (2), the map and the caller's role (1), then the read.
READS = {"": 13, "/touchpoints": 5, "/pain-points": 4, "/opportunities": 5, "/stages": 4, "/lanes": 4, "/summary": 3}


@pytest.mark.parametrize(("read", "budget"), READS.items())
def test_a_read_of_the_benchmark_map_takes_a_fixed_number_of_queries(large, max_queries, read, budget):
    journey_map, _client = large
    client = bearer(token_create(user=journey_map.owner, name="budget")[1])

    with max_queries(budget, read or "document"):
        response = client.get(f"/api/v1/maps/{journey_map.pk}{read}")

    assert response.status_code == 200


def test_the_map_list_takes_a_fixed_number_of_queries(large, max_queries):
    journey_map, _client = large
    client = bearer(token_create(user=journey_map.owner, name="budget")[1])

    with max_queries(5, "map list"):
        response = client.get("/api/v1/maps")

    assert response.json()["count"] == 1
