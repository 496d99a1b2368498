"""`new KIND`: start a record in the right place, with every required field and marked placeholders."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .errors import Errors, did_you_mean
from .load import RawItem, load_content, valid_id
from .schema import CHOICE, DATE, INT, RECORD, REF, TYPES_BY_NAME, ContentType, Field
from .write import EnvironmentProblem

from .fields import PLACEHOLDER  # `check` reports any value that still starts with it
_REFERENCE = re.compile(r"(?P<prefix>.*?)(?P<year>\d{4})-(?P<number>\d+)$")
_ID_DATE = re.compile(r"(?:^|[/-])(\d{4}-\d{2}-\d{2})$")
# A kind may be named as the code names it, as its folder, or as pages call it ("paper" is a report).
_KINDS = {name.lower(): t for t in TYPES_BY_NAME.values() for name in (t.name, t.plural, t.label, t.label_plural)}


def new_record(content_dir: Path, kind: str, item_id: str | None, today: dt.date) -> Path:
    """Write a new record of `kind` and return its path; refuse to overwrite one."""
    content_type = _KINDS.get(kind.lower())
    if content_type is None:
        raise EnvironmentProblem(f"there is no kind of record called '{kind}'{did_you_mean(kind.lower(), _KINDS)}; "
                                 f"choose one of: {', '.join(TYPES_BY_NAME)}")
    records = load_content(content_dir, Errors(content_dir)) if content_dir.is_dir() else []  # read once
    existing = {raw.id for raw in records}
    extra: dict[str, str] = {}
    if content_type.name == "decision":
        extra["reference"] = next_reference(records, today, item_id)
    if item_id and (dated := _ID_DATE.search(item_id)) and "date" in content_type.field_names:
        extra["date"] = dated[1]  # a meeting's id names its day
    item_id = item_id or _default_id(content_type, extra, existing, today)
    if not valid_id(item_id):
        raise EnvironmentProblem(f"'{item_id}' cannot be an id: use lower-case letters, digits and hyphens, with "
                                 "'/' between folders (e.g. 'panel/2026-11-22')")
    has_text = "body" in content_type.field_names  # else a YAML file: a priority has no text of its own
    path = content_dir / content_type.folder / f"{item_id}{'.md' if has_text else '.yaml'}"
    if path.exists() or item_id in existing:
        raise EnvironmentProblem(f"a record with the id '{item_id}' already exists; give another id")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_record(content_type, extra, today), encoding="utf-8")
    return path


def _default_id(content_type: ContentType, extra: dict[str, str], existing: set[str], today: dt.date) -> str:
    """Return an id from the reference where there is one, else from the kind and today's date."""
    reference = extra.get("reference", PLACEHOLDER)
    base = re.sub(r"[^a-z0-9]+", "-", reference.lower()).strip("-") if not reference.startswith(PLACEHOLDER) \
        else f"{content_type.name}-{today.isoformat()}"
    candidate, number = base, 2
    while candidate in existing:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def next_reference(records: list[RawItem], today: dt.date, item_id: str | None = None) -> str:
    """Return the next free decision reference of this year, in the form the existing ones use.

    Given an id that ends in a year and a number ('cpcc-2021-019'), return that reference in that form
    instead; given another id, or with no reference to follow, a placeholder to fill in.
    """
    references = [str(raw.data.get("reference", "")) for raw in records if raw.type.name == "decision"]
    found = [m for m in (_REFERENCE.fullmatch(r.strip()) for r in references) if m]
    wanted = _REFERENCE.fullmatch(item_id.rsplit("/", 1)[-1]) if item_id else None
    if not found or (item_id and not wanted):
        return f"{PLACEHOLDER}: the decision's reference, e.g. {today.year}-001"
    latest = max(found, key=lambda m: (int(m["year"]), int(m["number"])))
    if wanted:
        return f"{latest['prefix']}{wanted['year']}-{wanted['number']}"
    numbers = [int(m["number"]) for m in found if int(m["year"]) == today.year]
    width = len(latest["number"])
    return f"{latest['prefix']}{today.year}-{(max(numbers, default=0) + 1):0{width}d}"


def render_record(content_type: ContentType, given: dict[str, str], today: dt.date) -> str:
    """Return the file's text: front matter with every required field, then a body to write."""
    lines = [line for f in content_type.fields[1:] if f.required and f.name != "body"
             for line in _field_lines(f, given.get(f.name), today, indent="")]
    if "body" not in content_type.field_names:
        return "\n".join(lines + [""])
    return "\n".join(["---", *lines, "---", f"{PLACEHOLDER}: write what the sources say of this "
                      f"{content_type.label.lower()} here, in plain English.", ""])


def _field_lines(f: Field, given: str | None, today: dt.date, indent: str) -> list[str]:
    if f.kind == RECORD:
        inner = [line for sub in f.fields if sub.required for line in _field_lines(sub, None, today, indent + "  ")]
        return [f"{indent}{f.name}:"] + inner
    value = given if given is not None else _placeholder(f, today)
    return [f"{indent}{f.name}: {_quote(value)}"]


def _placeholder(f: Field, today: dt.date) -> str:
    if f.kind == DATE:  # never today's date: left unchanged, it would pass `check` and be published
        return f"{PLACEHOLDER}: {f.doc[0].lower()}{f.doc[1:].rstrip('.')}, like {today.isoformat()}"
    if f.kind == CHOICE:
        return f"{PLACEHOLDER}: one of {', '.join(f.choices)}"
    if f.kind == REF:
        return f"{PLACEHOLDER}: the id of a {' or '.join(f.targets)}"
    if f.kind == INT:
        return f"{PLACEHOLDER}: a whole number"
    return f"{PLACEHOLDER}: {f.doc[0].lower()}{f.doc[1:].rstrip('.')}"


def _quote(value: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
