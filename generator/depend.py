"""Which pages an edit can change: for rebuilding only those while previewing."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .routes import Route
from .site import Site, iter_references

NEIGHBOURHOOD_DEPTH = 2  # a plan page shows its themes' priorities; a cycle's timeline, its variations' papers


def fingerprint_inputs(folders: tuple[Path, ...]) -> dict[str, str]:
    """Return a digest of every file the build reads, by path."""
    digests = {}
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    digests[path] = hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()
                except OSError:
                    continue  # removed while being read; the next look will see it gone
    return digests


def changed_files(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """Return the paths added, removed or changed between two fingerprints."""
    return {p for p in set(before) | set(after) if before.get(p) != after.get(p)}


def get_changed_ids(old: Site, new: Site, files: set[str]) -> set[str]:
    """Return the ids of items that are new, gone, or read from a changed file."""
    ids = set(old.by_id) ^ set(new.by_id)
    for site in (old, new):
        ids |= {item.id for item in site.items if str(item.path) in files}
    return ids


def get_affected_routes(old: Site, new: Site, changed: set[str], routes: list[Route],
                        rendered_before: set[str]) -> list[Route]:
    """Return the routes whose pages can differ: pages of items near a change, and every list-like page."""
    near = _neighbourhood(old, changed) | _neighbourhood(new, changed)
    return [r for r in routes if r.item is None or r.item.id in near or r.output_path not in rendered_before]


def _neighbourhood(site: Site, start: set[str]) -> set[str]:
    """Return the ids within NEIGHBOURHOOD_DEPTH references (either way) of the starting ids."""
    found, frontier = set(start), set(start)
    for _ in range(NEIGHBOURHOOD_DEPTH):
        following = set()
        for item_id in frontier:
            item = site.by_id.get(item_id)
            if item is None:
                continue
            following |= {target.id for _, target in iter_references(item)}
            following |= {link.item.id for link in site.backlinks.get(item_id, ())}
        frontier = following - found
        found |= frontier
    return found
