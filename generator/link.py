"""Validate and link: raw items become typed Items, references resolve, and one Site is made."""

from __future__ import annotations

import datetime as dt

from .config import Settings
from .errors import Errors, did_you_mean, display_path
from .fields import INVALID, Place, Record, Ref, convert_fields
from .load import RawItem
from .schema import REF, TYPES, ContentType, Field
from .site import Backlink, Item, Site, iter_references, sort_key


def link(raw_items: list[RawItem], settings: Settings | None, errors: Errors, today: dt.date) -> Site:
    """Check every item against its type, resolve references, and return the linked Site."""
    items = [_make_item(raw, errors) for raw in raw_items]
    by_id, shared = _index_by_id(items, errors)
    for item in items:
        _resolve_refs(item, by_id, errors, shared)
    _check_acyclic(items, errors)
    _assign_urls([i for i in items if i.id not in shared], errors)  # a shared id is reported once, above
    by_type = {t.name: tuple(sorted((i for i in items if i.type is t), key=sort_key)) for t in TYPES}
    return Site(settings, tuple(items), by_id, by_type, _collect_backlinks(items), today)


def _make_item(raw: RawItem, errors: Errors) -> Item:
    """Convert one item's fields, reporting every problem with its line."""
    data = raw.data
    fields = raw.type.fields[1:]  # `id` comes from the file name
    if raw.position and "order" in raw.type.field_names and "order" not in data:
        data = _with_default_order(data, raw.position)
    values, lines = convert_fields(data, fields, Place(raw.path, errors), f"a {raw.type.name}")
    return Item(raw.type, raw.id, raw.path, raw.line, values, lines)


def _with_default_order(data, position: int):
    """Give an entry of a list file its position as its order, where it has none."""
    copy = type(data)(data)
    copy.line, copy.lines = data.line, dict(data.lines)
    copy["order"] = position
    copy.lines["order"] = data.line
    return copy


def _index_by_id(items: list[Item], errors: Errors) -> tuple[dict[str, Item], dict[str, list[Item]]]:
    """Index items by id; report an id used twice in every file that uses it (ids are unique across all types).

    Also return the items of each shared id, so that a reference to it can still find the one of its type:
    a new file taking an existing id must not make every reference to the old one an error.
    """
    by_id: dict[str, Item] = {}
    all_of: dict[str, list[Item]] = {}
    for item in items:
        by_id.setdefault(item.id, item)
        all_of.setdefault(item.id, []).append(item)
    shared = {i: found for i, found in all_of.items() if len(found) > 1}
    for found in shared.values():
        for item in found:
            others = "; ".join(f"the {o.type.name} in {errors_path(o, errors)}:{o.line}" for o in found if o is not item)
            errors.add(item.path, item.line, f"the id '{item.id}' is also used by {others}; every item needs "
                       "its own id: rename one of the files")
    return by_id, shared


def errors_path(item: Item, errors: Errors) -> str:
    """Return an item's file as messages show it."""
    return display_path(item.path, errors.root)


def _resolve_refs(item: Item, by_id: dict[str, Item], errors: Errors,
                  shared: dict[str, list[Item]] | None = None) -> None:
    """Replace every Ref in the item (and in its records) by the item it names."""
    for f in item.type.fields:
        if f.name in item.values:
            value = _resolve_value(f, item.values[f.name], item, by_id, errors, shared or {})
            if value is INVALID:
                del item.values[f.name]
            else:
                item.values[f.name] = value


def _resolve_value(f: Field, value, item: Item, by_id: dict[str, Item], errors: Errors,
                   shared: dict[str, list[Item]]):
    if value is INVALID:
        return value
    if isinstance(value, tuple):
        resolved = tuple(_resolve_value(f, v, item, by_id, errors, shared) for v in value)
        return INVALID if INVALID in resolved else resolved
    if isinstance(value, Record):
        for sub in f.fields:
            if sub.name in value.values:
                resolved = _resolve_value(sub, value.values[sub.name], item, by_id, errors, shared)
                if resolved is INVALID:
                    del value.values[sub.name]
                else:
                    value.values[sub.name] = resolved
        return value
    if f.kind == REF:
        return _resolve_ref(f, value, item, by_id, errors, shared)
    return value


