"""The app in English, Simplified and Traditional Chinese, and Russian.

A person picks their language in the header (Django's set_language: the browser's cookie),
and a logged-in person's choice is kept in their profile, so it follows them to any browser;
an anonymous visitor gets the first of their browser's languages the app speaks.

Every page is read in each language: no number that a browser computes with (SVG, CSS,
data-* attributes, JSON) is written with a decimal comma, and, once the catalogues are
translated, no English words of the interface are left in a Chinese or Russian page. The
map is written in Chinese, so that its own text cannot pass for the interface's."""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import Profile
from interchange.spreadsheet_export import map_tables, template_help, template_tables, write_csv, write_xlsx
from interchange.spreadsheet_import import plan_items
from interchange.spreadsheet_rows import guess_mapping, headers_of, parse_rows, sources_of
from journeymap.lib.files import read_tables
from maps.models import Comment, JourneyMap, Role
from review.versions import version_create
from tests.factories import (
    JourneyMapFactory,
    LaneFactory,
    MapMemberFactory,
    OpportunityFactory,
    PainPointFactory,
    PersonaFactory,
    StageFactory,
    TouchpointFactory,
    UserFactory,
)

LANGUAGES = ["en", "zh-hans", "zh-hant", "ru"]
TRANSLATED = ["zh-hans", "zh-hant", "ru"]
# Words of the interface that a Chinese or Russian page must not show once it is translated.
ENGLISH_WORDS = [
    *("Log in", "Log out", "Save", "Cancel", "Delete", "Edit", "Stage", "Stages", "Lane", "Lanes"),
    *("Touchpoint", "Touchpoints", "Pain point", "Pain points", "Opportunity", "Opportunities"),
    *("Comments", "Members", "Settings", "Analytics", "ago", "Submit for review", "Export", "Import"),
    *("Maps", "Emotion", "Persona", "Personas", "Versions", "Swimlane", "Your account", "Language"),
]
ENGLISH = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in ENGLISH_WORDS) + r")\b")
# Attributes a person reads, besides the text of the page.
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-confirm"}
# SVG attributes that hold numbers, which a browser cannot read with a decimal comma.
SVG_NUMBERS = {
    *("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "viewbox"),
    *("transform", "stroke-width", "opacity", "offset", "font-size", "dx", "dy"),
}
DECIMAL_COMMA = re.compile(r"\d,\d")
# A polyline's points are "x,y x,y": one comma in each pair, a '.' in each fraction.
POINT = re.compile(r"^-?\d+(?:\.\d+)?,-?\d+(?:\.\d+)?$")


@dataclass
class PageReading(HTMLParser):
    """What a person reads on a page, and every number a browser computes with that has a
    decimal comma."""

    text: list[str] = field(default_factory=list)
    commas: list[str] = field(default_factory=list)
    skipping: int = 0
    in_svg: int = 0
    script_type: str | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "svg":
            self.in_svg += 1
        if tag in ("script", "style"):
            self.skipping += 1
            self.script_type = attributes.get("type", "") if tag == "script" else None
        for name, value in attributes.items():
            if name in READ_ATTRIBUTES:
                self.text.append(value)
            computed = (
                name == "style"
                or (name.startswith("data-") and name != "data-confirm")
                or (self.in_svg and name in SVG_NUMBERS)
            )
            if (computed and DECIMAL_COMMA.search(value)) or (
                self.in_svg and name == "points" and not all(POINT.match(pair) for pair in value.split())
            ):
                self.commas.append(f'<{tag} {name}="{value}">')
        if tag in ("input", "button") and attributes.get("type") in ("submit", "button") and "value" in attributes:
            self.text.append(attributes["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.in_svg = max(self.in_svg - 1, 0)
        if tag in ("script", "style"):
            self.skipping = max(self.skipping - 1, 0)
            self.script_type = None

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.text.append(data)
        elif self.script_type is not None:
            # The only scripts a page may hold inline are data (the CSP refuses code): JSON,
            # which a decimal comma would break.
            if self.script_type != "application/json":
                self.commas.append(f"<script> with code: {data[:80]}")
            elif data.strip():
                try:
                    json.loads(data)
                except ValueError:
                    self.commas.append(f"<script type=application/json>{data[:80]}")


def read_page(html: str) -> PageReading:
    reading = PageReading()
    reading.feed(html)
    reading.close()
    return reading


@dataclass
class ChineseMap:
    map: JourneyMap
    owner: object
    reviewer: object
    persona: object
    stage: object
    lane: object
    touchpoint: object
    pain_point: object
    opportunity: object


@pytest.fixture
def chinese_map(db) -> ChineseMap:
    """A map filled in Chinese, with fractional emotion averages for the curve to draw."""
    owner = UserFactory(username="zhang", first_name="张", last_name="伟")
    reviewer = UserFactory(username="li", first_name="李", last_name="娜")
    journey_map = JourneyMapFactory(title="购车之旅", description="从广告到推荐", owner=owner)
    MapMemberFactory(map=journey_map, user=reviewer, role=Role.REVIEWER)
    persona = PersonaFactory(name="王芳", occupation="设计师")
    journey_map.personas.add(persona)
    stages = [StageFactory(map=journey_map, name=name, position=i) for i, name in enumerate(["认知", "购买"])]
    lanes = [
        LaneFactory(map=journey_map, position=i, channel__name=name, channel__slug=slug)
        for i, (name, slug) in enumerate([("网站", "wangzhan"), ("门店", "mendian")])
    ]
    touchpoints = [
        TouchpointFactory(stage=stages[0], lane=lanes[0], title="看到广告", emotion=1, expectation=4),
        TouchpointFactory(stage=stages[0], lane=lanes[1], title="阅读评论", emotion=-2, expectation=2),
        TouchpointFactory(stage=stages[1], lane=lanes[1], title="在柜台付款", emotion=2, persona=persona),
    ]
    pain_point = PainPointFactory(stage=stages[1], touchpoint=touchpoints[2], title="排队太长")
    opportunity = OpportunityFactory(stage=stages[1], title="自助结账")
    opportunity.pain_points.add(pain_point)
    Comment.objects.create(map=journey_map, author=reviewer, stage=stages[0], body="这里需要更多细节")
    version_create(journey_map=journey_map, user=owner, note="第一版")
    return ChineseMap(
        journey_map, owner, reviewer, persona, stages[1], lanes[1], touchpoints[2], pain_point, opportunity
    )


def pages(filled: ChineseMap) -> Iterator[str]:
    journey_map = filled.map
    yield reverse("maps:list")
    yield reverse("maps:new")
    yield reverse("maps:trash")
    yield reverse("maps:notifications")
    yield reverse("account")
    yield reverse("maps:import-json")
    for name in (
        *("detail", "swimlane", "analytics", "members", "settings", "comments", "import", "interactions"),
        *("versions", "activity", "share", "present"),
    ):
        yield reverse(f"maps:{name}", args=[journey_map.pk])
    yield reverse("maps:version-compare", args=[journey_map.pk]) + "?old=1"
    yield reverse("maps:persona", args=[journey_map.pk, filled.persona.pk])
    yield reverse("maps:stage-new", args=[journey_map.pk])
    yield reverse("maps:stage-edit", args=[journey_map.pk, filled.stage.pk])
    yield reverse("maps:lane-new", args=[journey_map.pk])
    yield reverse("touchpoints:new", args=[journey_map.pk, filled.stage.pk, filled.lane.pk])
    for name, item in [
        ("", filled.touchpoint),
        ("pain-point-", filled.pain_point),
        ("opportunity-", filled.opportunity),
    ]:
        yield reverse(f"touchpoints:{name}view", args=[journey_map.pk, item.pk])
        yield reverse(f"touchpoints:{name}edit", args=[journey_map.pk, item.pk])
    yield reverse("touchpoints:pain-point-new", args=[journey_map.pk, filled.stage.pk])
    yield reverse("touchpoints:opportunity-new", args=[journey_map.pk, filled.stage.pk])


FIGURES = ["maps:swimlane-json", "maps:analytics-json"]


@pytest.fixture(scope="module")
def compiled_catalogues(tmp_path_factory) -> Path:
    """The catalogues as they stand in locale/, compiled for this run (compiled files are
    not kept in the repository)."""
    compiled = tmp_path_factory.mktemp("locale")
    for po_file in Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po"):
        target = compiled / po_file.relative_to(settings.LOCALE_PATHS[0])
        target.parent.mkdir(parents=True)
        polib.pofile(str(po_file)).save_as_mofile(str(target.with_suffix(".mo")))
    return compiled


def client_in(user, language: str) -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_language_switch_is_in_the_header_with_each_language_in_its_own_name(client, db) -> None:
    page = client.get(reverse("login")).content.decode()

    assert f'action="{reverse("set_language")}"' in page
    for name in ("English", "简体中文", "繁體中文", "Русский"):
        assert name in page


def test_switching_sets_the_browsers_language_and_comes_back_to_the_page(client, db) -> None:
    response = client.post(reverse("set_language"), {"language": "ru", "next": reverse("login")})

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["max-age"] == 365 * 24 * 60 * 60
    assert '<html lang="ru">' in client.get(reverse("login")).content.decode()


def test_switching_keeps_a_logged_in_persons_language_in_their_profile(client, db) -> None:
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})

    assert Profile.objects.get(user=user).language == "zh-hant"


def test_the_profiles_language_applies_in_a_browser_that_never_chose_one(db) -> None:
    user = UserFactory()
    Profile.objects.create(user=user, language="zh-hans")
    new_browser = Client(headers={"accept-language": "en"})
    new_browser.force_login(user)

    page = new_browser.get(reverse("maps:list")).content.decode()
    new_browser.post(reverse("logout"))

    assert '<html lang="zh-hans">' in page
    assert '<html lang="zh-hans">' in new_browser.get(reverse("login")).content.decode()


def test_a_language_chosen_before_logging_in_is_kept_in_the_profile(client, db) -> None:
    user = UserFactory(username="olga")
    client.post(reverse("set_language"), {"language": "ru", "next": reverse("login")})

    client.post(reverse("login"), {"username": "olga", "password": "correct horse battery"})

    assert Profile.objects.get(user=user).language == "ru"
    assert '<html lang="ru">' in client.get(reverse("maps:list")).content.decode()


def test_the_account_page_chooses_the_language_or_leaves_it_to_the_browser(db) -> None:
    user = UserFactory()
    client = Client(headers={"accept-language": "zh-TW"})
    client.force_login(user)

    client.post(reverse("account-language"), {"language": "ru"})
    assert Profile.objects.get(user=user).language == "ru"
    assert '<html lang="ru">' in client.get(reverse("account")).content.decode()

    client.post(reverse("account-language"), {"language": ""})
    assert Profile.objects.get(user=user).language == ""
    assert '<html lang="zh-hant">' in client.get(reverse("account")).content.decode()


@pytest.mark.parametrize(
    ("accept_language", "language"),
    [("zh-CN,zh;q=0.9", "zh-hans"), ("zh-TW", "zh-hant"), ("ru-RU,ru;q=0.9,en;q=0.8", "ru"), ("fr,ru;q=0.5", "ru")],
)
def test_an_anonymous_visitor_gets_the_first_of_their_browsers_languages(db, accept_language, language) -> None:
    page = Client(headers={"accept-language": accept_language}).get(reverse("login")).content.decode()

    assert f'<html lang="{language}">' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_number_a_browser_computes_with_has_a_decimal_comma(chinese_map, language) -> None:
    client = client_in(chinese_map.owner, language)

    for url in pages(chinese_map):
        response = client.get(url)
        assert response.status_code == 200, url
        assert read_page(response.content.decode()).commas == [], url
    for name in FIGURES:
        response = client.get(reverse(name, args=[chinese_map.map.pk]))
        assert response.status_code == 200, name
        json.loads(response.content)


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_english_word_of_the_interface_is_left_in_a_translated_page(
    chinese_map, compiled_catalogues, settings, language
) -> None:
    settings.LOCALE_PATHS = [compiled_catalogues]
    left: dict[str, list[str]] = {}

    def read(client: Client, url: str) -> None:
        text = " ".join(read_page(client.get(url).content.decode()).text)
        if found := sorted(set(ENGLISH.findall(text))):
            left[url] = found

    for who in (chinese_map.owner, chinese_map.reviewer):
        client = client_in(who, language)
        for url in pages(chinese_map):
            read(client, url)
    read(Client(headers={"accept-language": language}), reverse("login"))

    assert left == {}


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_spreadsheet_exported_in_any_language_imports_back_unchanged(
    chinese_map, compiled_catalogues, settings, language
) -> None:
    settings.LOCALE_PATHS = [compiled_catalogues]
    with translation.override(language):
        for write in (write_csv, write_xlsx):
            sources = sources_of(read_tables(write(map_tables(chinese_map.map))))
            rows, errors = parse_rows(sources, guess_mapping(headers_of(sources)))

            assert errors == [], write.__name__
            assert not plan_items(chinese_map.map, rows, errors).has_writes, write.__name__
        template = write_xlsx(template_tables(chinese_map.map), help_rows=template_help(chinese_map.map))
        sources = sources_of(read_tables(template))
        assert parse_rows(sources, guess_mapping(headers_of(sources)))[1] == []
