"""What the app hands to the queue: a log's analysis, mention e-mails and pictures. Each waits
in the database queue until a worker runs it."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from charts import rendering, views
from charts.models import Picture, PictureStatus
from customer_data.models import ImportStatus, InteractionImport
from journeymap.lib.mail import send_email
from review.comments import comment_create
from tests.background.scenario import LOG, small_map
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def test_an_upload_waits_in_the_queue_until_a_worker_analyses_it(
    database_queue, run_worker, django_capture_on_commit_callbacks
):
    journey_map = small_map()
    client = journey_map_client(journey_map)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("maps:interaction-upload", args=[journey_map.pk]),
            {"file": SimpleUploadedFile("log.csv", LOG.encode())},
        )
    job = InteractionImport.objects.get(map=journey_map)
    page = client.get(response.url)
    assert "Waiting for a worker" in page.text and 'hx-trigger="every 1s"' in page.text
    (queued,) = DBTaskResult.objects.all()
    assert (queued.task_path, queued.queue_name, queued.args_kwargs["args"]) == (
        "customer_data.tasks.analyse_interactions",
        "analysis",
        [job.pk],
    )
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.customer_count) == (ImportStatus.DONE, 3)


def test_a_second_run_of_a_finished_analysis_changes_nothing(database_queue, run_worker, monkeypatch):
    journey_map = small_map()
    job = InteractionImport.objects.create(map=journey_map, file_name="log.csv", content=LOG.encode())
    from customer_data.tasks import analyse_interactions

    analyse_interactions.enqueue(job.pk)
    analyse_interactions.enqueue(job.pk)  # the same job queued twice, or run again after its worker died
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.candidates.count() == len(set(job.candidates.values_list("kind")))
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}


def journey_map_client(journey_map):
    from django.test import Client

    client = Client()
    client.force_login(journey_map.owner)
    return client


def test_a_mention_mail_is_sent_by_a_worker_and_tried_again_when_the_server_fails(
    board, database_queue, run_worker, django_capture_on_commit_callbacks, monkeypatch
):
    cast = board.cast
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(journey_map=cast.map, author=cast.reviewer, body="@editor look at this")
    assert mail.outbox == [], "the request only queues it"
    (queued,) = DBTaskResult.objects.all()
    assert queued.args_kwargs["kwargs"]["to"] == cast.editor.email

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    with monkeypatch.context() as patch:
        patch.setattr("journeymap.lib.mail.send_mail", refuse)
        run_worker()
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.READY and mail.outbox == []
    DBTaskResult.objects.update(run_after=queued.enqueued_at)
    run_worker()
    (message,) = mail.outbox
    assert message.to == [cast.editor.email] and "reviewer mentioned you" in message.subject
    assert "look at this" in message.body and "look at this" in message.alternatives[0][0]


def test_the_mail_task_sends_what_it_is_given():
    send_email.enqueue(to="a@example.com", subject="Two\nlines", text="Hello", html="<p>Hello</p>")
    (message,) = mail.outbox
    assert (message.to, message.subject, message.body) == (["a@example.com"], "Two lines", "Hello")


# Pictures


@pytest.fixture
def fake_renderer(monkeypatch) -> list:
    """Chromium's place taken by a stand-in that draws `format` bytes (tests/charts/ use the real one)."""
    drawn: list = []

    def render(figure, *, format, scale):
        drawn.append(format)
        return b"\x89PNG fake" if format == "png" else b"%PDF- fake"

    monkeypatch.setattr(rendering.renderer, "render", render)
    return drawn


def test_a_picture_shows_drawing_then_offers_the_file_a_worker_drew(cast, run_worker, fake_renderer):
    client = cast.client_for("viewer")
    started = client.get(reverse("maps:export", args=[cast.map.pk, "png"]), headers=HTMX)
    assert started.status_code == 200 and "Drawing the PNG…" in started.text
    picture = Picture.objects.get()
    status_url = reverse("maps:picture-status", args=[cast.map.pk, picture.pk])
    assert f'hx-get="{status_url}"' in started.text and 'hx-trigger="every 1s"' in started.text
    assert "Drawing the PNG…" in client.get(status_url, headers=HTMX).text

    run_worker()
    ready = client.get(status_url, headers=HTMX)
    file_url = reverse("maps:picture", args=[cast.map.pk, picture.pk])
    assert f'href="{file_url}"' in ready.text and "Save car-buyer-swimlane.png" in ready.text
    file = client.get(file_url)
    assert file.content == b"\x89PNG fake" and file["Content-Type"] == "image/png"
    assert file["Content-Disposition"].startswith("attachment;")

    # The same picture of the same revision is not drawn again; another member may have it too.
    again = cast.client_for("editor").get(reverse("maps:export", args=[cast.map.pk, "png"]), headers=HTMX)
    assert f'href="{file_url}"' in again.text and Picture.objects.count() == 1 and fake_renderer == ["png"]


def test_a_plain_link_waits_for_the_picture_and_says_so_when_no_worker_comes(cast, database_queue, monkeypatch):
    monkeypatch.setattr(views, "PICTURE_WAIT", 0.3)
    response = cast.client_for("viewer").get(reverse("maps:export", args=[cast.map.pk, "pdf"]))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "The picture is still being drawn" in response.text and 'http-equiv="refresh"' in response.text
    assert Picture.objects.get().status == PictureStatus.QUEUED


def test_a_plain_link_answers_the_file_when_a_worker_draws_it(cast, fake_renderer):
    # Tasks run at once in the tests: the worker is as quick as it can be.
    response = cast.client_for("viewer").get(reverse("maps:export", args=[cast.map.pk, "pdf"]))
    assert response.status_code == 200 and response.content == b"%PDF- fake"


def test_only_members_see_a_maps_pictures(cast, fake_renderer):
    cast.client_for("viewer").get(reverse("maps:export", args=[cast.map.pk, "png"]))
    picture = Picture.objects.get()
    outsider = cast.client_for("outsider")
    assert outsider.get(reverse("maps:picture", args=[cast.map.pk, picture.pk])).status_code == 404
    assert outsider.get(reverse("maps:picture-status", args=[cast.map.pk, picture.pk])).status_code == 404


def test_a_picture_that_cannot_be_drawn_says_why(cast, monkeypatch):
    def crash(figure, *, format, scale):
        raise RuntimeError("the browser went away")

    monkeypatch.setattr(rendering.renderer, "render", crash)
    client = cast.client_for("viewer")
    failed = client.get(reverse("maps:export", args=[cast.map.pk, "svg"]), headers=HTMX)
    assert "The picture could not be drawn because of an error on the server." in failed.text
    plain = client.get(reverse("maps:picture", args=[cast.map.pk, Picture.objects.get().pk]))
    assert plain.status_code == 503 and "could not be drawn" in plain.text and "the browser went away" not in plain.text


def test_a_server_without_chromium_says_so_without_trying_again(cast, monkeypatch):
    def missing(figure, *, format, scale):
        raise rendering.RendererMissing(str(rendering.RENDERER_MISSING))

    monkeypatch.setattr(rendering.renderer, "render", missing)
    response = cast.client_for("viewer").get(reverse("maps:export", args=[cast.map.pk, "png"]))
    assert response.status_code == 503 and "Chromium browser is not installed" in response.text
