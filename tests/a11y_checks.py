"""Accessibility and web-standards checks over a built site, shared by the tests and tests/audit.py.

Each check looks at a built site (in Chromium, through Playwright, where it needs a browser) and
returns a `Check`: its name, how many pages it looked at, and its findings, each naming the page,
the rule and the element. Nothing here uses the network: the site is served on 127.0.0.1 and
addresses of other websites are only parsed, never fetched.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, quote, unquote, urljoin, urlsplit

REPO = Path(__file__).resolve().parents[1]
VNU_JAR = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP, PHONE = 1280, 375
NARROWEST = 320  # WCAG 1.4.10: a 1280 px wide window zoomed to 400%
ZOOMED = 640  # a 1280 px wide window zoomed to 200% lays pages out in 640 CSS px
SEARCH_QUERY = "police"
SEARCH_STATE = f"/search/?q={SEARCH_QUERY} (results and filters open)"
RESULT_LINK = ".pagefind-ui__result-link"


@dataclass(frozen=True)
class Finding:
    """One thing wrong: on which page, by which rule, in which element."""

    page: str
    rule: str
    element: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.page}: {self.rule}: {self.element}" + (f": {self.detail}" if self.detail else "")


@dataclass
class Check:
    """What one check looked at and found; `known` lists accepted issues, which are not failures."""

    name: str
    pages: int
    findings: list[Finding] = field(default_factory=list)
    known: list[str] = field(default_factory=list)

    def report(self) -> str:
        """Return every finding, one a line, for a failing test's message."""
        return f"{self.name}: {len(self.findings)} findings\n" + "\n".join(map(str, self.findings))


def get_pages(site: Path) -> list[str]:
    """Return the URL of every HTML page of a built site (Pagefind's own files are not pages)."""
    urls = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site)
        if relative.parts[0] != "pagefind":
            urls.append("/" + relative.as_posix().removesuffix("index.html"))
    return urls


# --- HTML validity -------------------------------------------------------------------------------

def find_vnu_problem() -> str | None:
    """Return why the Nu Html Checker cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "java is missing (apt-get install -y openjdk-17-jre-headless)"
    if not VNU_JAR.is_file():
        return f"{VNU_JAR.relative_to(REPO)} is missing (npm ci)"
    return None


def check_html(site: Path) -> Check:
    """Run the Nu Html Checker once over every page (not Pagefind's files); every error is a finding."""
    site = site.resolve()  # the checker names files by absolute path
    targets = [str(p) for p in sorted(site.iterdir()) if p.name not in ("pagefind", "assets")
               and (p.is_dir() or p.suffix == ".html")]
    # --skip-non-html: in a folder the checker otherwise reads every file, scripts too, as HTML.
    done = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", "--format", "json",
                           "--stdout", *targets], capture_output=True, text=True, timeout=600)
    check = Check("HTML valid (Nu Html Checker)", len(get_pages(site)))
    try:
        messages = json.loads(done.stdout)["messages"]
    except (ValueError, KeyError):
        check.findings.append(Finding("(site)", "vnu", "the checker", f"did not run: {done.stderr.strip()[:500]}"))
        return check
    for m in messages:
        path = Path(unquote(urlsplit(m.get("url", "")).path))
        page = "/" + path.relative_to(site).as_posix() if path.is_relative_to(site) else "(site)"
        check.findings.append(Finding(page.removesuffix("index.html"), f"vnu {m['type']}",
                                      f"line {m.get('lastLine', '?')}", m["message"]))
    return check


# --- Links ---------------------------------------------------------------------------------------

LINK_ATTRIBUTES = {"a": "href", "link": "href", "area": "href", "script": "src", "img": "src", "form": "action",
                   "source": "src", "iframe": "src"}


