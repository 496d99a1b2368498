"""Accessibility and web standards (WCAG 2.2 AA), proved on every page of the real portal in Chromium.

The checks are in tests/a11y_checks.py, shared with tests/audit.py. Each browser pass loads every
page once and runs several checks on it; the tests that read one pass share an xdist group, so the
pass runs once per test run, on one worker, however the tests are spread.
"""

import re
import subprocess
import sys

import pytest

import a11y_checks as checks
from conftest import ARTIFACTS, MINIMAL, REPO, run_cli, tool_missing, write_site

STATEMENT = "/accessibility/"
SCREENSHOTS = {"home": "/", "plan-cycle": "/plans/2021-24/", "decision": "/decisions/cpcc-2021-017/",
               "search": "/search/?q=victims"}
LEGAL_HEADINGS = ["How accessible this website is", "Feedback and contact information",
                  "Reporting accessibility problems with this website", "Enforcement procedure",
                  "Technical information about this website’s accessibility", "Compliance status",
                  "Non-accessible content", "Preparation of this accessibility statement"]


def _assert_clean(check: checks.Check, at_least: int = 60) -> None:
    assert check.pages >= at_least, f"{check.name} looked at only {check.pages} pages"
    assert not check.findings, check.report()


def _text(site, url: str) -> str:
    """Return the HTML of the page at `url`."""
    return (site / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def pages(real_site):
    """The URL of every page of the real site."""
    return checks.get_pages(real_site)


@pytest.fixture(scope="session")
def light(axe, browser, served_site, pages):
    """Every page at 1280 px in light colours: axe, focus, status (and the search page with results)."""
    return checks.check_light(browser, served_site, pages)


@pytest.fixture(scope="session")
def dark(axe, browser, served_site, pages):
    """Every page at 375 px in dark colours: axe and status; then reflow at 320 px and at 200% zoom."""
    return checks.check_dark(browser, served_site, pages)


# --- axe-core, focus, status and reflow on every page --------------------------------------------

@pytest.mark.browser
@pytest.mark.xdist_group("a11y-light")
def test_axe_finds_no_wcag_a_or_aa_violation_on_any_page_in_light_colours(light, pages):
    _assert_clean(light["axe"])
    assert light["axe"].pages == len(pages) + 1  # and the search page with results and filters open


@pytest.mark.browser
@pytest.mark.xdist_group("a11y-dark")
def test_axe_finds_no_wcag_a_or_aa_violation_on_any_page_in_dark_colours(dark, pages):
    _assert_clean(dark["axe"])
    assert dark["axe"].pages == len(pages) + 1


@pytest.mark.browser
@pytest.mark.xdist_group("a11y-light")
def test_focus_is_visible_on_every_link_button_and_field(light):
    _assert_clean(light["focus"])


@pytest.mark.browser
@pytest.mark.xdist_group("a11y-light")
def test_status_tags_and_markers_use_words_shapes_and_contrast_in_light_colours(light):
    _assert_clean(light["status"])


@pytest.mark.browser
@pytest.mark.xdist_group("a11y-dark")
def test_status_tags_and_markers_use_words_shapes_and_contrast_in_dark_colours(dark):
    _assert_clean(dark["status"])


@pytest.mark.browser
@pytest.mark.xdist_group("a11y-dark")
def test_no_page_scrolls_sideways_at_320px_or_at_200_percent_zoom(dark):
    _assert_clean(dark["reflow"])


@pytest.mark.browser
def test_the_status_check_would_catch_a_tag_shown_by_colour_alone(page):
    page.set_content('<main><p><span class="tag" style="border: 0; color: #999; background: #fff">&#10003;</span></p>'
                     '<ol><li class="timeline__item timeline__item--scheduled"><p>Due</p></li></ol>'
                     '<style>.timeline__item::before { content: ""; border: 3px solid #eee; }</style></main>')
    rules = {f.rule for f in checks.probe_status("light")(page, "/inline/")}
    assert rules == {"status in words", "status text contrast", "status tag outline", "timeline marker contrast",
                     "scheduled marker shape", "scheduled in words"}


@pytest.mark.browser
def test_the_focus_and_reflow_checks_would_catch_a_hidden_focus_and_a_wide_box(page):
    page.set_content('<style>a:focus-visible { outline: none; }</style><main><p><a href="/x/">Go</a></p>'
                     '<div style="width: 700px">Wide</div></main>')
    focus = checks.probe_focus(page, "/inline/")
    assert [(f.rule, f.element) for f in focus] == [("focus visible", 'a "Go"')]
    reflow = checks.probe_reflow(page, "/inline/")
    assert [(f.rule, f.element) for f in reflow] == [("scrolls sideways at 320 px wide", 'div "Wide"'),
                                                     ("scrolls sideways at 200% zoom", 'div "Wide"')]


# --- The Nu Html Checker, links and addresses ----------------------------------------------------

def test_every_page_is_valid_html_to_the_nu_html_checker(real_site):
    problem = checks.find_vnu_problem()
    if problem:
        tool_missing(problem)
    _assert_clean(checks.check_html(real_site))


def test_every_link_form_stylesheet_and_fragment_inside_the_site_resolves(real_site):
    _assert_clean(checks.check_links(real_site))


def test_the_link_check_follows_relative_links_and_fragments(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<p id="top"><a href="a/">A</a> <a href="/a/#end">End</a> '
                                         '<a href="#top">Top</a> <a href="b.html">B</a></p>')
    (tmp_path / "a/index.html").write_text('<p><a href="../#top">Back</a> <a href="/#nowhere">Gone</a></p>')
    assert sorted(str(f) for f in checks.check_links(tmp_path).findings) == [
        "/: broken fragment: <a> /a/#end: no id 'end' on that page",
        "/: broken link: <a> b.html: no such page or file",
        "/a/: broken fragment: <a> /#nowhere: no id 'nowhere' on that page"]


def test_addresses_of_other_websites_are_well_formed_and_http_ones_are_a_known_issue(real_site):
    check = checks.check_external_addresses(real_site)
    _assert_clean(check)
    # The content keeps http:// where the source papers give it; the statement must say so.
    if check.known:
        assert "http://" in _text(real_site, STATEMENT)


@pytest.mark.parametrize("address,problem", [
    ("https://www.gov.uk/guidance", None),
    ("http://democracy.peterborough.gov.uk/ieListDocuments.aspx?CId=543&MId=3925&Ver=4", None),
    ("mailto:cambs-pcc@cambs.pnn.police.uk", None),
    ("/plans/", None),
    ("https://www.gov.uk/a page", "contains a space"),
    ("https://localhost/", "the host is not a domain name"),
    ("https://www.gov.uk:80a/", "the port is not a number"),
    ("http://user:secret@www.gov.uk/", "the host is not a domain name"),
    ("javascript:alert(1)", "the scheme 'javascript:' is not a web address"),
    ("mailto:nobody", "not an email address"),
])
def test_the_address_check_knows_a_well_formed_address(address, problem):
    found = checks._external_problem(address)
    assert (found is None) if problem is None else found.startswith(problem)


# --- Keyboard ------------------------------------------------------------------------------------

@pytest.mark.browser
def test_the_skip_link_moves_focus_to_the_main_content(page, served_site):
    assert checks.check_skip_link(page, served_site) == []


@pytest.mark.browser
def test_search_its_filters_and_results_work_by_keyboard_alone(page, served_site):
    assert checks.check_search_by_keyboard(page, served_site) == []


@pytest.mark.browser
def test_choosing_an_order_by_keyboard_reloads_only_when_applied(page, served_site):
    assert checks.check_sort_by_keyboard(page, served_site) == []


@pytest.mark.browser
def test_timeline_filters_work_by_keyboard(page, served_site):
    assert checks.check_timeline_filter_by_keyboard(page, served_site) == []


@pytest.mark.browser
def test_screenshots_at_phone_and_desktop_widths_are_written_for_people_to_look_at(browser, served_site):
    written = checks.take_screenshots(browser, served_site, SCREENSHOTS, ARTIFACTS / "screenshots")
    assert sorted(p.name for p in written) == sorted(f"{name}-{label}-{width}.png" for name in SCREENSHOTS
                                                     for label, width in (("phone", 375), ("desktop", 1280)))
    assert all(p.stat().st_size > 10_000 for p in written)


# --- The accessibility statement -----------------------------------------------------------------

def test_a_body_page_is_headed_by_the_bodys_name_not_its_id(real_site):
    # A heading that describes the page (WCAG 2.4.6); `Item.name` is the last part of the id.
    assert '<h1 data-pagefind-weight="10">Cambridgeshire Police and Crime Panel</h1>' in _text(real_site, "/bodies/police-and-crime-panel/")


def test_every_page_links_to_the_accessibility_statement_from_its_footer(real_site, pages):
    for url in pages:
        html = (real_site / url.lstrip("/") / ("" if url.endswith(".html") else "index.html")).read_text()
        footer = html.split('<footer class="site-footer">', 1)[1]
        assert f'<a href="{STATEMENT}">Accessibility statement</a>' in footer, url


def test_the_statement_follows_the_model_with_its_legally_required_wording(real_site):
    html = _text(real_site, STATEMENT)
    positions = [html.index(f">{heading}</h") for heading in LEGAL_HEADINGS]
    assert positions == sorted(positions)
    assert "This accessibility statement applies to every page of this portal" in html
    assert ("The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies "
            "(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the ‘accessibility "
            "regulations’). If you’re not happy with how we respond to your complaint, <a href=\"https://www."
            "equalityadvisoryservice.com/\">contact the Equality Advisory and Support Service (EASS)</a>.") in html
    assert ("This website is partially compliant with the <a href=\"https://www.w3.org/TR/WCAG22/\">Web Content "
            "Accessibility Guidelines (WCAG) version 2.2</a> AA standard, due to the exemptions listed below.") in html
    assert 'This statement was prepared on <time datetime="2026-11-22">22 November 2026</time>.' in html


def test_a_known_failure_is_listed_with_the_criteria_it_fails(tmp_path):
    """The model statement's wording for a non-compliance, from an issue the content records."""
    statement = (REPO / "content/statements/accessibility.yaml").read_text().replace(
        "issues:\n", "issues:\n  - issue: The chart's labels do not grow when you zoom in.\n"
        "    reason: non-compliance\n    criteria:\n      - 1.4.4 Resize text\n", 1)
    root = write_site(tmp_path, {**MINIMAL, "statements/accessibility.yaml": statement})
    assert run_cli(root, "build", "--no-search").code == 0
    html = (root / f"site{STATEMENT}index.html").read_text()
    assert "due to the non-compliances and exemptions listed below." in html
    assert "The chart&#39;s labels do not grow when you zoom in. This fails WCAG 2.2 success criterion 1.4.4 " \
           "Resize text." in html


def test_the_statement_gives_only_the_contact_details_on_the_commissioners_papers(real_site):
    html = _text(real_site, STATEMENT)
    assert "These are the contact details given on the Commissioner's papers" in html.replace("&#39;", "'")
    assert set(re.findall(r'href="mailto:([^"]+)"', html)) == {"cambs-pcc@cambs.pnn.police.uk",
                                                                       "cambs-pcc@cambs.police.uk"}
    assert "0300 333 3456" in html
    assert "does not have a contact address of its own" in html


def test_the_statement_says_how_the_portal_was_tested_and_what_has_not_been(real_site):
    html = _text(real_site, STATEMENT)
    for words in ("axe-core", "Nu Html Checker", "320 pixels wide", "keyboard", "light and dark colours",
                  "has not yet been checked by a person"):
        assert words in html, words


STATEMENT_FULLY = """\
title: Accessibility statement for the test portal
applies_to: every page of the test portal
run_by: test-office
compliance: fully
feedback: Ask the office for another format.
prepared: 2026-01-05
reviewed: 2026-03
tested: 2026-02-01
checks:
  - method: axe-core
    covers: every page
"""
OFFICE = "---\nname: Test Office\nkind: office\n---\n"


def test_a_statement_with_no_known_issues_is_fully_compliant_and_names_who_runs_the_site(tmp_path):
    root = write_site(tmp_path, {**MINIMAL, "statements/accessibility-statement.yaml": STATEMENT_FULLY,
                                 "bodies/test-office.md": OFFICE})
    result = run_cli(root, "build")
    assert result.code == 0, result.err
    html = (root / "site/accessibility-statement/index.html").read_text()
    assert "This website is run by <a href=\"/bodies/test-office/\">Test Office</a>." in html
    assert "Test Office is committed to making this website accessible" in html
    assert "This website is fully compliant with the" in html and "Non-accessible content" not in html
    assert "We do not know of any part of this website that is not accessible." in html
    assert "It was last reviewed on <time datetime=\"2026-03\">March 2026</time>." in html
    assert "<li>axe-core: every page.</li>" in html
    assert '<a href="/accessibility-statement/">Accessibility statement</a>' in (root / "site/index.html").read_text()


def test_a_wrong_compliance_or_reason_in_the_statement_is_reported_with_its_line(tmp_path):
    text = STATEMENT_FULLY.replace("compliance: fully", "compliance: mostly") + (
        "issues:\n  - issue: The map is hard to read.\n    reason: too hard\n")
    root = write_site(tmp_path, {**MINIMAL, "statements/accessibility-statement.yaml": text,
                                 "bodies/test-office.md": OFFICE})
    result = run_cli(root, "build")
    assert result.code == 1
    assert result.err.splitlines()[:2] == [
        "content/statements/accessibility-statement.yaml:4: 'compliance': 'mostly' is not allowed; choose one of: "
        "fully, partially, not",
        "content/statements/accessibility-statement.yaml:14: 'issues[1].reason': 'too hard' is not allowed; "
        "choose one of: non-compliance, disproportionate burden, out of scope"]


# --- The audit script ----------------------------------------------------------------------------

# Wrong on purpose, added to a real page: an image without a text alternative, a broken link, an
# address with a space, and a box too wide for a phone.
BROKEN = """<img src="{icon}">
<p><a href="/nowhere/">Nowhere</a> <a href="https://exa mple.org/">Elsewhere</a></p>
<div style="width: 1000px">Too wide</div>
"""


def _add_broken_page(site):
    html = (site / "people/pat-smith/index.html").read_text()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html)[1]
    (site / "broken").mkdir()
    (site / "broken/index.html").write_text(html.replace("</main>", BROKEN.format(icon=icon) + "</main>"))


