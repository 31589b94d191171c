"""The writes of customer data: an import's job, and what follows a person's decision.

The analysis of an upload is a task (`customer_data.tasks`) queued once the upload is
committed (`start_job`) and run by a worker process (`manage.py worker`): the page polls
the `InteractionImport` row for progress and the person can keep working. A try that
fails, or whose worker dies, is followed by another, so `run_job` may run more than once
for one import and gives the same result each time. Figures and candidates are stored
on the row and its `PainPointCandidate`s; nothing in the map changes until someone
accepts a candidate or writes the metrics to the touchpoints.
"""

import logging
from datetime import timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from customer_data.analysis import analyse, candidate_text, find_candidates
from customer_data.logs import MapContext, Match, found_values, match_values, read_log, suggest_mapping
from customer_data.models import CandidateStatus, ImportStatus, InteractionImport, PainPointCandidate
from journeymap.lib.files import FileProblem
from maps.models import JourneyMap
from maps.services import lock_map
from touchpoints.models import PainPoint, Touchpoint

logger = logging.getLogger("journeymap.interactions")

# The job: reading and analysing outside the request


def start_job(import_id: int) -> None:
    """Queue the import's next step for a worker, once the transaction that asked for it is committed."""
    from customer_data.tasks import analyse_interactions  # the task calls back into this module

    transaction.on_commit(partial(analyse_interactions.enqueue, import_id))


def run_job(import_id: int) -> None:
    """Read, match and analyse one import, as far as it can go without a person. An import that
    is no longer waiting for it (done, failed, or waiting for a person) is left alone, so a second
    run of the same task changes nothing. A bad file fails the import at once; any other error is
    raised for the worker to try again (`job_failed` reports the last one)."""
    job = InteractionImport.objects.select_related("map").filter(pk=import_id).first()
    if job is None or not job.is_running:
        return
    with translation.override(job.language):
        try:
            _run(job)
        except FileProblem as problem:
            _finish(import_id, ImportStatus.FAILED, problem.text)
        except Exception:
            logger.exception("Interaction import %s failed", import_id)
            _progress(job, job.progress, _("An error interrupted the analysis; it will be tried again."))
            raise


def job_failed(import_id: int) -> None:
    """The analysis could not be done, even after trying again: the person is told, without the details."""
    language = InteractionImport.objects.filter(pk=import_id).values_list("language", flat=True).first()
    with translation.override(language):
        message = _("The file could not be analysed because of an error on the server.")
    InteractionImport.objects.filter(pk=import_id, status__in=InteractionImport.RUNNING).update(
        status=ImportStatus.FAILED, message=message, progress=100, finished_at=timezone.now(), updated_at=timezone.now()
    )


def _run(job: InteractionImport) -> None:
    _progress(job, 5, _("Reading the file"))
    log = read_log(bytes(job.content))
    context = MapContext.of(job.map)
    if job.status == ImportStatus.READING:
        _progress(job, 35, _("Matching channels and touchpoints"))
        job.values = found_values(log)
        job.mapping, unsure = suggest_mapping(job.values, context)
        job.row_count, job.customer_count = len(log.frame), log.customers
        if unsure:
            job.status, job.progress, job.message = ImportStatus.NEEDS_MAPPING, 40, ""
            job.save(
                update_fields=[
                    "values",
                    "mapping",
                    "row_count",
                    "customer_count",
                    "status",
                    "progress",
                    "message",
                    "updated_at",
                ]
            )
            return
        job.save(update_fields=["values", "mapping", "row_count", "customer_count", "updated_at"])
    _progress(job, 60, _("Analysing the interactions"))
    results = analyse(log, job.mapping, context)
    _progress(job, 90, _("Looking for pain points"))
    save_results(job, results)


