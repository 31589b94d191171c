"""The interaction analysis on small logs whose right answers are worked out by hand below."""

import io
from io import StringIO

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from customer_data import analysis, logs, services
from customer_data.analysis import analyse, find_candidates
from customer_data.logs import MapContext, found_values, read_log, suggest_mapping
from customer_data.models import CandidateKind, CandidateStatus, ImportStatus, InteractionImport, PainPointCandidate
from customer_data.samples import bench_interactions, sample_log_for
from customer_data.services import candidate_accept, candidate_dismiss, run_job, touchpoint_metrics_apply
from customer_data.tasks import analyse_interactions
from interchange.spreadsheet_export import write_xlsx_frame
from journeymap.lib.files import FileProblem
from tests.factories import LaneFactory, StageFactory, TouchpointFactory, UserFactory
from touchpoints.models import PainPoint, Touchpoint

pytestmark = pytest.mark.django_db

# Three customers on a map of three stages (S1, S2, S3) and three channels:
#   c1: Web A 10:00 -> Web B 12:00 -> Phone C next day 12:00 -> Store D a day later   (reaches S3)
#   c2: Web A 09:00 -> Phone C 10:00 -> Web B 11:00                                      (reaches S2)
#   c3: Web A 08:00 on 5 January                                                          (stays in S1)
LOG = """customer_id,timestamp,channel,touchpoint,satisfaction,nps,converted,revenue
c1,2025-01-01 10:00,Web,A,5,10,no,
c1,2025-01-01 12:00,Web,B,4,,no,
c1,2025-01-02 12:00,Phone,C,2,3,no,
c1,2025-01-03 12:00,Store,D,5,,yes,100
c2,2025-01-01 09:00,Web,A,3,,,
c2,2025-01-01 10:00,Phone,C,1,6,,
c2,2025-01-01 11:00,Web,B,,,yes,20
c3,2025-01-05 08:00,Web,A,4,9,no,
"""


@pytest.fixture
def small_map(cast):
    stages = [StageFactory(map=cast.map, name=f"S{n}", position=n - 1) for n in (1, 2, 3)]
    lanes = {
        name: LaneFactory(map=cast.map, position=position, channel__name=name, channel__slug=f"{name.lower()}-x")
        for position, name in enumerate(["Web", "Phone", "Store"])
    }
    for title, stage, lane in [("A", 0, "Web"), ("B", 1, "Web"), ("C", 1, "Phone"), ("D", 2, "Store")]:
        TouchpointFactory(stage=stages[stage], lane=lanes[lane], title=title, position=0)
    return cast.map


@pytest.fixture
def results(small_map):
    context = MapContext.of(small_map)
    log = read_log(LOG.encode())
    mapping, unsure = suggest_mapping(found_values(log), context)
    assert not unsure, "every name in the log is spelled as on the map"
    return analyse(log, mapping, context)


def by_name(rows: list[dict], key: str = "title") -> dict[str, dict]:
    return {row[key]: row for row in rows}


def test_it_counts_volume_customers_satisfaction_and_nps_per_touchpoint(results):
    a, b, c = (by_name(results["touchpoints"])[title] for title in "ABC")
    assert (a["volume"], a["customers"], a["avg_satisfaction"], a["satisfaction_answers"]) == (3, 3, 4.0, 3)
    assert a["csat"] == 66.67  # 5 and 4 of 5, 3, 4
    assert a["nps"] == 100 and a["nps_answers"] == 2  # 10 and 9: two promoters
    assert c["avg_satisfaction"] == 1.5 and c["csat"] == 0
    assert c["nps"] == -100  # 3 and 6: two detractors
    assert b["nps"] is None and b["nps_answers"] == 0


def test_it_measures_who_goes_no_further_per_touchpoint_and_stage(results):
    touchpoints, stages = by_name(results["touchpoints"]), by_name(results["stages"], "name")
    assert touchpoints["A"]["drop_off"] == 33.33  # c3 of c1, c2, c3 stays in S1
    assert touchpoints["B"]["drop_off"] == 50  # c2 goes no further than S2
    assert touchpoints["D"]["drop_off"] is None  # S3 is the last stage
    assert (stages["S1"]["volume"], stages["S2"]["volume"], stages["S2"]["customers"]) == (3, 4, 2)
    assert (stages["S1"]["drop_off"], stages["S2"]["drop_off"], stages["S3"]["drop_off"]) == (33.33, 50, None)


