"""E-mail leaves through a task: the request that has something to say renders the message
(in its reader's language, with what it knows now) and queues it; a worker sends it, and
tries again if the mail server does not answer. One task per recipient, so that a retry
never sends anyone the same message twice."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task


@task
def send_email(to: str, subject: str, text: str, html: str = "") -> None:
    send_mail(subject.replace("\n", " "), text, settings.DEFAULT_FROM_EMAIL, [to], html_message=html or None)
