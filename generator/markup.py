"""One configured Markdown pipeline, with raw HTML sanitised against an allow-list."""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown import util
from markdown.blockparser import BlockParser
from markdown.extensions.toc import TocTreeprocessor, slugify, unique
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from .cache import MarkdownStore, text_key

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "toc"]
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "b", "i",
    "code", "pre", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "abbr", "sup", "sub",
    "del", "ins", "dl", "dt", "dd", "img", "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}, "ol": {"start"},
    "th": {"scope"}, **{f"h{n}": {"id"} for n in range(2, 7)},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # tel: a telephone number, as a helpline's


class _DemoteTopHeadings(Treeprocessor):
    """Make a body's `#` headings h2: the page's title is its only h1."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter("h1"):
            element.tag = "h2"


# The ids the templates give parts of a page (tests/test_markup_ids.py keeps this list whole): a body's heading
# must not take one, or a link to that part (the skip link's to the main content) would land on the heading.
TEMPLATE_IDS = frozenset({
    "agenda", "all-plans", "compliance-status", "current-plan", "datasets", "enforcement", "feedback", "feeds",
    "filter-heading", "how-accessible", "improving", "latest-decisions", "latest-papers", "licence",
    "main-content", "meetings", "non-accessible-content", "overview-desc", "overview-title", "preparation",
    "priorities", "reading-the-files", "referenced-by", "reporting", "search", "search-help", "search-sort",
    "search-status", "site-search", "technical-information", "themes", "timeline", "tracker", "what-changed",
})
TEMPLATE_ID_PREFIXES = ("compare-", "cycle-", "dataset-", "fields-", "priority-")  # ids made from a name
TEMPLATE_ID_SUFFIXES = ("-list",)


def heading_id(text: str, separator: str) -> str:
    """Return a heading's id as Python-Markdown makes it, moved clear of the ids the templates use."""
    slug = slugify(text, separator)
    if slug in TEMPLATE_IDS or slug.startswith(TEMPLATE_ID_PREFIXES) or slug.endswith(TEMPLATE_ID_SUFFIXES):
        return f"section-{slug}"
    return slug


EXTENSION_CONFIGS = {"toc": {"toc_depth": "2-6", "slugify": heading_id}}