class _Links(HTMLParser):
    """Collect the addresses a page links to or loads, and the ids it has."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (tag, address)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        address = attrs.get(LINK_ATTRIBUTES.get(tag, ""))
        if address is not None:
            self.links.append((tag, address))


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _file_of(site: Path, url: str) -> Path:
    path = site / unquote(urlsplit(url).path).lstrip("/")
    return path / "index.html" if path.is_dir() else path


def check_links(site: Path) -> Check:
    """Follow every link, form, script and stylesheet inside the site, and every #fragment."""
    pages = get_pages(site)
    parsed = {url: _parse(_file_of(site, url)) for url in pages}
    check = Check("internal links and #fragments resolve", len(pages))
    for url, page in parsed.items():
        for tag, address in page.links:
            problem = _link_problem(site, parsed, urljoin(url, address))
            if problem:
                check.findings.append(Finding(url, problem[0], f"<{tag}> {address}", problem[1]))
    return check


def _link_problem(site: Path, parsed: dict[str, _Links], address: str) -> tuple[str, str] | None:
    """Return (rule, problem) for an address that leads nowhere in the site; None if fine or external."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        return None
    target = _file_of(site, parts.path)
    if not target.is_file():
        return ("broken link", "no such page or file")
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html":
        page = parsed.get(parts.path) or _parse(target)
        if fragment not in page.ids:
            return ("broken fragment", f"no id '{fragment}' on that page")
    return None


_HOST = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", re.IGNORECASE)
_EMAIL = re.compile(r"[^@\s/]+@[a-z0-9.-]+\.[a-z]{2,63}", re.IGNORECASE)


def check_external_addresses(site: Path) -> Check:
    """Parse every address of another website (never fetched): well formed, https; http ones are known."""
    pages = get_pages(site)
    check = Check("addresses of other websites well formed", len(pages))
    seen_http: set[str] = set()
    for url in pages:
        for tag, address in _parse(_file_of(site, url)).links:
            problem = _external_problem(address)
            if problem:
                check.findings.append(Finding(url, "malformed address", f"<{tag}> {address}", problem))
            elif address.startswith("http://") and address not in seen_http:
                seen_http.add(address)
                check.known.append(f"{url}: http:// link (the address as the source gives it): {address}")
    return check


def _external_problem(address: str) -> str | None:
    """Return what is wrong with an absolute address, or None (relative addresses are not checked here)."""
    parts = urlsplit(address)
    if not parts.scheme:
        return None
    if re.search(r"\s|[\x00-\x1f<>\"]", address):
        return "contains a space, a control character, or <, > or \""
    if parts.scheme == "mailto":
        return None if _EMAIL.fullmatch(unquote(parts.path)) else "not an email address"
    if parts.scheme == "tel":
        return None if re.fullmatch(r"\+?[0-9-]+", parts.path) else "not a telephone number"
    if parts.scheme not in ("http", "https"):
        return f"the scheme '{parts.scheme}:' is not a web address"
    try:
        parts.port
    except ValueError:
        return "the port is not a number"
    if not parts.hostname or not _HOST.fullmatch(parts.hostname) or parts.username or parts.password:
        return "the host is not a domain name"
    return None


# --- In the browser ------------------------------------------------------------------------------

def find_axe_problem() -> str | None:
    """Return why axe-core cannot be loaded here, or None when it can."""
    try:
        axe_source()
    except (ModuleNotFoundError, FileNotFoundError):
        return "axe-core is missing (pip install -e '.[test]' installs axe-playwright-python)"
    return None


def axe_source() -> str:
    """Return axe-core's source, as the axe-playwright-python package ships it."""
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


# Shared by the scripts below: describe an element for a finding; colours and contrast as WCAG defines them.
_JS_HELPERS = r"""
const describe = el => {
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const text = (el.innerText || el.getAttribute('aria-label') || el.getAttribute('href') || '').trim();
  return text ? `${name} "${text.slice(0, 40)}"` : name;
};
const rgba = c => {
  const m = /rgba?\(([^)]+)\)/.exec(c || '');
  if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const luminance = ([r, g, b]) => {
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
};
const contrast = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100;
};
const backgroundOf = el => {
  for (let e = el; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) return c;
  }
  return [255, 255, 255, 1];
};
"""

