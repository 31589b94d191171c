from django.core.management.base import BaseCommand, CommandParser

from journeymap.lib.background.purges import enqueue_purges, purge_tasks


class Command(BaseCommand):
    help = (
        "Delete what has expired: undo records, staged uploads, rendered pictures, old task results. "
        "Queues the purges for the workers (the oldest worker also does so every hour), or runs them here with --now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="run the purges in this process instead of queueing them"
        )

    def handle(self, *args, now: bool, **options) -> None:
        if not now:
            self.stdout.write(f"Queued: {', '.join(enqueue_purges())}.")
            return
        for purge in purge_tasks():
            self.stdout.write(f"{purge.name}: {purge.call()} deleted.")
