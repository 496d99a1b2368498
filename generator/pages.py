"""Render routes into a folder, on every core: the stage that takes nearly all of a build's time.

Workers are forked once the site is loaded and linked, so they share it without copying or
pickling; each renders a share of the routes, writes its pages straight into the folder and its
newly rendered Markdown into the cache, and sends back only digests and problems. A page whose bytes are the same as
the previous build's is hard-linked from the published site rather than written again.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .errors import Errors
from .markup import Markup
from .render import render_route
from .routes import Route
from .write import EnvironmentProblem, write_file

PARALLEL_FROM = 300  # fewer pages than this render in the build's own process (forking costs more)
CHUNK = 16  # routes a worker takes at a time (small, so the workers finish together)


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

    def add(self, other: Rendered) -> None:
        self.digests.update(other.digests)
        self.problems += other.problems
        self.used |= other.used


def digest_of(data: bytes) -> str:
    """Return the digest a page is compared by."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def worker_count(routes: int, jobs: int | None) -> int:
    """Return how many processes to render with: every core the build may use, unless the site is small."""
    if jobs is not None:
        return max(1, jobs)
    return len(os.sched_getaffinity(0)) if routes >= PARALLEL_FROM else 1


def render_pages(job: RenderJob, workers: int) -> Rendered:
    """Render every route of the job into its folder; collect what came back."""
    spans = _spans(job.routes)
    result = Rendered()
    if workers <= 1:
        for span in spans:
            result.add(_render_span(job, span))
        return result
    gc.collect()
    gc.freeze()  # the loaded site is only read from now on: keep the collector off its pages (copy-on-write)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_adopt, initargs=(job,)) as pool:
            for part in pool.map(_render_in_worker, spans):
                result.add(part)
    except BrokenProcessPool:
        raise EnvironmentProblem("a process rendering pages stopped unexpectedly (was the computer out of "
                                 "memory?); the site was not changed: try again, or build with --jobs 1") from None
    finally:
        gc.unfreeze()
    return result


def _spans(routes: list[Route]) -> list[tuple[int, ...]]:
    """Split the routes into chunks; the pages without an item (long lists, data) first, as they take longest."""
    order = sorted(range(len(routes)), key=lambda i: routes[i].item is not None)
    return [tuple(order[start:start + CHUNK]) for start in range(0, len(order), CHUNK)]


_JOB: RenderJob | None = None  # a worker's own job, set once when the worker starts


def _adopt(job: RenderJob) -> None:
    global _JOB
    _JOB = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the build itself, which stops the workers


def _render_in_worker(span: tuple[int, ...]) -> Rendered:
    assert _JOB is not None
    return _render_span(_JOB, span)


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