# WCAG 2.4.7: each link, button, field and summary, once focused from the keyboard, shows an outline
# at least 2 px wide, or a box shadow. The first Tab makes later script focus count as keyboard focus.
FOCUS_SCRIPT = _JS_HELPERS + r"""
() => {
  const found = [];
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('[hidden], [inert]') || !el.checkVisibility({visibilityProperty: true})) continue;
    el.focus({preventScroll: true});
    if (document.activeElement !== el) continue;
    if (!el.matches(':focus-visible')) { found.push([describe(el), 'focused, but not shown as keyboard focus']); continue; }
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    if (!outline && (!s.boxShadow || s.boxShadow === 'none')) {
      found.push([describe(el), `no visible focus indicator (outline ${s.outlineStyle} ${s.outlineWidth}, no box shadow)`]);
    }
  }
  if (document.activeElement) document.activeElement.blur();
  return found;
}
"""

# WCAG 1.4.1, 1.4.3 and 1.4.11 for status: every tag says its status in words, with text contrast of
# 4.5:1 and a border of 3:1; timeline markers have 3:1 against what is behind them, and scheduled
# steps differ by shape (a dashed ring) and a tag in words, never by colour alone.
STATUS_SCRIPT = _JS_HELPERS + r"""
() => {
  const found = [];
  const visible = el => el.checkVisibility({visibilityProperty: true});
  for (const tag of document.querySelectorAll('.tag')) {
    if (!visible(tag)) continue;
    const s = getComputedStyle(tag), bg = backgroundOf(tag);
    if (!/[a-z]{2}/i.test(tag.innerText)) found.push(['status in words', describe(tag), 'the tag has no words']);
    const text = contrast(rgba(s.color), bg);
    if (text < 4.5) found.push(['status text contrast', describe(tag), `${text}:1, needs 4.5:1`]);
    const border = contrast(rgba(s.borderTopColor), bg);
    if (s.borderTopStyle === 'none' || parseFloat(s.borderTopWidth) < 1) found.push(['status tag outline', describe(tag), 'no border']);
    else if (border < 3) found.push(['status tag outline contrast', describe(tag), `${border}:1, needs 3:1`]);
  }
  for (const item of document.querySelectorAll('.timeline__item')) {
    const marker = getComputedStyle(item, '::before');
    if (marker.content === 'none') continue;
    const ratio = contrast(rgba(marker.borderTopColor), backgroundOf(item));
    if (ratio < 3) found.push(['timeline marker contrast', describe(item), `${ratio}:1, needs 3:1`]);
    if (item.matches('.timeline__item--scheduled')) {
      if (marker.borderTopStyle === 'solid') found.push(['scheduled marker shape', describe(item), 'drawn like a done step']);
      if (!item.querySelector('.tag')) found.push(['scheduled in words', describe(item), 'no tag saying it is due or scheduled']);
    }
  }
  const period = document.querySelector('.overview__period');
  const behind = [backgroundOf(document.querySelector('.overview') || document.body)];
  if (period) behind.push(rgba(getComputedStyle(period).fill));
  const shapes = new Set();
  for (const marker of document.querySelectorAll('.overview__marker')) {
    const shape = [...marker.classList].find(c => c.startsWith('overview__marker--'));
    if (!shape) found.push(['marker shape', describe(marker), 'no shape class: kinds must differ by shape']);
    if (!marker.closest('.legend')) shapes.add(shape);
    for (const b of behind) {
      const ratio = contrast(rgba(getComputedStyle(marker).fill), b);
      if (ratio < 3) found.push(['overview marker contrast', describe(marker), `${ratio}:1, needs 3:1`]);
    }
  }
  const legend = new Set([...document.querySelectorAll('.legend .overview__marker')].map(m =>
    [...m.classList].find(c => c.startsWith('overview__marker--'))));
  for (const shape of shapes) if (!legend.has(shape)) found.push(['marker legend', shape, 'the legend does not explain this shape']);
  return found;
}
"""

