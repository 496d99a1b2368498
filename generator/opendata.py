"""Open data: every listed type of item as JSON and CSV, with a JSON Schema made from its declaration.

Records hold every declared field (null, or an empty list, where the content gives none), dates in
ISO form, references as ids and each item's page address. Files are sorted by id and carry no
timestamp, so two builds of one content give the same bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import partial
from typing import Callable

from .config import Settings
from .jsonschema import DATE_PATTERN, DRAFT
from .schema import (CHOICE, DATE, EMAIL, ID, INT, MAPPING, MARKDOWN, RECORD, REF, TEXT, TYPES, URL,
                     ContentType, Field)
from .site import Item, Site

DATA_URL = "/data/"
LICENCE = {"name": "Open Government Licence v3.0",
           "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}
# Every type with a list page is a dataset (free pages and the accessibility statement are not
# part of the record); layouts/partials/record_link.html tests the same.
DATASET_TYPES: tuple[ContentType, ...] = tuple(t for t in TYPES if t.list_url)
PAGE_URL = "page_url"  # not `url`: meetings, papers and documents have a `url` of their own
PAGE_URL_DOC = "The address of the item's page (for a priority, its place on its theme's page)."
_KIND_WORDS = {TEXT: "text", MARKDOWN: "Markdown text", DATE: "date",
               INT: "whole number", URL: "web address", EMAIL: "email address", MAPPING: "free-form data"}


@dataclass(frozen=True)
class Column:
    """One field of a dataset as the open data page describes it."""

    name: str  # as a CSV heading; a single record's fields are 'period.start', a list's 'steps[].date'
    kind: str  # what it holds, in words
    doc: str
    required: bool


@dataclass(frozen=True)
class Dataset:
    """One type of item published as open data."""

    type: ContentType
    count: int
    columns: tuple[Column, ...]

    @property
    def name(self) -> str:
        """Return the dataset's file name without its ending, e.g. 'decisions'."""
        return self.type.plural

    @property
    def json_url(self) -> str:
        """Return the address of the JSON file."""
        return f"{DATA_URL}{self.name}.json"

    @property
    def csv_url(self) -> str:
        """Return the address of the CSV file."""
        return f"{DATA_URL}{self.name}.csv"

    @property
    def schema_url(self) -> str:
        """Return the address of the JSON file's schema."""
        return f"{DATA_URL}{self.name}.schema.json"


@dataclass(frozen=True)
class DataFile:
    """One file of open data: where it goes, what it is called, and how to make its bytes."""

    url: str
    title: str
    body: Callable[[], bytes]


def get_datasets(site: Site) -> list[Dataset]:
    """Return every dataset, in the order the types are declared."""
    return [Dataset(t, len(site.of_type(t.name)), _columns(t)) for t in DATASET_TYPES]


def get_data_files(site: Site, settings: Settings) -> list[DataFile]:
    """Return the JSON, CSV and JSON Schema file of every dataset; each file is made when it is written."""
    files = []
    for dataset in get_datasets(site):
        label = dataset.type.label_plural
        files += [DataFile(dataset.json_url, f"{label} (JSON)", partial(_json_file, site, dataset, settings)),
                  DataFile(dataset.csv_url, f"{label} (CSV)", partial(_csv_file, site, dataset, settings)),
                  DataFile(dataset.schema_url, f"{label} (JSON Schema)",
                           partial(lambda d: _dump(get_dataset_schema(d, settings)), dataset))]
    return files


def _records(site: Site, dataset: Dataset, settings: Settings) -> list[dict[str, object]]:
    return [get_record(i, settings) for i in sorted(site.of_type(dataset.type.name), key=lambda i: i.id)]


def _json_file(site: Site, dataset: Dataset, settings: Settings) -> bytes:
    return _dump(_json_document(dataset, _records(site, dataset, settings), settings))


def _csv_file(site: Site, dataset: Dataset, settings: Settings) -> bytes:
    return _csv_document(dataset.type, _records(site, dataset, settings))


def get_record(item: Item, settings: Settings) -> dict[str, object]:
    """Return one item as a record: id, its page's address, then every declared field in declared order."""
    record: dict[str, object] = {"id": item.id, PAGE_URL: settings.base_url + item.href if item.href else None}
    for f in item.type.fields[1:]:
        record[f.name] = _json_value(f, item.values.get(f.name))
    return record


def _json_value(f: Field, value: object) -> object:
    """Return a field's value as JSON holds it: [] for an absent list, None for an absent value."""
    if value is None:
        return [] if f.many else None
    if f.many:
        return [_json_single(f, v) for v in value]  # type: ignore[attr-defined]
    return _json_single(f, value)


def _json_single(f: Field, value: object) -> object:
    if f.kind == DATE:
        return value.iso  # type: ignore[attr-defined]
    if f.kind == REF:
        return value.id  # type: ignore[attr-defined]
    if f.kind == RECORD:
        values = value.values  # type: ignore[attr-defined]
        return {sub.name: _json_value(sub, values.get(sub.name)) for sub in f.fields}
    if f.kind == MAPPING:
        return _sorted_keys(value)
    return value