def test_it_takes_the_median_wait_until_the_next_interaction(results):
    touchpoints = by_name(results["touchpoints"])
    assert touchpoints["A"]["median_wait_hours"] == 1.5  # 2 h (c1) and 1 h (c2); c3 has no next
    assert touchpoints["B"]["median_wait_hours"] == 24  # c1 only: c2 ends at B
    assert touchpoints["C"]["median_wait_hours"] == 12.5  # 24 h (c1) and 1 h (c2)
    assert touchpoints["D"]["median_wait_hours"] is None
    assert results["summary"]["median_wait_hours"] == 2  # 2, 24, 24, 1, 1


def test_it_counts_conversions_and_revenue(results):
    touchpoints = by_name(results["touchpoints"])
    assert (touchpoints["B"]["conversions"], touchpoints["B"]["conversion_rate"], touchpoints["B"]["revenue"]) == (
        1,
        50,
        20,
    )
    assert (touchpoints["D"]["conversions"], touchpoints["D"]["conversion_rate"], touchpoints["D"]["revenue"]) == (
        1,
        100,
        100,
    )


def test_it_follows_each_customer_across_channels(results):
    rows = {row["label"]: row["counts"] for row in results["transitions"]["rows"]}
    assert results["transitions"]["labels"] == ["Web", "Phone", "Store"]
    assert rows == {"Web": [0, 2, 0], "Phone": [1, 0, 1], "Store": [0, 0, 0]}
    summary = results["summary"]
    assert (summary["customers"], summary["multichannel_share"], summary["average_switches"]) == (3, 66.7, 1.33)


def test_it_finds_the_most_common_paths(results):
    paths = sorted((row["channels"], row["customers"]) for row in results["paths"])
    assert paths == [(["Web"], 1), (["Web", "Phone", "Store"], 1), (["Web", "Phone", "Web"], 1)]


def test_it_draws_the_flow_as_a_sankey_of_steps(results):
    sankey = results["sankey"]
    nodes = [(node["step"], node["label"]) for node in sankey["nodes"]]
    links = sorted(
        (nodes[source], nodes[target], value)
        for source, target, value in zip(sankey["source"], sankey["target"], sankey["value"])
    )
    assert links == [((1, "Web"), (2, "Phone"), 2), ((2, "Phone"), (3, "Store"), 1), ((2, "Phone"), (3, "Web"), 1)]


def test_it_finds_customers_going_back_and_forth(results):
    (bounce,) = results["bounces"]
    assert (bounce["from"], bounce["to"], bounce["customers"], bounce["handoffs"], bounce["share"]) == (
        "Web",
        "Phone",
        1,
        2,
        50,
    )
    assert bounce["stage"] == "S2"


def test_it_suggests_pain_points_with_their_evidence(results, monkeypatch):
    monkeypatch.setattr(analysis, "MIN_SAMPLE", 1)
    results["summary"]["typical_bounce_share"] = 0  # as worked out with MIN_SAMPLE 1, in the test below
    found = {
        (candidate["kind"], candidate["evidence"].get("touchpoint") or candidate["evidence"]["from"]): candidate
        for candidate in find_candidates(results)
    }
    assert set(found) == {
        (CandidateKind.LOW_SATISFACTION, "C"),
        (CandidateKind.LONG_WAIT, "B"),
        (CandidateKind.LONG_WAIT, "C"),
        (CandidateKind.BACK_AND_FORTH, "Web"),
    }
    low = found[CandidateKind.LOW_SATISFACTION, "C"]
    assert low["severity"] == 4 and low["evidence"]["value"] == 1.5 and low["evidence"]["sample_size"] == 2
    assert found[CandidateKind.LONG_WAIT, "B"]["evidence"]["ratio"] == 12  # 24 h against 2 h


def test_it_needs_enough_people_before_it_suggests_anything(results):
    assert find_candidates(results) == [], "three customers are too few"


def test_the_typical_share_of_going_back_counts_hand_offs_without_any(small_map, monkeypatch):
    monkeypatch.setattr(analysis, "MIN_SAMPLE", 1)
    context = MapContext.of(small_map)
    log = read_log(LOG.encode())
    results = analyse(log, suggest_mapping(found_values(log), context)[0], context)
    assert results["summary"]["typical_bounce_share"] == 0  # 50, 0 and 0 %


