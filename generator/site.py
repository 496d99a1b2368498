"""The linked content: items with converted fields and resolved references, and the Site holding them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

from .config import Settings
from .dates import PartialDate
from .fields import Record, plain_text
from .schema import TYPES, ContentType, Field

_SLOTS = ("type", "id", "path", "line", "href", "values", "lines")


class Item:
    """One content item; its fields read as attributes (None when an optional field is absent)."""

    __slots__ = _SLOTS

    def __init__(self, type: ContentType, id: str, path: Path, line: int, values: dict, lines: dict):
        self.type, self.id, self.path, self.line = type, id, path, line
        self.values, self.lines = values, lines
        self.href: str | None = None  # where its page (or its place on a page) is; `url` is a field

    def __getattr__(self, name: str) -> Any:
        if name in _SLOTS:
            raise AttributeError(name)
        if name in self.values:
            return self.values[name]
        if self.type.field(name) is not None:
            return None
        raise AttributeError(f"a {self.type.name} has no field '{name}'")

    @property
    def name(self) -> str:
        """Return the last part of the id (the file name without its ending)."""
        return self.id.rsplit("/", 1)[-1]

    @property
    def heading(self) -> str:
        """Return what the item is called on its page and in lists."""
        value = self.values.get(self.type.title_field)
        if self.type.name == "priority":  # its own short title, or its text's words without their Markdown
            value = self.values.get("title") or plain_text(str(value))
        if self.values.get("honorific"):
            return f"{self.values['honorific']} {value}"
        return str(value)

    @property
    def date(self) -> PartialDate | None:
        """Return the date the item is listed by: its own, or that of the item it takes its date from."""
        if self.type.date_field:
            return self.values.get(self.type.date_field)
        source = self.values.get(self.type.date_from) if self.type.date_from else None
        return source.date if isinstance(source, Item) else None

    def __repr__(self) -> str:
        return f"<{self.type.name} {self.id}>"


@dataclass(frozen=True)
class Backlink:
    """One reference to an item: which item refers to it, and through which field."""

    item: Item
    field: str


@dataclass(frozen=True)
class Site:
    """Everything the pages are made from; built once by `link`, then only read."""

    settings: Settings | None  # None only while a failed check is being reported
    items: tuple[Item, ...]
    by_id: Mapping[str, Item]
    by_type: Mapping[str, tuple[Item, ...]]
    backlinks: Mapping[str, tuple[Backlink, ...]] = field(repr=False)
    today: dt.date = field(default_factory=dt.date.today)  # what "open" and "not yet due" are judged against
    updated: Mapping[str, PartialDate] = field(default_factory=dict)  # when each item was last updated
    newest: PartialDate | None = None  # the latest of `updated`: when the site as a whole last changed

    def of_type(self, name: str) -> tuple[Item, ...]:
        """Return the items of one type, in their listing order."""
        return self.by_type.get(name, ())

    def cycles_of(self, item: Item) -> list[Item]:
        """Return the plan cycles an item belongs to, following its references (a meeting: its papers')."""
        if item.type.name == "meeting":
            found = {p.id: p for r in self.referrers(item, "report", "meeting") for p in self.cycles_of(r)}
        else:
            found = {p.id: p for p in _plans_referred(item, depth=2)}
        return sorted(found.values(), key=lambda p: p.id)

    def themes_of(self, item: Item) -> list[Item]:
        """Return the themes an item is about: a theme itself, what a variation changes, or a paper's themes."""
        if item.type.name == "theme":
            return [item]
        field = {"variation": "changes", "report": "themes"}.get(item.type.name)
        return list(item.values.get(field, ())) if field else []

    def referrers(self, item: Item, type_name: str | None = None, field: str | None = None) -> list[Item]:
        """Return the items that refer to `item`, optionally only of one type or through one field."""
        seen: dict[str, Item] = {}
        for link in self.backlinks.get(item.id, ()):
            if (type_name is None or link.item.type.name == type_name) and (field is None or link.field == field):
                seen.setdefault(link.item.id, link.item)
        return sorted(seen.values(), key=sort_key)

    def referrer_groups(self, item: Item, skip: tuple[str, ...] = ()) -> list[tuple[ContentType, list[Item]]]:
        """Return the items that refer to `item`, grouped by type in the types' declared order, leaving out `skip`."""
        by_type: dict[str, dict[str, Item]] = {}
        for link in self.backlinks.get(item.id, ()):
            if link.item.type.name not in skip:
                by_type.setdefault(link.item.type.name, {}).setdefault(link.item.id, link.item)
        return [(t, sorted(by_type[t.name].values(), key=sort_key)) for t in TYPES if t.name in by_type]


def filled_fields(item: Item, names: list[str]) -> list[tuple[Field, Any]]:
    """Return (field, value) for each of the named fields the item has a value for, in the order named.

    Read as the templates read a field (`id` included); a name the type does not declare is an error.
    """
    values = ((name, getattr(item, name)) for name in names)  # AttributeError for an unknown name
    return [(item.type.field(name), value) for name, value in values if value is not None]


def iter_references(item: Item) -> Iterator[tuple[str, Item]]:
    """Yield (field name, target) for every resolved reference of an item, records included."""
    for name, value in item.values.items():
        for single in value if isinstance(value, tuple) else (value,):
            if isinstance(single, Item):
                yield name, single
            elif isinstance(single, Record):
                for sub_name, sub_value in single.values.items():
                    for target in sub_value if isinstance(sub_value, tuple) else (sub_value,):
                        if isinstance(target, Item):
                            yield f"{name}.{sub_name}", target


def _plans_referred(item: Item, depth: int) -> list[Item]:
    """Return the plans an item is, or refers to, directly or through a theme, variation or plan."""
    if item.type.name == "plan":
        return [item]
    if depth == 0:
        return []
    found = []
    for value in item.values.values():
        for target in value if isinstance(value, tuple) else (value,):
            if isinstance(target, Item) and target.type.name in ("plan", "theme", "variation"):
                found += _plans_referred(target, depth - 1)
    return found


def sort_key(item: Item) -> tuple:
    """Order items as lists show them: newest first where dated, else by position, then by name."""
    date = _sort_date(item)
    newest_first = -date.first_day.toordinal() if date else 0
    name = item.heading.removeprefix(f"{item.values['honorific']} ") if item.values.get("honorific") else item.heading
    return (newest_first, _position(item.values.get(item.type.order_field)), name.lower(), item.id)


def _sort_date(item: Item) -> PartialDate | None:
    """Return the date lists order an item by: its type's sort date (a plan's start), else the date it is listed by."""
    if not item.type.sort_date:
        return item.date
    name, _, part = item.type.sort_date.partition(".")
    value = item.values.get(name)
    return value.values.get(part) if part and isinstance(value, Record) else value


def _position(value: object) -> tuple[int, ...]:
    """Return a sortable position from an order (3) or an agenda item number ('10.0' after '9.0')."""
    if value is None:
        return (1 << 30,)
    if isinstance(value, int):
        return (value,)
    return tuple(int(part[:18]) for part in re.split(r"[^0-9]+", str(value)) if part)  # 18 digits: int() has a limit
