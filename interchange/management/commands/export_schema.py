from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from interchange.schema import SCHEMA_VERSION, json_schema

DEFAULT_PATH = Path(settings.BASE_DIR) / "docs" / "journey-map.schema.json"


class Command(BaseCommand):
    help = (
        "Write the JSON Schema of the journey-map interchange format (JSON export and import, map versions) "
        f"to {DEFAULT_PATH.relative_to(settings.BASE_DIR)}. With --check, change nothing and fail if the file is out of date."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output", type=Path, default=DEFAULT_PATH, help="where to write it (default: %(default)s)"
        )
        parser.add_argument("--check", action="store_true", help="fail if the file differs from the models")

    def handle(self, *args, output: Path, check: bool, **options) -> None:
        schema = json_schema()
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if check:
            if current != schema:
                raise CommandError(f"{output} is out of date: run manage.py export_schema.")
            self.stdout.write(f"{output} is up to date (schema version {SCHEMA_VERSION}).")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(schema, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote schema version {SCHEMA_VERSION} to {output}."))
