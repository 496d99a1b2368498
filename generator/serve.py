"""Live preview: build, serve on loopback, rebuild when edits settle, reload the browser.

While the content or a template is broken, every HTML page shows the problems (`path:line:
message`) instead; the last good site stays on disk, and the preview returns once the files are
fixed. The server serves only files inside the output folder.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import mimetypes
import os
import multiprocessing
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import watchfiles
from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado import ioloop

from .build import BuildReport, Snapshot, build, finish_rebuild, guard_output, rebuild, require_folder
from .config import Paths
from .search import reindex_in_place
from .errors import BuildFailed
from .write import EnvironmentProblem

STEP_MS = 30  # a change is reported once the files have been still this long (an editor's save is one change)
RETRY_SECONDS = 0.3  # a failed rebuild is tried again after this long before its problems are shown
FINISH_SECONDS = 1.0  # after the last rebuild, this long before open data and the search index are made again
DAY_CHECK_MS = 60_000  # how often a preview looks whether the date has changed since its last build


@dataclass
class Preview:
    """The state of one preview session: the last good build, the problems of the last try, what is pending."""

    paths: Paths
    today: dt.date | None
    problems: list[str] = field(default_factory=list)
    last_good: Snapshot | None = None  # what the last successful build rendered
    building: bool = False
    pending: bool = False  # files changed while a rebuild ran: rebuild again when it ends
    touched: set[str] = field(default_factory=set)  # files the watcher saw change since the last rebuild began
    look_at_all: bool = False  # a rebuild failed: the next looks at every file, not only those just touched
    indexing: Future | None = None  # the indexer's work: wait for the copy writing open data, then index
    finish_due: object = None  # the timer for the work left until the edits settle
    jobs: int | None = None  # processes the next full build may use: 1 after the first (see build.rebuild)

    def rebuild(self, confirm: bool = True, touched: set[str] | None = None) -> bool | None:
        """Build (in full the first time, else only what the edit affects); say what happened; True if it worked.

        Without `confirm`, a failure is not shown but answered with None: the files may have been caught
        half-saved, so the caller tries again a moment later before showing any problem.
        """
        try:
            if self.last_good is None:
                jobs, self.jobs = self.jobs, 1  # only the first build, before serve() starts threads, forks a pool
                report = build(self.paths, self.today, keep_snapshot=True, jobs=jobs)
            else:
                report = rebuild(self.paths, self.last_good, self.today, None if self.look_at_all else touched)
        except Exception as failure:  # noqa: BLE001 - a preview must survive anything and say what happened
            self.look_at_all = True  # what failed was read from files that may not be touched again
            if not confirm:
                return None
            self.problems = _problems_of(failure)
        else:
            self.look_at_all = False
            first, self.problems, self.last_good = self.last_good is None, [], report.snapshot
            print(_describe(report, first), flush=True)
            return True
        print(f"The site has {len(self.problems)} problem(s); the browser shows them until they are fixed:",
              flush=True)
        for line in self.problems:
            print(f"  {line}", flush=True)
        return False

    def day_changed(self) -> bool:
        """Say whether today's date is not the one the last good build judged by (never with --today).

        Consultations open and close, and steps fall due, with the date: a preview left running past
        midnight then rebuilds every page, as a build on the new day would.
        """
        return self.today is None and self.last_good is not None and not self.problems and not self.building \
            and self.last_good.site.today != dt.date.today()

    def indexer_busy(self) -> bool:
        """Say whether the indexer is still at work (its copy writing open data, or Pagefind).

        The next copy waits: one writes open data at a time, so an older one never writes last, and
        it is forked only while neither the builder nor the indexer thread is at work (see build.rebuild).
        """
        return self.indexing is not None and not self.indexing.done()

    def start_finish(self):
        """Start writing the open data and sitemap that rebuilds left for later, in a forked copy of this process.

        The copy sees the Site as it is at this moment and does its work while edits go on here.
        """
        if self.last_good is None or self.problems:
            return None
        process = multiprocessing.get_context("fork").Process(target=_finish_quietly,
                                                             args=(self.paths, self.last_good), daemon=True)
        process.start()
        return process

    def finish_and_reindex(self, process) -> None:
        """Wait for the open data to be written, then make the search index again from the pages on disk."""
        process.join()
        if process.exitcode != 0:
            print("Open data could not be brought up to date; the next edit tries again.", flush=True)
        try:
            reindex_in_place(self.paths.output)
        except EnvironmentProblem as problem:
            print(f"The search index could not be brought up to date: {problem}", flush=True)
        else:
            print("Open data and the search index are up to date.", flush=True)


def _problems_of(failure: Exception) -> list[str]:
    """Return the lines the problems page shows for a failed rebuild."""
    if isinstance(failure, BuildFailed):
        return [str(e) for e in failure.errors]
    if isinstance(failure, EnvironmentProblem):
        return [f"error: {failure}"]
    return [f"error: the generator failed unexpectedly ({type(failure).__name__}: {failure}). This is a bug in "
            "the generator, not in your content: please report it."]


def _finish_quietly(paths: Paths, snapshot: Snapshot) -> None:
    """In the forked copy: write the open data; on failure, one line and exit status 1."""
    try:
        finish_rebuild(paths, snapshot)
    except Exception as exc:  # noqa: BLE001
        print(f"Open data could not be brought up to date ({type(exc).__name__}: {exc}).", flush=True)
        os._exit(1)


def _describe(report: BuildReport, first: bool) -> str:
    """Say in one line what a build or rebuild did."""
    ms = report.seconds * 1000
    if first:
        return f"Built {report.pages} pages in {ms:.0f} ms."
    shown = ", ".join(report.changed[:5]) + (f" and {len(report.changed) - 5} more"
                                             if len(report.changed) > 5 else "")
    return (f"Rebuilt in {ms:.0f} ms: {report.rendered} of the site's files rendered again, "
            f"{len(report.changed)} changed{': ' + shown if report.changed else ''}.")


def error_page(problems: list[str]) -> bytes:
    """Return a page listing every problem; it depends on no template, as a template may be broken."""
    items = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>The preview has {len(problems)} problem(s)</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
li{{margin:.5rem 0}}code{{white-space:pre-wrap;font-size:1rem}}</style>
</head>
<body>
<main>
<h1>The preview cannot be shown: {len(problems)} problem(s) to fix</h1>
<p>Each line names the file, the line in it, and what is wrong. Save a fix and this page reloads by
itself. Nothing is published while these remain.</p>
<ol>
{items}
</ol>
</main>
</body>
</html>
""".encode("utf-8")


