"""The journey templates in every language of the app, as the migration loads them."""

import importlib
import json
import shutil

import pytest
from django.apps import apps
from django.conf import settings

from maps.models import JourneyTemplate

pytestmark = pytest.mark.django_db

loading = importlib.import_module("maps.migrations.0013_templates_in_four_languages")
ENGLISH_SLUGS = [
    "omnichannel-five-stages",
    "ecommerce-three-stages",
    "social-media-six-stages",
    "customer-journey-eight-stages",
    "buyer-path-three-stages",
]
SHIPPED_LANGUAGES = [code for code in loading.LANGUAGES if (loading.TEMPLATE_FILES / f"{code}.json").exists()]


def test_the_five_original_templates_are_the_english_ones():
    assert sorted(JourneyTemplate.objects.filter(language="en").values_list("slug", flat=True)) == sorted(ENGLISH_SLUGS)


def test_every_template_file_is_in_a_language_of_the_app_and_english_and_russian_are_shipped():
    assert {"en", "ru"} <= set(SHIPPED_LANGUAGES)
    assert set(loading.LANGUAGES) == {code for code, _name in settings.LANGUAGES}


@pytest.mark.parametrize("language", SHIPPED_LANGUAGES)
def test_each_language_has_the_english_templates_under_suffixed_slugs(language):
    suffix = "" if language == "en" else f"-{language}"
    templates = JourneyTemplate.objects.filter(language=language).prefetch_related("stages", "suggested_channels")
    by_slug = {template.slug: template for template in templates}
    assert sorted(by_slug) == sorted(slug + suffix for slug in ENGLISH_SLUGS)
    for slug in ENGLISH_SLUGS:
        english, translated = JourneyTemplate.objects.get(slug=slug), by_slug[slug + suffix]
        assert translated.stages.count() == english.stages.count(), slug
        assert set(translated.suggested_channels.all()) == set(english.suggested_channels.all()), slug
        assert (translated.journey_type, translated.order) == (english.journey_type, english.order)


def test_the_russian_templates_use_the_russian_article_s_stage_names():
    template = JourneyTemplate.objects.get(slug="customer-journey-eight-stages-ru")
    assert [stage.name for stage in template.stages.order_by("position")] == [
        "Поиск информации",
        "Сравнение предложений",
        "Принятие решения",
        "Получение предложения",
        "Оценка",
        "Обслуживание клиентов",
        "Удержание",
        "Рекомендация",
    ]
    assert JourneyTemplate.objects.get(slug="buyer-path-three-stages-ru").name == "Путь покупателя (3 этапа)"


def test_loading_the_files_again_updates_the_same_rows():
    JourneyTemplate.objects.filter(slug="omnichannel-five-stages-ru").update(name="Changed by hand")
    count, stages = JourneyTemplate.objects.count(), sum(t.stages.count() for t in JourneyTemplate.objects.all())
    loading.load_templates(apps, None)
    assert JourneyTemplate.objects.count() == count
    assert sum(t.stages.count() for t in JourneyTemplate.objects.all()) == stages
    assert JourneyTemplate.objects.get(slug="omnichannel-five-stages-ru").name.startswith("Омниканальный")


def test_a_language_without_a_file_is_skipped(tmp_path, monkeypatch):
    shutil.copy(loading.TEMPLATE_FILES / "en.json", tmp_path / "en.json")
    monkeypatch.setattr(loading, "TEMPLATE_FILES", tmp_path)
    JourneyTemplate.objects.exclude(language="en").delete()
    loading.load_templates(apps, None)
    assert set(JourneyTemplate.objects.values_list("language", flat=True)) == {"en"}


def test_every_file_names_only_library_channels_and_unique_names():
    library = set(apps.get_model("touchpoints", "Channel").objects.values_list("slug", flat=True))
    for language in SHIPPED_LANGUAGES:
        templates = json.loads((loading.TEMPLATE_FILES / f"{language}.json").read_text(encoding="utf-8"))
        assert all(set(template["suggested_channels"]) <= library for template in templates), language
        names = [template["name"] for template in templates]
        assert len(set(names)) == len(names), language


def test_undoing_the_migration_keeps_only_the_english_templates():
    loading.remove_translated_templates(apps, None)
    assert set(JourneyTemplate.objects.values_list("language", flat=True)) == {"en"}
