"""EMAIL_URL: one address for the SMTP server that sends mentions and invitations."""

import socketserver
import threading
from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from journeymap.lib.mailers import SMTP_BACKEND, mailer_from_url


def test_a_url_with_tls_names_host_port_user_and_password():
    assert mailer_from_url("smtp://journeymap:s%40cret%2F1@mail.example.com:587/?tls=true") == {
        "BACKEND": SMTP_BACKEND,
        "OPTIONS": {
            "host": "mail.example.com",
            "port": 587,
            "use_tls": True,
            "use_ssl": False,
            "username": "journeymap",
            "password": "s@cret/1",
        },
    }


def test_smtps_speaks_tls_from_the_start_and_takes_a_timeout():
    options = mailer_from_url("smtps://mail.example.com?timeout=7.5")["OPTIONS"]
    assert options == {"host": "mail.example.com", "port": None, "use_tls": False, "use_ssl": True, "timeout": 7.5}


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("console://", "must start with smtp:// or smtps://"),
        ("mail.example.com:25", "must start with smtp:// or smtps://"),
        ("smtp://", "names no host"),
        ("smtps://mail.example.com/?tls=true", "choose one"),
        ("smtp://mail.example.com:twentyfive", "bad port or timeout"),
        ("smtp://mail.example.com?timeout=soon", "bad port or timeout"),
    ],
)
def test_a_url_it_cannot_use_stops_the_settings_with_the_reason(url, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        mailer_from_url(url)


class FakeSMTP(socketserver.StreamRequestHandler):
    """Just enough of an SMTP server to take one message and keep it."""

    received: list[bytes] = []

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 fake ready")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                self.reply("250-fake\r\n250 AUTH PLAIN")
            elif command.startswith(b"AUTH"):
                self.reply("235 welcome")
            elif command == b"DATA":
                self.reply("354 go on")
                message = b"".join(iter(lambda: self.rfile.readline(), b".\r\n"))
                FakeSMTP.received.append(message)
                self.reply("250 kept")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture
def smtp_server() -> Iterator[int]:
    FakeSMTP.received = []
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), FakeSMTP) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield server.server_address[1]
        server.shutdown()


def test_mail_goes_to_the_server_of_the_url(smtp_server):
    url = f"smtp://journeymap:secret@127.0.0.1:{smtp_server}/?timeout=5"
    with override_settings(MAILERS={"default": mailer_from_url(url)}):
        sent = mail.send_mail(
            "You were mentioned", "erin mentioned you", "journeymap@example.com", ["rita@example.com"]
        )
    assert sent == 1
    assert len(FakeSMTP.received) == 1
    assert b"Subject: You were mentioned" in FakeSMTP.received[0]
