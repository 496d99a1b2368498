"""The orchestrator: config -> load -> validate & link -> events -> routes -> render -> write -> search."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .config import Paths, load_settings
from .errors import Errors
from .link import link
from .load import load_content
from .markup import Markup
from .render import check_templates, make_environment, render_route
from .routes import Route, get_routes
from .site import Site
from .search import index_site
from .timeline import get_events
from .write import EnvironmentProblem, build_lock, copy_assets, new_staging_folder, swap_in, write_file

ASSETS_FOLDER = "assets"  # layouts/assets/ is copied to site/assets/


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the one-line summary."""

    pages: int
    files: int
    seconds: float
    output: Path


def load_site(paths: Paths, today: dt.date | None = None) -> tuple[Site, list[Route]]:
    """Read, check and link the content and plan its pages; raise BuildFailed with every problem."""
    if not paths.content.is_dir():
        raise EnvironmentProblem(f"there is no content folder at {paths.content}: run the command from "
                                 "the project's folder, or name the folder with --content")
    errors = Errors(paths.root)
    settings = load_settings(paths.content, errors)
    raw_items = load_content(paths.content, errors)
    site = link(raw_items, settings, errors, today or dt.date.today())
    errors.raise_if_any()  # later stages may rely on every required field being there and valid
    events = get_events(site)  # derived from dated fields: nothing here is kept by hand
    routes = get_routes(site, events, errors)
    errors.raise_if_any()
    return site, routes


def check(paths: Paths, today: dt.date | None = None) -> tuple[Site, list[Route]]:
    """Check the content without writing anything."""
    return load_site(paths, today)


def build(paths: Paths, today: dt.date | None = None) -> BuildReport:
    """Build the whole site into a staging folder and swap it in; on any error the old site stays."""
    started = time.perf_counter()
    site, routes = load_site(paths, today)
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
    return BuildReport(len(pages), files, time.perf_counter() - started, paths.output)


def _render_all(paths: Paths, site: Site, routes: list[Route]) -> dict[str, bytes]:
    errors = Errors(paths.root)
    env = make_environment(paths.layouts, site, Markup())
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
    return len(pages) + copy_assets(paths.layouts / ASSETS_FOLDER, staging)
