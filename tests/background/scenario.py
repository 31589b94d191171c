"""What the worker-process tests do inside a `manage.py shell` of their own database: they
run against a real file (or PostgreSQL) database that a worker process shares, which the
in-memory test database of pytest-django cannot be."""

import json
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from customer_data import services
from customer_data.models import InteractionImport
from customer_data.samples import sample_log_for
from tests.factories import JourneyMapFactory, LaneFactory, StageFactory, TouchpointFactory, UserFactory

# Three customers, three stages, three channels: every name is spelled as on the map.
LOG = """customer_id,timestamp,channel,touchpoint,satisfaction,nps,converted,revenue
c1,2025-01-01 10:00,Web,A,5,10,no,
c1,2025-01-01 12:00,Web,B,4,,no,
c1,2025-01-02 12:00,Phone,C,2,3,no,
c1,2025-01-03 12:00,Store,D,5,,yes,100
c2,2025-01-01 09:00,Web,A,3,,,
c2,2025-01-01 10:00,Phone,C,1,6,,
c2,2025-01-01 11:00,Web,B,,,yes,20
c3,2025-01-05 08:00,Web,A,4,9,no,
"""


def small_map():
    # Each call runs in a new process, where the factories count from one again.
    journey_map = JourneyMapFactory(title="Worker test", owner=UserFactory(username=f"owner-{uuid.uuid4().hex[:8]}"))
    stages = [StageFactory(map=journey_map, name=f"S{n}", position=n - 1) for n in (1, 2, 3)]
    lanes = {
        name: LaneFactory(map=journey_map, position=position, channel__name=name, channel__slug=f"{name.lower()}-w")
        for position, name in enumerate(["Web", "Phone", "Store"])
    }
    for title, stage, lane in [("A", 0, "Web"), ("B", 1, "Web"), ("C", 1, "Phone"), ("D", 2, "Store")]:
        TouchpointFactory(stage=stages[stage], lane=lanes[lane], title=title, position=0)
    return journey_map


def upload_small_log() -> None:
    """The upload page's form, posted as its owner: the upload queues the analysis."""
    journey_map = small_map()
    client = Client()
    client.force_login(journey_map.owner)
    response = client.post(
        reverse("maps:interaction-upload", args=[journey_map.pk]),
        {"file": SimpleUploadedFile("log.csv", LOG.encode(), content_type="text/csv")},
    )
    job = InteractionImport.objects.get(map=journey_map)
    print(json.dumps({"import": job.pk, "status": response.status_code}))


def queue_large_log(customers: int) -> None:
    """A log large enough that its analysis takes seconds, queued as an upload queues it."""
    journey_map = small_map()
    content = sample_log_for(journey_map, customers=customers).to_csv(index=False).encode()
    job = services.interaction_import_create(
        journey_map=journey_map, user=journey_map.owner, file_name="large.csv", content=content
    )
    print(json.dumps({"import": job.pk, "bytes": len(content)}))
