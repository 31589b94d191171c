"""`{% figure_locale %}`: the plotly.js locale of the current language, as JSON for a
data attribute (charts.figure_locale)."""

import json

from django import template

from charts.figure_locale import figure_locale as locale_of_this_language

register = template.Library()


@register.simple_tag
def figure_locale() -> str:
    locale = locale_of_this_language()
    return json.dumps(locale, ensure_ascii=False) if locale else ""
