"""Check written values against declared fields and convert them: text, dates, choices, records."""

from __future__ import annotations

import html
import math
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .dates import PartialDate, parse_date
from .errors import Errors, did_you_mean
from .schema import CHOICE, DATE, EMAIL, INT, MAPPING, MARKDOWN, RECORD, REF, TEXT, URL, Field
from .yamlish import YamlFloat, YamlInt, YamlList, YamlMap

PLACEHOLDER = "FILL IN"  # what `new` writes where staff must write something
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")  # never in a whole web address


@dataclass(frozen=True)
class Ref:
    """A reference as written, before it is linked: the id, and where it was written."""

    id: str
    line: int
    where: str  # the field's name as staff read it, e.g. 'steps[2].evidence'


class Record:
    """A small set of fields inside an item (a role, a step, a period); absent fields read as None."""

    __slots__ = ("fields", "values", "lines")

    def __init__(self, fields: tuple[Field, ...], values: dict, lines: dict):
        self.fields, self.values, self.lines = fields, values, lines

    def __getattr__(self, name: str):
        if name in Record.__slots__:
            raise AttributeError(name)
        if name in self.values:
            return self.values[name]
        if any(f.name == name for f in self.fields):
            return None
        raise AttributeError(f"a record has no field '{name}'")

    def __repr__(self) -> str:
        return f"Record({self.values!r})"


class _Invalid:
    """Marks a value that was reported as wrong, so later checks skip it."""


INVALID = _Invalid()


@dataclass(frozen=True)
class Place:
    """Where values are being read: the file, for messages, and the collector."""

    path: Path
    errors: Errors

    def error(self, line: int, message: str) -> _Invalid:
        """Report a problem and return INVALID."""
        self.errors.add(self.path, line, message)
        return INVALID


def convert_fields(data: YamlMap, fields: tuple[Field, ...], place: Place, what: str,
                   prefix: str = "") -> tuple[dict, dict]:
    """Check `data` against `fields`; return the converted values and the line of each."""
    declared = {f.name: f for f in fields}
    for name in data:
        if name not in declared:
            place.error(data.lines[name], f"unknown field '{prefix}{name}'{did_you_mean(name, declared)}; "
                        f"{what} has: {', '.join(declared)}")
    values: dict = {}
    for f in fields:
        if data.get(f.name) is None:
            if f.required:
                place.error(data.lines.get(f.name, data.line),
                            f"missing required field '{prefix}{f.name}': {f.doc[0].lower()}{f.doc[1:]}")
            continue
        value = convert_value(f, data[f.name], data.lines[f.name], place, prefix + f.name)
        if value is not INVALID:  # reported already; later stages see the field as absent
            values[f.name] = value
    _check_date_order(fields, values, data, place, prefix)
    return values, dict(data.lines)


def convert_value(f: Field, value: object, line: int, place: Place, where: str) -> object:
    """Convert one field's value (a list of them where the field takes many)."""
    if not f.many:
        return _convert_one(f, value, line, place, where)
    if not isinstance(value, YamlList):
        value_list = YamlList([value])
        value_list.line, value_list.lines = line, [line]
        value = value_list
    converted = [_convert_one(f, v, ln, place, f"{where}[{i}]" if f.kind == RECORD else where)
                 for i, (v, ln) in enumerate(zip(value, value.lines), start=1)]
    return INVALID if INVALID in converted else tuple(converted)


def _convert_one(f: Field, value: object, line: int, place: Place, where: str) -> object:
    if isinstance(value, str) and value.startswith(PLACEHOLDER):
        return place.error(line, f"'{where}' has not been filled in yet: replace '{value.strip()}'")
    converter = _CONVERTERS[f.kind]
    return converter(f, value, line, place, where)


def _as_text(value: object) -> str | None:
    if isinstance(value, (YamlInt, YamlFloat)):
        return value.raw
    return value if isinstance(value, str) else None


def _convert_text(f: Field, value: object, line: int, place: Place, where: str) -> object:
    text = _as_text(value)
    if text is None:
        return place.error(line, f"'{where}' should be text, but YAML read {_yaml_reading(value)}; "
                           "put the value in quotes")
    if not text.strip():
        return place.error(line, f"'{where}' is empty")
    control = _unshowable(text)
    if control:
        return place.error(line + text.count("\n", 0, control.start()), _control_message(where, control[0]))
    return text.strip() if f.kind == TEXT else text


