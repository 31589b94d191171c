"""A map document with its Chinese text converted between Simplified and Traditional, for a copy
of a map made for readers of the other script.

Every text a person wrote on the map is converted: the map's title, description and scope,
and the text of its stages, touchpoints, pain points and opportunities. Names that point
into the shared libraries (channels, personas) stay as they are, since the copy must find
the same channel and persona; a lane is a channel of the library and has no name of its own.
"""

from functools import partial

from pydantic import BaseModel

from interchange.schema import MapDoc
from journeymap.lib.chinese import ChineseScript, convert_chinese

MAP_TEXT = ("title", "description", "scope")
ITEM_TEXT = {
    "stages": ("name", "description", "customer_goal", "drivers", "barriers", "influence"),
    "touchpoints": ("title", "description", "customer_action"),
    "pain_points": ("title", "description"),
    "opportunities": ("title", "description", "action", "action_owner"),
}


def document_in_script(document: MapDoc, script: str) -> MapDoc:
    """`document` with its text in `script`; the same document for `ChineseScript.KEEP`."""
    if script == ChineseScript.KEEP:
        return document
    convert = partial(convert_chinese, script=script)
    items = {
        kind: [_converted(item, fields, convert) for item in getattr(document, kind)]
        for kind, fields in ITEM_TEXT.items()
    }
    return _converted(document, MAP_TEXT, convert).model_copy(update=items)


def _converted[M: BaseModel](item: M, fields: tuple[str, ...], convert) -> M:
    """`item` with `fields` converted, each cut to its length limit: a converted phrase may
    be longer than the original (U盘 -> 隨身碟)."""
    return item.model_copy(
        update={name: convert(getattr(item, name))[: _max_length(type(item), name)] for name in fields}
    )


def _max_length(model: type[BaseModel], name: str) -> int | None:
    limits = [getattr(rule, "max_length", None) for rule in model.model_fields[name].metadata]
    return next((limit for limit in limits if limit is not None), None)