@pytest.mark.browser
def test_the_audit_script_prints_a_table_and_fails_naming_page_rule_and_element(tmp_path, axe, browser):
    if checks.find_vnu_problem():
        tool_missing(checks.find_vnu_problem())
    root = write_site(tmp_path, MINIMAL)
    assert run_cli(root, "build").code == 0
    _add_broken_page(root / "site")
    # The browser looks at the pages named; the keyboard check always uses /, /search/ and /timeline/.
    pages = ["/", "/broken/"]
    done = subprocess.run([sys.executable, str(REPO / "tests/audit.py"), "--site", str(root / "site"),
                           *(f"--page={url}" for url in pages)], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    table, details = done.stdout.split("\n\n", 1)
    rows = {line.rsplit(None, 3)[0]: line.rsplit(None, 3)[1:] for line in table.splitlines()[2:]}
    assert len(rows) == 10
    assert rows["HTML valid (Nu Html Checker)"][0] == str(len(checks.get_pages(root / "site")))  # every page
    assert rows["axe WCAG 2.2 A and AA, light colours, 1280 px"][0] == "2"  # the pages named
    found = details.splitlines()
    assert all(": /broken/: " in line for line in found), details  # the built site itself is clean
    for expected in ("internal links and #fragments resolve: /broken/: broken link: <a> /nowhere/: no such page",
                     "addresses of other websites well formed: /broken/: malformed address: <a> https://exa mple.org/",
                     "axe WCAG 2.2 A and AA, light colours, 1280 px: /broken/: axe image-alt: img",
                     "no sideways scrolling at 320 px and 200% zoom: /broken/: scrolls sideways at 320 px wide: div"):
        assert any(line.startswith(expected) for line in found), expected
    assert any(re.match(r"HTML valid \(Nu Html Checker\): /broken/: vnu error: line \d+: An “img” element must "
                        r"have an “alt” attribute", line) for line in found), details


def test_the_audit_script_refuses_a_folder_that_is_not_a_built_site_or_a_page_it_does_not_have(real_site,
                                                                                                tmp_path):
    for args, message in ((["--site", str(tmp_path)], "is not a built site"),
                          (["--site", str(real_site), "--page", "/nowhere/"], "no such page in")):
        done = subprocess.run([sys.executable, str(REPO / "tests/audit.py"), *args], capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 2
        assert message in done.stderr
