"""User text and numbers as they go into a figure.

Plotly renders a subset of HTML in text, hover cards, tick labels and annotations, so
every user-written string goes through `escaped()`, `clipped()` or `wrapped()` before it
reaches a figure.
"""

import html
import unicodedata

from django.utils import formats


def escaped(value: object) -> str:
    return html.escape(str(value), quote=False)


def _letters(char: str) -> int:
    """How many Latin letters of width a character takes: CJK characters take two."""
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def text_width(text: str) -> int:
    return sum(map(_letters, text))


def clipped(value: str, width: int) -> str:
    """`value` on one line of about `width` Latin letters, escaped. A longer one ends with "…"
    after the last whole word that fits (in Chinese, the last character); only a single word
    longer than the line is cut inside."""
    value = " ".join(value.split())
    if text_width(value) <= width:
        return escaped(value)
    first = wrapped_lines(value, width - 1)[0]
    while text_width(first) > width - 1:
        first = first[:-1]
    return escaped(first.rstrip() + "…")


# Chinese and Japanese put no spaces between words: a line may break between any two of their
# characters, except before closing punctuation and after opening punctuation.
NO_LINE_START = set("，。、；：？！）》」』】〕〉”’·…—～,.;:?!)]}%")
NO_LINE_END = set("（《「『【〔〈“‘([{")


def _pieces(paragraph: str) -> list[tuple[str, bool]]:
    """The paragraph as unbreakable pieces, each with whether a space comes before it: a word of
    a spaced script, or one CJK character, with the punctuation that must stay beside it."""
    pieces: list[tuple[str, bool]] = []
    spaced = False
    glue_next = False
    for char in paragraph:
        if char.isspace():
            spaced, glue_next = bool(pieces), False
            continue
        same_word = pieces and _letters(char) == 1 and _letters(pieces[-1][0][-1]) == 1
        if pieces and not spaced and (same_word or glue_next or char in NO_LINE_START):
            text, space = pieces[-1]
            pieces[-1] = (text + char, space)
        else:
            pieces.append((char, spaced))
        spaced, glue_next = False, char in NO_LINE_END
    return pieces


def wrapped_lines(value: str, width: int) -> list[str]:
    """`value` in lines of at most about `width` Latin letters (a CJK character counts two):
    broken between words in spaced scripts (Russian, English) and between characters in
    Chinese, never inside a word. A word longer than a line has a line of its own."""
    lines: list[str] = []
    for paragraph in value.splitlines() or [""]:
        line = ""
        for piece, space in _pieces(paragraph):
            joined = f"{line} {piece}" if line and space else line + piece
            if line and text_width(joined) > width:
                lines.append(line)
                line = piece
            else:
                line = joined
        lines.append(line)
    return [line for line in lines if line] or [""]


def wrapped(value: str, width: int = 60, lines: int | None = 4) -> str:
    """`value` broken into lines as `wrapped_lines` does, escaped and joined with <br>; past
    `lines` lines (for a hover card) the rest is left out, with "…"."""
    parts = wrapped_lines(value, width)
    if lines is not None and len(parts) > lines:
        parts = parts[:lines]
        parts[-1] += " …"
    return "<br>".join(escaped(part) for part in parts)


def short_number(value: float) -> str:
    """One decimal, without a trailing ".0": 2, 1.5, -0.3. Text people read, so written as
    their language writes numbers (1,5 in Russian); the figure's coordinates stay numbers."""
    rounded = round(value, 1)
    return formats.number_format(rounded, decimal_pos=0 if rounded.is_integer() else 1)
