"""Block Kit model objects (slack_sdk) to JSON-ready dicts, without slack_sdk's validation pass.

slack_sdk's `to_dict()` first runs every validator of the object and of each object nested in
it, finding them by reflection each time: for a typical answer that was two thirds of the
renderer's time, on every message. The limits those validators check are kept by construction
in adapters/slack/blocks.py (text clipped, elements and blocks counted) and checked against
Slack's limits by the tests. The dict is the one `to_dict()` gives (same keys, same order, same
empties left out; tests compare the two over every kind of block), and a class with its own
`to_dict` (Option) still uses it."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.basic_objects import EMPTY_ALLOWED_TYPE_AND_PROPERTY_LIST, JsonObject

_EMPTY_ALLOWED = frozenset((e["type"], e["property"]) for e in EMPTY_ALLOWED_TYPE_AND_PROPERTY_LIST)


def _plain(cls: type) -> bool:
    """The class serialises as JsonObject does (no to_dict or attribute reading of its own)."""
    return (cls.to_dict is JsonObject.to_dict  # type: ignore[attr-defined]
            and cls.get_object_attribute is JsonObject.get_object_attribute)  # type: ignore[attr-defined]


_PLAIN: dict[type, bool] = {}


def as_json(value: Any) -> Any:
    """`value.to_dict()` for a slack_sdk object (lists and nested objects alike), unvalidated."""
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    if isinstance(value, JsonObject):
        cls = type(value)
        plain = _PLAIN.get(cls)
        if plain is None:
            plain = _PLAIN[cls] = _plain(cls)
        if plain:
            return _fields(value)
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return {k: as_json(v) for k, v in to_dict().items()}
    return value


def _fields(value: JsonObject) -> dict[str, Any]:
    kind = getattr(value, "type", None)
    out: dict[str, Any] = {}
    for key in sorted(value.attributes):
        item = getattr(value, key, None)
        if item is None:
            continue
        if type(item) is str:  # most values: no recursion
            if item or (kind, key) in _EMPTY_ALLOWED:
                out[key] = item
            continue
        if hasattr(item, "__len__") and not len(item) and (kind, key) not in _EMPTY_ALLOWED:
            continue
        out[key] = as_json(item)
    return out
