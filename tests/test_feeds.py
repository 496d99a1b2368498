"""Atom feeds: valid against RFC 4287's schema, complete, deterministic, escaped, and offered by pages."""

import datetime as dt
import html
import re
from pathlib import Path

import jinja2
import pytest
from lxml import etree

from conftest import LAYOUTS, MINIMAL, REPO, run_cli, write_site
from generator.build import load_site
from generator.config import Paths
from generator.feeds import EMPTY_FEED_UPDATED, FEED_LIMIT, FEED_TYPES

NS = {"a": "http://www.w3.org/2005/Atom"}
ATOM_SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "data" / "atom.rng")))
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


@pytest.fixture(scope="module")
def site():
    """The real content, loaded and linked (no files written)."""
    linked, _ = load_site(Paths(REPO, REPO / "content", LAYOUTS, REPO / "site"))
    return linked


def feed_problems(path: Path, base_url: str) -> list[str]:
    """Return what is wrong with one feed file: schema, authors, time zones, links, order."""
    document = etree.parse(str(path))  # raises on XML that is not well formed
    problems = [] if ATOM_SCHEMA.validate(document) else [str(e) for e in ATOM_SCHEMA.error_log]
    feed = document.getroot()
    entries = feed.findall("a:entry", NS)
    if feed.find("a:author/a:name", NS) is None:  # RFC 4287's Schematron rule, which RELAX NG cannot say
        problems += [f"entry without an author: {e.findtext('a:id', namespaces=NS)}" for e in entries
                     if e.find("a:author/a:name", NS) is None]
    problems += [f"entry without an alternate link: {e.findtext('a:id', namespaces=NS)}" for e in entries
                 if e.find("a:link[@rel='alternate']", NS) is None]
    stamps = feed.xpath("//a:updated | //a:published", namespaces=NS)
    problems += [f"timestamp without a time zone: {s.text}" for s in stamps if not TIMESTAMP.fullmatch(s.text)]
    addresses = [link.get("href") for link in feed.iter("{%s}link" % NS["a"])]
    addresses += [e.text for e in feed.iter("{%s}id" % NS["a"])]
    problems += [f"not absolute on the site: {a}" for a in addresses if not a.startswith(base_url + "/")]
    return problems + _order_problems(feed, entries)


def _order_problems(feed, entries) -> list[str]:
    """Return problems with entry order and the feed's date: newest first, then by id."""
    keys = [(e.findtext("a:updated", namespaces=NS), e.findtext("a:id", namespaces=NS)) for e in entries]
    problems = [] if keys == sorted(keys, key=lambda k: (_negated(k[0]), k[1])) else ["entries out of order"]
    if len({k[1] for k in keys}) != len(keys):
        problems.append("an entry id is used twice")
    newest = keys[0][0] if keys else EMPTY_FEED_UPDATED
    if feed.findtext("a:updated", namespaces=NS) != newest:
        problems.append("the feed's updated is not its newest entry's")
    return problems


def _negated(stamp: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in re.findall(r"\d+", stamp))


def entries(path: Path) -> list[dict[str, str]]:
    """Return a feed's entries as id, title, updated, summary and category."""
    feed = etree.parse(str(path)).getroot()
    return [{"id": e.findtext("a:id", namespaces=NS), "title": e.findtext("a:title", namespaces=NS),
             "updated": e.findtext("a:updated", namespaces=NS), "summary": e.findtext("a:summary", namespaces=NS),
             "kind": e.find("a:category", NS).get("term")} for e in feed.findall("a:entry", NS)]


def test_every_feed_of_the_real_site_is_valid_atom(real_site, site):
    paths = sorted((real_site / "feeds").rglob("*.xml"))
    expected = {"all.xml", "decisions.xml"} | {f"plans/{p.id}.xml" for p in site.of_type("plan")}
    assert {p.relative_to(real_site / "feeds").as_posix() for p in paths} == expected
    for path in paths:
        assert feed_problems(path, site.settings.base_url) == [], path


def test_the_schema_and_checks_catch_what_is_wrong(real_site, site, tmp_path):
    good = (real_site / "feeds/all.xml").read_text()
    broken = {
        "no-id.xml": re.sub(r"<id>[^<]*feeds/all.xml</id>", "", good),
        "no-zone.xml": good.replace("T00:00:00Z</updated>", "T00:00:00</updated>", 1),
        "relative.xml": good.replace(f'href="{site.settings.base_url}/decisions/', 'href="/decisions/', 1),
        "no-author.xml": re.sub(r"<author>.*?</author>", "", good, flags=re.S),
    }
    for name, text in broken.items():
        (tmp_path / name).write_text(text)
        assert feed_problems(tmp_path / name, site.settings.base_url), name


def test_everything_new_holds_every_dated_item_newest_first(real_site, site):
    dated = [i for t in FEED_TYPES for i in site.of_type(t) if i.date]
    found = entries(real_site / "feeds/all.xml")
    assert len(found) == min(len(dated), FEED_LIMIT) and {e["kind"] for e in found} >= {"decision", "meeting",
                                                                                         "report", "document"}
    decision = next(e for e in found if e["id"].endswith("/decisions/cpcc-2021-017/"))
    assert decision == {"id": f"{site.settings.base_url}/decisions/cpcc-2021-017/",
                        "title": "Issuing of Police and Crime Plan 2021 - 2024", "updated": "2021-11-23T00:00:00Z",
                        "summary": site.by_id["cpcc-2021-017"].summary, "kind": "decision"}
    paper = next(e for e in found if e["id"].endswith("/reports/police-and-crime-panel/2021-11-15/item-6/"))
    assert paper["updated"] == "2021-11-15T00:00:00Z"  # a paper is dated by its meeting
    assert "2012-01-01T00:00:00Z" in {e["updated"] for e in found}  # a document dated only by its year


