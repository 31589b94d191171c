"""User text and numbers as they go into a figure.

Plotly renders a subset of HTML in text, hover cards, tick labels and annotations, so
every user-written string goes through `escaped()`, `clipped()` or `wrapped()` before it
reaches a figure.
"""

import html
import textwrap
import unicodedata


def escaped(value: object) -> str:
    return html.escape(str(value), quote=False)


def _letters(char: str) -> int:
    """How many Latin letters of width a character takes: CJK characters take two."""
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def clipped(value: str, width: int) -> str:
    """`value` on one line, cut to about `width` Latin letters, escaped."""
    value = " ".join(value.split())
    used = 0
    for index, char in enumerate(value):
        used += _letters(char)
        if used > width:
            return escaped(value[:index].rstrip() + "…")
    return escaped(value)


def wrapped(value: str, width: int = 60, lines: int = 4) -> str:
    """`value` broken into at most `lines` hover-card lines, escaped."""
    if len(value) <= width and "\n" not in value:
        return escaped(value)
    parts = [line for paragraph in value.splitlines() for line in textwrap.wrap(paragraph, width)]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] += " …"
    return "<br>".join(escaped(part) for part in parts)


def short_number(value: float) -> str:
    """One decimal, without a trailing ".0": 2, 1.5, -0.3."""
    return f"{value:.1f}".removesuffix(".0")
