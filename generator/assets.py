"""The site's own assets (layouts/assets/), published under names that carry their content's hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

ASSETS_URL = "/assets/"


def get_manifest(folder: Path) -> dict[str, str]:
    """Return each asset's name (as templates ask for it) and its fingerprinted URL."""
    if not folder.is_dir():
        return {}
    manifest = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        name = path.relative_to(folder).as_posix()
        digest = hashlib.blake2b(path.read_bytes(), digest_size=5).hexdigest()
        manifest[name] = ASSETS_URL + fingerprinted_name(name, digest)
    return manifest


def fingerprinted_name(name: str, digest: str) -> str:
    """Return style.css as style.1a2b3c4d5e.css."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def copy_assets(folder: Path, output: Path, manifest: dict[str, str]) -> int:
    """Write every asset under its fingerprinted name; return how many were written."""
    for name, url in manifest.items():
        target = output / url.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((folder / name).read_bytes())
    return len(manifest)


def remove_old_assets(output: Path, manifest: dict[str, str]) -> None:
    """Remove assets a preview wrote before an edit changed them (their names carry the old hash)."""
    folder = output / ASSETS_URL.strip("/")
    current = {output / url.lstrip("/") for url in manifest.values()}
    for path in sorted(folder.rglob("*"), reverse=True) if folder.is_dir() else ():
        if path.is_file() and path not in current:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
