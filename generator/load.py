"""Read content/: walk the type folders, split front matter, parse YAML keeping line numbers."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Errors, did_you_mean
from .schema import TYPES_BY_FOLDER, ContentType
from .yamlish import YamlError, YamlList, YamlMap, parse_yaml

MAX_FILE_BYTES = 2 * 1024 * 1024  # a record is a few KB; anything this large is a mistake
SETTINGS_FILE = "site.yaml"
_ID_PART = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SUFFIXES = (".md", ".yaml", ".yml")


@dataclass(frozen=True)
class RawItem:
    """One item as written: its type, id, file, line and fields (with `body` for Markdown)."""

    type: ContentType
    id: str
    path: Path
    line: int
    data: YamlMap
    position: int | None = None  # for an entry of a list file: its place in the list, from 1


def load_content(content_dir: Path, errors: Errors) -> list[RawItem]:
    """Read every content file under `content_dir` in this process; report what cannot be read.

    A build reads with pages.read_content, on every core for a large site.
    """
    return [item for path in iter_content_files(content_dir, errors) for item in load_path(content_dir, path, errors)]


def load_path(content_dir: Path, path: Path, errors: Errors) -> list[RawItem]:
    """Read one content file, its type given by its folder."""
    folder = path.relative_to(content_dir).parts[0]
    return load_file(path, content_dir / folder, TYPES_BY_FOLDER[folder], errors)


def iter_content_files(content_dir: Path, errors: Errors):
    """Yield the content files in a stable order; report files and folders that do not belong."""
    for entry in sorted(content_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and entry.name in TYPES_BY_FOLDER:
            yield from _iter_type_folder(entry, errors)
        elif entry.is_dir():
            errors.add(entry, 1, f"unknown folder '{entry.name}'{did_you_mean(entry.name, TYPES_BY_FOLDER)}; "
                       f"content folders are: {', '.join(sorted(TYPES_BY_FOLDER))}")
        elif entry.name != SETTINGS_FILE:
            errors.add(entry, 1, f"'{entry.name}' does not belong here: put content files in a type's "
                       f"folder (e.g. decisions/), and settings in {SETTINGS_FILE}")


def walk_following_links(folder: Path):
    """Walk a folder as the loader reads it: into linked folders too, but never round a loop of links."""
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        stat = os.stat(dirpath)
        if (stat.st_dev, stat.st_ino) in seen:
            dirnames[:] = []
            continue
        seen.add((stat.st_dev, stat.st_ino))
        yield dirpath, dirnames, filenames


def _iter_type_folder(folder: Path, errors: Errors):
    for dirpath, dirnames, filenames in walk_following_links(folder):  # linked folders are read too
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if name.startswith(".") or name.endswith("~"):
                continue  # editor and system files
            if path.suffix not in _SUFFIXES:
                errors.add(path, 1, f"'{name}' is not a content file: use .md (Markdown with front matter) "
                           "or .yaml")
                continue
            yield path


def load_file(path: Path, type_folder: Path, content_type: ContentType, errors: Errors) -> list[RawItem]:
    """Read one file into its item (or, for a list file, items)."""
    text = read_text(path, errors)
    if text is None:
        return []
    file_id = path.relative_to(type_folder).with_suffix("").as_posix()
    if not valid_id(file_id):
        errors.add(path, 1, f"the file name gives the id '{file_id}', which is not allowed: use lower-case "
                   "letters, digits and hyphens (e.g. 'cpcc-2021-017.md')")
        return []
    try:
        if path.suffix == ".md":
            data = _parse_markdown_file(text)
        else:
            data = parse_yaml(text)
    except YamlError as exc:
        errors.add(path, exc.line, exc.message)
        return []
    return _items_from_data(data, file_id, path, content_type, errors)


def read_text(path: Path, errors: Errors) -> str | None:
    """Read a file as UTF-8 text, or report why it cannot be and return None."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            errors.add(path, 1, f"the file is {size / 1048576:.1f} MB; a content file may be at most "
                       f"{MAX_FILE_BYTES // 1048576} MB (put large documents elsewhere and link to them)")
            return None
        data = path.read_bytes()
    except OSError as exc:
        if path.is_symlink() and not path.exists():
            errors.add(path, 1, f"the file is a link to {os.readlink(path)}, which does not exist: remove the link "
                       "or put the file there")
        else:
            errors.add(path, 1, f"could not read the file: {exc.strerror}")
        return None
    return _decode(data, path, errors)