def _sorted_keys(value: object) -> object:
    """Return free-form data with every mapping's keys in sorted order."""
    if isinstance(value, dict):
        return {str(k): _sorted_keys(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list):
        return [_sorted_keys(v) for v in value]
    return value


def _json_document(dataset: Dataset, records: list[dict], settings: Settings) -> dict:
    """Return a dataset's JSON file: what it is, its licence and schema, then its records."""
    return {"title": dataset.type.label_plural, "description": dataset.type.doc, "publisher": settings.title,
            "licence": LICENCE, "schema": settings.base_url + dataset.schema_url, "records": records}


def _dump(data: dict) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _csv_headings(content_type: ContentType) -> list[str]:
    """Return a dataset's CSV headings: a single record's fields get a column each."""
    headings = ["id", PAGE_URL]
    for f in content_type.fields[1:]:
        if f.kind == RECORD and not f.many:
            headings += [f"{f.name}.{sub.name}" for sub in f.fields]
        else:
            headings.append(f.name)
    return headings


def _csv_document(content_type: ContentType, records: list[dict]) -> bytes:
    """Return a dataset as CSV (RFC 4180), made from the same records as the JSON."""
    rows = [_csv_headings(content_type), *(_csv_row(content_type, record) for record in records)]
    return "".join(csv_line(row) for row in rows).encode("utf-8")


_CSV_SPECIAL = re.compile(r'[,"\r\n]')


def csv_line(cells: list[str]) -> str:
    """Return one row as Python's csv.writer writes it (quoted where a cell holds a comma, a quote or a line break),
    several times faster for long cells: a body of Markdown in every row made the decisions file slow to write."""
    if cells == [""]:
        return '""\r\n'  # a row of one empty cell, which would read back as no row at all
    return ",".join('"' + c.replace('"', '""') + '"' if _CSV_SPECIAL.search(c) else c for c in cells) + "\r\n"


def _csv_row(content_type: ContentType, record: dict) -> list[str]:
    row = [_cell(record["id"]), _cell(record[PAGE_URL])]
    for f in content_type.fields[1:]:
        value = record[f.name]
        if f.kind == RECORD and not f.many:
            row += [_cell(value.get(sub.name) if value else None) for sub in f.fields]
        else:
            row.append(_cell(value))
    return row


def _cell(value: object) -> str:
    """Return a value as one CSV cell: empty where there is none, lists and records as JSON text."""
    if value is None or value == []:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _columns(content_type: ContentType) -> tuple[Column, ...]:
    """Return the dataset's fields as the open data page lists them, a record's own fields after it."""
    columns = [Column("id", "text", ID.doc, True), Column(PAGE_URL, "web address", PAGE_URL_DOC, True)]
    for f in content_type.fields[1:]:
        columns.append(Column(f.name, _kind_words(f), f.doc, f.required))
        prefix = f"{f.name}[]." if f.many else f"{f.name}."
        columns += [Column(prefix + sub.name, _kind_words(sub), sub.doc, sub.required)
                    for sub in (f.fields if f.kind == RECORD else ())]
    return tuple(columns)


def _kind_words(f: Field) -> str:
    """Return what a field holds, in words, e.g. 'list of: id of a report or document'."""
    if f.kind == CHOICE:
        words = "one of: " + ", ".join(f.choices)
    elif f.kind == REF:
        words = "id of a " + _either(f.targets)
    elif f.kind == RECORD:
        words = "record of " + ", ".join(sub.name for sub in f.fields)
    else:
        words = _KIND_WORDS[f.kind]
    return f"list of: {words}" if f.many else words


def _either(names: tuple[str, ...]) -> str:
    """Return names as a choice in words: 'report, decision or document'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def get_dataset_schema(dataset: Dataset, settings: Settings) -> dict:
    """Return the JSON Schema of a dataset's JSON file, made from its type's declaration."""
    header = {key: {"type": "string"} for key in ("title", "description", "publisher", "schema")}
    licence = {"type": "object", "required": ["name", "url"], "additionalProperties": False,
               "properties": {"name": {"type": "string"}, "url": {"type": "string"}}}
    records = {"type": "array", "description": "Every item, in order of id.", "items": _record_schema(dataset.type)}
    return {"$schema": DRAFT, "$id": settings.base_url + dataset.schema_url,
            "title": f"{dataset.type.label_plural}: open data", "description": dataset.type.doc,
            "type": "object", "additionalProperties": False, "required": [*header, "licence", "records"],
            "properties": {**header, "licence": licence, "records": records}}


def _record_schema(content_type: ContentType) -> dict:
    properties = {"id": {"description": ID.doc, "type": "string", "minLength": 1},
                  PAGE_URL: {"description": PAGE_URL_DOC, "anyOf": [{"type": "string", "pattern": "^https?://"},
                                                                 {"type": "null"}]}}
    properties.update({f.name: _field_schema(f) for f in content_type.fields[1:]})
    return {"type": "object", "additionalProperties": False, "required": list(properties), "properties": properties}


def _field_schema(f: Field) -> dict:
    """Return one field's schema: a list for a field of many values, null allowed where optional."""
    one = _value_schema(f)
    if f.many:
        schema = {"type": "array", "items": one}
    else:
        schema = one if f.required else {"anyOf": [one, {"type": "null"}]}
    doc = f"{f.doc} ({_kind_words(f)})" if f.kind == REF else f.doc
    return {"description": doc, **schema}


def _value_schema(f: Field) -> dict:
    if f.kind in (TEXT, MARKDOWN, EMAIL, REF):
        return {"type": "string", "minLength": 1}
    if f.kind == DATE:
        return {"type": "string", "pattern": DATE_PATTERN}
    if f.kind == INT:
        return {"type": "integer"}
    if f.kind == URL:
        return {"type": "string", "pattern": "^https?://"}
    if f.kind == CHOICE:
        return {"enum": list(f.choices)}
    if f.kind == RECORD:
        properties = {sub.name: _field_schema(sub) for sub in f.fields}
        return {"type": "object", "additionalProperties": False, "required": list(properties),
                "properties": properties}
    if f.kind == MAPPING:
        return {"type": "object"}
    raise ValueError(f"no open data schema for kind {f.kind}")

