"""Atom feeds (RFC 4287): everything new, decisions only, and one per plan cycle.

Feeds are XML built with ElementTree, so text from the content is escaped by construction. A feed's
`updated` is its newest entry's date, never the time of the build: two builds of one content give
the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .config import Settings
from .dates import PartialDate
from .site import Item, Site

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
FEED_TYPES = ("plan", "decision", "report", "meeting", "consultation", "document")  # what can be "new"
FEED_LIMIT = 50  # entries in a feed: enough for a reader polling weekly, small at national scale
ALL_FEED_URL = "/feeds/all.xml"
DECISIONS_FEED_URL = "/feeds/decisions.xml"
EMPTY_FEED_UPDATED = "1970-01-01T00:00:00Z"  # a feed with no entries has no date of its own


@dataclass(frozen=True)
class Feed:
    """One Atom feed: where it is published, what it is called, the page it follows and its entries."""

    url: str
    title: str
    page: str  # the HTML page showing the same things (the feed's rel="alternate" link)
    entries: tuple[Item, ...]  # newest first, at most FEED_LIMIT


def plan_feed_url(plan: Item) -> str:
    """Return the URL of a plan cycle's feed."""
    return f"/feeds/plans/{plan.id}.xml"


def get_feeds(site: Site) -> list[Feed]:
    """Return every feed: everything new, decisions, then one per plan cycle (by plan id)."""
    settings = _settings_of(site)
    dated = _newest_first([i for t in FEED_TYPES for i in site.of_type(t) if i.date is not None])
    feeds = [Feed(ALL_FEED_URL, f"{settings.title}: everything new", "/", _limit(dated)),
             Feed(DECISIONS_FEED_URL, f"{settings.title}: decisions", "/decisions/",
                  _limit([i for i in dated if i.type.name == "decision"]))]
    cycles = _group_by_cycle(site, dated)
    for plan in sorted(site.of_type("plan"), key=lambda p: p.id):
        feeds.append(Feed(plan_feed_url(plan), f"{settings.title}: {plan.heading}", plan.href or "/",
                          _limit(cycles.get(plan.id, []))))
    return feeds


def _settings_of(site: Site) -> Settings:
    """Return the site's settings (routes are only made for a site whose settings were valid)."""
    if site.settings is None:
        raise ValueError("feeds need the site's settings")
    return site.settings


def _newest_first(items: list[Item]) -> list[Item]:
    """Order entries newest first, then by entry id (the page's address): one order for equal dates."""
    return sorted(items, key=lambda i: (-i.date.first_day.toordinal(), i.href or ""))


def _limit(items: list[Item]) -> tuple[Item, ...]:
    return tuple(items[:FEED_LIMIT])


def _group_by_cycle(site: Site, items: list[Item]) -> dict[str, list[Item]]:
    """Return the items of each plan cycle, by plan id, keeping their order."""
    cycles: dict[str, list[Item]] = {}
    for item in items:
        for plan in site.cycles_of(item):
            cycles.setdefault(plan.id, []).append(item)
    return cycles


def render_feed(feed: Feed, settings: Settings) -> bytes:
    """Return the feed as an Atom document."""
    root = ET.Element("feed", {"xmlns": ATOM_NAMESPACE, "xml:lang": settings.language})
    _add_text(root, "id", settings.base_url + feed.url)
    _add_text(root, "title", feed.title)
    _add_text(root, "updated", atom_date(feed.entries[0].date) if feed.entries else EMPTY_FEED_UPDATED)
    _add_link(root, "self", settings.base_url + feed.url, "application/atom+xml")
    _add_link(root, "alternate", settings.base_url + feed.page, "text/html")
    author = ET.SubElement(root, "author")
    _add_text(author, "name", settings.title)
    _add_text(author, "uri", settings.base_url + "/")
    for item in feed.entries:
        _add_entry(root, item, settings)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _add_entry(feed: ET.Element, item: Item, settings: Settings) -> None:
    """Add one item as an entry: its page's address is its id, so the id never changes with the text."""
    entry = ET.SubElement(feed, "entry")
    url = settings.base_url + (item.href or "/")
    _add_text(entry, "id", url)
    _add_text(entry, "title", item.heading)
    _add_text(entry, "updated", atom_date(item.date))
    _add_link(entry, "alternate", url, "text/html")
    ET.SubElement(entry, "category", {"term": item.type.name, "label": item.type.label})
    _add_text(entry, "summary", item.summary or item.heading)


def _add_text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


def _add_link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": media_type, "href": href})


def atom_date(date: PartialDate) -> str:
    """Return a date as an RFC 3339 timestamp in UTC; a month or a year stands for its first day."""
    return f"{date.first_day.isoformat()}T00:00:00Z"
