"""What a build keeps between runs (in .cache/, git-ignored): rendered Markdown, and what it wrote.

Nothing here can make the output stale: every key includes the generator's fingerprint (its
version, its own source, its libraries' versions and the Pagefind binary it runs), so a new
generator starts a fresh cache, and a build is skipped only when every input, setting and the
build date are as they were and the output folder is exactly as that build left it.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import sqlite3
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .config import pagefind_binary
from .load import walk_following_links

CACHE_FOLDER = ".cache"
LIBRARIES = ("markdown", "nh3", "jinja2", "markupsafe", "pyyaml", "pagefind", "pagefind_bin",
             "pagefind_bin_extended", "cbor2")
_SQLITE_TIMEOUT = 60  # seconds to wait for another build's write to finish


def generator_fingerprint() -> str:
    """Return a digest of what turns content into pages: this package's version and source, libraries, Pagefind."""
    digest = hashlib.blake2b(generator_version().encode(), digest_size=16)
    package = Path(__file__).parent
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(sys.version.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    digest.update(f"pagefind binary={pagefind_binary()[1]}".encode())  # npm's, where installed
    return digest.hexdigest()


def generator_version() -> str:
    """Return the generator's version (read when asked, so a new version is seen at once)."""
    return importlib.import_module(__package__).__version__


def text_key(text: str) -> str:
    """Return the cache key of a Markdown text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()


class MarkdownStore:
    """Rendered Markdown by text digest, in one SQLite file per generator fingerprint.

    Opened lazily, so a forked worker opens its own connection. Older fingerprints' files are
    removed when a new one is created.
    """

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.path = folder / f"markdown-{fingerprint[:16]}.sqlite"
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    def prepare(self) -> None:
        """Create the store before any worker is forked, removing earlier generators' files (never read again)."""
        try:
            if not self.path.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
                for old in self.path.parent.glob("markdown-*.sqlite*"):
                    old.unlink(missing_ok=True)
            self._db()
        except (sqlite3.Error, OSError):
            pass  # no cache this time: slower, never wrong
        finally:
            self.close()

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            self._connection = None  # a forked copy opens its own; the parent's is left to the parent
            try:
                self._connection = self._open()
            except sqlite3.OperationalError:
                raise  # locked or unwritable: not damaged, so not to be deleted
            except sqlite3.DatabaseError:  # not a database (damaged): start it again
                self.path.unlink(missing_ok=True)
                self._connection = self._open()
            self._pid = os.getpid()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=_SQLITE_TIMEOUT, isolation_level=None,
                                     check_same_thread=False)  # a preview uses it from one worker thread at a time
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")  # a cache: a crash may lose the newest entries, never corrupt it
            connection.execute("CREATE TABLE IF NOT EXISTS html (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def get(self, key: str) -> str | None:
        """Return the cached HTML of a text's key, or None (also when the cache cannot be read)."""
        try:
            row = self._db().execute("SELECT value FROM html WHERE key = ?", (key,)).fetchone()
        except (sqlite3.Error, OSError):
            return None
        return row[0] if row else None

    def put_many(self, entries: dict[str, str]) -> None:
        """Store rendered texts in one transaction."""
        if not entries:
            return
        db = self._db()
        with db:
            db.execute("BEGIN")
            db.executemany("INSERT OR REPLACE INTO html (key, value) VALUES (?, ?)", entries.items())

    def keep_only(self, keys: set[str]) -> None:
        """Forget every text this build did not use (edited-away versions), so the file stays small."""
        db = self._db()
        with db:
            db.execute("BEGIN")
            db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM used")
            db.executemany("INSERT OR IGNORE INTO used (key) VALUES (?)", ((k,) for k in keys))
            db.execute("DELETE FROM html WHERE key NOT IN (SELECT key FROM used)")

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None


@dataclass(frozen=True)
class Manifest:
    """What one build of one output folder read and wrote, to skip the next build if nothing changed."""

    key: str  # the generator, the build's options and date, and every input file's size and time
    outputs: dict[str, list]  # relative path -> [size, mtime_ns, digest]
    fingerprint: str = ""  # the generator that wrote it
    output: str = ""  # the output folder it describes


def manifest_path(cache: Path, output: Path) -> Path:
    """Return where the manifest of an output folder is kept (one per folder built from this project)."""
    name = hashlib.blake2b(str(output).encode(), digest_size=8).hexdigest()
    return cache / f"manifest-{name}.json"


def read_manifest(path: Path) -> Manifest | None:
    """Return the last build's manifest, or None if there is none or it cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(data["key"], data["outputs"], data.get("fingerprint", ""), data.get("output", ""))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_manifest(path: Path, manifest: Manifest) -> None:
    """Write the manifest whole (a new file renamed into place); if the cache cannot be written, do without."""
    temporary = path.with_suffix(f".tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"key": manifest.key, "outputs": manifest.outputs,
                                         "fingerprint": manifest.fingerprint, "output": manifest.output}),
                             encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # an unwritable cache folder: the next build is only slower
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


def forget_other_manifests(cache: Path, kept: Path, fingerprint: str) -> None:
    """Remove the manifests of output folders that are gone, and those another generator wrote.

    Every output folder built from a project has a manifest of its own (a preview built into a
    temporary folder, say); without this they would pile up in the cache for ever. A manifest
    another generator wrote can never make a build "up to date", so it is of little use.
    """
    for path in cache.glob("manifest-*.json"):
        if path == kept:
            continue
        manifest = read_manifest(path)
        if manifest is None or manifest.fingerprint != fingerprint or not os.path.isdir(manifest.output):
            try:
                path.unlink()
            except OSError:
                pass  # the cache is for speed only


FileState = tuple[int, int, int, int]  # modification time, size, change time, inode


def file_state(stat: os.stat_result) -> FileState:
    """Return what says a file changed: its times and size, and its inode (a copy can keep size and mtime)."""
    return (stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns, stat.st_ino)


FOLDER: FileState = (0, -1, 0, 0)  # a folder counts by being there (the files in it count by their own states)


def stat_inputs(folders: tuple[Path, ...]) -> dict[str, FileState]:
    """Return the state of every file the build reads (hidden folders are not read), by path; and every
    folder, by its path with a separator at the end (an empty folder of a misspelt name is an error)."""
    stats = {}
    for folder in folders:
        for dirpath, dirnames, filenames in walk_following_links(folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            stats[os.path.join(dirpath, "")] = FOLDER
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    stats[path] = file_state(os.stat(path))
                except FileNotFoundError:
                    continue  # removed between the listing and now
    return stats


def input_key(parts: list[str], inputs: dict[str, FileState]) -> str:
    """Return a digest of some build options and of every input file's state."""
    digest = hashlib.blake2b("\0".join(parts).encode(), digest_size=20)
    for path, state in sorted(inputs.items()):
        digest.update(f"{path}\0{state}\0".encode())
    return digest.hexdigest()


def output_stats(folder: Path, entry: str = "") -> dict[str, tuple[int, int]]:
    """Return the size and modification time of every file in the output folder (or in one file or folder in it),
    by its path in the output folder."""
    top = os.path.join(folder, entry) if entry else str(folder)
    if entry and not os.path.isdir(top):
        stat = os.stat(top)
        return {entry: (stat.st_size, stat.st_mtime_ns)}
    stats = {}
    for dirpath, _, filenames in os.walk(top):
        for name in filenames:
            path = os.path.join(dirpath, name)
            stat = os.stat(path)
            stats[os.path.relpath(path, folder)] = (stat.st_size, stat.st_mtime_ns)
    return stats


def output_unchanged(folder: Path, manifest: Manifest) -> bool:
    """Say whether the output folder holds exactly the files the manifest recorded, untouched."""
    if not folder.is_dir():
        return False
    stats = output_stats(folder)
    return len(stats) == len(manifest.outputs) and all(
        tuple(manifest.outputs.get(p, (None, None))[:2]) == s for p, s in stats.items())
