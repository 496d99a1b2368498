"""JSON Schema for every content type, generated from the one declaration in schema.py."""

from __future__ import annotations

import json
from pathlib import Path

from .schema import CHOICE, DATE, EMAIL, INT, MAPPING, MARKDOWN, RECORD, REF, TEXT, TYPES, URL, ContentType, Field

DRAFT = "http://json-schema.org/draft-07/schema#"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def get_schema(content_type: ContentType, markdown_file: bool = False) -> dict:
    """Return the schema of one item (front matter of a .md file, or a .yaml file with its list form)."""
    fields = [f for f in content_type.fields[1:] if not (markdown_file and f.name == "body")]
    item = _object_schema(fields)
    schema = {"$schema": DRAFT, "$id": f"{content_type.name}.schema.json",
              "title": content_type.label, "description": content_type.doc}
    if markdown_file:
        return {**schema, **item}
    list_form = {
        "type": "object",
        "description": "A list file: entries under 'items', sharing the file's other fields.",
        "properties": {**item["properties"], "items": {
            "type": "array", "minItems": 1,
            "items": {**_object_schema(fields, required=False),
                      "properties": {"id": {"type": "string", "description": "The entry's id (default: "
                                            "the file's id and the entry's position)."},
                                     **item["properties"]}}}},
        "required": ["items"], "additionalProperties": False,
    }
    return {**schema, "anyOf": [item, list_form]}


def _object_schema(fields: list[Field] | tuple[Field, ...], required: bool = True) -> dict:
    result = {"type": "object", "additionalProperties": False,
              "properties": {f.name: _field_schema(f) for f in fields}}
    names = [f.name for f in fields if f.required]
    if required and names:
        result["required"] = names
    return result


def _field_schema(f: Field) -> dict:
    one = _value_schema(f)
    if f.many:
        one = {"anyOf": [one, {"type": "array", "items": one}]}
    return {"description": f.doc, **one}


def _value_schema(f: Field) -> dict:
    if f.kind in (TEXT, MARKDOWN):
        return {"type": "string", "minLength": 1}
    if f.kind == DATE:
        return {"anyOf": [{"type": "string", "pattern": DATE_PATTERN}, {"type": "integer"}],
                "examples": ["2021-11-15", "2017-02", 2013]}
    if f.kind == INT:
        return {"type": "integer"}
    if f.kind == URL:
        return {"type": "string", "pattern": "^https?://"}
    if f.kind == EMAIL:
        return {"type": "string", "format": "email"}
    if f.kind == CHOICE:
        return {"enum": list(f.choices)}
    if f.kind == REF:
        return {"type": "string", "description": f"The id of a {' or '.join(f.targets)}."}
    if f.kind == RECORD:
        return _object_schema(f.fields)
    if f.kind == MAPPING:
        return {"type": "object"}
    raise ValueError(f"no schema for kind {f.kind}")


def get_all_schemas() -> dict[str, str]:
    """Return every schema file's name and text, front matter and YAML forms."""
    files = {}
    for content_type in TYPES:
        files[f"{content_type.name}.schema.json"] = _dump(get_schema(content_type))
        files[f"{content_type.name}.frontmatter.schema.json"] = _dump(get_schema(content_type, markdown_file=True))
    return files


def _dump(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in get_all_schemas().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written
