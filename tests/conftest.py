"""The shared cast: a map with an owner, an editor, a reviewer, a viewer and an outsider."""

from dataclasses import dataclass

import pytest
from django.test import Client

from maps.models import JourneyMap, Role
from tests.factories import JourneyMapFactory, MapMemberFactory, UserFactory


@dataclass
class Cast:
    map: JourneyMap
    owner: object
    editor: object
    reviewer: object
    viewer: object
    outsider: object

    def client_for(self, who: str) -> Client:
        client = Client()
        client.force_login(getattr(self, who))
        return client


@pytest.fixture
def cast(db) -> Cast:
    journey_map = JourneyMapFactory(title="Car buyer")
    members = {
        role: MapMemberFactory(map=journey_map, role=role, user=UserFactory(username=role.value)).user
        for role in (Role.EDITOR, Role.REVIEWER, Role.VIEWER)
    }
    return Cast(
        map=journey_map,
        owner=journey_map.owner,
        editor=members[Role.EDITOR],
        reviewer=members[Role.REVIEWER],
        viewer=members[Role.VIEWER],
        outsider=UserFactory(username="outsider"),
    )


ROLES = ["owner", "editor", "reviewer", "viewer"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
