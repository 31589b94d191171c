"""Names in an interaction log matched to a map named in Chinese (Simplified and Traditional) and Russian."""

from io import StringIO

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from customer_data.logs import MapContext, Match, Matcher, choices_for, found_values, read_log, suggest_mapping
from customer_data.models import ImportStatus, InteractionImport
from customer_data.services import import_log, run_job
from journeymap.lib.files import FileProblem
from journeymap.lib.text import fold, name_key
from tests.factories import LaneFactory, StageFactory, TouchpointFactory

pytestmark = pytest.mark.django_db

CHANNELS = {"官网": "guanwang", "門市": "menshi", "Сайт": "sait", "ABC:App": "abc-app"}
# title on the map -> (stage, channel, the spellings the log uses for it)
TOUCHPOINTS = {
    "搜索产品": (0, "官网", ["搜索产品", "搜索 产品"]),
    "搜尋產品": (0, "門市", ["搜尋產品"]),  # the same words in Traditional: another touchpoint
    "ＡＢＣ会员注册": (0, "ABC:App", ["abc 会员注册", "ABC会员注册"]),
    "加入购物车": (1, "官网", ["加入购物车！"]),
    "結帳付款": (1, "門市", ["結帳-付款", "結帳付款"]),
    "ABC：积分兑换": (1, "ABC:App", ["ABC:积分兑换"]),
    "Оформление заказа": (2, "Сайт", ["ОФОРМЛЕНИЕ ЗАКАЗА", "оформление  заказа"]),
    "Подтверждение по SMS": (2, "Сайт", ["Подтверждение по ＳＭＳ"]),
    "Отзыв": (2, "ABC:App", ["отзыв"]),
}
CHANNEL_SPELLINGS = {
    "官网": ["官网"],
    "門市": ["門市", " 門市 "],
    "Сайт": ["САЙТ", "сайт"],
    "ABC:App": ["ＡＢＣ：ａｐｐ"],
}


@pytest.fixture
def named_map(cast):
    stages = [StageFactory(map=cast.map, name=name, position=n) for n, name in enumerate(["认知", "購買", "Оплата"])]
    lanes = {
        name: LaneFactory(map=cast.map, position=n, channel__name=name, channel__slug=slug)
        for n, (name, slug) in enumerate(CHANNELS.items())
    }
    for title, (stage, channel, _spellings) in TOUCHPOINTS.items():
        TouchpointFactory(stage=stages[stage], lane=lanes[channel], title=title)
    return cast.map


def generated_log(rows: int = 3000, *, seed: int = 7) -> tuple[bytes, dict[str, int]]:
    """A log of `rows` interactions spelled every way `TOUCHPOINTS` lists, and each touchpoint's volume."""
    rng = np.random.default_rng(seed)
    titles = list(TOUCHPOINTS)
    picked = rng.integers(0, len(titles), rows)
    records = []
    for row, index in enumerate(picked):
        title = titles[index]
        _stage, channel, spellings = TOUCHPOINTS[title]
        records.append(
            {
                "customer_id": f"c{rng.integers(0, 200)}",
                "timestamp": (pd.Timestamp("2025-03-01") + pd.Timedelta(minutes=7 * row)).isoformat(),
                "channel": CHANNEL_SPELLINGS[channel][row % len(CHANNEL_SPELLINGS[channel])],
                "touchpoint": spellings[row % len(spellings)],
                "satisfaction": int(rng.integers(1, 6)),
            }
        )
    volumes = {title: int((picked == index).sum()) for index, title in enumerate(titles)}
    return pd.DataFrame(records).to_csv(index=False).encode(), volumes


def test_folding_keeps_letters_of_every_script_and_drops_width_case_and_punctuation():
    assert fold("ＡＢＣ：Сайт") == fold("abc: САЙТ") == "abc сайт"
    assert fold("網站首頁") == "網站首頁" and fold("网站首页") != fold("網站首頁")
    assert name_key("搜索 产品") == name_key("搜索产品") and fold("！—…") == ""


def test_every_touchpoint_volume_matches_the_log_whatever_the_spelling(named_map):
    content, volumes = generated_log()
    job = InteractionImport.objects.create(map=named_map, file_name="log.csv", content=content)
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, "every spelling is the map's name once folded: no one is asked"
    measured = {row["title"]: row["volume"] for row in job.results["touchpoints"]}
    assert measured == volumes
    assert job.results["summary"]["rows_ignored"] == 0


