"""Forms of the customer-data pages: the log upload and the matching of its names to the map."""

from django import forms
from django.utils.translation import gettext_lazy as _

from customer_data.logs import MATCHED, MapContext, Match, Matcher, choices_for, found_values, log_table, typed_log
from customer_data.models import InteractionImport
from interchange.forms import UploadForm


class InteractionUploadForm(UploadForm):
    file = forms.FileField(
        label=_("Interaction log (.csv or .xlsx)"),
        help_text=_(
            "One row per interaction: customer id, timestamp, channel, touchpoint or stage; optionally "
            "satisfaction (1–5), NPS answer (0–10), converted (yes/no) and revenue."
        ),
    )

    def read(self, content: bytes) -> bytes:
        """The log read and checked whole, as the analysis will read it: a file it would refuse is
        refused now, before anything is stored. What is kept is the columns the analysis reads,
        as plain CSV, so that the analysis never unpacks the uploaded file again."""
        table = log_table(content)
        found_values(typed_log(table))
        return table.to_csv(index=False).encode()


class ValueMappingForm(forms.Form):
    """For each channel, touchpoint and stage the log names: the map's item it means, or none."""

    def __init__(self, *args, job: InteractionImport, context: MapContext, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows: dict[str, list[tuple[str, int, str, Match]]] = {}
        for column in MATCHED:
            matcher = Matcher(choices_for(column, context))
            options = [
                ("", _("— ignore —")),
                *((str(pk), label) for pk, label in self._labels(column, context).items()),
            ]
            self.rows[column] = []
            for index, (value, count) in enumerate(job.values.get(column, [])):
                name = f"{column}-{index}"
                current = job.mapping.get(column, {}).get(value)
                self.fields[name] = forms.TypedChoiceField(
                    label=value,
                    choices=options,
                    required=False,
                    coerce=int,
                    empty_value=None,
                    initial=str(current) if current is not None else "",
                )
                self.rows[column].append((value, count, name, matcher.match(value)[1]))

    @staticmethod
    def _labels(column: str, context: MapContext) -> dict[int, str]:
        if column == "touchpoint":
            return {pk: context.touchpoint_label(pk) for pk in context.touchpoints}
        return {pk: spellings[0] for pk, spellings in choices_for(column, context).items()}

    def sections(self) -> list[dict]:
        """Per column: the names a person should look at (each with how it matched: a guess, a
        name several items share, or nothing at all), then those spelled as on the map."""
        titles = {"channel": _("Channels"), "touchpoint": _("Touchpoints"), "stage": _("Stages")}
        return [
            {
                "title": titles[column],
                "unsure": [(value, count, self[name], how) for value, count, name, how in rows if how != Match.EXACT],
                "exact": [(value, count, self[name], how) for value, count, name, how in rows if how == Match.EXACT],
            }
            for column, rows in self.rows.items()
            if rows
        ]

    @property
    def mapping(self) -> dict[str, dict[str, int | None]]:
        return {
            column: {value: self.cleaned_data[name] for value, _count, name, _how in rows}
            for column, rows in self.rows.items()
            if rows
        }
