"""Why an uploaded value was refused, in the reader's language.

pydantic (the interchange format, spreadsheet rows) and Python's JSON parser explain
themselves in English only. The refusals people meet in an upload are said again here,
from the error's type and its details, in the same English words for translators to
translate; one of a kind not listed keeps the parser's English.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

Explain = Callable[[Mapping[str, Any]], str]


def _plain(message: Callable[[], str]) -> Explain:
    return lambda ctx: message()


def _with(message: Callable[[], str], name: str) -> Explain:
    return lambda ctx: message() % {name: ctx.get(name, "")}


def _counted(message: Callable[[int], str], name: str) -> Explain:
    return lambda ctx: message(int(ctx.get(name, 0))) % {"count": ctx.get(name, 0)}


_VALID_INTEGER = _plain(lambda: _("Input should be a valid integer"))
_VALID_NUMBER = _plain(lambda: _("Input should be a valid number"))
_VALID_BOOLEAN = _plain(lambda: _("Input should be a valid boolean"))
_VALID_DATE = _plain(lambda: _("Input should be a valid date in the format YYYY-MM-DD"))
_VALID_DATETIME = _plain(lambda: _("Input should be a valid datetime in the format YYYY-MM-DDTHH:MM"))
_VALID_DICTIONARY = _plain(lambda: _("Input should be a valid dictionary"))
_ONE_OF = _with(lambda: _("Input should be %(expected)s"), "expected")

_PYDANTIC: dict[str, Explain] = {
    "missing": _plain(lambda: _("Field required")),
    "string_type": _plain(lambda: _("Input should be a valid string")),
    "int_type": _VALID_INTEGER,
    "int_parsing": _VALID_INTEGER,
    "int_from_float": _VALID_INTEGER,
    "float_type": _VALID_NUMBER,
    "float_parsing": _VALID_NUMBER,
    "decimal_parsing": _VALID_NUMBER,
    "finite_number": _plain(lambda: _("Input should be a finite number")),
    "bool_type": _VALID_BOOLEAN,
    "bool_parsing": _VALID_BOOLEAN,
    "date_type": _VALID_DATE,
    "date_parsing": _VALID_DATE,
    "date_from_datetime_parsing": _VALID_DATE,
    "date_from_datetime_inexact": _VALID_DATE,
    "datetime_type": _VALID_DATETIME,
    "datetime_parsing": _VALID_DATETIME,
    "greater_than": _with(lambda: _("Input should be greater than %(gt)s"), "gt"),
    "greater_than_equal": _with(lambda: _("Input should be greater than or equal to %(ge)s"), "ge"),
    "less_than": _with(lambda: _("Input should be less than %(lt)s"), "lt"),
    "less_than_equal": _with(lambda: _("Input should be less than or equal to %(le)s"), "le"),
    "string_too_short": _counted(
        lambda count: ngettext(
            "String should have at least %(count)d character", "String should have at least %(count)d characters", count
        ),
        "min_length",
    ),
    "string_too_long": _counted(
        lambda count: ngettext(
            "String should have at most %(count)d character", "String should have at most %(count)d characters", count
        ),
        "max_length",
    ),
    "too_short": _counted(
        lambda count: ngettext(
            "List should have at least %(count)d item", "List should have at least %(count)d items", count
        ),
        "min_length",
    ),
    "too_long": _counted(
        lambda count: ngettext(
            "List should have at most %(count)d item", "List should have at most %(count)d items", count
        ),
        "max_length",
    ),
    "literal_error": _ONE_OF,
    "enum": _ONE_OF,
    "list_type": _plain(lambda: _("Input should be a valid list")),
    "dict_type": _VALID_DICTIONARY,
    "model_type": _VALID_DICTIONARY,
    "model_attributes_type": _VALID_DICTIONARY,
    "extra_forbidden": _plain(lambda: _("Extra inputs are not permitted")),
    # Our own validators raise their reason already translated.
    "value_error": lambda ctx: str(ctx.get("error", "")),
}


def pydantic_reason(error: Mapping[str, Any]) -> str:
    """One item of `ValidationError.errors()`, said in the current language."""
    explain = _PYDANTIC.get(error["type"])
    return explain(error.get("ctx") or {}) if explain else error["msg"]


_JSON: dict[str, Callable[[], str]] = {
    "Expecting value": lambda: _("Expecting value"),
    "Expecting property name enclosed in double quotes": lambda: _("Expecting property name enclosed in double quotes"),
    "Expecting ',' delimiter": lambda: _("Expecting ',' delimiter"),
    "Expecting ':' delimiter": lambda: _("Expecting ':' delimiter"),
    "Unterminated string starting at": lambda: _("Unterminated string starting at"),
    "Invalid control character at": lambda: _("Invalid control character at"),
    "Invalid \\escape": lambda: _("Invalid \\escape"),
    "Invalid \\uXXXX escape": lambda: _("Invalid \\uXXXX escape"),
    "Extra data": lambda: _("Extra data"),
    "Illegal trailing comma before end of object": lambda: _("Illegal trailing comma before end of object"),
    "Illegal trailing comma before end of array": lambda: _("Illegal trailing comma before end of array"),
}


def json_reason(message: str) -> str:
    """The `msg` of a `json.JSONDecodeError`, said in the current language."""
    explain = _JSON.get(message)
    return explain() if explain else message
