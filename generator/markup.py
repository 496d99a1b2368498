"""One configured Markdown pipeline, with raw HTML sanitised against an allow-list."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

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
URL_SCHEMES = {"http", "https", "mailto"}


class _DemoteTopHeadings(Treeprocessor):
    """Make a body's `#` headings h2: the page's title is its only h1."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter("h1"):
            element.tag = "h2"


class Markup:
    """Markdown to safe HTML, remembering what it has converted during one build."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"toc_depth": "2-6"}})
        self._md.treeprocessors.register(_DemoteTopHeadings(self._md), "demote_h1", 5)
        self._cache: dict[str, str] = {}

    def render(self, text: str | None) -> str:
        """Return sanitised HTML for a Markdown text (empty for None)."""
        if not text:
            return ""
        html = self._cache.get(text)
        if html is None:
            html = sanitise(self._md.reset().convert(text))
            self._cache[text] = html
        return html


def sanitise(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer")
