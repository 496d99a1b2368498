"""Write the site into a fresh folder, then swap it in whole: readers never see half a site."""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class EnvironmentProblem(Exception):
    """Something outside the content stops the build (a folder, a lock, the disk); one sentence."""


@contextmanager
def build_lock(output: Path, wait: bool = False):
    """Hold the output folder's lock for one build; refuse if another build holds it (or, with `wait`, wait)."""
    lock_path = output.parent / f".{output.name}.lock"
    try:
        handle = open(lock_path, "w")
    except OSError as exc:
        raise EnvironmentProblem(f"cannot write in {output.parent} ({exc.strerror}): "
                                 "check the folder exists and you may write to it") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise EnvironmentProblem(f"another build is writing {output.name}/ now: wait for it to finish, "
                                 "then try again") from None
    try:
        yield
    finally:
        handle.close()


def refuse_unsafe_output(output: Path, keep: tuple[Path, ...], sources: tuple[Path, ...]) -> None:
    """Refuse an output folder whose replacement would delete what is not a built site.

    A build replaces the whole output folder, so it may not be or hold a folder in `keep` (the project, its
    content, layouts and cache), nor sit inside one of `sources` (read again as content or templates); and a
    folder already there must be one a build made (every build writes index.html) or empty: `--output .` or
    `--output ~/Documents` must never delete a thing.
    """
    target = output.resolve()
    for folder in keep:
        if target == folder.resolve() or target in folder.resolve().parents:
            raise EnvironmentProblem(f"cannot build into {output}: a build replaces the whole output folder, which "
                                     f"would delete {folder}; choose another folder with --output")
    for folder in sources:
        if folder.resolve() in target.parents:
            raise EnvironmentProblem(f"cannot build into {output}: it is inside {folder}; choose a folder outside "
                                     "it with --output")
    if target.is_dir() and not (target / "index.html").is_file() and any(target.iterdir()):
        raise EnvironmentProblem(f"cannot build into {output}: it holds files but no built site (no index.html), "
                                 "and a build replaces the whole folder; choose a new or empty folder with --output")


def new_staging_folder(output: Path) -> Path:
    """Create an empty folder beside the output (same disk, so the swap is a rename)."""
    _remove_stale_staging(output)
    staging = output.parent / f".{output.name}.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot create {staging} ({exc.strerror}): check the disk has space "
                                 "and the folder is writable") from None
    return staging


def _remove_stale_staging(output: Path) -> None:
    """Remove folders left by builds that were killed (they hold no lock any more)."""
    for pattern in (f".{output.name}.new-*", f".{output.name}.old-*"):
        for stale in output.parent.glob(pattern):
            shutil.rmtree(stale, ignore_errors=True)


def write_file(folder: Path, relative: str, data: bytes, replace: bool = False) -> None:
    """Write one file under `folder`, refusing any path that would leave it.

    With `replace`, write a new file and rename it over the old one, so that a reader (the preview's
    server, the search indexer) never sees half a page.
    """
    clean = os.path.normpath(relative)
    if os.path.isabs(clean) or clean == ".." or clean.startswith("../") or clean in ("", "."):
        raise ValueError(f"refusing to write outside the site: {relative}")
    target = os.path.join(folder, clean)  # no symbolic links to follow: the folder is the build's own
    parent, name = os.path.split(target)
    try:
        os.makedirs(parent, exist_ok=True)
        if replace:
            temporary = os.path.join(parent, f".{name}.new-{os.getpid()}")
            _write_bytes(temporary, data)
            os.replace(temporary, target)
        else:
            _write_bytes(target, data)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot write {target} ({exc.strerror}): check the disk has space; the site "
                                 "was not changed") from None


def _write_bytes(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:  # plain strings and calls: thousands of pages, each in its own folder
        handle.write(data)


def swap_in(staging: Path, output: Path) -> None:
    """Put the staging folder where the output is, in one step where the system allows it."""
    if output.is_symlink() or output.is_file():
        raise EnvironmentProblem(f"{output} is not a folder: remove it, then build again")
    if not output.exists():
        os.rename(staging, output)
        return
    if _exchange(staging, output):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous site
        return
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    os.rename(output, old)  # without an atomic exchange, keep the gap as short as two renames
    os.rename(staging, output)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2(RENAME_EXCHANGE); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0