def _decode(data: bytes, path: Path, errors: Errors) -> str | None:
    if not data.strip():
        errors.add(path, 1, "the file is empty")
        return None
    if b"\0" in data:
        errors.add(path, data[: data.index(b"\0")].count(b"\n") + 1,
                   "the file is binary, not text: content files are Markdown or YAML")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        errors.add(path, 1, "the file starts with a byte order mark (BOM): save it as UTF-8 without BOM")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        errors.add(path, line, "the file is not UTF-8 text (was it saved from Word or Excel in another "
                   "encoding?): save it as UTF-8")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parse_markdown_file(text: str) -> object:
    """Split `---` front matter from the body; return the fields with `body` added."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise YamlError(1, "missing front matter: a Markdown file must start with a line '---', then its "
                        "fields (e.g. 'title: ...'), then a line '---', then the text")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise YamlError(1, "the front matter is not closed: add a line '---' after the fields")
    data = parse_yaml("\n".join(lines[1:end]), first_line=2)
    if data is None:
        data = YamlMap()
        data.line, data.lines = 2, {}
    if isinstance(data, YamlMap) and "body" in data:
        raise YamlError(data.lines["body"], "'body' cannot be a field here: the text after the front "
                        "matter is the body")
    if isinstance(data, YamlMap):
        body = "\n".join(lines[end + 1:]).strip("\n")
        if body.strip():
            data["body"] = body + "\n"
            data.lines["body"] = end + 2 + _count_leading_newlines("\n".join(lines[end + 1:]))
    return data


def _count_leading_newlines(text: str) -> int:
    return len(text) - len(text.lstrip("\n"))


def _items_from_data(data: object, file_id: str, path: Path, content_type: ContentType,
                     errors: Errors) -> list[RawItem]:
    """Make the file's items: one mapping, or a list under `items:` sharing the file's other fields."""
    if not isinstance(data, YamlMap):
        line = getattr(data, "line", 1)
        errors.add(path, line, "expected fields as 'name: value' lines, but found "
                   f"{_describe_value(data)}")
        return []
    if "id" in data:
        errors.add(path, data.lines["id"], "'id' cannot be set here: an item's id is its file name "
                   "(give ids only to the entries of a list under 'items:')")
        return []
    if "items" not in data:
        return [RawItem(content_type, file_id, path, 1, data)]
    return _items_from_list(data, file_id, path, content_type, errors)


def _items_from_list(data: YamlMap, file_id: str, path: Path, content_type: ContentType,
                     errors: Errors) -> list[RawItem]:
    entries = data["items"]
    if not isinstance(entries, YamlList) or not entries:
        errors.add(path, data.lines["items"], "'items' must be a list of entries, each starting with '- '")
        return []
    if "body" in data and "body" in content_type.field_names:  # each entry has its own text, not a shared one
        where = "the text after the front matter" if path.suffix == ".md" else "'body'"
        errors.add(path, data.lines["body"], f"{where} cannot be shared by the entries of a list: give "
                   "each entry under 'items:' its own 'body:'")  # the entries are still read, for their own problems
    shared = {key: value for key, value in data.items()
              if key != "items" and not (key == "body" and "body" in content_type.field_names)}
    items = []
    for position, (entry, line) in enumerate(zip(entries, entries.lines), start=1):
        if not isinstance(entry, YamlMap):
            errors.add(path, line, f"entry {position} of 'items' must be fields as 'name: value' lines, "
                       f"but is {_describe_value(entry)}")
            continue
        items.append(_list_entry(entry, shared, data, file_id, position, path, content_type, errors))
    return [item for item in items if item is not None]


def _list_entry(entry: YamlMap, shared: dict, data: YamlMap, file_id: str, position: int, path: Path,
                content_type: ContentType, errors: Errors) -> RawItem | None:
    merged = YamlMap({**shared, **entry})
    merged.line, merged.lines = entry.line, {**{k: data.lines[k] for k in shared}, **entry.lines}
    item_id = merged.pop("id", None)
    if item_id is None:
        item_id = f"{file_id}/{position}"
    elif not isinstance(item_id, str) or not valid_id(item_id):
        errors.add(path, merged.lines["id"], f"the id '{item_id}' is not allowed: use lower-case letters, "
                   "digits and hyphens, with '/' between parts")
        return None
    merged.lines.pop("id", None)
    return RawItem(content_type, item_id, path, entry.line, merged, position)


def valid_id(item_id: str) -> bool:
    """Say whether an id (a file's path under its type's folder, without its ending) is allowed."""
    return all(_ID_PART.fullmatch(part) for part in item_id.split("/"))


def _describe_value(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"the text '{value}'" if isinstance(value, str) else f"the value {value!r}"


def load_settings_data(content_dir: Path, errors: Errors) -> YamlMap | None:
    """Read content/site.yaml as fields with lines, or report why it cannot be read."""
    path = content_dir / SETTINGS_FILE
    if not path.is_file():
        errors.add(path, 1, f"the site settings file is missing: create {SETTINGS_FILE} with at least "
                   "'title', 'area' and 'base_url'")
        return None
    text = read_text(path, errors)
    if text is None:
        return None
    try:
        data = parse_yaml(text)
    except YamlError as exc:
        errors.add(path, exc.line, exc.message)
        return None
    if not isinstance(data, YamlMap):
        errors.add(path, 1, "expected settings as 'name: value' lines")
        return None
    return data