# Reading logs


@pytest.mark.parametrize(
    "text, message",
    [
        ("who,when,where\nc1,2025-01-01,Web\n", "no column for: customer, timestamp, channel, touchpoint / stage"),
        (
            "customer_id,timestamp,channel,touchpoint\nc1,2025-01-01,Web,A\nc2,31/31/2025,Web,A\n",
            "Row 3, column “timestamp”: “31/31/2025” is not a date and time",
        ),
        (
            "customer_id,timestamp,channel,stage,satisfaction\nc1,2025-01-01,Web,S1,7\n",
            "Row 2, column “satisfaction”: “7” is not a score from 1 to 5",
        ),
        ("customer_id,timestamp,channel,stage,nps\nc1,2025-01-01,Web,S1,8.5\n", "“8.5” is not an answer from 0 to 10"),
        ("customer_id,timestamp,channel,stage,converted\nc1,2025-01-01,Web,S1,maybe\n", "“maybe” is not yes or no"),
        ("customer_id,timestamp,channel,stage\n,2025-01-01,Web,S1\n", "Row 2, column “customer”: “” is not filled in"),
        ("customer_id,timestamp,channel,stage\n", "no interactions"),
    ],
)
def test_a_bad_log_says_what_is_wrong_and_where(text, message):
    with pytest.raises(FileProblem) as problem:
        read_log(text.encode())
    assert message in problem.value.text


def test_it_reads_dates_written_day_first_and_excel_files():
    text = "Customer ID;Date;Channel;Stage;CSAT\nc1;31/01/2025 14:30;Web;S1;4\n"
    log = read_log(text.encode())
    assert str(log.frame["at"].iloc[0]) == "2025-01-31 14:30:00+00:00"
    assert log.optional == {"stage", "satisfaction"}
    frame = read_log(LOG.encode()).frame
    again = read_log(write_xlsx_frame(pd.read_csv(io.StringIO(LOG), dtype=str, keep_default_na=False)))
    assert again.frame["at"].tolist() == frame["at"].tolist()


def test_it_refuses_a_log_longer_than_the_cap(monkeypatch):
    monkeypatch.setattr(logs, "MAX_LOG_ROWS", 5)
    with pytest.raises(FileProblem, match="more than 5 rows"):
        read_log(LOG.encode())


def test_it_suggests_the_map_item_a_name_means(small_map):
    context = MapContext.of(small_map)
    mapping, unsure = suggest_mapping(
        {"channel": [("WEB", 5), ("Phones", 2), ("Fax", 1)], "touchpoint": [("a", 3)]}, context
    )
    lanes = {name: pk for pk, name in context.lanes.items()}
    assert mapping["channel"] == {"WEB": lanes["Web"], "Phones": lanes["Phone"], "Fax": None}
    assert unsure, "Phones and Fax need a person's eye"
    assert [context.touchpoints[pk][0] for pk in mapping["touchpoint"].values()] == ["A"]


def test_rows_of_a_channel_left_unmatched_are_left_out(small_map):
    context = MapContext.of(small_map)
    log = read_log(LOG.encode())
    mapping = suggest_mapping(found_values(log), context)[0]
    mapping["channel"]["Phone"] = None
    summary = analyse(log, mapping, context)["summary"]
    assert (summary["rows"], summary["rows_used"], summary["rows_ignored"]) == (8, 6, 2)


# The job and the decisions that follow


def new_import(journey_map, content: bytes = LOG.encode()) -> InteractionImport:
    return InteractionImport.objects.create(map=journey_map, file_name="log.csv", content=content)


def test_the_job_reads_matches_and_analyses_a_log(small_map):
    job = new_import(small_map)
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress, job.row_count, job.customer_count) == (ImportStatus.DONE, 100, 8, 3)
    assert job.results["summary"]["customers"] == 3 and job.finished_at


def test_the_job_waits_for_a_person_when_names_do_not_match(small_map):
    job = new_import(small_map, LOG.replace("Phone", "Call centre").encode())
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.NEEDS_MAPPING and job.results == {}
    assert job.mapping["channel"]["Call centre"] is None


