"""Search in real Chromium against the built portal served on 127.0.0.1."""

import datetime as dt
import re
from urllib.parse import quote

import pytest

import a11y_checks

pytestmark = pytest.mark.browser

RESULT_LINK = ".pagefind-ui__result-link"
COUNT_SCRIPT = """() => {
  const m = document.querySelector('.pagefind-ui__message');
  const found = m && m.textContent.match(/^(\\d+) results? for/);
  return found ? Number(found[1]) : null;
}"""


def _search(page, base, query):
    """Search from the address bar; return the result links once they have all rendered."""
    page.goto(f"{base}/search/?q={quote(query)}")
    _wait_for_results(page)
    return [a.get_attribute("href") for a in page.query_selector_all(RESULT_LINK)]


def _wait_for_results(page):
    """Wait until the UI reports a count and has rendered its first page of results (5 at most)."""
    page.wait_for_function(f"() => {{ const n = ({COUNT_SCRIPT})(); return n !== null && n > 0 && "
                           f"document.querySelectorAll('{RESULT_LINK}').length >= Math.min(n, 5); }}",
                           timeout=30000)


def _result_count(page):
    """Return the number of results the UI reports ("12 results for ..."), once it reports one."""
    return page.wait_for_function(COUNT_SCRIPT, timeout=15000).json_value()


def _wait_for_fewer(page, count):
    """Wait until the UI reports fewer results than `count`, but some."""
    page.wait_for_function(f"() => {{ const n = ({COUNT_SCRIPT})(); return n !== null && n > 0 && n < {count}; }}",
                           timeout=15000)


def _tick_filter(page, group: str, value: str) -> None:
    """Open a filter group of the results and tick one of its values, as a resident does."""
    page.wait_for_selector("summary.pagefind-ui__filter-name", timeout=30000)
    page.locator("summary", has_text=re.compile(f"^{group}$", re.I)).click()
    page.get_by_label(re.compile(f"^{re.escape(value)}")).check()


def test_a_priority_for_action_finds_its_theme_page(page, served_site):
    links = _search(page, served_site, "rural crime")
    assert "/plans/2017-20/themes/offenders/" in links


def test_a_decision_reference_finds_the_decision(page, served_site):
    links = _search(page, served_site, "CPCC 2021-017")
    assert links[0] == "/decisions/cpcc-2021-017/"


def test_results_show_title_kind_date_and_an_excerpt(page, served_site):
    _search(page, served_site, "CPCC 2021-017")
    first = page.query_selector(".pagefind-ui__result")
    text = first.inner_text()
    assert "Issuing of Police and Crime Plan 2021 - 2024" in text
    assert "Decision" in text and "23 November 2021" in text
    assert first.query_selector(".pagefind-ui__result-excerpt").inner_text().strip()


def test_typing_a_query_shows_results(page, served_site):
    page.goto(f"{served_site}/search/")
    box = page.get_by_role("textbox", name="Search the record")
    box.fill("restorative justice")
    _wait_for_results(page)
    links = [a.get_attribute("href") for a in page.query_selector_all(RESULT_LINK)]
    assert "/plans/2017-20/themes/victims/" in links
    assert "q=restorative+justice" in page.url or "q=restorative%20justice" in page.url


def test_a_filter_narrows_the_results(page, served_site):
    _search(page, served_site, "police and crime plan")
    before = _result_count(page)
    _tick_filter(page, "kind", "Decision")
    _wait_for_fewer(page, before)
    page.wait_for_function(f"() => {{ const links = [...document.querySelectorAll('{RESULT_LINK}')]; "
                           "return links.length > 0 && links.every(a => a.getAttribute('href')"
                           ".startsWith('/decisions/')); }", timeout=15000)


def test_the_plan_cycle_filter_narrows_the_results(page, served_site):
    _search(page, served_site, "panel")
    before = _result_count(page)
    _tick_filter(page, "plan cycle", "2013-16")
    _wait_for_fewer(page, before)
    page.wait_for_selector(RESULT_LINK, timeout=15000)
    page.wait_for_function(f"() => document.querySelectorAll('{RESULT_LINK}').length > 0 && "
                           f"![...document.querySelectorAll('{RESULT_LINK}')].some(a => "
                           "a.getAttribute('href').includes('2021'))", timeout=15000)


