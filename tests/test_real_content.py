"""The real content/ built whole: every fact of the sources is on its page, cross-linked both ways."""

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import REPO, run_cli

CONTENT = REPO / "content"


def page(site: Path, url: str) -> str:
    """Return the HTML of the page at `url`."""
    return (site / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


class _Links(HTMLParser):
    """Collect hrefs and ids of one page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.h1 = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        self.h1 += tag == "h1"


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _text(html: str) -> str:
    """Return a page's words, without tags, entities decoded, spaces folded."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _target_file(site: Path, path: str) -> Path:
    target = site / unquote(path).lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def test_every_plan_cycle_has_its_page_with_commissioner_and_dates(real_site):
    assert "Police and Crime Plan 2013-16" in page(real_site, "/plans/2013-16/")
    assert '<a href="/people/graham-bright/">Sir Graham Bright</a>' in page(real_site, "/plans/2013-16/")
    p2017 = page(real_site, "/plans/2017-20/")
    assert '<time datetime="2017-03-29">29 March 2017</time>' in p2017
    assert '<time datetime="2017-04-01">1 April 2017</time>' in p2017
    assert "Commissioner</dt>" not in p2017  # the sources never name the 2017-20 Commissioner
    p2021 = page(real_site, "/plans/2021-24/")
    assert '<a href="/people/darryl-preston/">Darryl Preston</a>' in p2021
    assert '<a href="/decisions/cpcc-2021-017/">' in p2021
    plans = page(real_site, "/plans/")
    for cycle in ("2013-16", "2017-20", "2021-24"):
        assert f'href="/plans/{cycle}/"' in plans


THEMES = {
    "2013-16": ["Maintain Local Police Performance"],
    "2017-20": ["Victims", "Offenders", "Communities", "Transformation"],
    "2021-24": ["Community priorities", "Crime prevention", "Supporting victims", "Ethical policing",
                "Robust enforcement"],
}


@pytest.mark.parametrize("cycle", THEMES)
def test_every_theme_is_on_its_plan_page_and_has_its_own_page(real_site, cycle):
    html = page(real_site, f"/plans/{cycle}/")
    theme_files = sorted((CONTENT / "themes" / cycle).glob("*.md"))
    assert len(theme_files) == len(THEMES[cycle])
    for title in THEMES[cycle]:
        assert title.lower() in html.lower(), title
    for theme_file in theme_files:
        url = f"/plans/{cycle}/themes/{theme_file.stem}/"
        assert f'href="{url}"' in html
        assert f'<a href="/plans/{cycle}/">' in page(real_site, url)  # and back


def _priorities(list_file: Path) -> list[str]:
    return [entry["text"] for entry in yaml.safe_load(list_file.read_text())["items"]]


def test_every_priority_for_action_is_on_its_theme_page(real_site):
    counts = {}
    for list_file in sorted((CONTENT / "priorities").rglob("*.yaml")):
        cycle, theme = list_file.parent.name, list_file.stem
        html = page(real_site, f"/plans/{cycle}/themes/{theme}/")
        texts = _priorities(list_file)
        counts[f"{cycle}/{theme}"] = len(texts)
        for number, text in enumerate(texts, start=1):
            assert f'id="priority-{number}"' in html
            first_words = " ".join(text.split()[:6])
            assert first_words in _text(html), first_words
    # The 2017 paper lists 9, 11, 10 and 10 priorities for action; Objective 1 has four headings.
    assert counts == {"2013-16/objective-1": 4, "2017-20/communities": 10, "2017-20/offenders": 11,
                      "2017-20/transformation": 10, "2017-20/victims": 9}


@pytest.mark.parametrize("words", ["rural crime", "restorative justice", "domestic abuse", "101"])
def test_words_residents_search_for_are_in_the_record(real_site, words):
    found = [p for p in real_site.rglob("*.html") if words in p.read_text(encoding="utf-8")]
    assert found, words


def test_the_decision_page_links_to_its_plan_people_and_papers_and_back(real_site):
    html = page(real_site, "/decisions/cpcc-2021-017/")
    assert "CPCC 2021-017" in html
    assert '<time datetime="2021-11-23">23 November 2021</time>' in html
    assert '<a href="/plans/2021-24/">' in html
    assert '<a href="/people/darryl-preston/">Darryl Preston</a>' in html
    assert '<a href="/people/james-haylett/">James Haylett</a>' in html
    assert 'href="/reports/police-and-crime-panel/2021-11-15/item-6/"' in html
    paper = page(real_site, "/reports/police-and-crime-panel/2021-11-15/item-6/")
    assert "Referenced by" in paper and 'href="/decisions/cpcc-2021-017/"' in paper
    assert 'href="/decisions/cpcc-2021-017/"' in page(real_site, "/people/darryl-preston/")


MEETINGS = {
    "police-and-crime-panel/2013-03-21": ["5"], "police-and-crime-panel/2014-11-05": ["11"],
    "police-and-crime-panel/2017-06-14": ["10.0"], "police-and-crime-panel/2017-09-06": ["9.0"],
    "police-and-crime-panel/2017-11-15": ["7"], "police-and-crime-panel/2021-11-15": ["6"],
    "business-coordination-board/2014-10-02": [], "business-coordination-board/2016-11-10": ["7.0"],
    "business-coordination-board/2017-09-21": ["4.0"], "business-coordination-board/2021-07-13": ["6.0"],
    "business-coordination-board/2021-10-12": [],
}


@pytest.mark.parametrize("meeting,items", MEETINGS.items())
def test_every_meeting_has_its_page_body_date_and_agenda(real_site, meeting, items):
    html = page(real_site, f"/meetings/{meeting}/")
    body, day = meeting.split("/")
    assert f'href="/bodies/{body}/"' in html
    assert f'<time datetime="{day}">' in html
    for item in items:
        assert f"Item {item}:" in html
    assert 'href="/reports/' in html  # at least one paper on the agenda
    assert f'href="/meetings/{meeting}/"' in page(real_site, f"/bodies/{body}/")


def test_the_variation_and_the_consultation_have_their_pages(real_site):
    variation = page(real_site, "/variations/2013-16-objective-1-2014/")
    for heading in ("Community engagement", "An accessible and responsive Constabulary", "Visible policing",
                    "A professional team"):
        assert heading in variation
    assert 'href="/plans/2013-16/themes/objective-1/"' in variation
    consultation = page(real_site, "/consultations/2021-24-plan/")
    assert '<time datetime="2021-06-30">30 June 2021</time>' in consultation
    assert '<time datetime="2021-07-30">30 July 2021</time>' in consultation


def test_people_are_named_with_their_roles(real_site):
    for person, role in [("dorothy-gregson", "Chief Executive"), ("james-haylett", "Chief Executive"),
                         ("cristina-strood", "Head of Policy"), ("darryl-preston", "Police and Crime Commissioner"),
                         ("graham-bright", "Police and Crime Commissioner")]:
        assert role in page(real_site, f"/people/{person}/")


def test_every_background_document_with_a_web_address_links_to_it(real_site):
    for document in sorted((CONTENT / "documents").glob("*.yaml")):
        data = yaml.safe_load(document.read_text())
        html = page(real_site, f"/documents/{document.stem}/")
        if data.get("url"):
            assert f'href="{data["url"]}"'.replace("&", "&amp;") in html


def test_home_shows_the_latest_plan_and_latest_decisions_and_papers(real_site):
    html = page(real_site, "/")
    assert 'The latest plan in this record: <a href="/plans/2021-24/">' in html or "The current plan" in html
    assert 'href="/decisions/cpcc-2021-017/"' in html
    assert 'href="/reports/police-and-crime-panel/2021-11-15/item-6/"' in html


def test_every_internal_link_and_fragment_resolves(real_site):
    pages = sorted(p for p in real_site.rglob("*.html") if "pagefind" not in p.parts)
    ids = {p: _parse(p).ids for p in pages}
    broken = []
    for source in pages:
        for href in _parse(source).hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue
            target = _target_file(real_site, parts.path) if parts.path else source
            if not target.is_file():
                broken.append(f"{source.relative_to(real_site)} -> {href}")
            elif parts.fragment and parts.fragment not in ids.get(target, _parse(target).ids):
                broken.append(f"{source.relative_to(real_site)} -> {href} (no such fragment)")
    assert broken == []
    assert len(pages) > 60


def test_every_page_has_one_h1_a_skip_link_and_landmarks(real_site):
    for path in real_site.rglob("*.html"):
        if "pagefind" in path.parts:
            continue
        html = path.read_text(encoding="utf-8")
        assert _parse(path).h1 == 1, path
        assert '<a class="skip-link" href="#main-content">' in html
        assert '<main id="main-content"' in html and "<header" in html and "<footer" in html
        if path != real_site / "search/index.html":  # no page but search loads JavaScript
            scripts = re.findall(r"<script[^>]*>", html)
            assert scripts == ['<script type="application/ld+json">'], (path, scripts)  # data, not code
        # No third-party requests: everything a page loads comes from the site itself.
        loaded = re.findall(r'\ssrc="([^"]+)"', html)
        loaded += [m[1] for m in re.findall(r'<link rel="(stylesheet|icon|preload|modulepreload)" href="([^"]+)"', html)]
        assert all(u.startswith("/") and not u.startswith("//") for u in loaded), (path, loaded)


def test_dates_in_the_html_are_written_for_residents(real_site):
    for path in real_site.rglob("*.html"):
        for iso, human in re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', path.read_text()):
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", iso)
            assert re.fullmatch(r"(\d{1,2} )?([A-Z][a-z]+ )?\d{4}", human), human


def test_plans_are_listed_newest_period_first_and_people_by_name_not_title(real_site):
    """Only one plan records when it was published: lists order plans by the period they cover."""
    for url in ("/", "/plans/"):
        html = page(real_site, url)
        at = [html.index(f'href="/plans/{p}/"') for p in ("2021-24", "2017-20", "2013-16")]
        assert at == sorted(at), url
    people = page(real_site, "/people/")
    at = [people.index(name) for name in ("Cristina Strood", "Darryl Preston", "Dr Dorothy Gregson",
                                          "Sir Graham Bright", "James Haylett")]
    assert at == sorted(at)


def test_list_pages_open_with_a_sentence_for_residents_not_the_editors_definition(real_site):
    from markupsafe import escape as html_escape

    from generator.schema import TYPES
    for content_type in TYPES:
        if content_type.list_url and (real_site / content_type.list_url.strip("/") / "index.html").is_file():
            html = page(real_site, content_type.list_url)
            lede = html_escape(content_type.intro)
            assert content_type.intro and f'<p class="lede">{lede}</p>' in html, content_type.list_url
            assert "e.g." not in html and content_type.doc not in html


def test_links_of_one_name_in_a_list_say_what_each_is(real_site):
    """Two background papers share a title: each link says its kind (and date), so they can be told apart."""
    html = page(real_site, "/decisions/cpcc-2021-017/")
    assert ('<a href="/reports/police-and-crime-panel/2021-11-15/item-6/">Police and Crime Commissioner&#39;s Draft '
            'Police and Crime Plan for Cambridgeshire and Peterborough</a> <span class="meta">(paper, '
            '<time datetime="2021-11-15">15 November 2021</time>)</span>') in html
    assert 'Peterborough</a> <span class="meta">(document)</span>' in html
    assert html.count('<span class="meta">(') == 2  # links of names of their own say nothing more


def test_priorities_of_a_draft_variation_are_shown_as_proposed_not_made(real_site):
    """The 2014 papers give Objective 1's four new headings as a draft; whether it was made is not recorded."""
    html = page(real_site, "/plans/2013-16/themes/objective-1/")
    assert html.count("Proposed by <a href=\"/variations/2013-16-objective-1-2014/\">") == 4
    assert html.count("(the sources do not record it as made)") == 4 and "Added by" not in html
    assert "Local contact points are being set up" not in html  # the draft's words, not a fact


ACRONYMS = {"JSON": "JavaScript Object Notation", "CSV": "comma-separated values", "HTML": "HyperText Markup Language",
            "PDF": "Portable Document Format", "W3C": "World Wide Web Consortium",
            "WCAG": "Web Content Accessibility Guidelines"}


def test_acronyms_are_spelt_out_on_the_pages_that_use_them(real_site):
    import re

    for path in real_site.rglob("*.html"):
        main = path.read_text().split("<main", 1)[-1]
        words = re.sub(r"<script.*?</script>|<[^>]+>", " ", main.split("</main>")[0], flags=re.S)
        words = re.sub(r"\s+", " ", words)
        for acronym, spelt in ACRONYMS.items():
            first = re.search(rf"\b{acronym}\b", words)
            if first:  # spelt out beside it where it is first used ("JSON, JavaScript Object Notation")
                assert spelt in words[max(0, first.start() - 60):first.end() + 60], (path, acronym)


def test_a_list_entry_whose_title_ends_with_its_date_does_not_repeat_it(real_site):
    """"Police and Crime Panel, 15 November 2021 – 15 November 2021" read as a range of dates."""
    meetings = page(real_site, "/meetings/")
    assert 'Police and Crime Panel, 15 November 2021</a></li>' in meetings
    assert "15 November 2021</a> <span" not in meetings
    decisions = page(real_site, "/decisions/")  # a title without its date still has it after
    assert re.search(r'cpcc-2021-017/">[^<]*</a> <span class="meta">– CPCC 2021-017, <time', decisions)


@pytest.mark.parametrize("today, heading, period", [
    ("2022-06-01", "The current plan", "Covers <time datetime=\"2021\">2021</time> to <time datetime=\"2024\">2024</time>."),
    ("2026-11-23", "The latest plan in this record", "Covered <time datetime=\"2021\">2021</time> to <time "
     "datetime=\"2024\">2024</time>; no plan issued since is recorded here."),
])
def test_the_home_page_calls_a_plan_current_only_while_its_period_lasts(tmp_path, today, heading, period):
    """On 23 November 2026 the plan for 2021 to 2024 is the latest the record holds, not the current one."""
    output = tmp_path / "site"
    result = run_cli(REPO, "--output", str(output), "--today", today, "build", "--no-search")
    assert result.code == 0, result.err
    html = (output / "index.html").read_text(encoding="utf-8")
    assert f'<h2 id="current-plan">{heading}: <a href="/plans/2021-24/">' in html
    assert period in html


def test_a_page_within_another_is_titled_with_it(real_site):
    """A theme and a paper are both called "Communities": each page's title says which plan or meeting it is in."""
    theme = page(real_site, "/plans/2017-20/themes/communities/")
    assert "<title>Communities – Police and Crime Plan 2017-20 – " in theme
    titles = [re.search(r"<title>(.*?)</title>", p.read_text(encoding="utf-8"))[1]
              for p in (real_site / "reports").rglob("index.html")]
    assert any(t.startswith("Communities – Police and Crime Panel, 15 November 2017 – ") for t in titles)
    variation = page(real_site, "/variations/2013-16-objective-1-2014/")
    assert "(2014) – Police and Crime Plan 2013-16 – " in variation
    plan = page(real_site, "/plans/2021-24/")
    assert "<title>Police and Crime Plan 2021-2024 – Cambridgeshire" in plan  # a plan is within nothing


def test_a_theme_page_lists_the_papers_on_it(real_site):
    """The Panel's 'Communities' report of November 2017 is about one theme: its page is where a resident looks."""
    theme = page(real_site, "/plans/2017-20/themes/communities/")
    referenced = theme.split('id="referenced-by"', 1)[1].split("</section>", 1)[0]
    assert '<a href="/reports/police-and-crime-panel/2017-11-15/communities/">Communities</a>' in referenced
    paper = page(real_site, "/reports/police-and-crime-panel/2017-11-15/communities/")
    assert '<dt>Themes</dt>\n    <dd><a href="/plans/2017-20/themes/communities/">Communities</a></dd>' in paper
    assert 'data-pagefind-filter="theme:Communities (2017-20)"' in paper  # the search's theme filter finds it


def test_an_address_that_opens_a_pdf_says_so(real_site):
    """Residents are told before they follow a link that it opens a PDF (Portable Document Format) file."""
    paper = page(real_site, "/reports/police-and-crime-panel/2017-06-14/item-10-0/")
    assert '10.%20Performance%20Monitoring.pdf</a> <span class="meta">(a PDF, Portable Document Format, file)</span>' in paper
    meeting = page(real_site, "/meetings/police-and-crime-panel/2017-09-06/")
    assert "Ver=4</a>" in meeting and "PDF" not in meeting.split("Ver=4</a>", 1)[1][:40]