def test_the_job_reports_a_bad_file_and_changes_nothing(small_map):
    job = new_import(small_map, b"customer_id,timestamp,channel,touchpoint\nc1,someday,Web,A\n")
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "“someday” is not a date and time" in job.message
    assert not job.candidates.exists() and not PainPoint.objects.filter(map=small_map).exists()


def test_a_crash_is_raised_for_the_worker_to_try_again_and_the_person_sees_it_coming(small_map, monkeypatch):
    monkeypatch.setattr(services, "analyse", lambda *args: 1 / 0)
    job = new_import(small_map)
    with pytest.raises(ZeroDivisionError):
        run_job(job.pk)
    job.refresh_from_db()
    assert job.is_running and "it will be tried again" in job.message


def test_the_job_reports_a_crash_without_the_details_once_no_try_is_left(small_map, monkeypatch):
    monkeypatch.setattr(services, "analyse", lambda *args: 1 / 0)
    job = new_import(small_map)
    analyse_interactions.enqueue(job.pk)  # at once in the tests: one try, and it is the last
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.message == (
        "The file could not be analysed because of an error on the server."
    )


def test_running_the_job_again_changes_nothing(small_map, monkeypatch):
    monkeypatch.setattr(analysis, "MIN_SAMPLE", 1)
    job = new_import(small_map)
    run_job(job.pk)
    first = InteractionImport.objects.get(pk=job.pk)
    candidates = list(first.candidates.values_list("pk", "kind"))
    run_job(job.pk)
    again = InteractionImport.objects.get(pk=job.pk)
    assert candidates and list(again.candidates.values_list("pk", "kind")) == candidates
    assert (again.finished_at, again.results) == (first.finished_at, first.results)


def test_results_of_a_mapping_changed_meanwhile_are_dropped(small_map):
    job = new_import(small_map)
    run_job(job.pk)
    job = InteractionImport.objects.get(pk=job.pk)
    old_mapping = dict(job.mapping)
    services.mapping_confirm(job=job, mapping={**job.mapping, "channel": {**job.mapping["channel"], "Phone": None}})
    stale = InteractionImport.objects.get(pk=job.pk)
    stale.mapping = old_mapping  # a run that read the mapping before the person changed it
    services.save_results(stale, {"summary": {"stale": True}})
    assert InteractionImport.objects.get(pk=job.pk).status == ImportStatus.ANALYSING
    run_job(job.pk)
    assert InteractionImport.objects.get(pk=job.pk).results["summary"]["rows_ignored"] == 2


