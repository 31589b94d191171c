"""Synthetic journey maps of any size, for tests and benchmarks.

Everything random comes from one `random.Random(seed)`, so the same seed and sizes
give the same map (due dates count from today). Rows are written with bulk_create:
a thousand touchpoints take a handful of queries, not a thousand.
"""

import random
from collections import defaultdict
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone

from maps.models import JourneyMap, Lane, Stage
from maps.services import map_create
from touchpoints.models import (
    Channel,
    ChannelKind,
    Opportunity,
    OpportunityStatus,
    PainCause,
    PainPoint,
    Severity,
    Touchpoint,
)

SYNTHETIC_CHANNEL_SLUG = "synthetic-channel-{}"

ACTIONS = ["Opens", "Compares", "Reads", "Asks about", "Saves", "Shares", "Checks", "Rates", "Pays for"]
OBJECTS = [
    "the offer",
    "the price",
    "a review",
    "the delivery slot",
    "the basket",
    "a promo code",
    "the size guide",
    "the store hours",
    "the order status",
    "the loyalty points",
    "the warranty",
    "a product video",
]
MOODS = ["quickly", "after some doubt", "on the phone", "at the counter", "late at night", "with a friend"]
PAINS = [
    "Slow answer",
    "Unclear price",
    "Missing stock",
    "Long queue",
    "Broken link",
    "Confusing form",
    "Late delivery",
    "Hidden fee",
    "No follow-up",
    "Repeated questions",
]
FIXES = ["Automate", "Simplify", "Show earlier", "Personalise", "Speed up", "Merge", "Explain", "Reward"]
OWNERS = ["Head of e-commerce", "CRM manager", "Store operations", "Customer care lead", "Product owner"]


def seed_large_map(
    *,
    stages: int,
    lanes: int,
    touchpoints: int,
    pain_points: int,
    opportunities: int,
    seed: int,
    owner: AbstractUser,
) -> JourneyMap:
    """A new map of exactly the given sizes, owned by `owner`."""
    if stages < 1 or lanes < 1:
        raise ValueError("A map needs at least one stage and one lane.")
    if min(touchpoints, pain_points, opportunities) < 0:
        raise ValueError("Sizes cannot be negative.")
    rng = random.Random(seed)
    with transaction.atomic():
        journey_map = map_create(
            owner=owner,
            title=f"Synthetic map: {stages} stages x {lanes} lanes, {touchpoints} touchpoints (seed {seed})",
            description="Generated for tests and benchmarks.",
        )
        stage_rows = _create_stages(journey_map, stages, rng)
        lane_rows = _create_lanes(journey_map, lanes)
        touchpoint_rows = _create_touchpoints(journey_map, stage_rows, lane_rows, touchpoints, rng)
        _link_touchpoints(touchpoint_rows, rng)
        pain_point_rows = _create_pain_points(journey_map, stage_rows, touchpoint_rows, pain_points, rng)
        _create_opportunities(journey_map, stage_rows, pain_point_rows, opportunities, rng)
    return journey_map


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(MOODS)}."


def _maybe(rng: random.Random, probability: float, low: int, high: int) -> int | None:
    """A metric that only some touchpoints carry, as in a real map."""
    return rng.randint(low, high) if rng.random() < probability else None


def _create_stages(journey_map: JourneyMap, count: int, rng: random.Random) -> list[Stage]:
    return Stage.objects.bulk_create(
        Stage(
            map=journey_map,
            position=position,
            name=f"Stage {position + 1}",
            customer_goal=_sentence(rng),
            drivers=_sentence(rng),
            barriers=_sentence(rng),
            influence=_sentence(rng),
            target_csat=_maybe(rng, 0.5, 60, 95),
            target_nps=_maybe(rng, 0.3, 0, 70),
        )
        for position in range(count)
    )


def _create_lanes(journey_map: JourneyMap, count: int) -> list[Lane]:
    return Lane.objects.bulk_create(
        Lane(map=journey_map, channel=channel, position=position) for position, channel in enumerate(_channels(count))
    )


def _channels(count: int) -> list[Channel]:
    """The first `count` channels of the library, topped up with synthetic ones when it runs short."""
    library = list(
        Channel.objects.exclude(slug__startswith=SYNTHETIC_CHANNEL_SLUG.format("")).order_by("order", "pk")[:count]
    )
    extra = [
        Channel.objects.get_or_create(
            slug=SYNTHETIC_CHANNEL_SLUG.format(number),
            defaults={"name": f"Synthetic channel {number}", "kind": ChannelKind.ONLINE, "order": 10_000 + number},
        )[0]
        for number in range(1, count - len(library) + 1)
    ]
    return library + extra


