"""Names in the order the reader's language puts them.

Databases sort by code point (SQLite) or by the server's locale (PostgreSQL): neither puts
Chinese in pinyin order, nor Ё next to Е. Lists people read by name are sorted here, with
ICU's collation for the active language: Simplified Chinese by pinyin, Traditional Chinese
by strokes, Russian and English by their alphabets, other scripts after them.
"""

from collections.abc import Callable, Iterable, Iterator
from functools import cache

import icu
from django import forms
from django.conf import settings
from django.utils.translation import get_language

ICU_LOCALES = {
    "en": "en",
    "ru": "ru",
    "zh-hans": "zh@collation=pinyin",
    "zh-hant": "zh_Hant@collation=stroke",
}


@cache
def _collator(language: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(ICU_LOCALES.get(language, language.replace("-", "_"))))


def collation_key(language: str | None = None) -> Callable[[str], bytes]:
    """A sort key for names in `language` (the active language by default)."""
    return _collator(language or get_language() or settings.LANGUAGE_CODE).getSortKey


def sorted_by_name[T](items: Iterable[T], name: Callable[[T], str] = str, *, language: str | None = None) -> list[T]:
    """`items` in the order of their names in `language`, ties in their present order."""
    key = collation_key(language)
    return sorted(items, key=lambda item: key(name(item)))


class ChoicesByName(forms.models.ModelChoiceIterator):
    """The choices of a model choice field in the order of their labels in the active language,
    read in the one query the field makes anyway."""

    def __iter__(self) -> Iterator:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for choice in sorted_by_name(self.queryset, self.field.label_from_instance):
            yield self.choice(choice)


def choices_by_name(field: forms.ModelChoiceField) -> None:
    """Order `field`'s choices by their labels as the reader's language does."""
    field.iterator = ChoicesByName
