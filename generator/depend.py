"""Which pages an edit can change: for rebuilding only those while previewing."""

from __future__ import annotations

import os
from pathlib import Path

from .cache import FileState, file_state
from .errors import Errors
from .fields import Place, convert_fields
from .load import RawItem
from .routes import Route
from .schema import MARKDOWN, ContentType
from .site import Item, Site, iter_references

NEIGHBOURHOOD_DEPTH = 2  # a plan page shows its themes' priorities; a cycle's timeline, its variations' papers
NAME_DEPTH = 3  # an item's name reaches one further: a meeting's agenda names the plan of each paper's variation
ON_EVERY_PAGE = ("page", "statement")  # the footer links to every free page and to the accessibility statement


def restat_inputs(before: dict[str, FileState], touched: set[str] | None, folders: tuple[Path, ...]
                  ) -> dict[str, FileState] | None:
    """Return the inputs with only the touched files looked at again; None where a whole look is needed.

    A touched folder (moved in or out whole), or no list at all, needs the whole look.
    """
    if touched is None:
        return None
    inputs = dict(before)
    for path in touched:
        folder = next((f for f in folders if path.startswith(str(f) + os.sep)), None)
        if folder is None or any(part.startswith(".") for part in Path(path).relative_to(folder).parts[:-1]):
            continue  # not read by the build (files in hidden folders are not)
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            if inputs.pop(path, None) is None:
                return None  # not a file we knew: perhaps a folder that went
            continue
        if not os.path.isfile(path):
            return None
        inputs[path] = file_state(stat)
    return inputs


def changed_files(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """Return the paths added, removed or changed between two fingerprints."""
    return {p for p in set(before) | set(after) if before.get(p) != after.get(p)}


def get_changed_ids(old: Site, new: Site, files: set[str]) -> set[str]:
    """Return the ids of items that are new, gone, or read from a changed file."""
    ids = set(old.by_id) ^ set(new.by_id)
    for site in (old, new):
        ids |= {item.id for item in site.items if str(item.path) in files}
    return ids


def get_affected_routes(old: Site, new: Site, changed: set[str], routes: list[Route],
                        rendered_before: set[str]) -> list[Route]:
    """Return the routes whose pages can differ: pages of items near a change, and every list-like page."""
    if any(site.by_id[i].type.name in ON_EVERY_PAGE for site in (old, new) for i in changed if i in site.by_id):
        return list(routes)
    renamed = {i for i in changed if i in old.by_id and i in new.by_id and old.by_id[i].heading != new.by_id[i].heading}
    near = _neighbourhood(old, changed) | _neighbourhood(new, changed) | \
        _neighbourhood(old, renamed, NAME_DEPTH) | _neighbourhood(new, renamed, NAME_DEPTH)
    return [r for r in routes if r.item is None or r.item.id in near or r.output_path not in rendered_before
            or _shows_events_of(r, near)]


def _shows_events_of(route: Route, ids: set[str]) -> bool:
    """Say whether a page's timeline shows an event recorded by (or in evidence from) one of these items.

    An event's words and kind come from further away than the neighbourhood reaches: a paper's entry on the
    page of the plan it concerns names the body whose meeting it went to.
    """
    return any(e.item.id in ids or any(x.id in ids for x in e.evidence) for e in route.context.get("events", ()))


def _neighbourhood(site: Site, start: set[str], depth: int = NEIGHBOURHOOD_DEPTH) -> set[str]:
    """Return the ids within `depth` references (either way) of the starting ids."""
    found, frontier = set(start), set(start)
    for _ in range(depth):
        following = set()
        for item_id in frontier:
            item = site.by_id.get(item_id)
            if item is None:
                continue
            following |= {target.id for _, target in iter_references(item)}
            following |= {link.item.id for link in site.backlinks.get(item_id, ())}
        frontier = following - found
        found |= frontier
    return found


# --- Edits to text only -------------------------------------------------------------------------
# Most edits change words, not structure. The text fields (Markdown and the summary, but never the
# field an item is called by) appear only on the item's own page, the page it sits within or under
# (a theme's aim on its plan's page), the home page (the current plan's summary), the feeds that
# list the item, and the open data. Such an edit updates the linked items in place and re-renders
# only those pages; anything else goes the full way.


# Fields a page's context is worked out from when routes are made (routes._item_context): a
# variation's word diff, a consultation's status ("outcome published"). Edits to them go the full way.
CONTEXT_FIELDS = {"variation": {"before", "after"}, "consultation": {"outcome"}}


def text_fields(content_type: ContentType) -> frozenset[str]:
    """Return the fields whose edits change only words on a few pages."""
    return frozenset(f.name for f in content_type.fields
                     if (f.kind == MARKDOWN or f.name == "summary") and f.name != content_type.title_field
                     and f.name not in CONTEXT_FIELDS.get(content_type.name, ()))


def text_edits(before: list[RawItem], after: list[RawItem], site: Site, errors: Errors
               ) -> list[tuple[Item, dict, dict]] | None:
    """Return each edited item with its new text values and lines, if a file's edit changed text only; else None."""
    if len(before) != len(after):
        return None
    edits = []
    for old, new in zip(before, after):
        words = text_fields(new.type)
        item = site.by_id.get(new.id)
        if old.id != new.id or old.type is not new.type or item is None or old.position != new.position or \
                {k: v for k, v in old.data.items() if k not in words} != \
                {k: v for k, v in new.data.items() if k not in words}:
            return None
        fields = tuple(f for f in new.type.fields if f.name in words)
        data = type(new.data)({k: v for k, v in new.data.items() if k in words})
        data.line, data.lines = new.data.line, {k: v for k, v in new.data.lines.items() if k in words}
        values, lines = convert_fields(data, fields, Place(new.path, errors), f"a {new.type.name}")
        edits.append((item, values, lines))
    return None if errors.items else edits


def apply_text_edits(edits: list[tuple[Item, dict, dict]]) -> None:
    """Put the new words into the linked items (the only place the Site is changed after linking)."""
    for item, values, lines in edits:
        for name in text_fields(item.type):
            item.values.pop(name, None)
            item.lines.pop(name, None)
        item.values.update(values)
        item.lines.update(lines)


def text_edit_routes(items: list[Item], routes: list[Route]) -> list[Route]:
    """Return the routes that show the text of these items."""
    ids = {item.id for item in items}
    pages = set(ids)
    for item in items:
        for name in (item.type.within, item.type.parent):
            owner = item.values.get(name) if name else None
            if isinstance(owner, Item):
                pages.add(owner.id)
    plans = any(item.type.name == "plan" for item in items)
    return [r for r in routes if (r.item is not None and r.item.id in pages) or (plans and r.url == "/")
            or (r.shows is not None and r.shows & ids)]
