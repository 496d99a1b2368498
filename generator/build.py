"""The orchestrator: config -> load -> validate & link -> events -> routes -> render -> write -> search."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

import jinja2

from .assets import copy_assets, get_manifest, remove_old_assets
from .cache import (FileState, Manifest, MarkdownStore, forget_other_manifests, generator_fingerprint, input_key,
                    manifest_path, output_stats, output_unchanged, read_manifest, stat_inputs, write_manifest)
from .config import Paths, load_settings
from .dates import newest
from .depend import (apply_text_edits, changed_files, get_affected_routes, get_changed_ids, restat_inputs,
                     text_edit_routes, text_edits)
from .errors import BuildFailed, ContentError, Errors
from .link import link
from .load import SETTINGS_FILE, RawItem, load_path
from .markup import Markup
from .render import check_templates, make_environment, render_route
from .routes import Route, check_text_links, get_routes
from .site import Site
from .pages import Rendered, RenderJob, collector_paused, digest_of, read_content, render_pages, worker_count
from .publish import get_updated_dates, git_head, load_git_dates
from .search import SEARCH_FOLDER, index_site
from .timeline import get_events
from .write import EnvironmentProblem, build_lock, new_staging_folder, refuse_unsafe_output, swap_in, write_file

ASSETS_FOLDER = "assets"  # layouts/assets/ is copied to site/assets/


@dataclass(frozen=True)
class Snapshot:
    """What a preview keeps between rebuilds: the files it read, the Site and its routes, each page's digest."""

    inputs: dict[str, FileState]  # every file read, as it was when read
    raw: dict[str, list[RawItem]]  # each content file's items as read
    site: Site
    routes: list[Route]
    pages: dict[str, str]  # output path -> digest of what is on disk
    env: jinja2.Environment | None = None  # the compiled templates, kept while they do not change


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the one-line summary."""

    pages: int  # HTML pages, as `check` counts them
    files: int  # every file written (a rebuild's: changed or removed), with feeds, open data and assets
    seconds: float
    output: Path
    rendered: int = 0  # pages and other files rendered this time (all, but in an incremental rebuild)
    changed: tuple[str, ...] = ()  # pages whose bytes changed (incremental rebuilds only)
    snapshot: Snapshot | None = None
    up_to_date: bool = False  # nothing had changed since the last build: nothing was done


def page_count(output_paths: Iterable[str]) -> int:
    """Return how many of these output files are HTML pages (feeds and open data are not)."""
    return sum(1 for path in output_paths if path.endswith(".html"))


def load_site(paths: Paths, today: dt.date | None = None, overrides: Mapping[str, object] = MappingProxyType({})
              ) -> tuple[Site, list[Route]]:
    """Read, check and link the content and plan its pages; raise BuildFailed with every problem.

    `overrides` replace settings for this build only (a preview's own base URL, noindex).
    """
    site, routes, _ = read_site(paths, today, overrides)
    return site, routes


def read_site(paths: Paths, today: dt.date | None = None, overrides: Mapping[str, object] = MappingProxyType({}),
              unchanged: Mapping[str, list[RawItem]] = MappingProxyType({}), markup: Markup | None = None,
              jobs: int | None = None) -> tuple[Site, list[Route], dict[str, list[RawItem]]]:
    """Do what load_site does, reusing the items of files not modified since they were read; also return the files.

    Files are read on every core for a large site; with `markup`, their bodies' Markdown is converted there while
    the items are linked.
    """
    require_folder(paths.content, "content")
    with collector_paused():
        return _read_and_link(paths, today, overrides, unchanged, markup, jobs)


def _read_and_link(paths: Paths, today: dt.date | None, overrides: Mapping[str, object],
                   unchanged: Mapping[str, list[RawItem]], markup: Markup | None, jobs: int | None
                   ) -> tuple[Site, list[Route], dict[str, list[RawItem]]]:
    errors = Errors(paths.root)
    settings = load_settings(paths.content, errors)
    if settings is not None and overrides:
        settings = dataclasses.replace(settings, **overrides)
    with read_content(paths.content, errors, unchanged, markup, jobs) as files:  # bodies convert meanwhile
        site = link([item for items in files.values() for item in items], settings, errors, today or dt.date.today())
        errors.raise_if_any()  # later stages may rely on every required field being there and valid
        git_dates = load_git_dates(paths.content) if site.settings.updated_from_git else {}
        updated = get_updated_dates(site, git_dates)
        site = dataclasses.replace(site, updated=updated, newest=newest(updated.values()))
        events = get_events(site)  # derived from dated fields: nothing here is kept by hand
        routes = get_routes(site, events, errors)
        errors.raise_if_any()
    return site, routes, files


def check(paths: Paths, today: dt.date | None = None) -> tuple[Site, list[Route]]:
    """Check the content without writing anything."""
    return load_site(paths, today)


def build(paths: Paths, today: dt.date | None = None,
          overrides: Mapping[str, object] = MappingProxyType({}), *, search: bool = True,
          jobs: int | None = None, keep_snapshot: bool = False) -> BuildReport:
    """Build the whole site into a staging folder and swap it in; on any error the old site stays.

    If nothing has changed since the last build of this output folder, nothing is done. Pages
    render on every core; Markdown rendered by earlier builds comes from the cache.
    """
    started = time.perf_counter()
    guard_output(paths)
    today = today or dt.date.today()
    fingerprint = generator_fingerprint()
    cache = paths.cache_folder
    inputs = stat_inputs((paths.content, paths.layouts))
    key = _build_key(paths, fingerprint, today, overrides, search, inputs)
    manifest_file = manifest_path(cache, paths.output)
    previous = read_manifest(manifest_file)
    if not keep_snapshot and previous is not None and key is not None and previous.key == key and \
            output_unchanged(paths.output, previous):
        pages = page_count(path for path, entry in previous.outputs.items() if entry[2])
        return BuildReport(pages, len(previous.outputs), time.perf_counter() - started, paths.output,
                           up_to_date=True)
    store = MarkdownStore(cache, fingerprint)
    store.prepare()  # before the workers fork, so that none of them creates it or removes another's
    markup = Markup(store)
    site, routes, raw = read_site(paths, today, overrides, markup=markup, jobs=jobs)
    env = _environment(paths, site, markup)
    paths.output.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(paths.output):
        staging = new_staging_folder(paths.output)
        try:
            job = RenderJob(env, env.markup, routes, staging, paths.output,  # type: ignore[attr-defined]
                            previous.outputs if previous else {}, paths.root)
            rendered = render_pages(job, worker_count(len(routes), jobs))
            _raise_problems(rendered)
            files = len(rendered.digests) + _copy_assets(paths, staging)
            if search:
                _index(staging, paths.output, rendered.digests, previous, fingerprint)
            swap_in(staging, paths.output)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        _keep(store, rendered)
        if key is not None:
            write_manifest(manifest_file, Manifest(key, _outputs(paths.output, rendered), fingerprint,
                                                   str(paths.output)))
        forget_other_manifests(cache, manifest_file, fingerprint)
    return BuildReport(page_count(rendered.digests), files, time.perf_counter() - started, paths.output,
                       len(rendered.digests), snapshot=Snapshot(inputs, raw, site, routes, rendered.digests, env)
                       if keep_snapshot else None)


def require_folder(folder: Path, name: str) -> None:
    """Refuse to go on without the content or layouts folder, in one sentence."""
    if not folder.is_dir():
        raise EnvironmentProblem(f"there is no {name} folder at {folder}: run the command from the project's "
                                 f"folder, or name the folder with --{name}")


def guard_output(paths: Paths) -> None:
    """Refuse an output folder a build (which replaces it whole) or a preview must not use: see refuse_unsafe_output."""
    refuse_unsafe_output(paths.output, (paths.root, paths.content, paths.layouts, paths.cache_folder),
                         (paths.content, paths.layouts))


def _build_key(paths: Paths, fingerprint: str, today: dt.date, overrides: Mapping[str, object],
               search: bool, inputs: dict[str, FileState]) -> str | None:
    """Return what the output depends on besides the content's own bytes; None where it cannot be told."""
    parts = [fingerprint, today.isoformat(), repr(sorted(overrides.items())), f"search={search}",
             str(paths.content), str(paths.layouts)]
    settings = load_settings(paths.content, Errors(paths.root)) if paths.content.is_dir() else None
    if settings is None:
        return None  # broken settings: build, and report them
    if settings.updated_from_git:
        head = git_head(paths.content)
        if head is None:
            return None
        parts.append(head)
    return input_key(parts, inputs)


def _environment(paths: Paths, site: Site, markup: Markup | None = None, previous: jinja2.Environment | None = None):
    """Return the Jinja environment with every template compiled; raise BuildFailed for a broken one.

    Given the previous environment (a preview's), templates whose source is unchanged are not compiled again.
    """
    require_folder(paths.layouts, "layouts")  # else every page would be reported as missing its template
    errors = Errors(paths.root)
    markup = markup or Markup(MarkdownStore(paths.cache_folder, generator_fingerprint()))
    env = make_environment(paths.layouts, site, markup, get_manifest(paths.layouts / ASSETS_FOLDER),
                           previous.bytecode_cache if previous is not None else None)
    env.markup = markup  # type: ignore[attr-defined]
    check_templates(env, errors)
    errors.raise_if_any()
    return env


def _raise_problems(rendered: Rendered) -> None:
    if rendered.problems:
        raise BuildFailed([ContentError(*p) for p in rendered.problems])


def _copy_assets(paths: Paths, folder: Path) -> int:
    assets = paths.layouts / ASSETS_FOLDER
    return copy_assets(assets, folder, get_manifest(assets))


def _index(staging: Path, published: Path, digests: dict[str, str], previous: Manifest | None,
           fingerprint: str) -> None:
    """Index the staging folder for search, or reuse the published index if it is exactly what would be made."""
    if previous is not None and previous.fingerprint == fingerprint and \
            _same_pages(digests, previous) and _same_bundle(published, previous) and \
            _link_tree(published / SEARCH_FOLDER, staging / SEARCH_FOLDER):
        return
    shutil.rmtree(staging / SEARCH_FOLDER, ignore_errors=True)
    index_site(staging)


def _same_pages(digests: dict[str, str], previous: Manifest) -> bool:
    """Say whether the pages are those the last build wrote, no more and no fewer."""
    before = {p: entry[2] for p, entry in previous.outputs.items() if entry[2]}
    return before == digests


def _same_bundle(published: Path, previous: Manifest) -> bool:
    """Say whether the published search index is the one the last build wrote, untouched (no preview since)."""
    prefix = SEARCH_FOLDER + "/"
    recorded = {p: tuple(entry[:2]) for p, entry in previous.outputs.items() if p.startswith(prefix)}
    bundle = published / SEARCH_FOLDER
    if not recorded or not bundle.is_dir():
        return False
    found = {SEARCH_FOLDER + "/" + p: s for p, s in output_stats(bundle).items()}
    return found == recorded


def _link_tree(source: Path, target: Path) -> bool:
    """Hard-link every file of a folder into a new one; False if that is not possible here."""
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:
        return False
    return True


def _keep(store: MarkdownStore, rendered: Rendered) -> None:
    """Drop the Markdown no page uses any more (edited away); a cache failure is not a build failure."""
    try:
        store.keep_only(rendered.used)
    except (sqlite3.Error, OSError):
        pass
    finally:
        store.close()


def _outputs(folder: Path, rendered: Rendered) -> dict[str, list]:
    """Return the manifest's entry for every file in the output folder: size, time and (for a page) digest.

    The pages' sizes and times are as their workers took them; only the folders no page is in (the assets, the
    search index) are looked at here, which at 10,000 pages saves a walk of 0.2 s on one core.
    """
    stats = dict(rendered.stats)
    tops = {path.split("/", 1)[0] for path in stats}
    for entry in os.scandir(folder):
        if entry.name not in tops:
            stats.update(output_stats(folder, entry.name))
    return {path: [size, mtime, rendered.digests.get(path, "")] for path, (size, mtime) in stats.items()}


def rebuild(paths: Paths, previous: Snapshot, today: dt.date | None = None, touched: set[str] | None = None
            ) -> BuildReport:
    """Re-render only the pages an edit can change and write those whose bytes changed, in place.

    For the preview. An edit to words only updates the linked items and re-renders the few pages
    that show them; another edit to content reads only the files that changed, links again and
    re-renders the pages near the change; a changed template or setting, or a new day (consultations
    open and close, steps fall due), renders everything. Open
    data, the sitemap and the search index are left to `finish_rebuild`, after the browser has
    reloaded. With it, the output is what a full build writes (tests compare them byte for byte).
    `touched` names the files a watcher saw change, so that not every file need be looked at.
    Files are read in this process, however many changed: the preview rebuilds in a thread, and a
    process forked beside other threads may inherit a lock one of them held, and wait on it for ever.
    """
    started = time.perf_counter()
    today = today or dt.date.today()
    new_day = today != previous.site.today  # what "open" and "due" are judged against has moved on: every page
    inputs = restat_inputs(previous.inputs, touched, (paths.content, paths.layouts))
    if inputs is not None and touched is not None:
        files = {p for p in touched if previous.inputs.get(p) != inputs.get(p)}
    else:
        inputs = stat_inputs((paths.content, paths.layouts))
        files = changed_files(previous.inputs, inputs)
    raw = {p: items for p, items in previous.raw.items() if p not in files}
    edits = None if new_day else _text_only(paths, previous, files, raw)
    if edits is not None:
        apply_text_edits(edits)
        site, routes = previous.site, previous.routes
        todo = text_edit_routes([item for item, _, _ in edits], routes)
    else:
        site, routes, raw = read_site(paths, today, unchanged=raw, jobs=1)  # a preview has threads: fork no pool
        if new_day or any(_changes_every_page(paths, f) for f in files):
            todo = routes  # a new day, a template, an asset or a setting: every page may change
        else:
            changed_ids = get_changed_ids(previous.site, site, files)
            todo = get_affected_routes(previous.site, site, changed_ids, routes, set(previous.pages))
    env = previous.env if site is previous.site else _environment(paths, site, previous.env.markup if previous.env
                                                                  else None, previous.env)
    fresh, env = _render_some(paths, site, [r for r in todo if not r.deferrable], env)
    changed = sorted(p for p, data in fresh.items() if previous.pages.get(p) != digest_of(data))
    pages = dict(previous.pages) if routes is previous.routes else \
        {r.output_path: previous.pages.get(r.output_path, "") for r in routes}
    pages.update({p: digest_of(data) for p, data in fresh.items()})
    gone = sorted(set(previous.pages) - set(pages))
    with build_lock(paths.output, wait=True):
        _write_in_place(paths, fresh, changed, gone, assets=any(not f.startswith(str(paths.content / ""))
                                                                for f in files))
    return BuildReport(page_count(pages), len(changed) + len(gone), time.perf_counter() - started, paths.output,
                       len(todo), tuple("/" + p.removesuffix("index.html") for p in changed + gone),
                       Snapshot(inputs, raw, site, routes, pages, env))


def _changes_every_page(paths: Paths, file: str) -> bool:
    """Say whether a changed file may change every page: a template, an asset or the settings."""
    return not file.startswith(str(paths.content / "")) or file == str(paths.content / SETTINGS_FILE)


def _text_only(paths: Paths, previous: Snapshot, files: set[str], raw: dict[str, list[RawItem]]):
    """Return the edits if every changed file is a content file whose edit changed words only; else None."""
    if not files or any(_changes_every_page(paths, f) or f not in previous.raw for f in files):
        return None
    errors, edits = Errors(paths.root), []
    for path in sorted(files):
        after = load_path(paths.content, Path(path), errors)
        found = None if errors.items else text_edits(previous.raw[path], after, previous.site, errors)
        if found is None:
            return None
        edits += found
        raw[path] = after
    urls = {route.url for route in previous.routes}  # the new words' links and images, checked as a build does
    for item, values, lines in edits:
        check_text_links(item, values, lines, urls, errors)
    errors.raise_if_any()
    return edits


def finish_rebuild(paths: Paths, snapshot: Snapshot) -> int:
    """Write what rebuilds left for later (open data, the sitemap) where its bytes changed; return how many.

    The search index is then made again with search.reindex_in_place, which needs no lock.
    """
    fresh, _ = _render_some(paths, snapshot.site, [r for r in snapshot.routes if r.deferrable], snapshot.env)
    with build_lock(paths.output, wait=True):
        changed = [p for p, data in fresh.items() if not _holds(paths.output / p, data)]
        _write_in_place(paths, fresh, changed, [], assets=False)
    return len(changed)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _write_in_place(paths: Paths, pages: dict[str, bytes], changed: list[str], gone: list[str],
                    assets: bool) -> None:
    """Write changed pages into the output folder, remove pages that are gone (and the folders they leave empty),
    refresh assets."""
    for relative in changed:
        write_file(paths.output, relative, pages[relative], replace=True)
    for relative in gone:
        (paths.output / relative).unlink(missing_ok=True)
        _remove_empty_folders(paths.output, (paths.output / relative).parent)
    if assets:
        _copy_assets(paths, paths.output)
        remove_old_assets(paths.output, get_manifest(paths.layouts / ASSETS_FOLDER))


def _remove_empty_folders(output: Path, folder: Path) -> None:
    """Remove a folder, and the folders above it, while they are empty, up to the output folder (a cold build
    leaves no empty folder)."""
    while folder != output and output in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (or already gone): the folders above are not empty either
            return
        folder = folder.parent


def _render_some(paths: Paths, site: Site, routes: list[Route], env: jinja2.Environment | None = None
                 ) -> tuple[dict[str, bytes], jinja2.Environment]:
    """Render a few routes in this process (Markdown from the cache where it is there); return them and the templates."""
    if env is None:
        env = _environment(paths, site)
    errors = Errors(paths.root)
    pages = {route.output_path: html for route in routes if (html := render_route(env, route, errors)) is not None}
    errors.raise_if_any()
    env.markup.save_news()  # type: ignore[attr-defined]
    return pages, env
