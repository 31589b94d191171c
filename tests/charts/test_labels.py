"""Text in the pictures: wrapped between words in Russian and English, between characters in
Chinese, never cut; the exported title and the stages' names whole; the Noto fonts named."""

import pytest
from django.utils import translation

from charts.labels import text_width, wrapped_lines
from charts.plotting import picture_font, with_title
from charts.swimlane import STAGE_LABEL_WIDTH, swimlane_figure
from maps.selectors import map_grid
from tests.factories import JourneyMapFactory, LaneFactory, StageFactory

RUSSIAN = "Клиент сравнивает ежемесячные платежи трёх дилеров и выбирает самый выгодный вариант"
CHINESE = "顾客在汽车之家比较三家经销商的月供方案，然后选择最划算的一家"


def test_spaced_scripts_break_between_words_within_the_width():
    lines = wrapped_lines(RUSSIAN, 20)
    assert len(lines) > 1 and all(text_width(line) <= 20 for line in lines)
    assert " ".join(lines) == RUSSIAN  # every word whole, none left out


def test_chinese_breaks_between_characters_counting_each_double():
    lines = wrapped_lines(CHINESE, 20)
    assert len(lines) > 2 and all(text_width(line) <= 20 for line in lines)
    assert "".join(lines) == CHINESE
    assert not any(line[0] in "，。" for line in lines)  # punctuation stays after its character


def test_mixed_text_breaks_between_a_latin_word_and_chinese_and_keeps_long_words_whole():
    assert wrapped_lines("ABC会员注册 и бонусы", 8) == ["ABC会员", "注册 и", "бонусы"]
    assert wrapped_lines("Достопримечательности рядом", 10) == ["Достопримечательности", "рядом"]


@pytest.mark.django_db
def test_the_stage_names_are_wrapped_whole_and_level(db):
    journey_map = JourneyMapFactory()
    names = [RUSSIAN[:60], CHINESE]
    for position, name in enumerate(names):
        StageFactory(map=journey_map, name=name, position=position)
    LaneFactory(map=journey_map)
    axis = swimlane_figure(map_grid(journey_map)).layout.xaxis
    assert axis.tickangle == 0
    for number, (name, tick) in enumerate(zip(names, axis.ticktext), 1):
        lines = tick.removeprefix(f"<b>{number}</b> ").split("<br>")
        assert all(text_width(line) <= STAGE_LABEL_WIDTH for line in lines)
        assert "".join(lines).replace(" ", "") == name.replace(" ", "")


@pytest.mark.django_db
def test_a_long_exported_title_is_wrapped_to_the_picture_not_cut(db):
    journey_map = JourneyMapFactory()
    StageFactory(map=journey_map)
    LaneFactory(map=journey_map)
    title = f"{RUSSIAN}: {CHINESE} 🛒"
    figure = swimlane_figure(map_grid(journey_map))
    height = figure.layout.height
    titled = with_title(figure, title)
    lines = titled.layout.title.text.split("<br>")
    assert len(lines) > 2 and " ".join(lines).replace(" ", "") == title.replace(" ", "")
    assert titled.layout.height >= height + 48 + 26 * (len(lines) - 1)


def test_pictures_use_the_noto_fonts_with_traditional_shapes_for_traditional_readers():
    with translation.override("zh-hant"):
        traditional = picture_font()
    simplified = picture_font("zh-hans")
    assert traditional.index("CJK TC") < traditional.index("CJK SC")
    assert simplified.index("CJK SC") < simplified.index("CJK TC")
    assert '"Noto Color Emoji"' in simplified and simplified.endswith("sans-serif")
