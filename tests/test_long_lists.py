"""A national record's long lists and timelines are split into pages that lead to each other, and nothing is lost."""

import datetime as dt
import re

import pytest

import a11y_checks as checks
import generator.routes
from generator.build import build, finish_rebuild, rebuild
from generator.config import Paths
from generator.routes import Pages

from conftest import LAYOUTS, MINIMAL, serve_folder, site_files, write_site

TODAY = dt.date(2026, 11, 22)
SIZE = 4  # entries a page holds in these tests


def _plan(start: int) -> str:
    return (f"---\ntitle: Police and Crime Plan {start}-{start + 3}\nperiod:\n  start: {start}\n  end: {start + 3}\n"
            f"commissioner: pat-smith\nstatus: issued\n---\n")


def _decision(n: int, plan: str, year: int) -> str:
    return (f"---\nreference: CPCC {year}-{n:03d}\ntitle: Decision number {n}\ndate: {year}-{n % 12 + 1:02d}-10\n"
            f"decision: To do thing {n}\nplan: {plan}\n---\n")


CYCLES = {"2013-16": 2014, "2017-20": 2018, "2021-24": 2022}
FILES = {**MINIMAL, **{f"plans/{plan}.md": _plan(int(plan[:4])) for plan in CYCLES},
         **{f"decisions/d-{n:02d}.md": _decision(n, plan, year)
            for n, (plan, year) in enumerate([(p, y) for p, y in CYCLES.items() for _ in range(3)], 1)}}


def _build(root, output: str, size: int, monkeypatch) -> Paths:
    monkeypatch.setattr(generator.routes, "PAGE_SIZE", size)
    paths = Paths(root, root / "content", LAYOUTS, root / output)
    build(paths, TODAY, search=False)
    return paths


@pytest.fixture
def sites(tmp_path, monkeypatch):
    """The same content built whole (one page per list) and split (SIZE entries a page)."""
    root = write_site(tmp_path, FILES)
    whole = _build(root, "whole", 10_000, monkeypatch).output
    split = _build(root, "split", SIZE, monkeypatch).output
    return whole, split