# WCAG 1.4.10: the page does not scroll sideways; if it does, name the innermost elements that stick out.
REFLOW_SCRIPT = _JS_HELPERS + r"""
() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > root.clientWidth + 1);
  const innermost = wide.filter(e => !wide.some(o => o !== e && e.contains(o)));
  return [root.scrollWidth, root.clientWidth, innermost.slice(0, 3).map(describe).join('; ')];
}
"""

AXE_SCRIPT = """options => axe.run(document, options).then(results => results.violations.map(v => ({
  id: v.id, help: v.help, impact: v.impact, targets: v.nodes.map(n => n.target.join(' '))})))"""

Probe = Callable[[object, str], list[Finding]]


def probe_axe(scheme: str) -> Probe:
    """Return a probe running axe's WCAG 2.0, 2.1 and 2.2 A and AA rules on the page as it is."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

    def probe(page, url: str) -> list[Finding]:
        return [Finding(url, f"axe {v['id']}", target, f"{v['help']} ({scheme} colours)")
                for v in page.evaluate(AXE_SCRIPT, options) for target in v["targets"]]
    return probe


def probe_focus(page, url: str) -> list[Finding]:
    """Focus every link, button and field as the keyboard would; each must show that it has focus."""
    page.keyboard.press("Tab")
    return [Finding(url, "focus visible", element, detail) for element, detail in page.evaluate(FOCUS_SCRIPT)]


def probe_status(scheme: str) -> Probe:
    """Return a probe checking status tags and timeline markers: words, shapes and contrast."""
    def probe(page, url: str) -> list[Finding]:
        return [Finding(url, rule, element, f"{detail} ({scheme} colours)")
                for rule, element, detail in page.evaluate(STATUS_SCRIPT)]
    return probe


def probe_reflow(page, url: str) -> list[Finding]:
    """At 320 CSS px wide and at 200% zoom of a 1280 px window, the page does not scroll sideways."""
    found = []
    size = page.viewport_size
    for width, label in ((NARROWEST, "320 px wide"), (ZOOMED, "200% zoom")):
        page.set_viewport_size({"width": width, "height": size["height"]})
        overflow = page.evaluate(REFLOW_SCRIPT)
        if overflow:
            found.append(Finding(url, f"scrolls sideways at {label}", overflow[2] or "(page)",
                                 f"{overflow[0]} px of content in {overflow[1]} px"))
    page.set_viewport_size(size)
    return found


def new_context(browser, scheme: str, width: int):
    """Open a browser context in light or dark colours at a width, with axe loaded into every page."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    context.add_init_script(axe_source())  # injected by the browser itself, so a strict CSP cannot block it
    return context


def open_search_state(page, base: str, query: str = SEARCH_QUERY) -> None:
    """Search, wait for the results to render, then open every filter group (the UI's fullest state)."""
    page.goto(f"{base}/search/?q={quote(query)}")
    page.wait_for_selector(".pagefind-ui__message", timeout=30000)
    page.wait_for_function(f"""() => {{ const m = document.querySelector('.pagefind-ui__message').textContent;
        const n = (/^(\\d+) results? for/.exec(m) || [0, 0])[1];
        return document.querySelectorAll('{RESULT_LINK}').length >= Math.min(Number(n), 5); }}""", timeout=30000)
    for summary in page.query_selector_all("details.pagefind-ui__filter-block:not([open]) > summary"):
        summary.click()


def run_probes(context, base: str, urls: list[str], probes: dict[str, tuple[str, Probe]]) -> dict[str, Check]:
    """Load each page once and run every probe on it, then the search page with results showing.

    `probes` maps a short key to the check's name and its probe; the result maps the key to the Check.
    """
    page = context.new_page()
    findings: dict[str, list[Finding]] = {key: [] for key in probes}
    states = [(url, lambda url=url: page.goto(base + url)) for url in urls]
    if "/search/" in urls:
        states.append((SEARCH_STATE, lambda: open_search_state(page, base)))
    for label, open_state in states:
        open_state()
        for key, (_, probe) in probes.items():
            findings[key] += probe(page, label)
    page.close()
    return {key: Check(name, len(states), findings[key]) for key, (name, _) in probes.items()}