def test_the_header_box_carries_the_query_to_the_search_page(page, served_site):
    page.goto(f"{served_site}/plans/")
    page.get_by_role("searchbox", name="Search the record").fill("domestic abuse")
    page.get_by_role("button", name="Search").click()
    _wait_for_results(page)
    assert page.url.endswith("/search/?q=domestic+abuse")
    assert page.get_by_role("textbox", name="Search the record").input_value() == "domestic abuse"
    assert "/plans/2017-20/themes/victims/" in [a.get_attribute("href") for a in page.query_selector_all(RESULT_LINK)]


def _result_dates(page):
    """Return the date of each result, in the order shown (results without a date are skipped)."""
    dates = []
    for result in page.query_selector_all(".pagefind-ui__result"):
        for tag in result.query_selector_all(".pagefind-ui__result-tag"):
            text = tag.inner_text().strip()
            if text.lower().startswith("date"):
                day = text.split(":", 1)[1].strip()
                for form in ("%d %B %Y", "%B %Y", "%Y"):
                    try:
                        dates.append(dt.datetime.strptime(day, form))
                        break
                    except ValueError:
                        pass
    return dates


@pytest.mark.parametrize("order", ["desc", "asc"])
def test_results_can_be_sorted_by_date(page, served_site, order):
    _search(page, served_site, "panel")
    page.get_by_label("Order results by").select_option(order)
    assert "sort=" not in page.url  # choosing an order alone does not reload the page (WCAG 3.2.2)
    with page.expect_navigation():
        page.get_by_role("button", name="Apply").click()
    assert f"sort={order}" in page.url and "q=panel" in page.url
    _wait_for_results(page)
    dates = _result_dates(page)
    assert len(dates) > 2
    assert dates == sorted(dates, reverse=(order == "desc"))


def test_search_works_by_keyboard(page, served_site):
    page.goto(f"{served_site}/search/")
    page.wait_for_selector(".pagefind-ui__search-input")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Search the record"
    page.keyboard.type("101")
    page.wait_for_selector(RESULT_LINK, timeout=15000)
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pagefind-ui__result-link')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('pagefind-ui__result-link')")


def test_search_page_has_no_console_errors_or_failed_requests(page, served_site):
    _search(page, served_site, "victims")
    assert page.problems == []