def make_markdown() -> markdown.Markdown:
    """Return the one configured Markdown converter (reused between texts with reset())."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    md.treeprocessors.register(_DemoteTopHeadings(md), "demote_h1", 5)
    return md


# What each of Python-Markdown's steps (by its registered name, in 3.5 to 3.11) cannot match without: its pattern
# starts with or requires one of these. Tabs are expanded to spaces before parsing, so a tab stands for the spaces a
# step needs (four for an indented block, two before a line's end for a line break). A step not named is always run.
_NEEDS = {
    "preprocessors": {"fenced_code_block": ("```", "~~~"), "html_block": ("<", "&")},  # it completes "&#169"
    "blockprocessors": {
        "indent": ("    ", "\t"), "code": ("    ", "\t"), "table": ("|",), "hashheader": ("#",),
        "setextheader": ("=", "-"), "hr": ("-", "_", "*"), "olist": (".",), "ulist": ("*", "+", "-"), "quote": (">",),
        "reference": ("]:",),
    },
    "inlinePatterns": {
        "backtick": ("`",), "escape": ("\\",), "reference": ("[",), "link": ("[",), "short_reference": ("[",),
        "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",), "autolink": ("<",),
        "automail": ("<",), "linebreak": ("  ", "\t"), "html": ("<",), "entity": ("&",), "em_strong": ("*", "_"),
        "em_strong2": ("_",), "not_strong": ("*", "_"),
    },
}


class _ContentsOnlyWhereAsked(TocTreeprocessor):
    """Python-Markdown's toc step, which gives headings their ids, making its table of contents only while its marker
    is set: the converter sets it for a text that holds it (a paragraph "[TOC]" becomes the table), and no page
    shows the table of contents it keeps on the side (`md.toc`)."""

    def build_toc_div(self, toc_list: list) -> etree.Element:
        return super().build_toc_div(toc_list) if self.marker else etree.Element("div")


class _PatternsWhereTheyCouldMatch(InlineProcessor):
    """Python-Markdown's inline step, trying a pattern on a run of text (a paragraph's, a list item's, a cell's) only if
    the run holds a character the pattern needs, as the converter does for a whole text: a text with one link has
    its link patterns tried on every run of it otherwise.

    It overrides the private method that loops over the patterns, with that loop's own logic (a pattern left out is
    passed as one that found no match is); `needles` is set for each text, with its patterns. Where Python-Markdown
    has no such methods (another version), the converter keeps the plain step (`_CAN_PASS_OVER`).
    """

    needles: tuple[tuple[str, ...] | None, ...] = ()  # for each of inlinePatterns, what it needs; None: always tried

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if not isinstance(data, util.AtomicString):
            startIndex = 0
            patterns, needles = self.inlinePatterns, self.needles
            count = len(patterns)
            while patternIndex < count:
                wanted = needles[patternIndex]
                if wanted is not None and not any(n in data for n in wanted):
                    patternIndex, startIndex = patternIndex + 1, 0  # as after a pattern that found no match
                    continue
                data, matched, startIndex = self._InlineProcessor__applyPattern(  # type: ignore[attr-defined]
                    patterns[patternIndex], data, patternIndex, startIndex)
                if not matched:
                    patternIndex += 1
        return data


class _BlocksWhereTheyCouldMatch(BlockParser):
    """Python-Markdown's block parser, trying a block processor on a block only if the block holds a character the
    processor needs, as the converter does for a whole text. Its public `parseBlocks` is overridden with its own loop;
    `needles` is set for each text, with its processors."""

    needles: tuple[tuple[str, ...] | None, ...] = ()  # for each of blockprocessors, what it needs; None: always tried

    def parseBlocks(self, parent: etree.Element, blocks: list[str]) -> None:
        processors, needles = self.blockprocessors, self.needles
        while blocks:
            for processor, wanted in zip(processors, needles):
                if wanted is not None and not any(n in blocks[0] for n in wanted):
                    continue  # its test could not pass
                if processor.test(parent, blocks[0]) and processor.run(parent, blocks) is not False:
                    break


_CAN_PASS_OVER = all(hasattr(InlineProcessor, name) for name in ("_InlineProcessor__handleInline",
                                                                 "_InlineProcessor__applyPattern"))


class Converter:
    """The configured Markdown, running on each text only the steps that could match in it.

    Python-Markdown tries every block processor on every block and every inline pattern on every run of text (a
    paragraph, a list item, a table cell), and one that cannot match still costs a call: most texts have no code,
    HTML, tables or images. The steps a text lacks the characters for are left out of its conversion (chosen once per
    combination of characters present), and within a text an inline pattern is tried only on the runs of text, and a
    block processor only on the blocks, that hold such a character. The toc step gives headings their ids but makes
    its table of contents only for a text holding its marker ("[TOC]"): no page shows the one it keeps on the side.
    The HTML is the same (tests compare the two), in about 0.4 of the time on the benchmark's bodies.
    """

    def __init__(self) -> None:
        self.md = make_markdown()
        self._inline = self.md.treeprocessors["inline"]
        if _CAN_PASS_OVER:
            self._inline.__class__ = _PatternsWhereTheyCouldMatch  # the same step, passing over runs it can't match
        self.md.parser.__class__ = _BlocksWhereTheyCouldMatch  # the same parser, passing over blocks likewise
        self._steps = {kind: self._needs_of(kind, needs) for kind, needs in _NEEDS.items()}
        self._toc = self.md.treeprocessors["toc"]
        self._toc.__class__ = _ContentsOnlyWhereAsked  # the same step, which makes its table only where asked
        self._marker = self._toc.marker
        needles = {n for needs in _NEEDS.values() for ns in needs.values() for n in ns}
        self._needles = tuple(sorted(needles | {self._marker}))
        self._chosen: dict[frozenset[str], dict[str, tuple]] = {}

    def _needs_of(self, kind: str, needs: dict[str, tuple[str, ...]]) -> list[tuple[object, tuple[str, ...] | None]]:
        registry = self.md.parser.blockprocessors if kind == "blockprocessors" else getattr(self.md, kind)
        steps = list(registry)
        of_each: list[tuple[str, ...] | None] = [None] * len(steps)
        for name, needles in needs.items():
            if name in registry:
                of_each[registry.get_index_for_name(name)] = needles
        return list(zip(steps, of_each))

    def convert(self, text: str) -> str:
        """Return a Markdown text's HTML (not yet sanitised)."""
        steps = self.steps_for(text)
        self.md.preprocessors = steps["preprocessors"]
        self.md.parser.blockprocessors = steps["blockprocessors"]
        self._inline.inlinePatterns = steps["inlinePatterns"]
        self._inline.needles = steps["inline needles"]
        self.md.parser.needles = steps["block needles"]  # type: ignore[attr-defined]
        self._toc.marker = self._marker if steps["toc"] else ""
        return self.md.reset().convert(text)

    def steps_for(self, text: str) -> dict[str, tuple]:
        """Return the preprocessors, block processors and inline patterns, in Python-Markdown's order, that could match
        somewhere in a text, with what each inline pattern and block processor needs, and under "toc" the toc step if
        the text holds its marker."""
        if "\x02" in text or "\x03" in text:  # Python-Markdown removes these first: what they part, it joins
            text = text.replace("\x02", "").replace("\x03", "")
        present = frozenset(n for n in self._needles if n in text)
        steps = self._chosen.get(present)
        if steps is None:
            steps = self._chosen[present] = {
                kind: tuple(step for step, needles in of_kind if needles is None or not present.isdisjoint(needles))
                for kind, of_kind in self._steps.items()}
            steps["toc"] = (self._toc,) if self._marker in present else ()
            steps["inline needles"], steps["block needles"] = (
                tuple(needles for _, needles in self._steps[kind] if needles is None or not present.isdisjoint(needles))
                for kind in ("inlinePatterns", "blockprocessors"))
        return steps