def test_a_name_that_folds_to_nothing_or_is_shared_is_never_chosen(named_map):
    shared_stage = named_map.stages.get(position=1)
    TouchpointFactory(stage=shared_stage, lane=named_map.lanes.first(), title="支付")
    TouchpointFactory(stage=named_map.stages.get(position=2), lane=named_map.lanes.first(), title="支付")
    matcher = Matcher(choices_for("touchpoint", MapContext.of(named_map)))
    assert matcher.match("！！") == (None, Match.UNMATCHED)
    assert matcher.match("—") == (None, Match.UNMATCHED)
    assert matcher.match("支付") == (None, Match.AMBIGUOUS)
    assert matcher.match("退货申请")[1] != Match.EXACT


def test_names_missing_from_the_map_are_not_all_given_to_one_touchpoint(named_map):
    log = read_log(
        "customer_id,timestamp,channel,touchpoint\n"
        "c1,2025-03-01 10:00,官网,退货申请\nc1,2025-03-01 11:00,官网,客服咨询\n"
        "c2,2025-03-01 10:00,Сайт,Возврат товара\nc2,2025-03-01 11:00,Сайт,Жалоба\n".encode()
    )
    mapping, unsure = suggest_mapping(found_values(log), MapContext.of(named_map))
    assert unsure
    chosen = [pk for pk in mapping["touchpoint"].values() if pk is not None]
    assert len(chosen) == len(set(chosen))


def test_the_matching_page_says_which_names_could_not_be_matched(named_map, cast):
    content, _volumes = generated_log(200)
    content = content.replace("отзыв".encode(), "Жалоба".encode()).replace("搜尋產品".encode(), "！！".encode())
    job = InteractionImport.objects.create(map=named_map, file_name="log.csv", content=content)
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.NEEDS_MAPPING
    assert job.mapping["touchpoint"]["！！"] is None
    page = cast.client_for("owner").get(reverse("maps:interaction-detail", args=[named_map.pk, job.pk]))
    html = page.content.decode()
    assert html.count('data-match="unmatched"') == 2 and "Жалоба" in html
    assert "Not matched: no item on the map is named like this" in html


def test_the_command_line_import_refuses_names_it_cannot_match_and_lists_them(named_map, tmp_path):
    content, _volumes = generated_log(300)
    path = tmp_path / "log.csv"
    path.write_bytes(content.replace("отзыв".encode(), "Жалоба".encode()))
    with pytest.raises(CommandError) as refused:
        call_command("import_interactions", str(path), map_id=named_map.pk)
    assert "Жалоба" in str(refused.value) and "nothing was imported" in str(refused.value)
    assert not InteractionImport.objects.exists()


def test_the_command_line_import_can_leave_out_the_rows_it_cannot_match(named_map, tmp_path):
    content, volumes = generated_log(300)
    path = tmp_path / "log.csv"
    path.write_bytes(content.replace("отзыв".encode(), "Жалоба".encode()))
    call_command("import_interactions", str(path), map_id=named_map.pk, skip_unmatched=True, stdout=StringIO())
    job = InteractionImport.objects.get()
    measured = {row["title"]: row["volume"] for row in job.results["touchpoints"]}
    assert measured == {title: volume for title, volume in volumes.items() if title != "Отзыв"}


def test_the_command_line_import_analyses_a_log_spelled_differently_from_the_map(named_map, tmp_path):
    content, volumes = generated_log(500)
    path = tmp_path / "log.csv"
    path.write_bytes(content)
    call_command("import_interactions", str(path), map_id=named_map.pk, stdout=StringIO())
    measured = {row["title"]: row["volume"] for row in InteractionImport.objects.get().results["touchpoints"]}
    assert measured == volumes


def test_a_script_refused_for_unmatched_names_stores_nothing(named_map):
    with pytest.raises(FileProblem) as refused:
        import_log(
            journey_map=named_map,
            file_name="log.csv",
            content="customer_id,timestamp,channel,touchpoint\nc1,2025-03-01 10:00,官网,支付\n".encode(),
        )
    assert any("支付" in line for line in refused.value.details)
    assert not InteractionImport.objects.exists()
