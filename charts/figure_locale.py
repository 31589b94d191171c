"""The words and number formats plotly.js shows by itself (its toolbar's tooltips, month
names, the decimal separator of hover cards and ticks), in the current language.

plotly.js speaks English unless a locale is registered with it; figures.js registers this
one, read from the page (`{% figure_locale %}`), so no translation lives in JavaScript.
"""

from django.utils import formats
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# plotly.js's own strings, as its source spells them (the keys must match exactly).
PLOTLY_WORDS = {
    "Autoscale": _("Autoscale"),
    "Box Select": _("Box Select"),
    "Click to enter Plot title": _("Click to enter Plot title"),
    "Compare data on hover": _("Compare data on hover"),
    "Double-click to zoom back out": _("Double-click to zoom back out"),
    "Download plot": _("Download plot"),
    "Download plot as a PNG": _("Download plot as a PNG"),
    "Lasso Select": _("Lasso Select"),
    "Pan": _("Pan"),
    "Reset": _("Reset"),
    "Reset axes": _("Reset axes"),
    "Reset view": _("Reset view"),
    "Show closest data on hover": _("Show closest data on hover"),
    "Snapshot succeeded": _("Snapshot succeeded"),
    "Sorry, there was a problem downloading your snapshot!": _("Sorry, there was a problem downloading your snapshot!"),
    "Taking snapshot - this may take a few seconds": _("Taking snapshot - this may take a few seconds"),
    "Toggle Spike Lines": _("Toggle Spike Lines"),
    "Zoom": _("Zoom"),
    "Zoom in": _("Zoom in"),
    "Zoom out": _("Zoom out"),
}


def figure_locale() -> dict | None:
    """A plotly.js locale for the current language; None for English, plotly.js's own."""
    language = get_language()
    if not language or language == "en":
        return None
    # plotly.js counts the days of the week from Sunday, Django from Monday.
    sunday_first = [6, 0, 1, 2, 3, 4, 5]
    return {
        "moduleType": "locale",
        "name": language,
        "dictionary": {english: str(translated) for english, translated in PLOTLY_WORDS.items()},
        "format": {
            "days": [str(WEEKDAYS[day]) for day in sunday_first],
            "shortDays": [str(WEEKDAYS_ABBR[day]) for day in sunday_first],
            "months": [str(MONTHS[month]) for month in range(1, 13)],
            "shortMonths": [capfirst(str(MONTHS_3[month])) for month in range(1, 13)],
            "date": formats.get_format("DATE_INPUT_FORMATS")[0],
            "decimal": formats.get_format("DECIMAL_SEPARATOR"),
            "thousands": formats.get_format("THOUSAND_SEPARATOR") or "",
        },
    }
