"""What search engines and other sites read: canonical URLs, JSON-LD, last-updated dates, sitemap, robots."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Mapping
from xml.sax.saxutils import escape

from .config import Settings
from .dates import PartialDate
from .fields import Record
from .schema import Field
from .site import Item, Site

# schema.org types that fit each kind of item.
SCHEMA_ORG_TYPES = {
    "plan": "CreativeWork", "theme": "CreativeWork", "variation": "CreativeWork", "decision": "CreativeWork",
    "meeting": "Event", "report": "Report", "consultation": "CreativeWork", "person": "Person",
    "body": "GovernmentOrganization", "document": "DigitalDocument", "page": "WebPage",
}


def absolute_url(settings: Settings, url: str) -> str:
    """Return a site URL with the base URL in front."""
    return settings.base_url + url


def get_updated_dates(site: Site, git_dates: Mapping[str, dt.date]) -> dict[str, PartialDate]:
    """Return, for every item, when it was last updated: its file's last commit, or the latest thing it records."""
    updated = {}
    for item in site.items:
        committed = git_dates.get(str(item.path))
        date = PartialDate(committed.year, committed.month, committed.day) if committed else \
            _latest_date(item, site.today)
        if date is not None:
            updated[item.id] = date
    return updated


def _latest_date(item: Item, today: dt.date) -> PartialDate | None:
    """Return the latest date, up to today, on which the item records something happening (its fields and
    records, or its meeting's date): never a period it covers or a deadline, which say nothing of an update."""
    dates = [d for f in item.type.fields if f.name in item.values for d in _dates_in(f, item.values[f.name])]
    if item.date:
        dates.append(item.date)
    return max((d for d in dates if d.first_day <= today), key=lambda d: (d.first_day, -d.last_day.toordinal()),
               default=None)  # 15 November 2021 rather than 2021: the latest day known to have come


def _dates_in(field: Field, value: object) -> list[PartialDate]:
    if not field.updates:
        return []
    if isinstance(value, PartialDate):
        return [value]
    if isinstance(value, tuple):
        return [d for v in value for d in _dates_in(field, v)]
    if isinstance(value, Record):
        return [d for sub in field.fields if sub.name in value.values for d in _dates_in(sub, value.values[sub.name])]
    return []


def git_head(folder: Path) -> str | None:
    """Return the commit checked out in the folder's repository, or None outside a git checkout."""
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def load_git_dates(folder: Path) -> dict[str, dt.date]:
    """Return the date of the last commit of every file under `folder` (empty outside a git checkout)."""
    try:
        done = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--", "."], cwd=folder,
                              capture_output=True, text=True, timeout=120)
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True,
                             text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if done.returncode != 0 or not top:
        return {}
    dates: dict[str, dt.date] = {}
    current = None
    for line in done.stdout.splitlines():
        if line.startswith("\0"):
            current = dt.date.fromisoformat(line[1:])
        elif line.strip() and current is not None:
            dates.setdefault(str(Path(top, line.strip())), current)  # newest commit comes first
    return dates


def get_json_ld(site: Site, url: str, item: Item | None, description: str) -> str:
    """Return the page's schema.org JSON-LD, safe to put inside a <script> element."""
    data: dict[str, object] = {"@context": "https://schema.org", "url": absolute_url(site.settings, url)}
    if item is None:
        data.update({"@type": "WebSite" if url == "/" else "CollectionPage", "name": site.settings.title,
                     "description": description, "inLanguage": site.settings.language})
    else:
        data.update(_item_json_ld(site, item))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _item_json_ld(site: Site, item: Item) -> dict[str, object]:
    kind = SCHEMA_ORG_TYPES.get(item.type.name, "WebPage")
    data: dict[str, object] = {"@type": kind, "name": item.heading}
    if item.summary:
        data["description"] = item.summary
    if item.date:
        data["startDate" if kind == "Event" else "datePublished"] = item.date.iso
    if kind == "Event":
        data["eventStatus"] = "https://schema.org/EventScheduled"
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        if item.held_by:
            data["organizer"] = {"@type": "GovernmentOrganization", "name": item.held_by.heading}
            data["location"] = {"@type": "Place", "name": item.held_by.heading}
    if kind == "Person" and item.roles:
        data["jobTitle"] = item.roles[0].role
    if item.type.field("url") and item.url:
        data["sameAs"] = item.url
    updated = site.updated.get(item.id)
    if updated and kind != "Person" and kind != "GovernmentOrganization":
        data["dateModified"] = updated.iso
    return data


def get_sitemap(site: Site, pages: list[tuple[str, PartialDate | None]]) -> bytes:
    """Return sitemap.xml listing every page with its last-modified date."""
    return _sitemap_xml(site, "urlset", "url", pages)


def get_sitemap_index(site: Site, sitemaps: list[tuple[str, PartialDate | None]]) -> bytes:
    """Return sitemap.xml as an index of sitemap files (for a record of more pages than one file may list)."""
    return _sitemap_xml(site, "sitemapindex", "sitemap", sitemaps)


def _sitemap_xml(site: Site, root: str, entry: str, entries: list[tuple[str, PartialDate | None]]) -> bytes:
    """Return a sitemaps.org file: one `entry` element per URL, with its last-modified date where there is one."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, updated in entries:
        lastmod = f"<lastmod>{updated.first_day.isoformat()}</lastmod>" if updated else ""
        lines.append(f"  <{entry}><loc>{escape(absolute_url(site.settings, url))}</loc>{lastmod}</{entry}>")
    lines.append(f"</{root}>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def get_robots(site: Site) -> bytes:
    """Return robots.txt: everything may be indexed, but a preview copy asks for nothing to be."""
    if site.settings.noindex:
        return b"# A preview copy: not for search engines.\nUser-agent: *\nDisallow: /\n"
    sitemap = absolute_url(site.settings, "/sitemap.xml")
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode("utf-8")