def check_light(browser, base: str, urls: list[str]) -> dict[str, Check]:
    """At desktop width in light colours: axe, visible focus, and status tags and markers, on every page."""
    context = new_context(browser, "light", DESKTOP)
    try:
        return run_probes(context, base, urls, {
            "axe": ("axe WCAG 2.2 A and AA, light colours, 1280 px", probe_axe("light")),
            "focus": ("focus visible on every link, button and field", probe_focus),
            "status": ("status in words, shapes and contrast, light colours", probe_status("light")),
        })
    finally:
        context.close()


def check_dark(browser, base: str, urls: list[str]) -> dict[str, Check]:
    """At phone width in dark colours: axe and status tags and markers; then reflow at 320 px and 200% zoom.

    Pairing the dark colours with the narrow widths covers both while loading every page only twice.
    """
    context = new_context(browser, "dark", PHONE)
    try:
        return run_probes(context, base, urls, {
            "axe": ("axe WCAG 2.2 A and AA, dark colours, 375 px", probe_axe("dark")),
            "status": ("status in words, shapes and contrast, dark colours", probe_status("dark")),
            "reflow": ("no sideways scrolling at 320 px and 200% zoom", probe_reflow),
        })
    finally:
        context.close()


# --- Keyboard ------------------------------------------------------------------------------------

def _tab_to(page, selector: str, most: int = 60, test: str = "el => true") -> bool:
    """Press Tab until the focused element matches `selector` (and passes `test`); return whether it did."""
    script = f"s => {{ const el = document.activeElement; return !!el && el.matches(s) && ({test})(el); }}"
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(script, selector):
            return True
    return False


# A filter value that some results have: its label ends with a count other than "(0)".
_HAS_RESULTS = "el => !/\\(0\\)\\s*$/.test(el.labels[0] ? el.labels[0].textContent : '(0)')"


def check_skip_link(page, base: str) -> list[Finding]:
    """The first Tab shows the skip link; Enter on it moves focus to the main content."""
    page.goto(base + "/")
    page.keyboard.press("Tab")
    if not page.evaluate("document.activeElement.matches('a.skip-link')"):
        return [Finding("/", "skip link", "first Tab stop", "the first Tab does not reach the skip link")]
    box = page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect(); "
                        "return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.width > 0; })()")
    page.keyboard.press("Enter")
    found = [] if box else [Finding("/", "skip link", "a.skip-link", "not on screen when focused")]
    if not page.evaluate("document.activeElement.id === 'main-content'"):
        found.append(Finding("/", "skip link", "a.skip-link", "Enter does not move focus to the main content"))
    elif page.evaluate("getComputedStyle(document.activeElement).backgroundColor") != "rgba(0, 0, 0, 0)":
        found.append(Finding("/", "skip link", "main", "the main content, once focused, is painted in the focus "
                             "colour (its text then fails contrast in dark colours)"))
    return found


def check_search_by_keyboard(page, base: str) -> list[Finding]:
    """Search from the header box, narrow by a filter and open a result, by keyboard alone."""
    page.goto(base + "/")
    if not _tab_to(page, "input[name=q]"):
        return [Finding("/", "search by keyboard", "header search box", "Tab never reaches it")]
    page.keyboard.type(SEARCH_QUERY)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector(RESULT_LINK, timeout=30000)
    problem = _tick_a_filter(page) or _open_a_result(page)
    return [Finding("/ then /search/", *problem)] if problem else []


