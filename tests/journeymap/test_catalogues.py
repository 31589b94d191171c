"""The translations are complete: every string the code marks is in each catalogue, translated.

The strings the code marks today are extracted afresh (makemessages, on a copy of the
source, so that locale/ is never written to): a string marked and not yet translated, or
a catalogue entry the code no longer has, fails here rather than showing English in a
Chinese or Russian page."""

import re
import shutil
from contextlib import chdir
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

CATALOGUES = {"ru": 3, "zh_Hans": 1, "zh_Hant": 1}  # language: plural forms
# What the extraction reads: the apps and templates, not the tests, tools or built files.
NOT_SOURCE = shutil.ignore_patterns(
    *(".*", "__pycache__", "*.egg-info", "locale", "tests", "static", "staticfiles", "media"),
    *("artifacts", "docs", "scripts", "requirements", "node_modules"),
)

Key = tuple[str | None, str, str]


def key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> set[Key]:
    """The strings marked for translation in the code as it is now."""
    source = tmp_path_factory.mktemp("source") / "journeymap"
    shutil.copytree(settings.BASE_DIR, source, ignore=NOT_SOURCE)
    with chdir(source), override_settings(LOCALE_PATHS=[source / "locale"]):
        call_command("makemessages", locale=["en"], no_location=True, verbosity=0)
    template = polib.pofile(str(source / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    return {key(entry) for entry in template if not entry.obsolete}


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"))


def shown(keys: set[Key]) -> list[str]:
    return sorted(msgid for _context, msgid, _plural in keys)


@pytest.mark.parametrize("language", CATALOGUES)
def test_each_catalogue_holds_exactly_the_strings_the_code_marks(marked, language) -> None:
    entries = {key(entry) for entry in catalogue(language) if not entry.obsolete}

    assert shown(marked - entries) == [], "marked in the code, missing from the catalogue"
    assert shown(entries - marked) == [], "in the catalogue, no longer marked in the code"


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_entry_is_translated_and_none_is_fuzzy(language) -> None:
    po = catalogue(language)

    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    # msgfmt leaves out a fuzzy header, and with it the plural rule.
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize(("language", "forms"), CATALOGUES.items())
def test_plurals_have_the_languages_forms(language, forms) -> None:
    po = catalogue(language)
    declared = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))

    assert declared is not None and int(declared.group(1)) == forms
    for entry in po:
        if entry.msgid_plural and not entry.obsolete:
            assert len(entry.msgstr_plural) == forms, entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid
