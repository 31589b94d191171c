"""Text compared the way people read it, whatever the script.

Names typed in Chinese or Russian come in several spellings that mean the same:
full-width and half-width forms (ＡＢＣ and ABC, ： and :), upper and lower case (Сайт
and САЙТ), different punctuation and spacing. `fold` gives all of them one spelling,
so the map list's search and the matching of an interaction log's names to a map
compare the same thing. Letters and digits of every script are kept: folding to a–z
and 0–9 would turn every Chinese or Russian name into nothing.
"""

import unicodedata
from functools import cache

KEPT_CATEGORIES = ("L", "N", "M")  # letters, digits and numbers, and the marks that belong to letters
VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))  # marks, but they choose how an emoji looks


def fold(text: str) -> str:
    """`text` in NFKC (full-width letters and punctuation as their usual forms), case-folded,
    with every run of spaces, punctuation and symbols made one space: "ＣＸ：Сайт" -> "cx сайт"."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join("".join(char if _kept(char) else " " for char in folded).split())


def name_key(name: str) -> str:
    """What two spellings of one name have in common: `name` folded, without the spaces between
    its words, since Chinese writes none ("搜索 产品" and "搜索产品", "Check-out" and "Checkout")."""
    return fold(name).replace(" ", "")


@cache
def _kept(char: str) -> bool:
    return unicodedata.category(char)[0] in KEPT_CATEGORIES and not any(
        ord(char) in selectors for selectors in VARIATION_SELECTORS
    )