def _resolve_ref(f: Field, ref: Ref, item: Item, by_id: dict[str, Item], errors: Errors,
                 shared: dict[str, list[Item]]):
    target = next((t for t in shared.get(ref.id, ()) if t.type.name in f.targets), by_id.get(ref.id))
    wanted = " or ".join(f.targets)
    if target is None:
        candidates = [i for i, t in by_id.items() if t.type.name in f.targets]
        errors.add(item.path, ref.line, f"'{ref.where}': there is no {wanted} with the id "
                   f"'{ref.id}'{did_you_mean(ref.id, candidates)}")
        return INVALID
    if target.type.name not in f.targets:
        errors.add(item.path, ref.line, f"'{ref.where}': '{ref.id}' is a {target.type.name}, but "
                   f"'{ref.where}' must name a {wanted}")
        return INVALID
    if target is item:
        errors.add(item.path, ref.line, f"'{ref.where}': an item cannot refer to itself")
        return INVALID
    return target


def _check_acyclic(items: list[Item], errors: Errors) -> None:
    """Report a chain of references that leads back to where it started, for fields that forbid it."""
    for item in items:
        for f in item.type.fields:
            if f.acyclic and _leads_back(item, f.name):
                errors.add(item.path, item.lines.get(f.name, item.line),
                           f"'{f.name}' makes a loop: following it from '{item.id}' leads back to '{item.id}'")


def _leads_back(start: Item, field_name: str) -> bool:
    seen: set[str] = set()
    todo = list(_targets(start, field_name))
    while todo:
        current = todo.pop()
        if current is start:
            return True
        if current.id not in seen:
            seen.add(current.id)
            todo.extend(_targets(current, field_name))
    return False


def _targets(item: Item, field_name: str) -> list[Item]:
    value = item.values.get(field_name)
    values = value if isinstance(value, tuple) else (value,)
    return [v for v in values if isinstance(v, Item)]


def _assign_urls(items: list[Item], errors: Errors) -> None:
    """Give every item its URL from its type's pattern; report two items on one URL."""
    owners: dict[str, Item] = {}
    for item in sorted(items, key=lambda i: i.type.parent is not None):  # parents first
        item.href = _url_for(item)
        if item.href is None:
            continue
        first = owners.setdefault(item.href, item)
        if first is not item and "#" in item.href:  # two entries of one parent's page, from two files
            errors.add(item.path, item.line, f"this {item.type.name} would be shown at {item.href}, as the "
                       f"{first.type.name} in {errors_path(first, errors)} already is; keep the "
                       f"{item.type.plural} of one {item.type.parent} in one file")
        elif first is not item:
            errors.add(item.path, item.line, f"this {item.type.name} would be published at {item.href}, "
                       f"which the {first.type.name} in {errors_path(first, errors)} already uses; "
                       "rename one of the files")


def _url_for(item: Item) -> str | None:
    content_type: ContentType = item.type
    if content_type.parent:
        parent = item.values.get(content_type.parent)
        if isinstance(parent, Item) and parent.href:
            return f"{parent.href}#{content_type.name}-{item.name}"
        return None
    words = {"id": item.id, "name": item.name}
    for f in content_type.fields:
        value = item.values.get(f.name)
        if f.kind == REF and isinstance(value, Item):
            words[f.name] = value.id
    try:
        return content_type.url.format(**words)
    except KeyError:
        return None  # a reference the pattern needs was wrong, and has been reported


def _collect_backlinks(items: list[Item]) -> dict[str, tuple[Backlink, ...]]:
    """Index, for every item, the items that refer to it and through which field."""
    backlinks: dict[str, list[Backlink]] = {}
    for item in items:
        for field_name, target in iter_references(item):
            backlinks.setdefault(target.id, []).append(Backlink(item, field_name))
    return {key: tuple(value) for key, value in backlinks.items()}