def _html(site, url: str) -> str:
    return (site / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


def _chain(site, first: str) -> list[str]:
    """Follow the Next links from a list's first page; return every page's URL in order."""
    urls = [first]
    while found := re.search(r'<a href="([^"]+)" rel="next">', _html(site, urls[-1])):
        urls.append(found.group(1))
    return urls


def _listed(html: str) -> list[str]:
    block = re.search(r'<ul class="item-list">(.*?)</ul>', html, re.S).group(1)
    return re.findall(r'<li><a href="([^"]+)"', block)


def test_a_long_list_is_split_into_pages_that_together_list_every_item_once_in_order(sites):
    whole, split = sites
    everything = _listed(_html(whole, "/decisions/"))
    assert len(everything) == 9
    urls = _chain(split, "/decisions/")
    assert urls == ["/decisions/", "/decisions/page/2/", "/decisions/page/3/"]
    assert [href for url in urls for href in _listed(_html(split, url))] == everything
    assert [len(_listed(_html(split, url))) for url in urls] == [4, 4, 1]
    assert not (split / "decisions/page/1").exists() and not (split / "decisions/page/4").exists()


def test_each_page_says_where_it_is_and_links_to_the_others(sites):
    _, split = sites
    first, second, last = (_html(split, url) for url in ["/decisions/", "/decisions/page/2/", "/decisions/page/3/"])
    assert "<title>Decisions (page 1 of 3) – Test portal</title>" in first
    assert "<title>Decisions (page 2 of 3) – Test portal</title>" in second
    assert "<h1>Decisions (page 2 of 3)</h1>" in second
    assert '<li><a href="/">Home</a></li><li><a href="/decisions/">Decisions</a></li>' in second
    assert '<li><a href="/">Home</a></li>      <li aria-current="page">Decisions (page 1 of 3)</li>' in first
    assert '<link rel="canonical" href="https://example.org/decisions/page/2/">' in second
    assert 'rel="prev"' not in first and 'rel="next"' not in last
    assert '<a href="/decisions/" rel="prev">' in second and '<a href="/decisions/page/3/" rel="next">' in second
    assert '<a href="/decisions/page/2/" aria-label="Page 2" aria-current="page">2</a>' in second
    assert '<p class="pagination__status">Page 3 of 3.</p>' in last
    sitemap = (split / "sitemap.xml").read_text()
    assert "https://example.org/decisions/page/2/" in sitemap and "https://example.org/decisions/page/3/" in sitemap


def test_a_short_list_stays_one_page_with_no_page_links(sites):
    _, split = sites
    people = _html(split, "/people/")
    assert 'class="pagination"' not in people and not (split / "people/page").exists()
    assert "<title>People – Test portal</title>" in people


@pytest.mark.parametrize("count, pages", [(3, 1), (4, 1), (5, 2), (8, 2), (9, 3)])
def test_a_list_of_exactly_a_pages_worth_has_no_empty_page_after_it(tmp_path, monkeypatch, count, pages):
    files = {**MINIMAL, **{f"decisions/d-{n:02d}.md": _decision(n, "2021-24", 2022) for n in range(1, count + 1)}}
    site = _build(write_site(tmp_path, files), "site", SIZE, monkeypatch).output
    urls = _chain(site, "/decisions/")
    assert len(urls) == pages and [len(_listed(_html(site, url))) for url in urls][-1] == count - SIZE * (pages - 1)
    assert not (site / f"decisions/page/{pages + 1}").exists()


def _cycles(html: str) -> list[str]:
    return re.findall(r'<section aria-labelledby="cycle-([^"]+)">', html)


def _events(html: str) -> list[str]:
    return re.findall(r'<li class="timeline__item[^"]*">', html)


def test_the_timeline_is_split_between_plan_cycles_never_inside_one(sites):
    whole, split = sites
    all_cycles, all_events = _cycles(_html(whole, "/timeline/")), _events(_html(whole, "/timeline/"))
    assert all_cycles == ["2021-24", "2017-20", "2013-16"] and len(all_events) > SIZE
    urls = _chain(split, "/timeline/")
    assert len(urls) == 3
    pages = [_html(split, url) for url in urls]
    assert [c for page in pages for c in _cycles(page)] == all_cycles  # each cycle whole, on one page
    assert sum(len(_events(page)) for page in pages) == len(all_events)
    for page in pages:  # the overview draws the cycles listed on its page
        assert re.findall(r'class="overview__label">([^<]+)</text>', page) == _cycles(page)
    assert '<strong aria-current="page">Everything</strong>' in pages[0]
    assert '<strong aria-current="true">Everything</strong>' in pages[1]  # the filter is current, not this page
    assert len(re.findall(r'aria-current="page"', pages[1].split('<main')[1])) == 1  # only the page number
    axes = {tuple(re.findall(r'class="overview__year">(\d+)</text>', page)) for page in pages}
    assert len(axes) == 1  # every page draws the whole record's years
    decisions = _chain(split, "/timeline/kind/decision/")
    assert decisions[1:] == ["/timeline/kind/decision/page/2/", "/timeline/kind/decision/page/3/"]
    assert '<li><a href="/timeline/">Timeline</a></li><li><a href="/timeline/kind/decision/">' in \
        _html(split, decisions[1])


def test_small_cycles_share_a_timeline_page(tmp_path, monkeypatch):
    site = _build(write_site(tmp_path, FILES), "site", 100, monkeypatch).output
    assert _chain(site, "/timeline/") == ["/timeline/"]
    assert _cycles(_html(site, "/timeline/")) == ["2021-24", "2017-20", "2013-16"]
    two_cycles = len(_events(_html(site, "/timeline/2021-24/"))) + len(_events(_html(site, "/timeline/2017-20/")))
    site = _build(tmp_path, "pairs", two_cycles, monkeypatch).output
    assert [_cycles(_html(site, url)) for url in _chain(site, "/timeline/")] == [["2021-24", "2017-20"], ["2013-16"]]


@pytest.mark.parametrize("number, count, shown", [
    (1, 1, [1]), (1, 2, [1, 2]), (1, 11, [1, 2, None, 11]), (3, 11, [1, 2, 3, 4, None, 11]),
    (6, 11, [1, None, 5, 6, 7, None, 11]), (3, 5, [1, 2, 3, 4, 5]), (11, 11, [1, None, 10, 11])])
def test_the_page_links_are_the_first_the_last_and_the_neighbours(number, count, shown):
    assert Pages(number, count, "/decisions/").around() == shown  # a gap of one page is linked, not "…"


@pytest.mark.parametrize("change", ["add", "remove"])
def test_a_rebuild_that_adds_or_removes_a_page_matches_a_cold_build(tmp_path, monkeypatch, change):
    monkeypatch.setattr(generator.routes, "PAGE_SIZE", SIZE)
    root = write_site(tmp_path, FILES)
    paths = Paths(root, root / "content", LAYOUTS, root / "site")
    first = build(paths, TODAY, keep_snapshot=True)
    if change == "add":  # 13 decisions: a fourth page
        for n in range(10, 14):
            (root / f"content/decisions/d-{n:02d}.md").write_text(_decision(n, "2013-16", 2014))
    else:  # 8 decisions: the third page goes
        (root / "content/decisions/d-09.md").unlink()
    report = rebuild(paths, first.snapshot, TODAY)
    finish_rebuild(paths, report.snapshot)
    cold = Paths(root, root / "content", LAYOUTS, tmp_path / "cold")
    build(cold, TODAY)
    assert site_files(paths.output) == site_files(cold.output)  # folders too: none left empty
    assert ("/decisions/page/4/" if change == "add" else "/decisions/page/3/") in report.changed


def test_split_pages_pass_axe_and_show_focus(sites, browser, axe):
    _, split = sites
    server, base = serve_folder(split)
    try:
        found = checks.check_light(browser, base, ["/decisions/page/2/", "/timeline/page/2/"])
    finally:
        server.shutdown()
    for check in found.values():
        assert check.pages >= 2 and not check.findings, check.report()