def make_app(preview: Preview):
    """Return the WSGI app: files from the output folder only, or the problems page."""
    root = preview.paths.output

    def app(environ, start_response):
        path = unquote(environ.get("PATH_INFO", "/"))
        wants_page = path.endswith("/") or path.endswith(".html")
        if preview.problems and wants_page:
            return _respond(start_response, "500 Internal Server Error", "text/html; charset=utf-8",
                            error_page(preview.problems))
        target = resolve_inside(root, path)
        if target is None:
            return _not_found(start_response, root)
        return _respond(start_response, "200 OK", _content_type(target), target.read_bytes())

    return app


def resolve_inside(root: Path, url_path: str) -> Path | None:
    """Return the file a URL path names inside `root`, or None (never a file outside it)."""
    relative = url_path.lstrip("/")
    if "\0" in relative:
        return None
    candidate = (root / relative).resolve()
    base = root.resolve()
    if candidate != base and base not in candidate.parents:
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def _not_found(start_response, root: Path):
    page = root / "404.html"
    body = page.read_bytes() if page.is_file() else b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>"
    return _respond(start_response, "404 Not Found", "text/html; charset=utf-8", body)


def _content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith(("json", "xml", "javascript")) \
        else kind


def _respond(start_response, status: str, content_type: str, body: bytes):
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store")])
    return [body]


class _QuietServer(Server):
    """livereload's server, without its request logging (the preview prints its own lines)."""

    def _setup_logging(self) -> None:
        logging.getLogger("livereload").setLevel(logging.WARNING)
        logging.getLogger("tornado.access").setLevel(logging.ERROR)


class _OwnWatcher(Watcher):
    """Tell livereload not to watch anything itself: this module looks at the files and debounces."""

    def __init__(self) -> None:
        super().__init__()
        self._tasks = {"(the preview's own watcher)": {}}

    def start(self, callback) -> bool:
        return True  # no polling by livereload

    def examine(self):
        return None, None