def test_the_upload_queues_the_job_only_once_the_upload_is_saved(small_map, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.interaction_import_create(
            journey_map=small_map, user=None, file_name="log.csv", content=LOG.encode()
        )
    assert InteractionImport.objects.get(pk=job.pk).message == "Waiting for a worker"
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: the task is queued (and, in the tests, run at once)
    assert InteractionImport.objects.get(pk=job.pk).status == ImportStatus.DONE


@pytest.fixture
def analysed(small_map, monkeypatch):
    monkeypatch.setattr(analysis, "MIN_SAMPLE", 1)
    job = new_import(small_map)
    run_job(job.pk)
    return InteractionImport.objects.get(pk=job.pk)


def test_accepting_a_candidate_puts_it_on_the_map_with_its_evidence(analysed):
    candidate = analysed.candidates.get(kind=CandidateKind.LOW_SATISFACTION)
    user = UserFactory()
    pain_point = candidate_accept(candidate=candidate, user=user)
    assert pain_point.title == "Low satisfaction at “C”"
    assert (pain_point.stage.name, pain_point.touchpoint.title, pain_point.severity) == ("S2", "C", 4)
    assert pain_point.evidence["value"] == 1.5 and pain_point.evidence["sample_size"] == 2
    assert pain_point.evidence["source"]["interaction_import"] == analysed.pk
    candidate.refresh_from_db()
    assert (candidate.status, candidate.pain_point, candidate.decided_by) == (
        CandidateStatus.ACCEPTED,
        pain_point,
        user,
    )
    with pytest.raises(services.AlreadyDecided):
        candidate_accept(candidate=candidate, user=user)
    assert PainPoint.objects.filter(map=analysed.map).count() == 1


def test_dismissing_a_candidate_leaves_the_map_alone(analysed):
    candidate = analysed.candidates.first()
    candidate_dismiss(candidate=candidate, user=UserFactory())
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.DISMISSED and not PainPoint.objects.filter(map=analysed.map).exists()


def test_analysing_again_does_not_bring_back_what_was_decided(analysed):
    accepted, dismissed = analysed.candidates.all()[:2]
    candidate_accept(candidate=accepted, user=UserFactory())
    candidate_dismiss(candidate=dismissed, user=UserFactory())
    services.save_results(analysed, analysed.results)
    assert list(analysed.candidates.exclude(status=CandidateStatus.OPEN)) == [accepted, dismissed]
    assert analysed.candidates.filter(status=CandidateStatus.OPEN).count() == 2


def test_the_figures_go_to_the_touchpoints_where_the_log_has_answers(analysed):
    Touchpoint.objects.filter(map=analysed.map, title="B").update(nps=42)
    assert touchpoint_metrics_apply(job=analysed) == 4
    touchpoints = {tp.title: tp for tp in Touchpoint.objects.filter(map=analysed.map)}
    assert (touchpoints["A"].csat, touchpoints["A"].nps, touchpoints["A"].conversion_rate) == (66.67, 100, 0)
    assert touchpoints["B"].nps == 42, "no NPS answers at B: the figure stays"
    assert touchpoints["D"].conversion_rate == 100
    assert touchpoints["A"].version == 2


# The sample log, the benchmark and the commands


def test_the_sample_log_fits_its_map(small_map):
    frame = sample_log_for(small_map, customers=200)
    log = read_log(frame.to_csv(index=False).encode())
    mapping, _unsure = suggest_mapping(found_values(log), MapContext.of(small_map))
    assert None not in mapping["channel"].values() and None not in mapping["touchpoint"].values()
    assert log.customers == 200 and set(frame.columns) >= {"customer_id", "timestamp", "channel", "touchpoint", "stage"}
    assert sample_log_for(small_map, customers=200).equals(frame), "the same seed gives the same log"


def test_the_benchmark_measures_the_analysis_and_the_floor(small_map):
    floor, from_csv, from_excel, calamine_alone = bench_interactions(small_map, rows=2000)
    assert floor["rows"] == from_csv["rows"] == from_excel["rows"] == calamine_alone["rows"] == 2000
    assert from_csv["seconds"] > 0 and from_csv["peak_mb"] > floor["peak_mb"] > 0
    assert from_excel["bytes"] != from_csv["bytes"]
    assert calamine_alone["bytes"] == from_excel["bytes"] and calamine_alone["seconds"] > 0


def test_make_sample_interactions_writes_a_log(small_map, tmp_path):
    stdout = StringIO()
    call_command("make_sample_interactions", map_id=small_map.pk, customers=50, stdout=stdout)
    assert stdout.getvalue().startswith("customer_id,timestamp,channel,touchpoint,stage")
    path = tmp_path / "log.xlsx"
    call_command("make_sample_interactions", map_id=small_map.pk, customers=50, out=str(path), stderr=StringIO())
    assert read_log(path.read_bytes()).customers == 50
    with pytest.raises(CommandError, match="no map 999999"):
        call_command("make_sample_interactions", map_id=999999)


def test_import_interactions_analyses_a_file_at_once(small_map, tmp_path, monkeypatch):
    monkeypatch.setattr(analysis, "MIN_SAMPLE", 1)
    path = tmp_path / "log.csv"
    path.write_text(LOG)
    stdout = StringIO()
    call_command("import_interactions", str(path), map_id=small_map.pk, apply_metrics=True, stdout=stdout)
    output = stdout.getvalue()
    assert "Analysed 8 of 8 interactions of 3 customers" in output and "peak memory" in output
    assert "candidate: Low satisfaction at “C”" in output
    assert "Wrote the figures of 4 touchpoints" in output
    assert InteractionImport.objects.get(map=small_map).status == ImportStatus.DONE


def test_import_interactions_refuses_a_bad_file_and_stores_nothing(small_map, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("hello\n1\n")
    with pytest.raises(CommandError, match="no column for"):
        call_command("import_interactions", str(path), map_id=small_map.pk)
    assert not InteractionImport.objects.exists() and not PainPointCandidate.objects.exists()
