"""The work done on every core: reading the content files, and rendering routes into a folder.

Reading: workers read and parse shares of the content files and send the items back; then, while
the build links the items on one core, the same workers convert the Markdown bodies into the
Markdown store, so that the Markdown is done before rendering and no core waits for the serial
linking.

Rendering: workers are forked once the site is loaded and linked, so they share it without copying or
pickling; each renders a share of the routes, writes its pages straight into the folder and its
newly rendered Markdown into the cache, and sends back only digests and problems. A page whose bytes are the same as
the previous build's is hard-linked from the published site rather than written again.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Mapping

import jinja2

from .errors import ContentError, Errors
from .load import RawItem, iter_content_files, load_path
from .markup import Markup
from .render import render_route
from .routes import Route
from .write import EnvironmentProblem, write_file

PARALLEL_FROM = 300  # fewer pages (or files) than this are done in the build's own process (forking costs more)
CHUNK = 16  # routes a worker takes at a time (small, so the workers finish together)
READ_CHUNK = 32  # content files a worker reads at a time


@dataclass(frozen=True)
class ReadJob:
    """What a reading worker needs, inherited through fork."""

    content: Path
    root: Path  # for error paths
    markup: Markup | None  # where bodies are converted ahead of rendering; None: read only


@dataclass(frozen=True)
class RenderJob:
    """Everything a worker needs, inherited through fork (never pickled)."""

    env: jinja2.Environment
    markup: Markup
    routes: list[Route]
    folder: Path  # where to write
    published: Path  # the site as it is now: unchanged pages are linked from here
    previous: dict[str, list]  # the last build's outputs: relative path -> [size, mtime_ns, digest]
    root: Path  # for error paths


@dataclass
class Rendered:
    """What rendering some routes gave: page digests, problems, and the Markdown texts used (for the store)."""

    digests: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, int, str]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)  # each file's size and time, as written

    def add(self, other: Rendered) -> None:
        self.digests.update(other.digests)
        self.stats.update(other.stats)
        self.problems += other.problems
        self.used |= other.used


def digest_of(data: bytes) -> str:
    """Return the digest a page is compared by."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def worker_count(tasks: int, jobs: int | None) -> int:
    """Return how many processes to read or render with: every core the build may use, unless there is little to do."""
    if jobs is not None:
        return max(1, jobs)
    return len(os.sched_getaffinity(0)) if tasks >= PARALLEL_FROM else 1


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a site is read and linked, in this process only.

    Nearly every object made then is kept (the items, the links between them), so the collector's
    passes over them find nothing to free and only cost time; workers forked meanwhile turn it back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def read_content(content_dir: Path, errors: Errors, unchanged: Mapping[str, list[RawItem]], markup: Markup | None,
                 jobs: int | None) -> Iterator[dict[str, list[RawItem]]]:
    """Read every content file (on every core for a large site; not those in `unchanged`) and yield them by path.

    With `markup`, the workers that read a large site then convert each body's Markdown into the store while the
    block (the build's linking, on one core) runs, and the block's end waits for them; if the block fails, what they
    have not begun is dropped.
    """
    paths = list(iter_content_files(content_dir, errors))
    todo = [path for path in paths if str(path) not in unchanged]
    workers = worker_count(len(todo), jobs)
    if workers <= 1:
        read = {str(path): load_path(content_dir, path, errors) for path in todo}
        yield _in_order(paths, unchanged, read)
        return
    chunks = [tuple(todo[start:start + READ_CHUNK]) for start in range(0, len(todo), READ_CHUNK)]
    with _workers(ReadJob(content_dir, errors.root, markup), workers) as pool:
        read, converting = {}, []
        for part, problems in pool.map(_read_in_worker, chunks):
            read.update(part)
            errors.items += problems
            if markup is not None:  # queued behind the reading still to do, so that no worker waits
                converting.append(pool.submit(_convert_in_worker, bodies_of(part)))
        yield _in_order(paths, unchanged, read)
        for future in converting:
            future.result()


def _in_order(paths: list[Path], unchanged: Mapping[str, list[RawItem]], read: dict[str, list[RawItem]]
              ) -> dict[str, list[RawItem]]:
    return {str(path): unchanged[str(path)] if str(path) in unchanged else read[str(path)] for path in paths}


def bodies_of(files: dict[str, list[RawItem]]) -> list[str]:
    """Return the Markdown bodies of some files' items."""
    return [item.data["body"] for items in files.values() for item in items if isinstance(item.data.get("body"), str)]


def _read_chunk(job: ReadJob, chunk: tuple[Path, ...]) -> tuple[dict[str, list[RawItem]], list[ContentError]]:
    """Read some files; return their items and problems."""
    errors = Errors(job.root)
    return {str(path): load_path(job.content, path, errors) for path in chunk}, errors.items


def _convert_ahead(markup: Markup, texts: list[str]) -> None:
    """Convert bodies into the store before they are needed; one that fails is reported by rendering its page, with
    the template's line."""
    for text in texts:
        try:
            markup.render(text)
        except Exception:  # only to save time later: rendering the page reports what is wrong
            pass
    markup.save_news()


