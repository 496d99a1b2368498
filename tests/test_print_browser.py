"""Pages on paper, in real Chromium: print media, with the reader's screen in light or dark colours."""

import pytest

import a11y_checks

pytestmark = pytest.mark.browser

PLAN = "/plans/2021-24/"
TIMELINE = "/timeline/"

# The contrast against white paper of each element's text colour (its fill, for SVG text).
TEXT_CONTRAST = a11y_checks._JS_HELPERS + """
selector => [...document.querySelectorAll(selector)].map(el => {
  const s = getComputedStyle(el);
  return [el.textContent.trim().slice(0, 40), contrast(rgba(el instanceof SVGElement ? s.fill : s.color), [255, 255, 255])];
})"""


@pytest.fixture(params=["light", "dark"])
def paper(browser, request):
    """A page printed with the reader's system in light or dark colours."""
    context = browser.new_context(color_scheme=request.param)
    tab = context.new_page()
    tab.emulate_media(media="print", color_scheme=request.param)
    yield tab
    context.close()


def _low_contrast(tab, selector: str, least: float = 4.5) -> list:
    found = tab.evaluate(TEXT_CONTRAST, selector)
    assert found, f"nothing matches {selector}"
    return [(text, ratio) for text, ratio in found if ratio < least]


def test_a_printed_page_has_no_search_box(paper, served_site):
    paper.goto(served_site + PLAN)
    assert paper.locator("form.site-search").count() == 1
    assert not paper.locator("form.site-search").is_visible()
    assert not paper.locator("#site-search").is_visible()


def test_a_printed_page_is_white_with_dark_title_dates_and_notes(paper, served_site):
    paper.goto(served_site + PLAN)
    assert paper.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(255, 255, 255)"
    for selector in (".site-title", ".meta", ".timeline__date", "h1", "main p"):
        assert _low_contrast(paper, selector) == [], selector


def test_the_printed_timeline_chart_has_dark_labels_and_outlined_bars(paper, served_site):
    paper.goto(served_site + TIMELINE)
    for selector in (".overview__label", ".overview__year", ".timeline__date", ".meta"):
        assert _low_contrast(paper, selector) == [], selector
    bars = paper.evaluate(a11y_checks._JS_HELPERS + """
        () => [...document.querySelectorAll('.overview__period')].map(bar =>
          contrast(rgba(getComputedStyle(bar).stroke), [255, 255, 255]))""")
    assert bars and min(bars) >= 3


def test_the_printed_timeline_chart_fits_the_width_of_a_sheet_of_a4(paper, served_site):
    paper.set_viewport_size({"width": 640, "height": 900})  # 170 mm between the margins, at 96 px an inch
    paper.goto(served_site + TIMELINE)
    chart = paper.evaluate("document.querySelector('.overview__svg').getBoundingClientRect().right")
    assert chart <= paper.evaluate("document.querySelector('main').getBoundingClientRect().right")


# A link whose words are its address; the template marks it with data-same-address.
LINK_AFTER = """same => {
  const a = document.createElement('a');
  a.href = 'https://example.org/paper.pdf';
  a.className = 'external';
  a.textContent = same ? a.href : 'The paper';
  if (same) a.dataset.sameAddress = '';
  document.querySelector('main').append(a);
  return getComputedStyle(a, '::after').content;
}"""


def test_a_printed_link_shows_its_address_once(paper, served_site):
    paper.goto(served_site + PLAN)
    assert "https://example.org/paper.pdf" in paper.evaluate(LINK_AFTER, False)
    assert paper.evaluate(LINK_AFTER, True) in ("none", "normal")


def test_a_published_at_address_prints_once_on_a_real_page(paper, served_site):
    """The template marks a link whose words are its address, so paper shows the address once, not twice."""
    paper.goto(served_site + "/reports/police-and-crime-panel/2017-06-14/item-10-0/")
    after = paper.evaluate("getComputedStyle(document.querySelector('main a.external'), '::after').content")
    assert after in ("none", "normal")
