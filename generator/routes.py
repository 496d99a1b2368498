"""Routes: which pages the site has, at which URL, from which template and with what context."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable, Iterable, Iterator, Mapping
from urllib.parse import urljoin, urlsplit

from markdown.inlinepatterns import AUTOLINK_RE, AUTOMAIL_RE, HTML_RE

from .dates import PartialDate, newest
from .diff import get_word_diff
from .publish import get_robots, get_sitemap, get_sitemap_index
from .errors import Errors, did_you_mean
from .feeds import Feed, get_feeds, render_feed
from .fields import plain_text
from .markup import ALLOWED_TAGS, URL_SCHEMES, from_another_site
from .opendata import DATA_URL, LICENCE, get_data_files, get_datasets
from .schema import MARKDOWN, TYPES
from .site import Item, Site
from .timeline import (EVENT_KINDS, Events, consultation_status, events_of_cycle, events_of_subject,
                       get_axis, get_comparison, get_overview, get_tracker)

HOME_LATEST = 5  # decisions and papers on the home page
PAGE_SIZE = 500  # entries a list or timeline page holds: a longer one continues on further pages (a national record)
SITEMAP_LIMIT = 50_000  # pages one sitemap file may list (sitemaps.org); more are listed in several, and an index


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail."""

    title: str
    url: str


@dataclass(frozen=True)
class Route:
    """One page: its URL, its template, what the template gets, and the item it shows (if one)."""

    url: str
    template: str
    title: str
    context: Mapping[str, Any] = field(default_factory=dict)
    item: Item | None = None
    crumbs: tuple[Crumb, ...] = ()
    body: Callable[[], bytes] | None = None  # a file made without a template (open data): how to make it
    shows: frozenset[str] | None = None  # for a file without an item: the items whose text it shows, if only some

    @property
    def full_title(self) -> str:
        """Return the title with the item the page's item sits within, where it has one: "Communities" is a theme
        and a paper, "Communities – Police and Crime Plan 2017-20" one page."""
        within = self.item.type.within if self.item is not None else None
        parent = self.crumbs[-1] if within and self.crumbs else None
        if parent is None or parent.url == self.item.type.list_url or parent.title in self.title:
            return self.title
        return f"{self.title} – {parent.title}"

    @property
    def deferrable(self) -> bool:
        """Say whether a preview may write this file after telling the browser to reload (open data, sitemap)."""
        return self.body is not None and not self.url.startswith("/feeds/")

    @property
    def output_path(self) -> str:
        """Return the file the page is written to, relative to the output folder."""
        return self.url.lstrip("/") + "index.html" if self.url.endswith("/") else self.url.lstrip("/")


@dataclass(frozen=True)
class Pages:
    """Where a page sits among the pages that one long list is split into."""

    number: int  # this page's, from 1
    count: int
    first_url: str  # page 1's; page n is at first_url + "page/n/"

    def url(self, number: int) -> str:
        return self.first_url if number == 1 else f"{self.first_url}page/{number}/"

    def around(self) -> list[int | None]:
        """Return the page numbers to link: the first, the last, and this one's neighbours; None for a gap."""
        neighbours = {n for n in (self.number - 1, self.number, self.number + 1) if 1 <= n <= self.count}
        numbers: list[int | None] = []
        last = 0
        for n in sorted({1, self.count} | neighbours):
            if n - last == 2:
                numbers.append(n - 1)  # one page between: link it rather than show a gap
            elif n - last > 2:
                numbers.append(None)
            numbers.append(n)
            last = n
        return numbers


def paged_routes(url: str, template: str, title: str, chunks: list[dict[str, Any]], crumbs: tuple[Crumb, ...],
                 later_crumbs: tuple[Crumb, ...]) -> list[Route]:
    """Return one route per chunk of a long list: the first at `url`, the others at url/page/N/, each told where it
    sits.

    Each page's title says which it is ("Decisions (page 2 of 5)"); the breadcrumbs of those after the first
    (`later_crumbs`) lead back to it.
    """
    if len(chunks) == 1:
        return [Route(url, template, title, chunks[0], crumbs=crumbs)]
    routes = []
    for number, context in enumerate(chunks, 1):
        pages = Pages(number, len(chunks), url)
        routes.append(Route(pages.url(number), template, f"{title} (page {number} of {len(chunks)})",
                            {**context, "pages": pages}, crumbs=crumbs if number == 1 else later_crumbs))
    return routes


