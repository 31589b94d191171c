"""Forms of the import pages: uploads, column matching, confirmations.

An upload form reads the whole file, within the limits of journeymap/lib/files.py, and
checks it as far as can be done at once: a bad file answers the form with its error and
nothing is stored. What the form read is its cleaned `file`, kept for the preview.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from interchange.documents import MAX_JSON_BYTES, DocumentError, parse_document
from interchange.spreadsheet_export import IMPORT_COLUMNS
from interchange.spreadsheet_rows import (
    MAX_SPREADSHEET_ROWS,
    guess_mapping,
    headers_of,
    parse_rows,
    sources_of,
    staged_tables,
)
from journeymap.lib.files import MAX_FILE_BYTES, FileProblem, read_tables

KIND_CHOICES = [
    ("", _("as the kind column says")),
    ("touchpoint", _("touchpoints")),
    ("pain_point", _("pain points")),
    ("opportunity", _("opportunities")),
]
MAX_LISTED_PROBLEMS = 20


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    max_bytes = MAX_FILE_BYTES
    # The import page shows several upload forms, each with a field named "file": the ids differ.
    id_prefix = "id_"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}%s")
        super().__init__(*args, **kwargs)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                gettext("The file is larger than %(size)d MB.") % {"size": self.max_bytes // 2**20}
            )
        self.file_name = upload.name
        try:
            return self.read(upload.read())
        except FileProblem as problem:
            raise forms.ValidationError([problem.message, *problem.details]) from None
        except DocumentError as error:
            raise forms.ValidationError(error.messages) from None

    def read(self, content: bytes) -> Any:
        """What to keep of the file; raises `FileProblem` or `DocumentError` for a file that cannot be used."""
        return content


class MapJsonUploadForm(UploadForm):
    file = forms.FileField(label=_("Journey map file (.json)"), help_text=_("A file exported from Journeymap."))
    max_bytes = MAX_JSON_BYTES
    id_prefix = "id_json_"

    def read(self, content: bytes) -> dict:
        return parse_document(content).model_dump(mode="json")


class SpreadsheetUploadForm(UploadForm):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        help_text=_(
            "Rows of touchpoints, pain points or opportunities; start from the template to be sure of the columns."
        ),
    )
    id_prefix = "id_spreadsheet_"

    def read(self, content: bytes) -> dict:
        """The tables the import reads. When every column the rows need is found by its name,
        cells that cannot be read are the file's fault, not the matching's: the form says which."""
        sources = sources_of(read_tables(content, max_rows=MAX_SPREADSHEET_ROWS))
        if not any((source.table != "").to_numpy().any() for source in sources):
            raise FileProblem(gettext("The file has a header row but no rows under it."))
        rows, errors = parse_rows(sources, guess_mapping(headers_of(sources)))
        if not rows and not errors:
            raise FileProblem(gettext("The file has no touchpoints, pain points or opportunities to import."))
        if errors and all(error.row > 1 for error in errors):
            listed = [str(error) for error in errors[:MAX_LISTED_PROBLEMS]]
            if len(errors) > MAX_LISTED_PROBLEMS:
                listed.append(gettext("… and %(count)d more problems.") % {"count": len(errors) - MAX_LISTED_PROBLEMS})
            raise FileProblem(
                gettext("Some cells cannot be read; nothing was stored. Correct them and upload the file again:"),
                listed,
            )
        return staged_tables(sources)


class ColumnMappingForm(forms.Form):
    """Which column of the file holds each of ours; prefilled with the likely ones."""

    kind = forms.ChoiceField(label=_("The rows are"), choices=KIND_CHOICES, required=False)

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —")), *((header, header) for header in headers)]
        for column in IMPORT_COLUMNS:
            self.fields[f"col_{column}"] = forms.ChoiceField(label=column, choices=choices, required=False)

    @property
    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"col_{column}"] for column in IMPORT_COLUMNS]

    def clean(self) -> dict:
        data = super().clean() or {}
        used: dict[str, str] = {}
        for column in IMPORT_COLUMNS:
            header = data.get(f"col_{column}")
            if header and header in used:
                self.add_error(
                    f"col_{column}",
                    _("“%(header)s” is already used for %(column)s.") % {"header": header, "column": used[header]},
                )
            elif header:
                used[header] = column
        return data

    @property
    def mapping(self) -> dict[str, str]:
        return {
            column: self.cleaned_data[f"col_{column}"]
            for column in IMPORT_COLUMNS
            if self.cleaned_data.get(f"col_{column}")
        }

    @property
    def default_kind(self) -> str | None:
        return self.cleaned_data.get("kind") or None

    @staticmethod
    def initial_for(mapping: dict[str, str]) -> dict[str, str]:
        return {f"col_{column}": header for column, header in mapping.items()}


class ConfirmForm(forms.Form):
    """The revision of the map the preview was made from: a change since then stops the write."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
