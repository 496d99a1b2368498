"""Audit a built site for accessibility and web standards, and print a table of what was found.

    python tests/audit.py [--site site] [--page URL ...]

It runs the checks tests/test_accessibility.py runs, from the same functions (tests/a11y_checks.py):
the Nu Html Checker over every page; internal links and #fragments; addresses of other websites
(parsed, never fetched); axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on every page in light and
dark colours; visible keyboard focus; status in words, shapes and contrast; no sideways scrolling
at 320 px and at 200% zoom; and the skip link, search, filters and order by keyboard alone. Known
issues (http:// links as the sources give them) are counted but are not failures. Exit status: 0
when nothing is found, 1 when anything is, 2 when the site folder is not a built site. With --page,
the browser checks look only at the pages named (the others still look at the whole site).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import a11y_checks as checks
from a11y_checks import Check, Finding
from conftest import CHROMIUM, CHROMIUM_ARGS, serve_folder


def run_audit(site: Path, browser, only: list[str] | None = None) -> list[Check]:
    """Run every check over a built site (the browser's over `only`, where given), serving it on 127.0.0.1."""
    pages = only or checks.get_pages(site)
    results = [_check_html(site), checks.check_links(site), checks.check_external_addresses(site)]
    server, base = serve_folder(site)
    server.handle_error = lambda request, address: None  # the browser drops connections it no longer needs
    try:
        results += checks.check_light(browser, base, pages).values()
        results += checks.check_dark(browser, base, pages).values()
        results.append(checks.check_keyboard(browser, base))
    finally:
        server.shutdown()
    return results


def _check_html(site: Path) -> Check:
    problem = checks.find_vnu_problem()
    if problem is None:
        return checks.check_html(site)
    return Check("HTML valid (Nu Html Checker)", 0, [Finding("(site)", "vnu", "the checker", f"cannot run: {problem}")])


def format_table(results: list[Check]) -> str:
    """Return the summary table: one row a check, with pages looked at, findings and known issues."""
    rows = [("check", "pages", "findings", "known")]
    rows += [(c.name, str(c.pages), str(len(c.findings)), str(len(c.known))) for c in results]
    width = max(len(r[0]) for r in rows)
    lines = [f"{r[0]:<{width}}  {r[1]:>5}  {r[2]:>8}  {r[3]:>5}" for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def format_details(results: list[Check]) -> str:
    """Return every finding (page: rule: element: detail), then every known issue, grouped by check."""
    lines = []
    for c in results:
        lines += [f"{c.name}: {f}" for f in c.findings]
    for c in results:
        lines += [f"known ({c.name}): {k}" for k in c.known]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Audit the site named on the command line; print the table and the findings; return the status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="site", help="the built site's folder (default: site)")
    parser.add_argument("--page", action="append", metavar="URL",
                        help="look at only this page in the browser, e.g. /plans/2021-24/ (may be repeated)")
    args = parser.parse_args(argv)
    site = Path(args.site).resolve()
    if not (site / "index.html").is_file():
        print(f"{site} is not a built site (no index.html): run python -m generator build first", file=sys.stderr)
        return 2
    unknown = sorted(set(args.page or ()) - set(checks.get_pages(site)))
    if unknown:
        print(f"no such page in {site}: {', '.join(unknown)}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            results = run_audit(site, browser, args.page)
        finally:
            browser.close()
    print(format_table(results))
    details = format_details(results)
    if details:
        print("\n" + details)
    return 1 if any(c.findings for c in results) else 0


if __name__ == "__main__":
    sys.exit(main())
