import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from customer_data.results import candidate_views
from customer_data.samples import peak_memory_mb
from customer_data.services import import_log, touchpoint_metrics_apply
from journeymap.lib.files import FileProblem
from maps.models import JourneyMap


class Command(BaseCommand):
    help = (
        "Import and analyse an interaction log (CSV or Excel) for a map, as its Customer data page does, but at "
        "once. Every channel, touchpoint and stage name must be spelled as one item of the map (case, full-width "
        "forms, spaces and punctuation aside): the command guesses nothing, and refuses a file with other names, "
        "listing them, unless --skip-unmatched leaves their rows out. Prints the figures, the pain-point "
        "candidates, the time taken and the peak memory."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="the interaction log, .csv or .xlsx")
        parser.add_argument("--map", type=int, required=True, dest="map_id", help="id of the map")
        parser.add_argument("--user", help="username recorded as the uploader")
        parser.add_argument(
            "--skip-unmatched",
            action="store_true",
            help="leave out the rows whose names match no single item of the map, instead of refusing the file",
        )
        parser.add_argument(
            "--apply-metrics", action="store_true", help="also write CSAT, NPS and conversion rate to the touchpoints"
        )

    def handle(
        self,
        *args,
        file: Path,
        map_id: int,
        user: str | None,
        apply_metrics: bool,
        skip_unmatched: bool = False,
        **options,
    ) -> None:
        journey_map = JourneyMap.objects.filter(pk=map_id).first()
        if journey_map is None:
            raise CommandError(f"There is no map {map_id}.")
        if not file.is_file():
            raise CommandError(f"There is no file {file}.")
        uploader = self._user(user)
        started = time.perf_counter()
        try:
            job = import_log(
                journey_map=journey_map,
                file_name=file.name,
                content=file.read_bytes(),
                user=uploader,
                skip_unmatched=skip_unmatched,
            )
        except FileProblem as problem:
            raise CommandError("\n  ".join([problem.message, *problem.details])) from None
        seconds = time.perf_counter() - started
        summary = job.results["summary"]
        self.stdout.write(
            f"Analysed {summary['rows_used']:,} of {summary['rows']:,} interactions of {summary['customers']:,} customers "
            f"in {seconds:.2f} s (peak memory {peak_memory_mb():.0f} MB)."
        )
        self.stdout.write(
            f"Import {job.pk}: {len(job.results['touchpoints'])} touchpoints, {len(job.results['stages'])} stages."
        )
        for item in candidate_views(job.candidates.all()):
            self.stdout.write(f"  candidate: {item.title}. {item.description}")
        if apply_metrics:
            self.stdout.write(f"Wrote the figures of {touchpoint_metrics_apply(job=job)} touchpoints to the map.")

    def _user(self, username: str | None):
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user '{username}'.")
        return user
