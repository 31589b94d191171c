from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from customer_data.samples import sample_log_for
from interchange.spreadsheet_export import write_csv_frame, write_xlsx_frame
from journeymap.lib.commands import at_least
from maps.models import JourneyMap


class Command(BaseCommand):
    help = (
        "Write a realistic interaction log for a map: customers moving through its stages across its channels, "
        "with satisfaction, NPS, conversions and revenue, ready for the map's Customer data page or "
        "import_interactions. The same --seed gives the same log. Writes CSV, or Excel when --out ends in .xlsx."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--map", type=int, required=True, dest="map_id", help="id of the map")
        parser.add_argument("--customers", type=at_least(1), default=3000, help="(default: %(default)s)")
        parser.add_argument("--seed", type=int, default=7, help="same seed, same log (default: %(default)s)")
        parser.add_argument("--out", default="-", help="file to write, or - for standard output (default)")

    def handle(self, *args, map_id: int, customers: int, seed: int, out: str, **options) -> None:
        journey_map = JourneyMap.objects.filter(pk=map_id).first()
        if journey_map is None:
            raise CommandError(f"There is no map {map_id}.")
        try:
            frame = sample_log_for(journey_map, customers=customers, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if out == "-":
            self.stdout.write(write_csv_frame(frame).decode(), ending="")
            return
        path = Path(out)
        if path.suffix.lower() == ".xlsx":
            path.write_bytes(write_xlsx_frame(frame))
        else:
            path.write_bytes(write_csv_frame(frame))
        self.stderr.write(
            f"Wrote {len(frame):,} interactions of {frame['customer_id'].nunique():,} customers to {path}."
        )