def _convert_markdown(f: Field, value: object, line: int, place: Place, where: str) -> object:
    text = _convert_text(f, value, line, place, where)
    if text is INVALID:
        return text
    deep = next((text.find(run) for run in _TOO_DEEP if run in text), -1)  # a plain search: fast on any length
    if deep >= 0:
        return place.error(line + text.count("\n", 0, deep + 1), f"'{where}' nests too deeply for a page to show "
                           f"({_DEEP_RUN} '*' or '_' in a row, or a line indented by {_DEEP_INDENT} spaces): "
                           "simplify it")
    return text


# Python-Markdown recurses into nested emphasis and lists; far short of where it would fail (about 1,500 '*' in a
# row, or lists some 400 deep), such text is refused, so that `check` finds what the build would fail on.
_DEEP_RUN, _DEEP_INDENT = 500, 400
_TOO_DEEP = ("*" * _DEEP_RUN, "_" * _DEEP_RUN, "\n" + " " * _DEEP_INDENT)


def plain_text(markdown: str) -> str:
    """Return a Markdown text's words without its markup, on one line: a priority's heading in lists and links,
    and the wordings a variation's comparison sets side by side.

    Not a Markdown parser: it removes what short texts use (emphasis, code, links, images, headings, list and
    quote markers, tables, raw HTML, escapes and entities), so that none of it shows as text.
    """
    text = _ESCAPED.sub(lambda m: chr(_SET_ASIDE + ord(m[1])), markdown)  # an escaped star is a star, not emphasis
    text = _MARKUP_LINE.sub("", text)
    for pattern, keep in _MARKUP:
        text = pattern.sub(keep, text)
    text = re.sub(r"[\ue000-\ue07f]", lambda m: chr(ord(m[0]) - _SET_ASIDE), text)
    return " ".join(html.unescape(text).split())


_ESCAPED, _SET_ASIDE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])"), 0xE000  # to a private-use character meanwhile

_MARKUP_LINE = re.compile(r"(?m)^[ \t]*(?:\[[^\]\n]+\]:[ \t]*\S.*|[-*_=|: \t]{3,})$")  # link definitions, rules
_MARKUP = [(re.compile(pattern, flags), keep) for pattern, flags, keep in (
    (r"^[ \t]*(?:>[ \t]?)*(?:#{1,6}[ \t]+|[-*+][ \t]+|[0-9]+[.)][ \t]+)?", re.M, ""),  # block markers
    (r"[ \t]#+[ \t]*$", re.M, ""),  # a heading's closing hashes
    (r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])", 0, r"\1"),  # links and images: their words
    (r"<[^>]*>", 0, " "),  # raw HTML
    (r"`+([^`]*)`+", 0, r"\1"),  # code
    (r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S, r"\2"),  # strong
    (r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])", re.S, r"\1"),  # emphasis
    (r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", re.S, r"\1"),
    (r"[ \t]*\|[ \t]*", 0, " "),  # table cells
)]


# Characters no page, feed or file of open data can carry (tab and line ends are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_XML = re.compile("[\ufffe\uffff]")  # two non-characters XML refuses: looked for only where a plain search finds one


def _unshowable(text: str) -> re.Match | None:
    """Return the first character no page, feed or data file can carry, if there is one."""
    found = _CONTROL.search(text)  # a class of ASCII characters only: a search beyond them is slower
    if found is None and ("\ufffe" in text or "\uffff" in text):
        found = _NOT_XML.search(text)
    return found


def _control_message(where: str, char: str) -> str:
    kind = "a character" if char in "\ufffe\uffff" else "a control character"
    return (f"'{where}' holds {kind} (U+{ord(char):04X}) that pages cannot show: delete it "
            "(a word processor's soft line break is one)")


def _convert_date(f: Field, value: object, line: int, place: Place, where: str) -> object:
    text = _as_text(value)
    if text is None:
        return place.error(line, f"'{where}' should be a date like 2021-11-15, but YAML read "
                           f"{_yaml_reading(value)}")
    try:
        return parse_date(text)
    except ValueError as exc:
        return place.error(line, f"'{where}': {exc}")


def _convert_int(f: Field, value: object, line: int, place: Place, where: str) -> object:
    if isinstance(value, bool) or not isinstance(value, int):
        return place.error(line, f"'{where}' should be a whole number, like 3, but is {_yaml_reading(value)}")
    return int(value)


