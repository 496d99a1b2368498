"""The orchestrator: config -> load -> validate & link -> events -> routes -> render -> write -> search."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .assets import copy_assets, get_manifest
from .config import Paths, load_settings
from .depend import changed_files, fingerprint_inputs, get_affected_routes, get_changed_ids
from .errors import Errors
from .link import link
from .load import SETTINGS_FILE, load_content
from .markup import Markup
from .render import check_templates, make_environment, render_route
from .routes import Route, get_routes
from .site import Site
from .publish import get_updated_dates, load_git_dates
from .search import index_site
from .timeline import get_events
from .write import EnvironmentProblem, build_lock, new_staging_folder, swap_in, write_file

ASSETS_FOLDER = "assets"  # layouts/assets/ is copied to site/assets/


@dataclass(frozen=True)
class Snapshot:
    """What a preview keeps between rebuilds: the inputs it saw, the Site, and every rendered page."""

    inputs: dict[str, str]
    site: Site
    pages: dict[str, bytes]


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the one-line summary."""

    pages: int
    files: int
    seconds: float
    output: Path
    rendered: int = 0  # pages rendered this time (all of them, but in an incremental rebuild)
    changed: tuple[str, ...] = ()  # pages whose bytes changed (incremental rebuilds only)
    snapshot: Snapshot | None = None


def load_site(paths: Paths, today: dt.date | None = None, overrides: Mapping[str, object] = MappingProxyType({})
              ) -> tuple[Site, list[Route]]:
    """Read, check and link the content and plan its pages; raise BuildFailed with every problem.

    `overrides` replace settings for this build only (a preview's own base URL, noindex).
    """
    if not paths.content.is_dir():
        raise EnvironmentProblem(f"there is no content folder at {paths.content}: run the command from "
                                 "the project's folder, or name the folder with --content")
    errors = Errors(paths.root)
    settings = load_settings(paths.content, errors)
    if settings is not None and overrides:
        settings = dataclasses.replace(settings, **overrides)
    raw_items = load_content(paths.content, errors)
    site = link(raw_items, settings, errors, today or dt.date.today())
    errors.raise_if_any()  # later stages may rely on every required field being there and valid
    git_dates = load_git_dates(paths.content) if site.settings.updated_from_git else {}
    site = dataclasses.replace(site, updated=get_updated_dates(site, git_dates))
    events = get_events(site)  # derived from dated fields: nothing here is kept by hand
    routes = get_routes(site, events, errors)
    errors.raise_if_any()
    return site, routes


def check(paths: Paths, today: dt.date | None = None) -> tuple[Site, list[Route]]:
    """Check the content without writing anything."""
    return load_site(paths, today)


def build(paths: Paths, today: dt.date | None = None,
          overrides: Mapping[str, object] = MappingProxyType({})) -> BuildReport:
    """Build the whole site into a staging folder and swap it in; on any error the old site stays."""
    started = time.perf_counter()
    inputs = fingerprint_inputs((paths.content, paths.layouts))
    site, routes = load_site(paths, today, overrides)
    # Render everything before touching the disk, so a template error also leaves site/ alone.
    pages = _render_all(paths, site, routes)
    paths.output.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(paths.output):
        staging = new_staging_folder(paths.output)
        try:
            files = _write_all(paths, staging, pages)
            index_site(staging)  # before the swap: a failed index leaves the published site alone
            swap_in(staging, paths.output)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return BuildReport(len(pages), files, time.perf_counter() - started, paths.output, len(pages),
                       snapshot=Snapshot(inputs, site, pages))


def rebuild(paths: Paths, previous: Snapshot, today: dt.date | None = None) -> BuildReport:
    """Re-render only the pages an edit can change and write those whose bytes changed, in place.

    For the preview. A changed template or setting renders everything; the output is always what a
    full build would write (a test compares them byte for byte).
    """
    started = time.perf_counter()
    inputs = fingerprint_inputs((paths.content, paths.layouts))
    files = changed_files(previous.inputs, inputs)
    site, routes = load_site(paths, today)
    if any(not f.startswith(str(paths.content / "")) or f == str(paths.content / SETTINGS_FILE) for f in files):
        todo = routes  # a template, an asset or a setting: every page may change
    else:
        changed_ids = get_changed_ids(previous.site, site, files)
        todo = get_affected_routes(previous.site, site, changed_ids, routes, set(previous.pages))
    fresh = _render_all(paths, site, todo)
    pages = {r.output_path: fresh.get(r.output_path, previous.pages.get(r.output_path, b"")) for r in routes}
    changed = sorted(p for p in pages if previous.pages.get(p) != pages[p])
    gone = sorted(set(previous.pages) - set(pages))
    with build_lock(paths.output):
        _write_in_place(paths, pages, changed, gone, assets=any(not f.startswith(str(paths.content / ""))
                                                                 for f in files))
        if changed or gone:
            index_site(paths.output)
    return BuildReport(len(pages), len(changed) + len(gone), time.perf_counter() - started, paths.output,
                       len(todo), tuple("/" + p.removesuffix("index.html") for p in changed + gone),
                       Snapshot(inputs, site, pages))


def _write_in_place(paths: Paths, pages: dict[str, bytes], changed: list[str], gone: list[str],
                    assets: bool) -> None:
    """Write changed pages into the output folder, remove pages that are gone, refresh assets."""
    for relative in changed:
        write_file(paths.output, relative, pages[relative])
    for relative in gone:
        (paths.output / relative).unlink(missing_ok=True)
    if assets:
        copy_assets(paths.layouts / ASSETS_FOLDER, paths.output, get_manifest(paths.layouts / ASSETS_FOLDER))


def _render_all(paths: Paths, site: Site, routes: list[Route]) -> dict[str, bytes]:
    errors = Errors(paths.root)
    env = make_environment(paths.layouts, site, Markup(), get_manifest(paths.layouts / ASSETS_FOLDER))
    check_templates(env, errors)
    errors.raise_if_any()
    pages: dict[str, bytes] = {}
    for route in routes:
        html = render_route(env, route, errors)
        if html is not None:
            pages[route.output_path] = html
    errors.raise_if_any()
    return pages


def _write_all(paths: Paths, staging: Path, pages: dict[str, bytes]) -> int:
    for relative, data in pages.items():
        write_file(staging, relative, data)
    folder = paths.layouts / ASSETS_FOLDER
    return len(pages) + copy_assets(folder, staging, get_manifest(folder))
