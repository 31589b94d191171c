"""The review bar as part of the map page's first answer: its forms post as plain
forms, so submitting, requesting changes and approving work without JavaScript."""

from django import template

from maps.access import MapAccess
from review.workflow import review_bar_context

register = template.Library()


@register.inclusion_tag("review/_review_bar.html#bar", takes_context=True)
def review_bar(context: template.Context, access: MapAccess) -> dict:
    # An inclusion tag starts from an empty context: the forms need the page's CSRF token.
    return review_bar_context(access) | {"csrf_token": context.get("csrf_token")}