def _convert_url(f: Field, value: object, line: int, place: Place, where: str) -> object:
    text = _convert_text(f, value, line, place, where)
    if text is INVALID:
        return text
    if not is_web_address(text):
        return place.error(line, f"'{where}': '{text}' is not a web address; write it in full, "
                           "starting https://")
    return text


def is_web_address(text: str) -> bool:
    """Say whether a text is a whole web address, http(s) with a host, that a browser can follow (a field's, or
    the command line's --base-url)."""
    try:
        parts = urllib.parse.urlsplit(text)
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:  # a bracket left open, as for an IPv6 host ('https://[::1')
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not _SPACE_OR_CONTROL.search(text)


def _convert_email(f: Field, value: object, line: int, place: Place, where: str) -> object:
    text = _convert_text(f, value, line, place, where)
    if text is not INVALID and not _EMAIL.fullmatch(text):
        return place.error(line, f"'{where}': '{text}' is not an email address")
    return text


def _convert_choice(f: Field, value: object, line: int, place: Place, where: str) -> object:
    text = _as_text(value)
    if text not in f.choices:
        shown = text if text is not None else _yaml_reading(value)
        return place.error(line, f"'{where}': '{shown}' is not allowed{did_you_mean(str(shown), f.choices)}; "
                           f"choose one of: {', '.join(f.choices)}")
    return text


def _convert_ref(f: Field, value: object, line: int, place: Place, where: str) -> object:
    text = _as_text(value)
    if text is None or not text.strip():
        return place.error(line, f"'{where}' should name a {' or '.join(f.targets)} by its id, but is "
                           f"{_yaml_reading(value)}")
    return Ref(text.strip(), line, where)


def _convert_record(f: Field, value: object, line: int, place: Place, where: str) -> object:
    if not isinstance(value, YamlMap):
        return place.error(line, f"'{where}' should be fields as 'name: value' lines, but is "
                           f"{_yaml_reading(value)}")
    values, lines = convert_fields(value, f.fields, place, f"'{where}'", prefix=f"{where}.")
    return Record(f.fields, values, lines)


def _convert_mapping(f: Field, value: object, line: int, place: Place, where: str) -> object:
    if not isinstance(value, YamlMap):
        return place.error(line, f"'{where}' should be fields as 'name: value' lines")
    plain = _plain(value)
    for name, inner in _leaves(plain, where):
        if isinstance(inner, float) and not math.isfinite(inner):
            return place.error(line, f"'{name}' is {inner}, which open data cannot hold: give a number, or text "
                               "in quotes")
        unshowable = _unshowable(inner) if isinstance(inner, str) else None
        if unshowable:
            return place.error(line, _control_message(name, unshowable[0]))
    return plain


def _leaves(value: object, where: str):
    """Yield (where, value) for every value inside plain dicts and lists."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value, start=1):
            yield from _leaves(inner, f"{where}[{index}]")
    else:
        yield where, value


def _plain(value: object) -> object:
    """Return YAML values as plain dicts, lists and scalars (for free-form `extra`)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, YamlInt):
        return int(value)
    if isinstance(value, YamlFloat):
        return float(value)
    return value


_CONVERTERS = {
    TEXT: _convert_text, MARKDOWN: _convert_markdown, DATE: _convert_date, INT: _convert_int,
    URL: _convert_url, EMAIL: _convert_email, CHOICE: _convert_choice, REF: _convert_ref,
    RECORD: _convert_record, MAPPING: _convert_mapping,
}


def _check_date_order(fields: tuple[Field, ...], values: dict, data: YamlMap, place: Place, prefix: str) -> None:
    """Report a date that comes before the one it may not precede (an end before its start)."""
    for f in fields:
        earlier = values.get(f.not_before) if f.not_before else None
        later = values.get(f.name)
        if isinstance(earlier, PartialDate) and isinstance(later, PartialDate) \
                and later.last_day < earlier.first_day:
            place.error(data.lines[f.name], f"'{prefix}{f.name}' ({later.human}) is before "
                        f"'{prefix}{f.not_before}' ({earlier.human}); it cannot end before it starts")


def _yaml_reading(value: object) -> str:
    """Describe what YAML made of a value, for messages."""
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (yes/no/true/false/on/off are read as true or false)"
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return f"'{_as_text(value) or value}'"
