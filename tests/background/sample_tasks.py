"""Tasks the queue's tests run: they must live at a module's top level, as real ones do."""

from django.tasks import task

TRIED: list[str] = []


@task
def always_fails(label: str) -> None:
    TRIED.append(label)
    raise RuntimeError(f"{label} is out of luck")


@task
def fails_the_first_time(label: str) -> str:
    TRIED.append(label)
    if TRIED.count(label) == 1:
        raise ConnectionError("the mail server did not answer")
    return label