@transaction.atomic
def save_results(job: InteractionImport, results: dict[str, Any]) -> None:
    """The analysis stored on the import, and its candidates in place of the earlier open ones;
    a candidate someone already accepted or dismissed does not come back. Two runs that finish
    together write one after the other; results of a mapping someone has changed since are
    dropped (the run for the new mapping is queued)."""
    current = InteractionImport.objects.select_for_update().filter(pk=job.pk).values("status", "mapping").first()
    if current is None or current["status"] not in InteractionImport.RUNNING or current["mapping"] != job.mapping:
        return
    job.candidates.filter(status=CandidateStatus.OPEN).delete()
    decided = {
        _subject(candidate.kind, candidate.stage_id, candidate.touchpoint_id, candidate.evidence)
        for candidate in job.candidates.all()
    }
    PainPointCandidate.objects.bulk_create(
        PainPointCandidate(interaction_import=job, **candidate)
        for candidate in find_candidates(results)
        if _subject(candidate["kind"], candidate["stage_id"], candidate["touchpoint_id"], candidate["evidence"])
        not in decided
    )
    job.results, job.status, job.progress, job.message = results, ImportStatus.DONE, 100, ""
    job.finished_at = timezone.now()
    job.save(update_fields=["results", "status", "progress", "message", "finished_at", "updated_at"])


def _subject(kind: str, stage_id: int, touchpoint_id: int | None, evidence: dict) -> tuple:
    """What a candidate is about, whatever its figures."""
    return kind, stage_id, touchpoint_id, evidence.get("from"), evidence.get("to")


def _progress(job: InteractionImport, percent: int, message: str) -> None:
    job.progress, job.message = percent, message
    InteractionImport.objects.filter(pk=job.pk).update(progress=percent, message=message, updated_at=timezone.now())


def _finish(import_id: int, status: str, message: str) -> None:
    InteractionImport.objects.filter(pk=import_id).update(
        status=status, message=message, progress=100, finished_at=timezone.now(), updated_at=timezone.now()
    )


# Writes that follow a person's decision


def interaction_import_create(*, journey_map: JourneyMap, user, file_name: str, content: bytes) -> InteractionImport:
    """A new import of `content`, read and analysed in the background."""
    job = InteractionImport.objects.create(
        map=journey_map,
        uploaded_by=user,
        file_name=file_name[:255],
        content=content,
        language=translation.get_language(),
        message=_("Waiting for a worker"),
    )
    start_job(job.pk)
    return job


def mapping_confirm(*, job: InteractionImport, mapping: dict[str, dict[str, int | None]]) -> None:
    """Analyse again with the mapping a person confirmed."""
    job.mapping, job.status, job.progress, job.message = mapping, ImportStatus.ANALYSING, 0, _("Waiting for a worker")
    job.language = translation.get_language()
    job.save(update_fields=["mapping", "status", "progress", "message", "language", "updated_at"])
    start_job(job.pk)


def import_log(
    *, journey_map: JourneyMap, file_name: str, content: bytes, user=None, skip_unmatched: bool = False
) -> InteractionImport:
    """Read, match and analyse a log at once, for scripts and the command line. With no person
    to confirm a guess, only names spelled as one item of the map are matched; any other name
    raises `FileProblem` listing them all, before anything is stored. With `skip_unmatched` their
    rows are left out of the analysis instead."""
    log = read_log(content)
    context = MapContext.of(journey_map)
    values = found_values(log)
    matched = match_values(values, context)
    unmatched = [
        _unmatched_line(column, value, how)
        for column, found in matched.items()
        for value, (_pk, how) in found.items()
        if how != Match.EXACT
    ]
    if unmatched and not skip_unmatched:
        raise FileProblem(
            _("%(count)d names in the file match no single item of the map; nothing was imported.")
            % {"count": len(unmatched)},
            details=unmatched,
        )
    mapping = {
        column: {value: pk if how == Match.EXACT else None for value, (pk, how) in found.items()}
        for column, found in matched.items()
    }
    results = analyse(log, mapping, context)
    job = InteractionImport.objects.create(
        map=journey_map,
        uploaded_by=user,
        file_name=file_name[:255],
        content=content,
        language=translation.get_language(),
        status=ImportStatus.ANALYSING,
        values=values,
        mapping=mapping,
        row_count=len(log.frame),
        customer_count=log.customers,
    )
    save_results(job, results)
    return job