def test_the_decisions_feed_holds_decisions_only(real_site, site):
    found = entries(real_site / "feeds/decisions.xml")
    assert [e["id"] for e in found] == [f"{site.settings.base_url}{d.href}" for d in site.of_type("decision")]


def test_a_cycle_feed_holds_the_dated_items_of_that_cycle_only(real_site, site):
    for plan in site.of_type("plan"):
        ids = {e["id"] for e in entries(real_site / f"feeds/plans/{plan.id}.xml")}
        expected = {f"{site.settings.base_url}{i.href}" for t in FEED_TYPES for i in site.of_type(t)
                    if i.date and plan in site.cycles_of(i)}
        assert ids == expected and ids, plan.id
    cycle = {e["id"] for e in entries(real_site / "feeds/plans/2021-24.xml")}
    assert f"{site.settings.base_url}/decisions/cpcc-2021-017/" in cycle
    assert f"{site.settings.base_url}/meetings/police-and-crime-panel/2021-11-15/" in cycle
    assert not any("/2013-03-21/" in i for i in cycle)


def test_text_from_content_is_escaped(tmp_path):
    title = 'Buying <script>alert("x")</script> & more'
    files = {**MINIMAL, "decisions/d-1.md": f"""\
        ---
        reference: D 1
        title: '{title}'
        date: 2021-05-04
        decision: To buy.
        plan: 2021-24
        summary: "Fish & chips <b>bold</b>"
        ---
        """}
    root = write_site(tmp_path, files)
    assert run_cli(root, "build").code == 0
    for path in (root / "site/feeds/all.xml", root / "site/feeds/decisions.xml", root / "site/feeds/plans/2021-24.xml"):
        raw = path.read_text()
        assert "<script>" not in raw and "<b>" not in raw
        assert "Buying &lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; more" in raw
        assert entries(path)[0]["title"] == title and entries(path)[0]["summary"] == "Fish & chips <b>bold</b>"
        assert feed_problems(path, "https://example.org") == []


def _decision(number: int) -> str:
    return f"""\
        ---
        reference: D {number}
        title: Decision {number}
        date: 2020-{number % 12 + 1:02d}-{number % 28 + 1:02d}
        decision: To decide.
        ---
        """


def test_feeds_are_capped_deterministic_and_dated_by_their_newest_entry(tmp_path):
    files = {**MINIMAL, **{f"decisions/d-{n}.md": _decision(n) for n in range(FEED_LIMIT + 10)}}
    root = write_site(tmp_path, files)
    assert run_cli(root, "build").code == 0
    first = {p.name: p.read_bytes() for p in (root / "site/feeds").rglob("*.xml")}
    assert run_cli(root, "build").code == 0
    assert {p.name: p.read_bytes() for p in (root / "site/feeds").rglob("*.xml")} == first
    found = entries(root / "site/feeds/all.xml")
    newest = max(dt.date(2020, n % 12 + 1, n % 28 + 1) for n in range(FEED_LIMIT + 10))
    assert len(found) == FEED_LIMIT and found[0]["updated"] == f"{newest.isoformat()}T00:00:00Z"
    assert len(entries(root / "site/feeds/decisions.xml")) == FEED_LIMIT
    for path in (root / "site/feeds").rglob("*.xml"):
        assert feed_problems(path, "https://example.org") == [], path


def test_a_feed_with_nothing_dated_is_still_valid(site_root):
    assert run_cli(site_root, "build").code == 0
    for path in (site_root / "site/feeds").rglob("*.xml"):
        assert entries(path) == [] and feed_problems(path, "https://example.org") == [], path


def _render(template: str, site, item=None) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(LAYOUTS), undefined=jinja2.StrictUndefined,
                             autoescape=True)
    env.globals.update(site=site, settings=site.settings)
    return env.get_template(template).render(item=item, route=None)


def _feed_links(html: str) -> dict[str, str]:
    links = re.findall(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)" title="([^"]+)">', html)
    return dict(links)


def test_the_feed_links_partial_offers_existing_feeds_by_their_titles(real_site, site):
    titles = {f"/feeds/{p.relative_to(real_site / 'feeds').as_posix()}":
              etree.parse(str(p)).getroot().findtext("a:title", namespaces=NS)
              for p in (real_site / "feeds").rglob("*.xml")}
    everywhere = {"/feeds/all.xml", "/feeds/decisions.xml"}
    assert set(_feed_links(_render("partials/feed_links.html", site))) == everywhere
    for item in site.items:
        links = _feed_links(_render("partials/feed_links.html", site, item))
        assert set(links) == everywhere | {f"/feeds/plans/{p.id}.xml" for p in site.cycles_of(item)}, item
        assert all(titles[url] == html.unescape(title) for url, title in links.items()), item
    plan_links = _feed_links(_render("partials/feed_links.html", site, site.by_id["2021-24"]))
    assert "/feeds/plans/2021-24.xml" in plan_links
    assert "/feeds/plans/2021-24.xml" in _feed_links(_render("partials/feed_links.html", site,
                                                             site.by_id["cpcc-2021-017"]))


def test_pages_offer_the_feeds_to_feed_readers(real_site):
    home = (real_site / "index.html").read_text()
    plan = (real_site / "plans/2021-24/index.html").read_text()
    assert {"/feeds/all.xml", "/feeds/decisions.xml"} <= set(_feed_links(home))
    assert "/feeds/plans/2021-24.xml" in _feed_links(plan)