def render_pages(job: RenderJob, workers: int) -> Rendered:
    """Render every route of the job into its folder; collect what came back."""
    spans = _spans(job.routes)
    result = Rendered()
    gc.freeze()  # the loaded site is only read from now on: the collector need not walk it again, nor copy its pages
    # (no collection first, as Python's documentation advises for a pool forked after the collector was paused: it
    # took 0.2 s at 10,000 items, on one core while the other waited, and found a handful of objects)
    try:
        parts = (_render_span(job, span) for span in spans) if workers <= 1 else \
            _in_pool(job, workers, _render_in_worker, spans)
        for part in parts:
            result.add(part)
    finally:
        gc.unfreeze()
    return result


def _in_pool(job: RenderJob | ReadJob, workers: int, work: Callable, tasks: list) -> Iterator:
    """Do `work` on each task in forked workers that inherit `job`; yield the results in order."""
    with _workers(job, workers) as pool:
        yield from pool.map(work, tasks)


@contextmanager
def _workers(job: RenderJob | ReadJob, workers: int) -> Iterator[ProcessPoolExecutor]:
    """Fork workers that inherit `job`; at the block's end wait for their tasks, or drop those not begun if it fails."""
    parent = os.getpid() if threading.current_thread() is threading.main_thread() else None
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_adopt,
                               initargs=(job, parent))
    try:
        try:
            yield pool
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
        pool.shutdown()
    except BrokenProcessPool:
        raise EnvironmentProblem("a process building the site stopped unexpectedly (was the computer out of "
                                 "memory?); the site was not changed: try again, or build with --jobs 1") from None


def _spans(routes: list[Route]) -> list[tuple[int, ...]]:
    """Split the routes into chunks; the pages without an item (long lists, data) first, as they take longest."""
    order = sorted(range(len(routes)), key=lambda i: routes[i].item is not None)
    return [tuple(order[start:start + CHUNK]) for start in range(0, len(order), CHUNK)]


_JOB: RenderJob | ReadJob | None = None  # a worker's own job, set once when the worker starts


def _adopt(job: RenderJob | ReadJob, parent: int | None) -> None:
    global _JOB
    _JOB = job
    gc.enable()  # the build may have paused it while reading (collector_paused); a worker's own garbage is its own
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the build itself, which stops the workers
    _end_with(parent)


_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when the *thread* that forked it ends


def _end_with(parent: int | None) -> None:
    """Have Linux stop this worker when the build's process ends, even when that is killed outright.

    Otherwise a worker of a killed build waits for its next task for ever, holding its copy of the site in memory.
    Linux sends the signal when the thread that forked the worker ends, so this is asked only of workers forked
    by the main thread (`parent`, its process id; None otherwise), which ends only with the process.
    """
    if parent is None:
        return
    try:
        failed = ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0
    except (OSError, AttributeError):  # not Linux: the pool's own checks are all there is
        return
    if not failed and os.getppid() != parent:  # the build ended before the request was made
        os._exit(1)


def _render_in_worker(span: tuple[int, ...]) -> Rendered:
    assert isinstance(_JOB, RenderJob)
    return _render_span(_JOB, span)


def _read_in_worker(chunk: tuple[Path, ...]) -> tuple[dict[str, list[RawItem]], list[ContentError]]:
    assert isinstance(_JOB, ReadJob)
    return _read_chunk(_JOB, chunk)


def _convert_in_worker(texts: list[str]) -> None:
    assert isinstance(_JOB, ReadJob) and _JOB.markup is not None
    _convert_ahead(_JOB.markup, texts)


def _render_span(job: RenderJob, span: tuple[int, ...]) -> Rendered:
    """Render some routes (by index) and write them; return digests and problems."""
    result = Rendered()
    errors = Errors(job.root)
    for index in span:
        route = job.routes[index]
        data = render_route(job.env, route, errors)
        if data is None:
            continue
        relative = route.output_path
        digest = result.digests[relative] = digest_of(data)
        if not _link_unchanged(job, relative, len(data), digest):
            write_file(job.folder, relative, data)
        stat = os.stat(os.path.join(job.folder, relative))  # for the manifest: here, on every core
        result.stats[relative] = (stat.st_size, stat.st_mtime_ns)
    result.problems = [(e.path, e.line, e.message) for e in errors.items]
    result.used = job.markup.save_news()  # each worker writes what it rendered to the store itself
    return result


def _link_unchanged(job: RenderJob, relative: str, size: int, digest: str) -> bool:
    """Hard-link a page from the published site if it has these bytes there; say whether it did."""
    before = job.previous.get(relative)
    if before is None or before[2] != digest or before[0] != size:
        return False
    source, target = job.published / relative, job.folder / relative
    try:
        if os.stat(source).st_mtime_ns != before[1]:
            return False  # changed by hand since that build
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
    except OSError:
        return False
    return True
