"""Ids that arrive in requests: in a form field, a query parameter, a reference in a file.

Keys are 64-bit integers in every database the app runs on. A number outside that range
cannot name anything, and handing one to the database fails inside the query (SQLite
raises OverflowError, PostgreSQL an out-of-range error), so such numbers are refused
before any query, like any other text that is not an id.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII digits only: str.isdigit() also accepts "²", which int() refuses


def parse_id(value: object) -> int | None:
    """The id `value` spells (0 to 2^63-1, in ASCII digits), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= MAX_ID else None
    if isinstance(value, str) and _DIGITS.fullmatch(value) and (number := int(value)) <= MAX_ID:
        return number
    return None


def validate_id(value: object) -> None:
    """A form validator: the value must be an id in the range of the database's keys."""
    if parse_id(value) is None:
        raise ValidationError(_("“%(value)s” is not an id."), code="invalid_id", params={"value": str(value)[:40]})
