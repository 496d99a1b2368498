"""Search in real Chromium against the built portal served on 127.0.0.1."""

import datetime as dt
import re
from urllib.parse import quote

import pytest

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
    message = tab.locator("main .panel")  # Playwright's text search skips <noscript>; find it by place
    assert message.is_visible()
    assert "Search needs JavaScript" in message.inner_text()
    assert message.locator('a[href="/decisions/"]').is_visible()
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
