from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.tokens import token_create


class Command(BaseCommand):
    help = "Make a personal API token for a user and print it (on the last line): it is shown only once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        token, secret = token_create(user=user, name=name)
        self.stdout.write(f"API token “{token.name}” for {username}: keep it secret, it is not shown again.")
        self.stdout.write(secret)
