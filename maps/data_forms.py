"""Forms of the customer-data pages: uploads, column and value matching, confirmations.

An upload form reads the file and checks it as far as can be done at once, so a bad
file answers the form with its error and nothing is stored.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from maps.interactions import MATCHED, MapContext, choices_for, exact_match, log_columns
from maps.interchange import MAX_JSON_BYTES, DocumentError, parse_document
from maps.models import InteractionImport
from maps.schema import MapDoc
from maps.spreadsheets import IMPORT_COLUMNS, MAX_FILE_BYTES, FileProblem, read_tables

KIND_CHOICES = [
    ("", _("as the kind column says")),
    ("touchpoint", _("touchpoints")),
    ("pain_point", _("pain points")),
    ("opportunity", _("opportunities")),
]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    max_bytes = MAX_FILE_BYTES

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(_("The file is larger than %(size)d MB.") % {"size": self.max_bytes // 2**20})
        self.file_name = upload.name
        content = upload.read()
        try:
            self.check(content)
        except FileProblem as problem:
            raise forms.ValidationError([problem.message, *problem.details]) from None
        except DocumentError as error:
            raise forms.ValidationError(error.messages) from None
        return content

    def check(self, content: bytes) -> None:
        """Raise `FileProblem` or `DocumentError` for a file that cannot be used."""


class MapJsonUploadForm(UploadForm):
    file = forms.FileField(label=_("Journey map file (.json)"), help_text=_("A file exported from Journeymap."))
    max_bytes = MAX_JSON_BYTES

    def check(self, content: bytes) -> None:
        self.document: MapDoc = parse_document(content)


class SpreadsheetUploadForm(UploadForm):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        help_text=_("Rows of touchpoints, pain points or opportunities; start from the template to be sure of the columns."),
    )

    def check(self, content: bytes) -> None:
        read_tables(content, header_only=True)


class InteractionUploadForm(UploadForm):
    file = forms.FileField(
        label=_("Interaction log (.csv or .xlsx)"),
        help_text=_(
            "One row per interaction: customer id, timestamp, channel, touchpoint or stage; optionally "
            "satisfaction (1–5), NPS answer (0–10), converted (yes/no) and revenue."
        ),
    )

    def check(self, content: bytes) -> None:
        table = read_tables(content, header_only=True, first_sheet_only=True)[""]
        log_columns(list(table.columns))


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
        data = super().clean()
        used: dict[str, str] = {}
        for column in IMPORT_COLUMNS:
            header = data.get(f"col_{column}")
            if header and header in used:
                self.add_error(f"col_{column}", _("“%(header)s” is already used for %(column)s.") % {"header": header, "column": used[header]})
            elif header:
                used[header] = column
        return data

    @property
    def mapping(self) -> dict[str, str]:
        return {column: self.cleaned_data[f"col_{column}"] for column in IMPORT_COLUMNS if self.cleaned_data.get(f"col_{column}")}

    @property
    def default_kind(self) -> str | None:
        return self.cleaned_data.get("kind") or None

    @staticmethod
    def initial_for(mapping: dict[str, str]) -> dict[str, str]:
        return {f"col_{column}": header for column, header in mapping.items()}


class ConfirmForm(forms.Form):
    """The revision of the map the preview was made from: a change since then stops the write."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ValueMappingForm(forms.Form):
    """For each channel, touchpoint and stage the log names: the map's item it means, or none."""

    def __init__(self, *args, job: InteractionImport, context: MapContext, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows: dict[str, list[tuple[str, int, str, bool]]] = {}
        for column in MATCHED:
            choices = choices_for(column, context)
            options = [("", _("— ignore —")), *((str(pk), label) for pk, label in self._labels(column, context).items())]
            self.rows[column] = []
            for index, (value, count) in enumerate(job.values.get(column, [])):
                name = f"{column}-{index}"
                current = job.mapping.get(column, {}).get(value)
                self.fields[name] = forms.TypedChoiceField(
                    label=value, choices=options, required=False, coerce=int, empty_value=None,
                    initial=str(current) if current is not None else "",
                )
                self.rows[column].append((value, count, name, exact_match(value, choices) is not None))

    @staticmethod
    def _labels(column: str, context: MapContext) -> dict[int, str]:
        if column == "touchpoint":
            return {pk: context.touchpoint_label(pk) for pk in context.touchpoints}
        return {pk: spellings[0] for pk, spellings in choices_for(column, context).items()}

    def sections(self) -> list[dict]:
        """Per column: the names a person should look at, then those spelled as on the map."""
        titles = {"channel": _("Channels"), "touchpoint": _("Touchpoints"), "stage": _("Stages")}
        return [
            {
                "title": titles[column],
                "unsure": [(value, count, self[name]) for value, count, name, exact in rows if not exact],
                "exact": [(value, count, self[name]) for value, count, name, exact in rows if exact],
            }
            for column, rows in self.rows.items()
            if rows
        ]

    @property
    def mapping(self) -> dict[str, dict[str, int | None]]:
        return {
            column: {value: self.cleaned_data[name] for value, _count, name, _exact in rows}
            for column, rows in self.rows.items()
            if rows
        }