def _create_touchpoints(
    journey_map: JourneyMap, stages: list[Stage], lanes: list[Lane], count: int, rng: random.Random
) -> list[Touchpoint]:
    next_position: dict[tuple[int, int], int] = defaultdict(int)
    rows = []
    for number in range(1, count + 1):
        stage, lane = rng.choice(stages), rng.choice(lanes)
        cell = (stage.position, lane.position)
        rows.append(
            Touchpoint(
                map=journey_map,
                stage=stage,
                lane=lane,
                position=next_position[cell],
                title=f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} #{number}",
                description=_sentence(rng),
                customer_action=_sentence(rng),
                emotion=rng.randint(-2, 2),
                expectation=rng.randint(1, 5),
                is_micro_conversion=rng.random() < 0.15,
                csat=_maybe(rng, 0.3, 35, 99),
                nps=_maybe(rng, 0.2, -60, 80),
                crr=_maybe(rng, 0.1, 20, 90),
                conversion_rate=_maybe(rng, 0.2, 1, 60),
            )
        )
        next_position[cell] += 1
    return Touchpoint.objects.bulk_create(rows)


def _link_touchpoints(touchpoints: list[Touchpoint], rng: random.Random) -> None:
    """About a third of the touchpoints lead on to one or two in the next stage, on any lane."""
    by_stage: dict[int, list[Touchpoint]] = defaultdict(list)
    for touchpoint in touchpoints:
        by_stage[touchpoint.stage.position].append(touchpoint)
    links: set[tuple[int, int]] = set()
    for touchpoint in touchpoints:
        following = by_stage.get(touchpoint.stage.position + 1)
        if following and rng.random() < 0.35:
            links.update((touchpoint.pk, target.pk) for target in rng.sample(following, min(len(following), 2)))
    Link = Touchpoint.next_touchpoints.through
    Link.objects.bulk_create(
        Link(from_touchpoint_id=source, to_touchpoint_id=target) for source, target in sorted(links)
    )


def _create_pain_points(
    journey_map: JourneyMap, stages: list[Stage], touchpoints: list[Touchpoint], count: int, rng: random.Random
) -> list[PainPoint]:
    rows = []
    for number in range(1, count + 1):
        touchpoint = rng.choice(touchpoints) if touchpoints and rng.random() < 0.6 else None
        rows.append(
            PainPoint(
                map=journey_map,
                stage=touchpoint.stage if touchpoint else rng.choice(stages),
                touchpoint=touchpoint,
                title=f"{rng.choice(PAINS)} #{number}",
                description=_sentence(rng),
                severity=rng.choice(Severity.values),
                cause=rng.choice(PainCause.values),
                evidence={"affected_customers_pct": rng.randint(1, 60)},
            )
        )
    return PainPoint.objects.bulk_create(rows)


def _create_opportunities(
    journey_map: JourneyMap,
    stages: list[Stage],
    pain_points: list[PainPoint],
    count: int,
    rng: random.Random,
) -> None:
    """Most opportunities address one to three pain points of one stage, and sit where the first of them is."""
    by_stage: dict[int, list[PainPoint]] = defaultdict(list)
    for pain_point in pain_points:
        by_stage[pain_point.stage.position].append(pain_point)
    today = timezone.localdate()
    rows, addressed = [], []
    for number in range(1, count + 1):
        anchor = rng.choice(pain_points) if pain_points and rng.random() < 0.7 else None
        if anchor:
            neighbours = [pain for pain in by_stage[anchor.stage.position] if pain is not anchor]
            targets = [anchor, *rng.sample(neighbours, min(len(neighbours), rng.randint(0, 2)))]
        else:
            targets = []
        rows.append(
            Opportunity(
                map=journey_map,
                stage=anchor.stage if anchor else rng.choice(stages),
                touchpoint=anchor.touchpoint if anchor else None,
                title=f"{rng.choice(FIXES)}: {rng.choice(OBJECTS)} #{number}",
                description=_sentence(rng),
                action=_sentence(rng),
                impact=rng.randint(1, 5),
                effort=rng.randint(1, 5),
                action_owner=rng.choice(OWNERS),
                status=rng.choice(OpportunityStatus.values),
                due_date=today + timedelta(days=rng.randint(-60, 240)),
            )
        )
        addressed.append(targets)
    Opportunity.objects.bulk_create(rows)
    Link = Opportunity.pain_points.through
    Link.objects.bulk_create(
        Link(opportunity_id=opportunity.pk, painpoint_id=pain.pk)
        for opportunity, targets in zip(rows, addressed, strict=True)
        for pain in targets
    )
