"""The site's settings, read from content/site.yaml, checked, and frozen."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import Errors
from .fields import INVALID, Place, convert_fields
from .load import SETTINGS_FILE, load_settings_data
from .schema import CHOICE, TEXT, URL, Field

SETTINGS_FIELDS = (
    Field("title", TEXT, "The portal's name, shown on every page.", required=True),
    Field("area", TEXT, "The policing area, e.g. 'Cambridgeshire and Peterborough'.", required=True),
    Field("description", TEXT, "One sentence saying what the portal is, for search engines and the home page.",
          required=True),
    Field("base_url", URL, "The address the site is published at, e.g. https://plans.example.org.", required=True),
    Field("language", TEXT, "The language of the content, as a tag such as en-GB."),
    Field("last_updated", CHOICE, "Where a page's 'Last updated' date comes from: the content's own dates "
          "(the default) or the git history of its file.", choices=("content", "git")),
)


@dataclass(frozen=True)
class Settings:
    """The handful of settings a portal has."""

    title: str
    area: str
    description: str
    base_url: str
    language: str = "en-GB"
    updated_from_git: bool = False  # "Last updated" from each file's last commit, not its dates
    noindex: bool = False  # a preview copy: ask search engines not to index it (never from site.yaml)


@dataclass(frozen=True)
class Paths:
    """Where the project's folders are."""

    root: Path
    content: Path
    layouts: Path
    output: Path
    cache: Path | None = None  # what builds keep between runs; None: ROOT/.cache

    @property
    def cache_folder(self) -> Path:
        """Return the folder for the build cache (git-ignored; Netlify may keep it between builds)."""
        return self.cache if self.cache is not None else self.root / ".cache"


# npm's packages for the checkout the generator runs from (`npm ci`, from package.json).
NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"


def npm_pagefind(node_modules: Path = NODE_MODULES) -> tuple[Path, str] | None:
    """Return the Pagefind binary npm installed for this machine (`npm ci`) and its version, or None.

    Pagefind publishes to npm first: its 1.6 finds words on most pages of a large site several times
    faster than 1.5.2, the newest on PyPI. The binary runs on its own, so Node need not be on the PATH.
    """
    package = node_modules / "@pagefind" / npm_platform()
    binary = package / "bin" / ("pagefind_extended.exe" if platform.system() == "Windows" else "pagefind_extended")
    try:
        version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (binary, version) if isinstance(version, str) and os.access(binary, os.X_OK) else None


def npm_platform() -> str:
    """Name this machine as npm's Pagefind packages do: linux-x64, darwin-arm64, windows-x64 and so on."""
    machine = platform.machine().lower()
    return f"{platform.system().lower()}-{_NPM_CPUS.get(machine, machine)}"


_NPM_CPUS = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64"}


def pagefind_binary(node_modules: Path = NODE_MODULES) -> tuple[str | None, str]:
    """Return the Pagefind binary a build runs (None: pagefind[bin]'s own) and what tells it apart.

    One named by PAGEFIND_BINARY_PATH (set by whoever runs the build) comes first, then npm's. What
    tells it apart (its path, size and time) goes into the generator's fingerprint, so a build is
    never skipped as up to date after the binary changed.
    """
    npm = npm_pagefind(node_modules)
    path = os.environ.get("PAGEFIND_BINARY_PATH") or (str(npm[0]) if npm else None)
    if path is None:
        return None, "pagefind[bin]"
    try:
        state = os.stat(path)
    except OSError:
        return path, f"{path} (missing)"
    return path, f"{path} {state.st_size} {state.st_mtime_ns}"


def load_settings(content_dir: Path, errors: Errors) -> Settings | None:
    """Read and check content/site.yaml; report problems and return None if it is unusable."""
    data = load_settings_data(content_dir, errors)
    if data is None:
        return None
    place = Place(content_dir / SETTINGS_FILE, errors)
    values, _ = convert_fields(data, SETTINGS_FIELDS, place, "the settings file")
    if any(v is INVALID for v in values.values()) or any(
            f.required and f.name not in values for f in SETTINGS_FIELDS):
        return None
    values["base_url"] = values["base_url"].rstrip("/")
    path = urlsplit(values["base_url"]).path
    if path or urlsplit(values["base_url"]).query:
        place.error(data.lines["base_url"], f"'base_url' must be the site's own address without a path (not "
                    f"'{path}'): the portal's pages link to each other from the root of that address")
        return None
    values["updated_from_git"] = values.pop("last_updated", "content") == "git"
    return Settings(**values)