class TooDeep(Exception):
    """A Markdown text nested deeper than Python-Markdown can follow (it recurses, and Python's stack is finite)."""


class Markup:
    """Markdown to safe HTML, remembering what it has converted (and, with a store, across builds)."""

    def __init__(self, store: MarkdownStore | None = None) -> None:
        self._converter = Converter()
        self._cache: dict[str, str] = {}
        self.store = store
        self.fresh: dict[str, str] = {}  # converted this time, by key: for the store
        self.used: set[str] = set()  # every key asked for this time: the store keeps only these

    def render(self, text: str | None) -> str:
        """Return sanitised HTML for a Markdown text (empty for None)."""
        if not text:
            return ""
        html = self._cache.get(text)
        if html is None:
            try:
                html = self._lookup(text)
            except RecursionError:
                self._converter = Converter()  # the converter may be left half-way: start a fresh one
                raise TooDeep() from None
            self._cache[text] = html
        return html

    def _lookup(self, text: str) -> str:
        if self.store is None:
            return sanitise(self._converter.convert(text))
        key = text_key(text)
        self.used.add(key)
        html = self.store.get(key)
        if html is None:
            html = self.fresh[key] = sanitise(self._converter.convert(text))
        return html

    def save_news(self) -> set[str]:
        """Put what was converted into the store, forget the texts held in memory; return the keys asked for."""
        fresh, used = self.fresh, self.used
        self.fresh, self.used = {}, set()
        self._cache.clear()  # a worker renders thousands of pages: hold only what one batch needs
        if self.store is not None:
            try:
                self.store.put_many(fresh)
            except (sqlite3.Error, OSError):
                pass  # the cache is for speed only
        return used


_HEADING_ID = re.compile(r'<h[2-6] id="([^"]*)"')


class PageHeadings:
    """The heading ids of the Markdown texts one page shows, so that a second text's headings get ids of their own.

    Python-Markdown makes ids unique within one text; a page may show several (a variation's wording before and
    after, a theme's aim and its priorities). A later text's clashing id takes the next free `_1`, `_2` suffix,
    as Python-Markdown's own would, and that text's links to it (`#id`) follow it.
    """

    def __init__(self) -> None:
        self._ids: set[str] = set()

    def start_page(self) -> None:
        self._ids.clear()

    def own_ids(self, html: str) -> str:
        """Return a text's HTML with any heading id an earlier text on this page used made unique."""
        if ' id="' not in html:
            return html
        ids = _HEADING_ID.findall(html)
        clashes = [i for i in ids if i in self._ids]
        if not clashes:
            self._ids.update(ids)
            return html
        taken = self._ids | set(ids)
        renamed = {old: unique(old, taken) for old in dict.fromkeys(clashes)}
        self._ids.update(taken)
        return re.sub(r'(<h[2-6] id="|href="#)([^"]*)"', lambda m: f'{m[1]}{renamed.get(m[2], m[2])}"', html)


def _local_images_only(tag: str, attribute: str, value: str) -> str | None:
    """Drop an image's address on another site however it is written (routes.py names the usual forms as errors):
    pages make no requests to other sites. A browser ignores tabs and line breaks in an address and reads '\\' as '/'.
    """
    return None if tag == "img" and attribute == "src" and from_another_site(value) else value


def from_another_site(address: str) -> bool:
    """Say whether an address leads off this site, as a browser reads it (routes.py's image check asks too)."""
    address = address.translate(_IGNORED_IN_ADDRESSES).strip().replace("\\", "/")
    return address.startswith("//") or bool(_SCHEME.match(address))


_IGNORED_IN_ADDRESSES = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_CLEANER = nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                       link_rel="noopener noreferrer", attribute_filter=_local_images_only)  # built once


def sanitise(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes."""
    return _CLEANER.clean(html)
