"""The grid's many small pieces, rendered in Python: touchpoint cards, cells, lane rows, stage
headers, the summary rows' cells of pain points and opportunities, and comment badges.

A large map has a thousand cards; through the template language each cost some sixty
variable lookups, tags and URL reversals. Here the words of a page are translated once, each
address pattern is reversed once (`url_former`), and a card is a few string joins, so the grid
renders in a time close to writing its bytes. Every page and fragment that shows these pieces
(the map page, the grid after a change, the cells, cards and summary items that answer an
edit, the shared view) goes through `GridPieces`, so they are the same everywhere.

Every user text goes through `escape`; numbers and ids are never localised, except the due
date, in the reader's short date format as the `date` filter writes it.
"""

import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from html import escape
from operator import attrgetter

from django.template.loader import get_template
from django.urls import get_script_prefix, reverse
from django.utils import dateformat, formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from journeymap.lib.urls import url_former
from maps.access import MapAccess
from maps.models import Lane, Stage
from maps.selectors import Cell, Row, StageColumn
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

DIALOG = 'hx-target="#dialog-body"'


# Everything of an item its piece shows: a card drawn once is reused, in this process, as long
# as all of these (and its persona's name, its reader's role and language) are the same; so are
# pain points (with their touchpoint's title) and opportunities (with the titles of the pain
# points they address). A key holds the values themselves, so nothing needs invalidating: an
# edit, a new comment or a renamed persona simply makes another key. Emptied when full.
COMMENTS = ("open_comment_count", "newest_comment")
CARD_INPUTS = (
    *("pk", "version", "title", "description", "emotion", "is_micro_conversion", "csat", "nps", "persona_id"),
    *("pain_point_count", "opportunity_count", "next_count", "next_ids", *COMMENTS),
)
PAIN_POINT_INPUTS = ("pk", "version", "title", "severity", "cause", *COMMENTS)
OPPORTUNITY_INPUTS = ("pk", "version", "title", "impact", "effort", "status", "action_owner", "due_date", *COMMENTS)
STAGE_DETAILS = (
    *("customer_goal", "drivers", "barriers", "influence"),
    *("target_csat", "target_nps", "target_crr", "target_conversion"),
)
DRAWN: dict[tuple, SafeString] = {}
DRAWN_KEPT = 20_000


def inputs(item, names: tuple[str, ...]) -> tuple:
    """The values of `names` on `item`; None for what its read did not give (comments)."""
    try:
        return attrgetter(*names)(item)
    except AttributeError:
        return tuple(getattr(item, name, None) for name in names)


