"""The hover cards of touchpoints, pain points and opportunities, shared by the swimlane and
the priority matrix."""

from django.utils.translation import gettext as _

from charts.labels import escaped, short_number, wrapped
from touchpoints.models import (
    EMOTION_FACES,
    Emotion,
    Opportunity,
    OpportunityStatus,
    PainCause,
    PainPoint,
    Quadrant,
    Severity,
    Touchpoint,
)


class HoverCards:
    """Hover cards. The words are translated once per figure, not once per card: on a map of
    a thousand touchpoints, translation lookups would otherwise cost more than the figure."""

    def __init__(self) -> None:
        self.emotions = {value: escaped(label) for value, label in Emotion.choices}
        self.severities = {value: escaped(label) for value, label in Severity.choices}
        self.causes = {value: escaped(label) for value, label in PainCause.choices}
        self.statuses = {value: escaped(label) for value, label in OpportunityStatus.choices}
        self.quadrants = {value: escaped(label) for value, label in Quadrant.choices}
        self.customer_action = _("Customer action")
        self.expectation = _("Meets expectations: %(score)s/5")
        self.persona = _("Persona")
        self.micro_conversion = "◎ " + _("Micro-conversion")
        self.scores = _("impact %(impact)s/5 · effort %(effort)s/5")
        self.more = _("and %(count)s more")
        self.metrics = (
            (_("CSAT"), "csat", "%"),
            (_("NPS"), "nps", ""),
            (_("CRR"), "crr", "%"),
            (_("Conversion"), "conversion_rate", "%"),
        )

    def emotion_line(self, emotion: int) -> str:
        return f"{EMOTION_FACES[emotion]} {self.emotions[emotion]}"

    def touchpoint_template(self, emotion: int) -> str:
        """The hover template of the touchpoints of one emotion: the words every card of
        theirs shares, around the parts of each (`touchpoint_parts`, after the link)."""
        return (
            f"<b>%{{customdata[1]}}</b><br>%{{customdata[2]}}<br>{self.emotion_line(emotion)}"
            f"<br><i>{self.customer_action}:</i> %{{customdata[3]}}%{{customdata[4]}}<extra></extra>"
        )

    def touchpoint_parts(self, touchpoint: Touchpoint, stage: str, channel: str) -> tuple[str, str, str, str]:
        """A touchpoint's card in the parts that differ from card to card: its title, where it
        is, what the customer does there, and its other details (each line after a `<br>`).
        The swimlane sends these alone, and `touchpoint_template` adds the rest. The card names what
        the customer does, its numbers and its persona; the description, the longest text of
        a touchpoint, is on its card in the grid, a click away (on a map of a thousand
        touchpoints it would double the figure). A card for every persona says nothing about
        personas."""
        lines = []
        metrics = [
            f"{label} {short_number(value)}{unit}"
            for label, field, unit in self.metrics
            if (value := getattr(touchpoint, field)) is not None
        ]
        if metrics:
            lines.append(" · ".join(metrics))
        if touchpoint.expectation:
            lines.append(self.expectation % {"score": touchpoint.expectation})
        if touchpoint.persona:
            lines.append(f"{self.persona}: {escaped(touchpoint.persona.name)}")
        if touchpoint.is_micro_conversion:
            lines.append(self.micro_conversion)
        details = "".join(f"<br>{line}" for line in lines)
        action = wrapped(touchpoint.customer_action, lines=2) if touchpoint.customer_action else "—"
        return escaped(touchpoint.title), f"{escaped(stage)} · {escaped(channel)}", action, details

    def pain_point(self, pain_point: PainPoint) -> str:
        lines = [
            f"<b>⚠ {escaped(pain_point.title)}</b>",
            f"{self.severities[pain_point.severity]} · {self.causes[pain_point.cause]}",
        ]
        if pain_point.description:
            lines.append(wrapped(pain_point.description, lines=3))
        return "<br>".join(lines)

    def opportunity(self, opportunity: Opportunity) -> str:
        scores = self.scores % {"impact": opportunity.impact, "effort": opportunity.effort}
        plan = [self.statuses[opportunity.status]]
        if opportunity.action_owner:
            plan.append(escaped(opportunity.action_owner))
        if opportunity.due_date:
            plan.append(f"{opportunity.due_date:%Y-%m-%d}")
        lines = [
            f"<b>💡 {escaped(opportunity.title)}</b>",
            f"{self.quadrants[opportunity.quadrant]} · {scores}",
            " · ".join(plan),
        ]
        if opportunity.action:
            lines.append(wrapped(opportunity.action, lines=3))
        return "<br>".join(lines)

    def several(self, items: list, card, limit: int = 4) -> str:
        """The hover card of several pain points (or opportunities) on one touchpoint."""
        cards = [card(item) for item in items[:limit]]
        if len(items) > limit:
            cards.append(self.more % {"count": len(items) - limit})
        return "<br><br>".join(cards)