def serve(paths: Paths, host: str, port: int, today: dt.date | None = None) -> None:
    """Build, then serve with live reload until interrupted."""
    guard_output(paths)  # before anything is served from it
    require_folder(paths.content, "content")  # the watcher needs both
    require_folder(paths.layouts, "layouts")
    preview = Preview(paths, today)
    preview.rebuild()  # on every core: no thread has started yet (later full builds use one process)
    server = _QuietServer(app=make_app(preview), watcher=_OwnWatcher())
    builder = ThreadPoolExecutor(max_workers=1)  # rebuilds, one at a time
    indexer = ThreadPoolExecutor(max_workers=1)  # the search index, which may take a while at scale
    stop = threading.Event()
    loop = ioloop.IOLoop.current()
    threading.Thread(target=_watch, args=(paths, loop, lambda touched: _changed(preview, builder, indexer, touched),
                                          stop), daemon=True).start()
    loop.add_callback(lambda: print(f"Serving the preview at http://{host}:{port}/ (press Ctrl+C to stop).",
                                    flush=True))  # said once the server listens, when the loop starts
    check_the_date(preview, builder, indexer)
    try:
        server.serve(host=host, port=port, restart_delay=0, open_url_delay=None, debug=False)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot serve on {host}:{port} ({exc.strerror}): choose another port "
                                 "with --port") from None
    finally:
        stop.set()
        builder.shutdown(wait=False, cancel_futures=True)
        indexer.shutdown(wait=False, cancel_futures=True)


def check_the_date(preview: Preview, builder: ThreadPoolExecutor, indexer: ThreadPoolExecutor,
                   every_ms: int = DAY_CHECK_MS) -> ioloop.PeriodicCallback:
    """Look every `every_ms` whether the date has changed since the last build, and rebuild if so (on this loop)."""
    check = ioloop.PeriodicCallback(lambda: preview.day_changed() and _changed(preview, builder, indexer, set()),
                                    every_ms)
    check.start()
    return check


def _watch(paths: Paths, loop: ioloop.IOLoop, on_change, stop: threading.Event) -> None:
    """Wait for changes to the content and layouts (inotify where there is one); report each batch to the loop."""
    try:
        for changes in watchfiles.watch(paths.content, paths.layouts, step=STEP_MS, stop_event=stop, debug=False,
                                        raise_interrupt=False):
            loop.add_callback(on_change, {path for _, path in changes})
    except Exception as exc:  # noqa: BLE001 - e.g. a watched folder removed: say so in one line
        print(f"Stopped watching for edits ({type(exc).__name__}: {exc}); restart the preview.", flush=True)


def _changed(preview: Preview, builder: ThreadPoolExecutor, indexer: ThreadPoolExecutor,
             touched: set[str] = frozenset()) -> None:
    """Start a rebuild now, or once the one running ends."""
    preview.touched |= touched
    if preview.building:
        preview.pending = True
        return
    preview.building, preview.pending = True, False
    touched, preview.touched = preview.touched, set()
    loop = ioloop.IOLoop.current()
    if preview.finish_due is not None:
        loop.remove_timeout(preview.finish_due)
    future = loop.run_in_executor(builder, preview.rebuild, False, touched)
    loop.add_future(future, lambda done: _after_rebuild(preview, builder, indexer, done.result()))


def _after_rebuild(preview: Preview, builder: ThreadPoolExecutor, indexer: ThreadPoolExecutor,
                   ok: bool | None) -> None:
    """Tell the browser to reload; once edits settle, bring open data and search up to date."""
    loop = ioloop.IOLoop.current()
    if ok is None and not preview.pending:  # failed: look again once the files are surely saved
        loop.call_later(RETRY_SECONDS, lambda: loop.add_future(
            loop.run_in_executor(builder, preview.rebuild, True),
            lambda done: _after_rebuild(preview, builder, indexer, done.result())))
        return
    preview.building = False
    if ok is not None:
        LiveReloadHandler.reload_waiters()
    if preview.pending:
        _changed(preview, builder, indexer)
        return
    if ok:
        preview.finish_due = loop.call_later(FINISH_SECONDS, lambda: _finish(preview, builder, indexer))


def _finish(preview: Preview, builder: ThreadPoolExecutor, indexer: ThreadPoolExecutor) -> None:
    preview.finish_due = None
    if preview.building:
        return  # a rebuild started meanwhile: its own end will ask again
    loop = ioloop.IOLoop.current()
    if preview.indexer_busy():
        preview.finish_due = loop.call_later(FINISH_SECONDS, lambda: _finish(preview, builder, indexer))
        return
    process = preview.start_finish()  # forked here, between rebuilds: a settled Site
    if process is not None:
        preview.indexing = indexer.submit(preview.finish_and_reindex, process)
