"""Measure a resident's first search: run it in real Chromium, add up the bytes, time the first results.

    python bench/search_bytes.py [--site site] [--query "domestic abuse"]

Builds nothing: point it at a built site. Prints a table by kind of file and one JSON line.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-gpu", "--disable-quic"]


def kind_of(path: str) -> str:
    """Name the part of Pagefind (or the page) a request belongs to."""
    if "/pagefind/fragment/" in path:
        return "fragments"
    if "/pagefind/index/" in path or path.endswith("pagefind-entry.json") or "/pagefind/filter/" in path \
            or path.endswith(".pf_meta"):
        return "index"
    if "wasm" in path:
        return "wasm"
    if "pagefind-ui" in path:
        return "ui"
    if "/pagefind/" in path:
        return "search library"
    return "page"


WAIT_MS = 180_000  # Pagefind can take tens of seconds for a word on nearly every page of a very large site


def measure_first_search(base_url: str, query: str, browser) -> tuple[dict[str, int], dict[str, int], float]:
    """Open the search page, search once; return bytes fetched by kind (as served, gzipped) and seconds to results."""
    sizes: dict[str, int] = {}
    zipped: dict[str, int] = {}
    page = browser.new_page()

    def record(response) -> None:
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        kind = kind_of(response.url.split("?", 1)[0])
        sizes[kind] = sizes.get(kind, 0) + len(body)
        zipped[kind] = zipped.get(kind, 0) + len(gzip.compress(body, 9))

    page.on("response", record)
    started = time.perf_counter()
    page.goto(f"{base_url}/search/?q={query.replace(' ', '+')}")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=WAIT_MS)
    seconds = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    page.close()
    return sizes, zipped, seconds


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--query", default="domestic abuse")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server, base = _serve(args.site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            sizes, zipped, seconds = measure_first_search(base, args.query, browser)
            browser.close()
    finally:
        server.shutdown()
    search_total = sum(v for k, v in sizes.items() if k != "page")
    search_gzip = sum(v for k, v in zipped.items() if k != "page")
    print(f"{'':16} {'as served':>10} {'gzipped':>10}")
    for kind in sorted(sizes):
        print(f"{kind:16} {sizes[kind] / 1024:7.1f} KB {zipped[kind] / 1024:7.1f} KB")
    print(f"{'search total':16} {search_total / 1024:7.1f} KB {search_gzip / 1024:7.1f} KB "
          "(everything but the page itself)")
    print(f"first results shown {seconds:.1f} s after the page was asked for")
    print(json.dumps({"query": args.query, **{k.replace(' ', '_'): v for k, v in sizes.items()},
                      "search_total": search_total, "search_total_gzip": search_gzip, "first_results_s": seconds}))


if __name__ == "__main__":
    main()
