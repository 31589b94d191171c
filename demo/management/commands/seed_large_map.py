from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.management.base import BaseCommand, CommandError

from demo.synthetic import seed_large_map
from journeymap.lib.commands import at_least

BENCH_USER = "bench"


class Command(BaseCommand):
    help = (
        "Create a synthetic journey map of a given size, for tests and benchmarks. "
        "The same --seed gives the same map. The new map's id is printed alone on the last line."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--stages", type=at_least(1), default=20, help="columns (default: %(default)s)")
        parser.add_argument("--lanes", type=at_least(1), default=12, help="rows, a channel each (default: %(default)s)")
        parser.add_argument("--touchpoints", type=at_least(0), default=1000, help="(default: %(default)s)")
        parser.add_argument("--pain-points", type=at_least(0), default=200, help="(default: %(default)s)")
        parser.add_argument("--opportunities", type=at_least(0), default=200, help="(default: %(default)s)")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same map (default: %(default)s)")
        parser.add_argument(
            "--owner", metavar="USERNAME", help=f"owner of the map (default: '{BENCH_USER}', created if missing)"
        )

    def handle(self, *args, **options) -> None:
        owner = self._owner(options["owner"])
        journey_map = seed_large_map(
            stages=options["stages"],
            lanes=options["lanes"],
            touchpoints=options["touchpoints"],
            pain_points=options["pain_points"],
            opportunities=options["opportunities"],
            seed=options["seed"],
            owner=owner,
        )
        self.stdout.write(f"Created '{journey_map.title}', owned by {owner.username}.")
        self.stdout.write(str(journey_map.pk))

    def _owner(self, username: str | None) -> AbstractUser:
        User = get_user_model()
        if username is not None:
            try:
                return User.objects.get(username=username)
            except User.DoesNotExist:
                raise CommandError(f"There is no user '{username}'.") from None
        user, created = User.objects.get_or_create(username=BENCH_USER)
        if created:
            # Benchmarks log in with force_login; nobody should sign in as this user with a password.
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user