def _tick_a_filter(page) -> tuple[str, str, str] | None:
    """Open a filter group with Enter and tick a value with Space; return (rule, element, problem) if not."""
    before = page.inner_text(".pagefind-ui__message")
    if not _tab_to(page, "summary.pagefind-ui__filter-name"):
        return ("filters by keyboard", "filter group", "Tab never reaches a filter group")
    page.keyboard.press("Enter")
    if not _tab_to(page, "input[type=checkbox]", most=30, test=_HAS_RESULTS):
        return ("filters by keyboard", "filter group", "Enter does not open it to a checkbox")
    page.keyboard.press("Space")
    if not page.evaluate("document.activeElement.checked"):
        return ("filters by keyboard", "filter checkbox", "Space does not tick it")
    try:  # the results change to the filtered ones (or stay, where every result has that value)
        page.wait_for_function("m => document.querySelector('.pagefind-ui__message').textContent !== m",
                               arg=before, timeout=3000)
    except Exception:
        pass
    return None


def _open_a_result(page) -> tuple[str, str, str] | None:
    """Tab to a result and open it with Enter; return (rule, element, problem) if that fails."""
    page.wait_for_selector(RESULT_LINK, timeout=15000)
    if not _tab_to(page, RESULT_LINK, most=120):
        return ("search by keyboard", "results", "Tab never reaches a result")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return ("search by keyboard", "result link", "Enter does not open it") if "/search/" in page.url else None


def check_sort_by_keyboard(page, base: str) -> list[Finding]:
    """Choosing an order with the arrow keys does not reload the page; the Apply button does."""
    where = f"/search/?q={SEARCH_QUERY}"
    page.goto(base + where)
    page.wait_for_selector(RESULT_LINK, timeout=30000)
    if not _tab_to(page, "#search-sort", most=120):
        return [Finding(where, "sort by keyboard", "select#search-sort", "Tab never reaches it")]
    from playwright.sync_api import TimeoutError as NoNavigation
    try:  # proving that something does not happen takes a wait: a reload would start within a second
        with page.expect_request(lambda request: request.is_navigation_request(), timeout=1000):
            page.keyboard.press("ArrowDown")
        return [Finding(where, "sort by keyboard", "select#search-sort", "changing it reloads the page (WCAG 3.2.2)")]
    except NoNavigation:
        pass
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return [] if "sort=desc" in page.url else [Finding(where, "sort by keyboard", "Apply", "the order is not applied")]


def check_timeline_filter_by_keyboard(page, base: str) -> list[Finding]:
    """Tab to a timeline filter and press Enter: the filtered timeline opens, marked as current."""
    page.goto(base + "/timeline/")
    if not _tab_to(page, ".filters a[href]"):
        return [Finding("/timeline/", "timeline filters by keyboard", ".filters", "Tab never reaches a filter")]
    target = page.evaluate("document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if not page.url.endswith(target) or not page.query_selector(".filters [aria-current=page]"):
        return [Finding("/timeline/", "timeline filters by keyboard", target, "Enter does not open the filter")]
    return []


def check_keyboard(browser, base: str) -> Check:
    """Use the skip link, the search, its filters and order, and the timeline filters by keyboard alone."""
    context = browser.new_context(viewport={"width": DESKTOP, "height": 800})
    page = context.new_page()
    try:
        findings = []
        for step in (check_skip_link, check_search_by_keyboard, check_sort_by_keyboard,
                     check_timeline_filter_by_keyboard):
            findings += step(page, base)
        return Check("skip link, search, filters and order by keyboard", 4, findings)
    finally:
        context.close()


def take_screenshots(browser, base: str, urls: dict[str, str], folder: Path) -> list[Path]:
    """Write a full-page screenshot of each page at phone and desktop widths, for people to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for width, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for name, url in urls.items():
            query = parse_qs(urlsplit(url).query).get("q")
            if url.startswith("/search/") and query:
                open_search_state(page, base, query[0])
            else:
                page.goto(base + url)
            path = folder / f"{name}-{label}-{width}.png"
            page.screenshot(path=str(path), full_page=True)
            written.append(path)
        context.close()
    return written
