from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from touchpoints.models import Channel


def other_languages() -> list[tuple[str, str]]:
    """The languages a channel's `names` hold: every one but the library's own."""
    return [(code, str(name)) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def name_field(code: str) -> str:
    return f"name_{code.replace('-', '_')}"


class ChannelNamesForm(forms.ModelForm):
    """The channel's names in the other languages as a field each, instead of the JSON they are kept in."""

    class Meta:
        model = Channel
        fields = ["name", "slug", "kind", "icon", "colour", "order", "description"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code, _language in other_languages():
            self.fields[name_field(code)].initial = self.instance.names.get(code, "")

    def clean(self) -> dict:
        data = super().clean() or {}
        named = {code: (data.get(name_field(code)) or "").strip() for code, _language in other_languages()}
        self.instance.names = {code: name for code, name in named.items() if name}
        return data


ChannelAdminForm = type(
    "ChannelAdminForm",
    (ChannelNamesForm,),
    {
        name_field(code): forms.CharField(
            label=format_lazy("{} ({})", _("name"), language), max_length=80, required=False
        )
        for code, language in other_languages()
    },
)


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    form = ChannelAdminForm
    list_display = ["icon", "name", "kind", "swatch", "order"]
    list_display_links = ["icon", "name"]
    list_editable = ["order"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description="colour")
    def swatch(self, channel: Channel) -> str:
        # The colour as an SVG fill: the Content-Security-Policy refuses style attributes.
        return format_html(
            '<svg class="admin-swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">'
            '<rect width="18" height="18" rx="4" fill="{}"/></svg> {}',
            channel.colour,
            channel.colour,
        )