def test_without_javascript_the_search_page_says_so_and_links_to_browse_pages(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{served_site}/search/?q=victims")
    message = tab.locator("main .panel:not(#search-help)")  # Playwright's text search skips <noscript>
    assert message.is_visible()
    assert "Search needs JavaScript" in message.inner_text()
    assert message.locator('a[href="/decisions/"]').is_visible()
    assert not tab.locator("#search-help").is_visible()  # the help for no results waits for a search
    context.close()


def test_every_filter_group_is_offered(page, served_site):
    # Pagefind's UI can lose a filter group when the first search answers before every filter has
    # loaded; search.js loads them first. Each run here is one more chance to catch that race.
    for _ in range(3):
        _search(page, served_site, "police and crime plan")
        page.wait_for_selector("summary.pagefind-ui__filter-name", timeout=30000)
        page.wait_for_timeout(200)
        names = {s.inner_text() for s in page.query_selector_all("summary.pagefind-ui__filter-name")}
        assert names == {"Kind", "Plan cycle", "Theme", "Year"}


# --- What a screen reader hears, where the keyboard goes, what can be seen -----------------------

STATUS = "#search-status"
NONSENSE = "qwzxvbk"


def _status_text(page):
    return page.evaluate(f"document.querySelector('{STATUS}').textContent")


def _wait_for_status(page, pattern: str):
    """Wait until the status region's text matches `pattern` and equals the UI's own message."""
    page.wait_for_function("""p => { const s = document.querySelector('#search-status').textContent;
        const m = document.querySelector('.pagefind-ui__message');
        return new RegExp(p).test(s) && m && m.textContent.trim() === s; }""", arg=pattern, timeout=30000)


def test_the_results_message_is_announced_in_a_polite_status_region(page, served_site):
    page.goto(f"{served_site}/search/")
    page.wait_for_selector(".pagefind-ui__search-input")
    region = page.locator(STATUS)
    assert region.get_attribute("role") == "status" and _status_text(page) == ""  # there before any search
    box = page.get_by_role("textbox", name="Search the record")
    box.fill("victims")
    _wait_for_status(page, r"^\d+ results? for victims$")
    box.fill(NONSENSE)
    _wait_for_status(page, f"^No results for {NONSENSE}$")
    box.fill("")
    page.wait_for_function(f"() => document.querySelector('{STATUS}').textContent === ''", timeout=15000)


# An element the eye cannot see: hidden, or transparent itself or through an ancestor.
UNSEEN = """el => { if (!el.checkVisibility({visibilityProperty: true})) return true;
  for (let e = el; e; e = e.parentElement) if (Number(getComputedStyle(e).opacity) === 0) return true;
  return false; }"""


def test_tab_from_an_empty_box_does_not_land_on_an_unseen_control(page, served_site):
    page.goto(f"{served_site}/search/")
    page.wait_for_selector(".pagefind-ui__search-input")
    page.focus(".pagefind-ui__search-input")
    page.keyboard.press("Tab")
    assert not page.evaluate(f"({UNSEEN})(document.activeElement)"), page.evaluate("document.activeElement.outerHTML")


def test_the_clear_button_is_shown_and_reached_by_tab_once_there_is_a_query(page, served_site):
    page.goto(f"{served_site}/search/")
    page.get_by_role("textbox", name="Search the record").fill("victims")
    _wait_for_results(page)
    page.focus(".pagefind-ui__search-input")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('pagefind-ui__search-clear')")
    assert not page.evaluate(f"({UNSEEN})(document.activeElement)")


BORDER_CONTRAST = a11y_checks._JS_HELPERS + """
selector => {
  const page = rgba(getComputedStyle(document.documentElement).backgroundColor);
  return contrast(rgba(getComputedStyle(document.querySelector(selector)).borderTopColor), page);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_box_and_filter_checkboxes_have_edges_of_3_to_1(browser, served_site, scheme):
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    _search(tab, served_site, "victims")
    tab.locator("summary", has_text="Kind").click()
    for selector in (".pagefind-ui__search-input", ".pagefind-ui__filter-checkbox:not(:checked)"):
        assert tab.evaluate(BORDER_CONTRAST, selector) >= 3, selector
    context.close()


def test_a_search_that_finds_nothing_offers_help_and_pages_to_browse(page, served_site):
    page.goto(f"{served_site}/search/?q={NONSENSE}")
    _wait_for_status(page, f"^No results for {NONSENSE}$")
    panel = page.locator("#search-help")
    assert panel.is_visible()
    assert "Check the spelling" in panel.inner_text() and "fewer words" in panel.inner_text()
    addresses = [a.get_attribute("href") for a in panel.locator("a").all()]
    assert {"/plans/", "/decisions/", "/meetings/", "/timeline/"} <= set(addresses)
    for address in addresses:
        assert page.request.get(served_site + address).ok, address  # every page it offers exists


def test_a_search_that_finds_something_shows_no_help(page, served_site):
    _search(page, served_site, "victims")
    _wait_for_status(page, r"^\d+ results? for victims$")
    assert not page.locator("#search-help").is_visible()


def test_on_a_phone_no_results_shows_just_below_the_box_not_after_the_filters(browser, served_site):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    tab.goto(f"{served_site}/search/?q={NONSENSE}")
    _wait_for_status(tab, f"^No results for {NONSENSE}$")
    box = tab.locator(".pagefind-ui__search-input").bounding_box()
    message = tab.locator(".pagefind-ui__message").bounding_box()
    assert message["y"] - (box["y"] + box["height"]) < 100  # nothing (an empty filter panel) in between
    assert tab.locator("#search-help").bounding_box()["y"] < message["y"] + 150
    context.close()


def test_filters_do_not_offer_values_no_result_has(page, served_site):
    _search(page, served_site, "victims")
    for summary in page.query_selector_all("summary.pagefind-ui__filter-name"):
        summary.click()
    labels = [label.inner_text() for label in page.query_selector_all(".pagefind-ui__filter-label")]
    assert labels and not [label for label in labels if label.strip().endswith("(0)")]