def split_groups(groups: list[tuple[Item, list]], size: int) -> list[list[tuple[Item, list]]]:
    """Split (heading, entries) groups into pages of about `size` entries, never splitting a group."""
    pages: list[list[tuple[Item, list]]] = [[]]
    count = 0
    for group in groups:
        if pages[-1] and count + len(group[1]) > size:
            pages.append([])
            count = 0
        pages[-1].append(group)
        count += len(group[1])
    return pages


def get_routes(site: Site, events: Events, errors: Errors) -> list[Route]:
    """Return every page of the site; report two pages on one URL."""
    routes = [_home_route(site), _not_found_route(), _compare_route(site),
              Route("/search/", "search.html", "Search", crumbs=(Crumb("Home", "/"),))]
    routes += _timeline_routes(site, events)
    routes += [route for t in TYPES if t.list_url for route in _list_routes(site, t.name)]
    routes += [_item_route(item, site, events) for item in site.items if item.href and "#" not in item.href]
    routes += get_publishing_routes(site, events)
    routes += _crawler_routes(site, routes)
    _check_unique(routes, errors)
    check_links(site.items, {r.url for r in routes}, errors)
    return routes


# A link's address in Markdown: [text](address), [name]: address, or raw HTML's href="address" (or 'address', or
# address unquoted: HTML lets a value run to a space or '>'); each with a string every text holding one contains,
# so that most texts are passed over without a regular expression (one pattern of three alternatives took 2.3 s
# over the 44 MB of a 10,000-item portal; these, 0.1 s). The address is a match's last group to take part: empty
# for [text](), [text](<>) and [text]("title") alike, which Markdown all makes href="".
_INLINE = re.compile(r"\]\(\s*<?((?![\"'])[^)\s>]*|)")
# [name]: address, the address on the same line or the next (not after a blank line), then at most a title to the
# end of the line, as Python-Markdown reads a definition ("[1]: Police and Crime Panel, 2014" is a paragraph);
# [name]: <> is empty too.
_REFERENCE = re.compile(r"^ {0,3}\[[^\[\]\n]+\]:[ \t]*\n?[ \t]*<?((?<=<)[^\s>]*|[^\s>]+)>?[ \t]*"
                        r"(?:\n[ \t]*)?(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\))?[ \t]*$", re.M)
_HTML_VALUE = r"\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>][^\s>]*))"
_HREF = re.compile(r"href" + _HTML_VALUE, re.I)
# Each with the string a text must hold, and for raw HTML the tag it must hold too, before the pattern is run.
_LINKS = (("](", None, _INLINE), ("]:", None, _REFERENCE), ("<", re.compile(r"<a\s", re.I), _HREF))
_HTML_IMAGE = re.compile(r"<img\b", re.I)
# Code: a fenced block (at a line's start, closed by the same fence, as Python-Markdown's fenced_code takes it), or
# a `code span` within one block. An HTML comment, which no page shows, is blanked out too (_blank_comments). Markdown shows a link written there as it is written,
# so the check passes over it (it is blanked out, line breaks kept, so that lines are still counted right). A run of
# backticks is taken whole (possessive), or a long one would be tried at every length: "`" * 16,000 took 7 s.
_CODE = re.compile(r"^(`{3,}+|~{3,}+)[^\n]*+\n.*?(?<=\n)\1[ \t]*$"
                   r"|(?<![\\`])(`++)(?:(?!\n[ \t]*(?:\n|[-*+][ \t]|\d+[.)][ \t]|#|>)).)+?(?<!`)\2(?!`)", re.M | re.S)