def _unmatched_line(column: str, value: str, how: Match) -> str:
    reasons = {
        Match.AMBIGUOUS: _("several items of the map have this name"),
        Match.SUGGESTED: _("no item of the map has this name"),
        Match.UNMATCHED: _("no item of the map has this name"),
    }
    return _("%(column)s “%(value)s”: %(reason)s") % {"column": column, "value": value, "reason": reasons[how]}


class AlreadyDecided(Exception):
    """Someone accepted or dismissed the candidate first."""


@transaction.atomic
def candidate_accept(*, candidate: PainPointCandidate, user) -> PainPoint:
    """The candidate becomes a pain point of the map; its evidence goes with it."""
    job = candidate.interaction_import
    lock_map(job.map_id, adding=1)
    if not PainPointCandidate.objects.filter(pk=candidate.pk, status=CandidateStatus.OPEN).update(
        status=CandidateStatus.ACCEPTED, decided_by=user, decided_at=timezone.now()
    ):
        raise AlreadyDecided
    title, description = candidate_text(candidate)
    source = {
        "interaction_import": job.pk,
        "file": job.file_name,
        "candidate": candidate.pk,
        "analysed_at": job.finished_at.isoformat() if job.finished_at else None,
    }
    pain_point = PainPoint.objects.create(
        map_id=job.map_id,
        stage_id=candidate.stage_id,
        touchpoint_id=candidate.touchpoint_id,
        title=title[:160],
        description=description,
        severity=candidate.severity,
        cause=candidate.cause,
        evidence={**candidate.evidence, "source": source},
    )
    PainPointCandidate.objects.filter(pk=candidate.pk).update(pain_point=pain_point)
    return pain_point


def candidate_dismiss(*, candidate: PainPointCandidate, user) -> None:
    if not PainPointCandidate.objects.filter(pk=candidate.pk, status=CandidateStatus.OPEN).update(
        status=CandidateStatus.DISMISSED, decided_by=user, decided_at=timezone.now()
    ):
        raise AlreadyDecided


@transaction.atomic
def touchpoint_metrics_apply(*, job: InteractionImport) -> int:
    """CSAT, NPS and conversion rate from the analysis written to the map's touchpoints; returns
    how many touchpoints changed. Figures the log has no answers for are left as they are."""
    lock_map(job.map_id)
    rows = {row["id"]: row for row in job.results.get("touchpoints", [])}
    touchpoints = list(Touchpoint.objects.filter(map_id=job.map_id, pk__in=rows))
    has_conversions = "converted" in job.results.get("optional", [])
    for touchpoint in touchpoints:
        row = rows[touchpoint.pk]
        if row["satisfaction_answers"]:
            touchpoint.csat = row["csat"]
        if row["nps_answers"]:
            touchpoint.nps = round(row["nps"])
        if has_conversions:
            touchpoint.conversion_rate = row["conversion_rate"]
    if touchpoints:
        Touchpoint.objects.bulk_update(touchpoints, ["csat", "nps", "conversion_rate", "updated_at"])
        Touchpoint.objects.filter(pk__in=[touchpoint.pk for touchpoint in touchpoints]).update(version=F("version") + 1)
    InteractionImport.objects.filter(pk=job.pk).update(metrics_applied_at=timezone.now())
    return len(touchpoints)


STUCK_AFTER = timedelta(minutes=10)


def seems_stuck(job: InteractionImport) -> bool:
    """A job that has not moved for a long time: probably no worker is running."""
    return job.is_running and timezone.now() - job.updated_at > STUCK_AFTER