def whole(number: float) -> str:
    """A number rounded to a whole, half up, as `floatformat:0` shows it (no "-0")."""
    rounded = Decimal(repr(number)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return str(rounded + 0)


def truncated(text: str, length: int) -> str:
    """What `truncatechars` shows, escaped: at most `length` characters, the last one "…"
    when the text was cut."""
    text = unicodedata.normalize("NFC", text)
    return escape(text if len(text) <= length else text[: length - 1] + "…")


def addressed(opportunity: Opportunity) -> list[PainPoint]:
    """The pain points an opportunity addresses: read with the grid (`addressed`), or now."""
    if hasattr(opportunity, "addressed"):
        return opportunity.addressed
    return list(opportunity.pain_points.order_by("pk"))


def open_comments(count: int) -> str:
    return ngettext("%(counter)s open comment", "%(counter)s open comments", count) % {"counter": count}


def leads_to(count: int) -> str:
    return ngettext("Leads to %(counter)s touchpoint", "Leads to %(counter)s touchpoints", count) % {"counter": count}


# The addresses of the grid's pieces: route name, and how many ids beyond the map's it takes
# (0: the address itself; otherwise a function of those ids, `url_former`).
ADDRESSES = {
    "comments": ("maps:comments", 0),
    "edit": ("touchpoints:edit", 1),
    "rename": ("touchpoints:rename", 1),
    "view": ("touchpoints:view", 1),
    "move": ("touchpoints:move", 1),
    "new": ("touchpoints:new", 2),
    "persona": ("maps:persona", 1),
    "pain_edit": ("touchpoints:pain-point-edit", 1),
    "pain_view": ("touchpoints:pain-point-view", 1),
    "opportunity_edit": ("touchpoints:opportunity-edit", 1),
    "opportunity_view": ("touchpoints:opportunity-view", 1),
    "stage_move": ("maps:stage-move", 1),
    "stage_edit": ("maps:stage-edit", 1),
    "stage_rename": ("maps:stage-rename", 1),
    "pain_new": ("touchpoints:pain-point-new", 1),
    "opportunity_new": ("touchpoints:opportunity-new", 1),
    "lane_move": ("maps:lane-move", 1),
    "lane_delete": ("maps:lane-delete", 1),
}


class Addresses(dict):
    """The addresses `ADDRESSES` names for one map, each formed on first use: a card
    answering an edit needs five of them, the whole grid all of them."""

    def __init__(self, map_id: int) -> None:
        super().__init__()
        self.map_id = map_id

    def __missing__(self, key: str):
        name, free = ADDRESSES[key]
        address = url_former(name, self.map_id, free=free) if free else reverse(name, args=[self.map_id])
        self[key] = address
        return address


def summary_cell(cell_id: str, items: str, *, oob: bool) -> SafeString:
    swap = ' hx-swap-oob="true"' if oob else ""
    return mark_safe(f'<td class="grid__cell grid__cell--summary" id="{cell_id}"{swap}>{items}</td>')


class GridPieces:
    """The pieces of one map's grid as one reader sees them: `access` says what they may do;
    `shared` is the read-only view behind a share link (no links into the app)."""

    def __init__(self, access: MapAccess | None, map_id: int, *, shared: bool = False, csrf_token: str = "") -> None:
        self.map_id = map_id
        self.shared = shared
        self.csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        self.may_edit = bool(access and access.may_edit and not shared)
        self.may_comment = bool(access and access.may_comment and not shared)
        self.channel_names: dict[int, str] = {}
        # What every card drawn here depends on besides its own data (see `card`).
        self.reader = (map_id, self.may_edit, self.may_comment, shared, get_language(), get_script_prefix())

    # The words, translated once per render (the active language is the reader's).
    @cached_property
    def words(self) -> dict[str, str]:
        return {
            "rename": _("Rename (F2)"),
            "micro": _("Micro-conversion"),
            "pain_points": _("Pain points"),
            "opportunities": _("Opportunities"),
            "comment": _("Comment"),
            "impact": _("impact"),
            "effort": _("effort"),
            "addresses": _("Addresses"),
            "rename_title": _("Rename “%(title)s”"),
            "add_to_cell": _("Add a touchpoint to %(stage)s on %(channel)s"),
            "drag": _("Drag to reorder"),
            "edit_stage": _("Edit stage"),
            "rename_stage": _("Rename “%(name)s”"),
            "move_left": _("Move left"),
            "move_right": _("Move right"),
            "move_stage_left": _("Move %(name)s left"),
            "move_stage_right": _("Move %(name)s right"),
            "add_pain_point": _("Add a pain point"),
            "add_opportunity": _("Add an opportunity"),
            "move_up": _("Move up"),
            "move_down": _("Move down"),
            "move_lane_up": _("Move %(name)s up"),
            "move_lane_down": _("Move %(name)s down"),
            "remove_lane": _("Remove lane"),
            "remove_named_lane": _("Remove the %(name)s lane"),
        }

    @cached_property
    def counted(self) -> dict[tuple[Callable[[int], str], int], str]:
        """The sentences with a number in them, translated once per number."""
        return {}

    def count_phrase(self, phrase: Callable[[int], str], count: int) -> str:
        if (phrase, count) not in self.counted:
            self.counted[phrase, count] = phrase(count)
        return self.counted[phrase, count]

    def stage_details(self, stage: Stage) -> SafeString:
        """A stage's goal, drivers, barriers and KPI targets, folded under its header."""
        key = ("stage details", *inputs(stage, STAGE_DETAILS))
        return self.reused(key, lambda: mark_safe(get_template("maps/_stage_details.html").render({"stage": stage})))

    @cached_property
    def short_date(self) -> str:
        """The reader's short date format, as the `date:"SHORT_DATE_FORMAT"` filter uses it."""
        return str(formats.get_format("SHORT_DATE_FORMAT"))

    @cached_property
    def labels(self) -> dict[str, dict]:
        return {
            "emotion": {value: str(label) for value, label in Emotion.choices},
            "severity": {value: str(label) for value, label in Severity.choices},
            "cause": {value: str(label) for value, label in PainCause.choices},
            "status": {value: str(label) for value, label in OpportunityStatus.choices},
            "quadrant": {value: escape(str(label)) for value, label in Quadrant.choices},
        }

    @cached_property
    def urls(self) -> Addresses:
        return Addresses(self.map_id)

    def post_button(self, url: str, button: str, *, position: int | None = None) -> str:
        """A one-button form that changes the grid's shape: htmx swaps the grid, a plain post reloads."""
        field = "" if position is None else f'<input type="hidden" name="position" value="{position}">'
        return (
            f'<form method="post" action="{url}" hx-post="{url}" hx-target="#grid" hx-swap="outerHTML">'
            f"{self.csrf}{field}{button}</form>"
        )

    def stage_header(self, stage: Stage, details: str) -> SafeString:
        """A stage's column header; `details` is its goal, drivers and barriers, already rendered."""
        pk, urls, words = stage.pk, self.urls, self.words
        name = escape(stage.name)
        move = f' data-move-url="{urls["stage_move"](pk)}"' if self.may_edit else ""
        title = [f'<span class="stage-number">{stage.position + 1}</span>']
        tools = ""
        if self.may_edit:
            edit = urls["stage_edit"](pk)
            title = [f'<span class="drag-handle" title="{words["drag"]}" aria-hidden="true">⠿</span>', *title]
            title.append(
                f'<a class="stage-name" href="{edit}" hx-get="{edit}" {DIALOG} title="{words["edit_stage"]}" '
                f'data-rename-url="{urls["stage_rename"](pk)}" data-rename-field="name">{name}</a>'
                f'<button type="button" class="stage-rename icon-button needs-script" data-rename '
                f'aria-label="{words["rename_stage"] % {"name": name}}" title="{words["rename"]}">✎</button>'
            )
            mover = urls["stage_move"](pk)
            disabled = " disabled" if stage.position == 0 else ""
            left = words["move_stage_left"] % {"name": name}
            right = words["move_stage_right"] % {"name": name}
            pain, opportunity = urls["pain_new"](pk), urls["opportunity_new"](pk)
            tools = (
                '<div class="stage-tools">'
                + self.post_button(
                    mover,
                    f'<button class="icon-button" title="{words["move_left"]}" aria-label="{left}"{disabled}>←</button>',
                    position=stage.position,
                )
                + self.post_button(
                    mover,
                    f'<button class="icon-button" title="{words["move_right"]}" aria-label="{right}">→</button>',
                    position=stage.position + 2,
                )
                + f'<a class="icon-button" href="{pain}" hx-get="{pain}" {DIALOG} title="{words["add_pain_point"]}">＋⚠</a>'
                + f'<a class="icon-button" href="{opportunity}" hx-get="{opportunity}" {DIALOG} '
                f'title="{words["add_opportunity"]}">＋💡</a></div>'
            )
        else:
            title.append(f'<span class="stage-name">{name}</span>')
        return mark_safe(
            f'<th scope="col" class="grid__stage" id="stage-{pk}" data-version="{stage.version}"{move}>'
            f'<div class="stage-title">{"".join(title)}</div>{details}{self.comment_badge(stage, "stage")}{tools}</th>'
        )

    def lane_row(self, row: Row, *, index: int, count: int) -> SafeString:
        """A lane, the `index`th of `count`: its header (channel, and for editors its tools)
        and its cells. Moves send the place asked for, counted from 1."""
        lane, urls, words = row.lane, self.urls, self.words
        channel = lane.channel
        name = self.channel_name(lane)
        header = [
            f'<svg class="lane-colour" aria-hidden="true"><rect width="100%" height="100%" '
            f'fill="{escape(channel.colour)}"/></svg>'
        ]
        if self.may_edit:
            header.append(f'<span class="drag-handle" title="{words["drag"]}" aria-hidden="true">⠿</span>')
        header.append(
            f'<span class="lane-icon" aria-hidden="true">{escape(channel.icon)}</span>'
            f'<span class="lane-name">{name}</span>'
            f'<span class="lane-kind kind--{escape(channel.kind)}">{escape(str(channel.get_kind_display()))}</span>'
        )
        move, filler = "", ""
        if self.may_edit:
            mover = urls["lane_move"](lane.pk)
            move, filler = f' data-move-url="{mover}"', '<td class="grid__filler"></td>'
            tools = []
            if index > 0:
                up = words["move_lane_up"] % {"name": name}
                button = f'<button class="icon-button" title="{words["move_up"]}" aria-label="{up}">↑</button>'
                tools.append(self.post_button(mover, button, position=index))
            if index < count - 1:
                down = words["move_lane_down"] % {"name": name}
                button = f'<button class="icon-button" title="{words["move_down"]}" aria-label="{down}">↓</button>'
                tools.append(self.post_button(mover, button, position=index + 2))
            remove = words["remove_named_lane"] % {"name": name}
            button = (
                f'<button class="icon-button icon-button--danger" title="{words["remove_lane"]}" '
                f'aria-label="{remove}">✕</button>'
            )
            tools.append(self.post_button(urls["lane_delete"](lane.pk), button))
            header.append(f'<div class="lane-tools">{"".join(tools)}</div>')
        cells = "".join(self.cell(cell) for cell in row.cells)
        return mark_safe(
            f'<tr class="lane" id="lane-{lane.pk}"{move}><th scope="row" class="grid__lane">{"".join(header)}</th>'
            f"{cells}{filler}</tr>"
        )

    def comment_badge(self, item, kind: str) -> str:
        """The count of an item's open threads, opening them; or, with none, a way to start one."""
        if self.shared:
            return ""
        count = getattr(item, "open_comment_count", 0)
        if not count and not self.may_comment:
            return ""
        url = f"{self.urls['comments']}?item={kind}:{item.pk}"
        opens = f'href="{url}" hx-get="{url}" hx-target="#comments-panel" hx-swap="outerHTML" data-open-comments'
        if count:
            label = self.count_phrase(open_comments, count)
            newest = truncated(getattr(item, "newest_comment", None) or "", 140)
            return (
                f'<a class="comment-badge" {opens} title="{newest}" aria-label="{label}" '
                f'data-testid="comment-badge">💬 {count}</a>'
            )
        comment = self.words["comment"]
        return f'<a class="comment-badge comment-badge--add" {opens} title="{comment}" aria-label="{comment}">💬</a>'

    def reused(self, key: tuple, draw: Callable[[], SafeString]) -> SafeString:
        """The piece `key` names for this reader, drawn once (`draw`), then reused."""
        key = (self.reader, *key)
        drawn = DRAWN.get(key)
        if drawn is None:
            if len(DRAWN) >= DRAWN_KEPT:
                DRAWN.clear()
            drawn = DRAWN[key] = draw()
        return drawn

    def card(self, touchpoint: Touchpoint, *, oob: bool = False) -> SafeString:
        persona = touchpoint.persona.name if touchpoint.persona is not None else None
        key = ("card", oob, persona, *inputs(touchpoint, CARD_INPUTS))
        return self.reused(key, lambda: self.draw_card(touchpoint, oob=oob))

    def draw_card(self, touchpoint: Touchpoint, *, oob: bool = False) -> SafeString:
        pk = touchpoint.pk
        urls, words = self.urls, self.words
        title = escape(touchpoint.title)
        attributes = [
            f'class="card-tp emotion-{touchpoint.emotion}" id="touchpoint-{pk}" data-id="{pk}" '
            f'data-version="{touchpoint.version}" data-next="{escape(touchpoint.next_ids or "")}"'
        ]
        if self.may_edit:
            attributes.append(f'data-move-url="{urls["move"](pk)}"')
        if oob:
            attributes.append('hx-swap-oob="true"')
        if touchpoint.description:
            attributes.append(f'title="{truncated(touchpoint.description, 200)}"')
        feeling = escape(self.labels["emotion"][touchpoint.emotion])
        head = [
            f'<span class="card-tp__emotion" role="img" aria-label="{feeling}" title="{feeling}">'
            f"{EMOTION_FACES[touchpoint.emotion]}</span>"
        ]
        if self.may_edit:
            edit = urls["edit"](pk)
            rename = words["rename_title"] % {"title": title}
            head.append(
                f'<a class="card-tp__title" href="{edit}" hx-get="{edit}" {DIALOG} '
                f'data-rename-url="{urls["rename"](pk)}" data-rename-field="title">{title}</a>'
                f'<button type="button" class="card-tp__rename icon-button needs-script" data-rename '
                f'aria-label="{rename}" title="{words["rename"]}">✎</button>'
            )
        elif self.shared:
            head.append(f'<span class="card-tp__title">{title}</span>')
        else:
            view = urls["view"](pk)
            head.append(f'<a class="card-tp__title" href="{view}" hx-get="{view}" {DIALOG}>{title}</a>')
        if touchpoint.is_micro_conversion:
            micro = words["micro"]
            head.append(
                f'<span class="badge badge--conversion" role="img" title="{micro}" aria-label="{micro}">◎</span>'
            )
        detail = (
            f'<p class="card-tp__detail">{truncated(touchpoint.description, 160)}</p>' if touchpoint.description else ""
        )
        return mark_safe(
            f"<article {' '.join(attributes)}>"
            f'<header class="card-tp__head">{"".join(head)}</header>{detail}'
            f'<footer class="card-tp__meta">{self.card_meta(touchpoint)}</footer></article>'
        )

    def card_meta(self, touchpoint: Touchpoint) -> str:
        """The card's footer: persona, counts, scores and comments."""
        words = self.words
        meta = []
        if touchpoint.persona is not None:
            name = escape(touchpoint.persona.name)
            if self.shared:
                meta.append(f'<span class="chip chip--persona">{name}</span>')
            else:
                url = self.urls["persona"](touchpoint.persona_id)
                meta.append(
                    f'<a class="chip chip--persona" href="{url}" hx-get="{url}" {DIALOG} '
                    f'data-testid="persona-chip">{name}</a>'
                )
        if count := touchpoint.pain_point_count:
            meta.append(f'<span class="count count--pain" title="{words["pain_points"]}">⚠ {count}</span>')
        if count := touchpoint.opportunity_count:
            meta.append(f'<span class="count count--opportunity" title="{words["opportunities"]}">💡 {count}</span>')
        if count := touchpoint.next_count:
            leads = self.count_phrase(leads_to, count)
            meta.append(f'<span class="count count--next" title="{leads}">→ {count}</span>')
        if touchpoint.csat is not None:
            meta.append(f'<span class="count" title="CSAT">CSAT {whole(touchpoint.csat)}%</span>')
        if touchpoint.nps is not None:
            meta.append(f'<span class="count" title="NPS">NPS {touchpoint.nps}</span>')
        meta.append(self.comment_badge(touchpoint, "touchpoint"))
        return "".join(meta)

    def channel_name(self, lane: Lane) -> str:
        """The lane's channel in the reader's language, escaped, once per lane."""
        if lane.pk not in self.channel_names:
            self.channel_names[lane.pk] = escape(lane.channel.display_name)
        return self.channel_names[lane.pk]

    def cell(self, cell: Cell, *, oob: bool = False) -> SafeString:
        stage, lane = cell.stage, cell.lane
        swap = ' hx-swap-oob="true"' if oob else ""
        sortable = " data-sortable-cards" if self.may_edit else ""
        cards = "".join(map(self.card, cell.touchpoints))
        add = ""
        if self.may_edit:
            url = self.urls["new"](stage.pk, lane.pk)
            label = self.words["add_to_cell"] % {
                "stage": escape(stage.name),
                "channel": self.channel_name(lane),
            }
            add = f'<a class="cell-add" href="{url}" hx-get="{url}" {DIALOG} aria-label="{label}">＋</a>'
        return mark_safe(
            f'<td class="grid__cell" id="cell-{stage.pk}-{lane.pk}" data-stage="{stage.pk}" '
            f'data-lane="{lane.pk}"{swap}><div class="cell-cards"{sortable}>{cards}</div>{add}</td>'
        )

    def pain_cell(self, column: StageColumn, *, oob: bool = False) -> SafeString:
        """A stage's pain points, in the grid's summary row."""
        return summary_cell(f"pain-{column.stage.pk}", "".join(map(self.pain_point, column.pain_points)), oob=oob)

    def opportunity_cell(self, column: StageColumn, *, oob: bool = False) -> SafeString:
        """A stage's opportunities, in the grid's summary row."""
        items = "".join(map(self.opportunity, column.opportunities))
        return summary_cell(f"opportunities-{column.stage.pk}", items, oob=oob)

    def item_title(self, item: PainPoint | Opportunity, edit: str, view: str) -> str:
        title = escape(item.title)
        if self.may_edit:
            url = self.urls[edit](item.pk)
        elif self.shared:
            return f'<strong class="item__title">{title}</strong>'
        else:
            url = self.urls[view](item.pk)
        return f'<a class="item__title" href="{url}" hx-get="{url}" {DIALOG}>{title}</a>'

    def pain_point(self, pain_point: PainPoint) -> SafeString:
        on = pain_point.touchpoint.title if pain_point.touchpoint is not None else None
        key = ("pain point", on, *inputs(pain_point, PAIN_POINT_INPUTS))
        return self.reused(key, lambda: self.draw_pain_point(pain_point))

    def draw_pain_point(self, pain_point: PainPoint) -> SafeString:
        labels = self.labels
        about = f"{labels['severity'][pain_point.severity]} · {labels['cause'][pain_point.cause]}"
        if pain_point.touchpoint is not None:
            about += f" · {pain_point.touchpoint.title}"
        return mark_safe(
            f'<div class="item item--pain severity-{pain_point.severity}" id="pain-point-{pain_point.pk}">'
            f"{self.item_title(pain_point, 'pain_edit', 'pain_view')}"
            f"{self.comment_badge(pain_point, 'pain_point')}"
            f'<span class="muted small">{escape(about)}</span></div>'
        )

    def opportunity(self, opportunity: Opportunity) -> SafeString:
        """An opportunity, with the titles of the pain points it addresses."""
        titles = tuple(pain_point.title for pain_point in addressed(opportunity))
        key = ("opportunity", titles, *inputs(opportunity, OPPORTUNITY_INPUTS))
        return self.reused(key, lambda: self.draw_opportunity(opportunity))

    def draw_opportunity(self, opportunity: Opportunity) -> SafeString:
        words = self.words
        quadrant = opportunity.quadrant
        about = [
            self.labels["quadrant"][quadrant],
            f"{words['impact']} {opportunity.impact}/5",
            f"{words['effort']} {opportunity.effort}/5",
            escape(self.labels["status"][opportunity.status]),
        ]
        if opportunity.action_owner:
            about.append(escape(opportunity.action_owner))
        if opportunity.due_date:
            about.append(escape(dateformat.format(opportunity.due_date, self.short_date)))
        titles = "; ".join(escape(pain_point.title) for pain_point in addressed(opportunity))
        addresses = f'<span class="small addresses">{words["addresses"]}: {titles}</span>' if titles else ""
        return mark_safe(
            f'<div class="item item--opportunity quadrant--{quadrant}" id="opportunity-{opportunity.pk}">'
            f"{self.item_title(opportunity, 'opportunity_edit', 'opportunity_view')}"
            f"{self.comment_badge(opportunity, 'opportunity')}"
            f'<span class="muted small">{" · ".join(about)}</span>{addresses}</div>'
        )