_CLOSE_A = re.compile(r"</a\s*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_ALT_WORDS = re.compile(r"\balt\s*=\s*(?:\"[^\"]*[^\"\s][^\"]*\"|'[^']*[^'\s][^']*'|[^\s\"'>]+)", re.I)
_ASSETS = "/assets/"  # the site's own styles and scripts, published under fingerprinted names (style.<hash>.css)
_SEARCH_INDEX = "/pagefind/"
_SCHEMES_ALLOWED = "https://, http://, mailto: or tel:"  # markup.URL_SCHEMES, as editors write them
_NOT_PAGES = (_ASSETS, _SEARCH_INDEX)  # copied and indexed files, not routes
# What Python-Markdown takes for raw HTML (a tag, a comment, <?...?>) and, tried before it, for a link written in angle
# brackets: its own patterns, so that the check reads a text as the installed version does.
_RAW_HTML = re.compile(HTML_RE, re.S)
_ANGLE_LINK = re.compile(f"{AUTOLINK_RE}|{AUTOMAIL_RE}")
_TAG_NAME = re.compile(r"</?([a-zA-Z][^\s/>]*)")
# Elements whose words the sanitiser removes with them, or which a browser reads the rest of the text into.
_WORDS_GO_WITH = frozenset({"script", "style", "title", "textarea", "xmp", "plaintext", "noscript", "noembed",
                            "noframes", "iframe", "template"})
# An image's address: ![text](address) or raw HTML's <img src="address"> (quoted either way, or not).
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?((?![\"'])[^)\s>]*|)|<img\b[^<>]*\bsrc" + _HTML_VALUE, re.I)
# The text of a link that gives it no name a screen reader can say: nothing, spaces, or an image with no
# alternative text. An image whose alternative text is filled in names the link (it is read out as the link's
# words), so [![Pat Smith](/photo.jpg)](/people/pat-smith/) is a link with words.
_NO_WORDS = re.compile(r"\s*(?:!\[\s*\]\([^)]*\)\s*)?")


def check_links(items: Iterable[Item], urls: set[str], errors: Errors) -> None:
    """Report every link in the items' Markdown to an address on this site that no page has, with no address or
    with no words, and every image from another site (the portal makes no requests to other sites) or with no
    address."""
    for item in items:
        check_text_links(item, item.values, item.lines, urls, errors)


def check_text_links(item: Item, values: Mapping[str, Any], lines: Mapping[str, int], urls: set[str],
                     errors: Errors) -> None:
    """Check the links and images of an item's Markdown fields, given as `values` (a preview's edit: not yet
    the item's own) with their lines."""
    for name in _MARKDOWN_FIELDS[item.type.name]:
        text = values.get(name)
        if text:
            _check_text_links(item, lines.get(name, item.line), text, urls, errors)


_MARKDOWN_FIELDS = {t.name: tuple(f.name for f in t.fields if f.kind == MARKDOWN) for t in TYPES}


def _check_text_links(item: Item, line: int, text: str, urls: set[str], errors: Errors) -> None:
    if "`" in text or "~~~" in text:
        text = _CODE.sub(_blank, text)
    if "<!--" in text:
        text = _blank_comments(text)
    escaped = "\\" in text
    for match in _find_links(text):
        if escaped and match.re is _INLINE and _is_escaped(text, match):
            continue  # \[words](address) or [words\](address): Markdown shows it as written, not as a link
        address = match[match.lastindex]
        if match.re is _INLINE and not text[match.start() - 1].isalnum() and _has_no_words(text, match.start()):
            errors.add(item.path, line + text.count("\n", 0, match.start()), f"the link '{_written(text, match)}' "
                       "has no words to click, so a screen reader cannot say where it leads: write them between "
                       "the square brackets")
        elif match.re is _HREF and _html_link_has_no_words(text, match):
            errors.add(item.path, line + text.count("\n", 0, match.start()), f"the link '{_written(text, match)}' "
                       "has no words to click, so a screen reader cannot say where it leads: write them before "
                       "its </a>")
        if address[:1] == "/" and address[1:2] != "/" and address.partition("#")[0].partition("?")[0] in urls:
            continue  # the usual link, to a page of this site by its address: no parsing needed
        problem = _link_problem(item, text, match, urls)
        if problem:
            errors.add(item.path, line + text.count("\n", 0, match.start()), problem)
    if "<" in text:
        _check_tags(item, line, text, errors)
    if "![" not in text and not ("<" in text and _HTML_IMAGE.search(text)):
        return  # no image: most texts
    for match in _IMAGE.finditer(text):
        problem = _image_problem(item, text, match, urls)
        if problem:
            errors.add(item.path, line + text.count("\n", 0, match.start()), problem)


def _check_tags(item: Item, line: int, text: str, errors: Errors) -> None:
    """Report words in angle brackets that Markdown takes for an HTML tag pages do not keep, so that they vanish
    without a trace: '<insert date>', '<address>', '<tel:101>' (Markdown links only web and email addresses so).

    A tag the sanitiser drops keeps the words it encloses, so '<span>words</span>' is not reported.
    """
    for match in _RAW_HTML.finditer(text):
        name = _TAG_NAME.match(match[0])
        if name is None or _ANGLE_LINK.match(text, match.start()) or _is_link_address(text, match.start()):
            continue  # a comment or <?...?>; a link's address, <https://...> or <name@example.org>
        if match[0].startswith("</"):
            continue  # the end of an element: its start is the tag to report
        tag = name[1].lower()
        if tag in ALLOWED_TAGS or (tag not in _WORDS_GO_WITH and f"</{tag}" in text.lower()):
            continue  # kept, or dropped with its words kept
        written = " ".join(match[0].split())  # a tag may run over lines: quoted on one
        errors.add(item.path, line + text.count("\n", 0, match.start()),
                   f"'{written}' would not be shown: Markdown takes words in angle brackets for an HTML tag, and "
                   f"pages do not keep '{name[1]}'. Leave out the angle brackets (or write them as &lt; and &gt;), "
                   "or write a link with words: [words](address)")


def _is_link_address(text: str, at: int) -> bool:
    """Say whether '<' at `at` opens a link's address in angle brackets: [words](<address>), [name]: <address>."""
    before = text[max(at - 40, 0):at].rstrip(" \t\n")
    return before.endswith(("](", "]:"))


def _link_problem(item: Item, text: str, match: re.Match, urls: set[str]) -> str | None:
    """Say what is wrong with a link in an item's Markdown (its address is the match's last group), or return None
    if it leads somewhere."""
    address = match[match.lastindex]
    if not address:
        return None if _is_image(text, match) else (f"the link '{_written(text, match)}' has no address: add the "
                                                    "address it leads to, or remove the link")
    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018 - raises for a bracket left open, or a port that is not a number
        if parts.scheme:
            return None if parts.scheme.lower() in URL_SCHEMES or _is_image(text, match) else (
                f"the link to '{address}' starts with '{parts.scheme}:', which pages do not link with (its address "
                f"would be taken out): use an address that starts with {_SCHEMES_ALLOWED}")
        if address.startswith("#"):
            return None  # a part of this page
        path = urlsplit(urljoin(item.href or "/", address)).path
    except ValueError:
        return f"the link to '{address}' is not an address a browser can follow: check it"
    if not _leads_nowhere(address, path, urls) or _is_image(text, match):
        return None  # an image's address: the images' check says what is wrong with it
    if path.startswith(_ASSETS):
        return (f"the link to '{address}' leads to no page of this site: the site's own styles and scripts are "
                "published under names that change with their content, so they cannot be linked to by name; "
                "remove the link")
    return f"the link to '{address}' leads to no page of this site{did_you_mean(path, urls)}: check the address"


def _image_problem(item: Item, text: str, match: re.Match, urls: set[str]) -> str | None:
    """Say what is wrong with an image in a Markdown text (its address is the match's last group), or return None."""
    address = match[match.lastindex]
    if not address:
        return (f"the image '{_written(text, match)}' has no address: remove it, or link to the picture instead "
                "([words](address))")
    if from_another_site(address):
        return (f"the image '{address}' is on another site, and pages never make readers' browsers fetch from "
                "other sites: link to it instead ([words](address))")
    try:
        path = urlsplit(urljoin(item.href or "/", address)).path
    except ValueError:
        return f"the image '{address}' is not an address a browser can follow: check it"
    if not _leads_nowhere(address, path, urls):
        return None
    if path.startswith(_ASSETS):
        return (f"the image '{address}' is not a file this site publishes: the site's own images are published under "
                "names that change with their content, so they cannot be shown by name; remove it")
    return (f"the image '{address}' is not a file this site publishes (the portal keeps no pictures of its own): "
            "remove it, or link to the picture where it is published ([words](address))")


def _blank(match: re.Match) -> str:
    """Return code as spaces, its line breaks kept."""
    return _NOT_LINE_BREAK.sub(" ", match[0])


_NOT_LINE_BREAK = re.compile(r"[^\n]")


def _blank_comments(text: str) -> str:
    """Return the text with each closed HTML comment blanked out, line breaks kept (a search, not a pattern: a
    lazy pattern would look for the end of every unclosed '<!--' to the end of the text)."""
    parts, at = [], 0
    while (start := text.find("<!--", at)) >= 0 and (end := text.find("-->", start + 4)) >= 0:
        parts += [text[at:start], _NOT_LINE_BREAK.sub(" ", text[start:end + 3])]
        at = end + 3
    return "".join(parts) + text[at:]


def _is_escaped(text: str, match: re.Match) -> bool:
    """Say whether an inline link's closing bracket is escaped with a backslash, or its opening one (then no bracket
    opens it: '\\[words](address)' is not a link)."""
    close = match.start()
    return _escaped_at(text, close) or _opening_bracket(text, close) == close


def _escaped_at(text: str, at: int) -> bool:
    """Say whether the character at `at` is escaped: an odd run of backslashes stands before it ('\\\\[' is not)."""
    run = 0
    while at - run > 0 and text[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _html_link_has_no_words(text: str, match: re.Match) -> bool:
    """Say whether raw HTML's <a href=...>...</a> holds no words: nothing but tags, spaces, or images with no
    alternative text."""
    tag_end = text.find(">", match.end())
    close = _CLOSE_A.search(text, tag_end + 1, tag_end + 1000) if tag_end >= 0 else None
    if close is None:
        return False  # no </a> (within what a link's words could be): not a link to judge
    inside = text[tag_end + 1:close.start()]
    return not _TAG.sub("", inside).strip() and not _ALT_WORDS.search(inside)


def _is_image(text: str, match: re.Match) -> bool:
    """Say whether a link's match is an image's ![words](address) (whose problems the images' check says)."""
    return match.re is _INLINE and text[_opening_bracket(text, match.start())] == "!"


def _has_no_words(text: str, close: int) -> bool:
    """Say whether the [words](address) whose closing bracket is at `close` has no words (see _NO_WORDS)."""
    if text[close - 1] not in "[)" and not text[close - 1].isspace():
        return False  # a word or a stop before the bracket: nearly every link, without looking further
    start = _opening_bracket(text, close)
    return text[start] == "[" and text[start - 1:start] != "\\" and bool(_NO_WORDS.fullmatch(text, start + 1, close))


def _opening_bracket(text: str, close: int) -> int:
    """Return where the text of a link closing at `close` opens: at its '[', or at the '!' of an image's."""
    depth = 0
    for at in range(close, max(close - 1000, -1), -1):  # a link's text is shorter: past that, no link to quote
        if text[at] in "[]" and at != close and text[at - 1:at] == "\\" and _escaped_at(text, at):
            continue  # \[ or \] in the words: not a bracket of the link
        depth += (text[at] == "]") - (text[at] == "[")
        if depth == 0:
            return at - 1 if text[at - 1:at] == "!" else at
    return close


def _written(text: str, match: re.Match) -> str:
    """Return a link or image as it is written, to quote: Markdown's whole, or raw HTML's tag."""
    start, end = match.span()
    if match.re is _INLINE:
        start, close = _opening_bracket(text, start), ")"
    elif match.re is _REFERENCE:
        close = "\n"
    elif text[start] == "!":  # ![words](address)
        close = ")"
    else:  # href= or <img ... src=: the whole tag
        start, close = text.rfind("<", 0, start + 1), ">"
    stop = text.find(close, end)
    return text[max(start, 0):len(text) if stop < 0 else stop + 1].strip()


def _find_links(text: str) -> Iterator[re.Match]:
    """Yield a match for every link's address in a Markdown text (the address is its last group to take part)."""
    for marker, tag, pattern in _LINKS:
        if marker in text and (tag is None or tag.search(text)):
            yield from pattern.finditer(text)


def _leads_nowhere(address: str, path: str, urls: set[str]) -> bool:
    if urlsplit(address).scheme or address.startswith(("//", "#", "?")) or path.startswith(_SEARCH_INDEX):
        return False  # another site's, a part of this page, or the search index's (a link to an asset is dead)
    return path not in urls and path + "/" not in urls


def get_publishing_routes(site: Site, events: Events) -> list[Route]:
    """Return the files that are not pages: feeds, open data, sitemap and robots.txt."""
    feeds = get_feeds(site)
    return _feed_routes(site, feeds) + _data_routes(site, feeds)


def _feed_routes(site: Site, feeds: list[Feed]) -> list[Route]:
    """Return every Atom feed, as a ready-made file."""
    return [Route(feed.url, "", feed.title, body=partial(render_feed, feed, site.settings),
                  shows=frozenset(i.id for i in feed.entries)) for feed in feeds]


def _data_routes(site: Site, feeds: list[Feed]) -> list[Route]:
    """Return the open data page, and the JSON, CSV and schema file of every dataset."""
    context = {"datasets": get_datasets(site), "feeds": feeds, "licence": LICENCE}
    page = Route(DATA_URL, "data.html", "Open data", context, crumbs=(Crumb("Home", "/"),))
    return [page] + [Route(f.url, "", f.title, body=f.body) for f in get_data_files(site, site.settings)]


def _crawler_routes(site: Site, routes: list[Route]) -> list[Route]:
    """Return sitemap.xml (every page but 404, with its last update) and robots.txt.

    Past SITEMAP_LIMIT pages, sitemap.xml is an index of /sitemaps/N.xml, each listing up to that many.
    """
    pages = sorted(((r.url, page_updated(site, r)) for r in routes if r.url.endswith("/") and r.body is None),
                   key=lambda p: p[0])
    robots = Route("/robots.txt", "", "robots.txt", body=partial(get_robots, site))
    if len(pages) <= SITEMAP_LIMIT:
        return [Route("/sitemap.xml", "", "Sitemap", body=partial(get_sitemap, site, pages)), robots]
    parts = {f"/sitemaps/{n}.xml": pages[start:start + SITEMAP_LIMIT]
             for n, start in enumerate(range(0, len(pages), SITEMAP_LIMIT), 1)}
    index = [(url, newest(updated for _, updated in part if updated)) for url, part in parts.items()]
    return [Route("/sitemap.xml", "", "Sitemap", body=partial(get_sitemap_index, site, index)), robots,
            *(Route(url, "", "Sitemap", body=partial(get_sitemap, site, part)) for url, part in parts.items())]


def page_updated(site: Site, route: Route) -> PartialDate | None:
    """Return when a page last changed: its item's date, or the newest of the items it lists."""
    if route.item is not None:
        return site.updated.get(route.item.id)
    if "groups" in route.context:  # a timeline: the items its events record
        listed = [e.item for _, events in route.context["groups"] for e in events]
    elif "items" in route.context:
        listed = route.context["items"]
    else:
        return site.newest
    return newest((site.updated[i.id] for i in listed if i.id in site.updated))


def _home_route(site: Site) -> Route:
    plans = site.of_type("plan")
    current = _current_plan(plans)
    context = {
        "plans": plans,
        "current_plan": current,
        "current_plan_ended": _has_ended(current, site.today),
        "decisions": site.of_type("decision")[:HOME_LATEST],
        "reports": site.of_type("report")[:HOME_LATEST],
    }
    return Route("/", "home.html", "Home", context)


def _current_plan(plans: tuple[Item, ...]) -> Item | None:
    """Return the issued plan whose period starts last (plans that are only drafts do not count)."""
    issued = [p for p in plans if p.status == "issued" and p.period is not None]
    return max(issued, key=lambda p: p.period.start, default=None)


def _has_ended(plan: Item | None, today: dt.date) -> bool:
    """Say whether a plan's period is over by `today` (then the home page calls it the latest, not the current)."""
    end = plan.period.end if plan is not None else None
    return end is not None and today > end.last_day


def _not_found_route() -> Route:
    return Route("/404.html", "404.html", "Page not found")


def _list_routes(site: Site, type_name: str) -> list[Route]:
    """Return a type's list: one page, or (for a long flat list) pages of PAGE_SIZE items."""
    content_type = next(t for t in TYPES if t.name == type_name)
    crumbs = (Crumb("Home", "/"),)
    items = site.of_type(type_name)
    if type_name in ("theme", "priority", "variation"):  # listed under their plans, on one page
        return [Route(content_type.list_url, "list.html", content_type.label_plural,
                      {"type": content_type, "items": items, "by_plan": _by_plan(items)}, crumbs=crumbs)]
    chunks = [{"type": content_type, "items": items[start:start + PAGE_SIZE]}
              for start in range(0, max(len(items), 1), PAGE_SIZE)]
    return paged_routes(content_type.list_url, "list.html", content_type.label_plural, chunks, crumbs,
                        crumbs + (Crumb(content_type.label_plural, content_type.list_url),))


def _by_plan(items: tuple[Item, ...]) -> dict[str, list[Item]]:
    """Group themes, priorities or variations by the plan they belong to, keeping their order."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        plan = item.theme.plan if item.type.name == "priority" else item.plan
        groups.setdefault(plan.id, []).append(item)
    return groups


def _item_route(item: Item, site: Site, events: Events) -> Route:
    return Route(item.href, f"{item.type.name}.html", item.heading, _item_context(item, site, events), item,
                 get_crumbs(item))


def _item_context(item: Item, site: Site, events: Events) -> dict:
    """Return what an item's page needs beyond the item: its timeline, tracker or status."""
    kind = item.type.name
    if kind == "plan":
        return {"events": events_of_cycle(events, item), "tracker_steps": get_tracker(events, item)}
    if kind == "variation":
        diff = get_word_diff(plain_text(item.before), plain_text(item.after)) if item.before and item.after \
            else None  # the words, not their Markdown
        return {"events": events_of_subject(events, item), "tracker_steps": get_tracker(events, item), "diff": diff}
    if kind == "consultation":
        return {"status": consultation_status(item, site.today)}
    return {}


def _timeline_routes(site: Site, events: Events) -> list[Route]:
    """Return /timeline/ and its filtered copies: one per cycle and one per kind of event."""
    plans = sorted((p for p in site.of_type("plan") if p.period), key=lambda p: p.period.start, reverse=True)
    kinds = {kind: label for kind, label in EVENT_KINDS.items() if any(e.kind == kind for e in events)}
    base = {"plans": plans, "kinds": kinds}
    crumbs = (Crumb("Home", "/"),)
    below = crumbs + (Crumb("Timeline", "/timeline/"),)
    everything = split_groups([(p, events_of_cycle(events, p)) for p in plans], PAGE_SIZE)
    axis = get_axis(events, tuple(plans))
    routes = paged_routes("/timeline/", "timeline.html", "Timeline", [  # the overview draws this page's cycles
        {**base, "groups": groups, "filter": None, "overview": get_overview(events, tuple(p for p, _ in groups), axis)}
        for groups in everything], (), below)
    for plan in plans:
        routes.append(Route(f"/timeline/{plan.id}/", "timeline.html", f"Timeline: {plan.heading}", {
            **base, "groups": [(plan, events_of_cycle(events, plan))], "filter": plan.id, "overview": None},
            crumbs=below))
    for kind, label in kinds.items():
        groups = [(p, [e for e in events_of_cycle(events, p) if e.kind == kind]) for p in plans]
        routes += paged_routes(f"/timeline/kind/{kind}/", "timeline.html", f"Timeline: {label}", [
            {**base, "groups": page, "filter": kind, "overview": None}
            for page in split_groups([(p, es) for p, es in groups if es], PAGE_SIZE)], below,
            below + (Crumb(f"Timeline: {label}", f"/timeline/kind/{kind}/"),))
    return routes


def _compare_route(site: Site) -> Route:
    return Route("/plans/compare/", "compare.html", "How themes carry across plans",
                 {"cycles": get_comparison(site)}, crumbs=(Crumb("Home", "/"), Crumb("Police and Crime Plans", "/plans/")))


def get_crumbs(item: Item) -> tuple[Crumb, ...]:
    """Return the trail above an item: home, its list (or the item it sits within), and so on up."""
    within = item.values.get(item.type.within) if item.type.within else None
    if isinstance(within, Item) and within.href:
        return get_crumbs(within) + (Crumb(within.heading, within.href),)
    trail = (Crumb("Home", "/"),)
    if item.type.list_url:
        trail += (Crumb(item.type.label_plural, item.type.list_url),)
    return trail


def _check_unique(routes: list[Route], errors: Errors) -> None:
    """Report two pages that would be written to one file."""
    owners: dict[str, Route] = {}
    for route in routes:
        if route.item is not None and route.url.startswith(_NOT_PAGES):
            errors.add(route.item.path, route.item.line, f"this {route.item.type.name} would be published at "
                       f"{route.url}, inside the folder the site keeps its "
                       f"{'search index' if route.url.startswith('/pagefind/') else 'styles and scripts'} in; "
                       "rename the file")
            continue
        first = owners.setdefault(route.output_path, route)
        if first is route:
            continue
        item, other = (route.item, first) if route.item is not None else (first.item, route)
        if item is not None:
            errors.add(item.path, item.line, f"this {item.type.name} would be published at {route.url}, which "
                       f"the site's own '{other.title}' page uses; rename the file")
