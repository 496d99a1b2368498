"""Search: index the written site with Pagefind (pagefind[bin], running npm's newer binary where installed)."""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import cbor2

from .config import pagefind_binary
from .write import EnvironmentProblem

SEARCH_FOLDER = "pagefind"
TIMEOUT_SECONDS = 600


def pagefind_environment() -> dict[str, str]:
    """Return the environment to run pagefind[bin]'s wrapper in, naming the binary it is to run.

    The wrapper runs the binary PAGEFIND_BINARY_PATH names (config.pagefind_binary: the one named
    by whoever runs the build, else npm's where installed), or, with none named, its own.
    """
    binary, _ = pagefind_binary()
    environment = {name: value for name, value in os.environ.items() if name != "PAGEFIND_BINARY_PATH"}
    return {**environment, "PAGEFIND_BINARY_PATH": binary} if binary else environment


def index_site(folder: Path, bundle: str = SEARCH_FOLDER, gently: bool = False) -> None:
    """Write Pagefind's index into `folder`/`bundle`/; raise EnvironmentProblem if it cannot.

    `gently` runs Pagefind at a low priority, so that a preview's rebuilds come first.
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", bundle, "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              env=pagefind_environment(),
                              preexec_fn=(lambda: os.nice(10)) if gently else None)
    except subprocess.TimeoutExpired:
        raise EnvironmentProblem(f"the search index took longer than {TIMEOUT_SECONDS} s and was stopped; "
                                 "the site was not changed") from None
    if done.returncode != 0 or not (folder / bundle / "pagefind.js").is_file():
        raise EnvironmentProblem(_describe_failure(done.stderr + done.stdout, folder))
    try:
        make_index_stable(folder / bundle)
    except (OSError, ValueError, EOFError) as exc:  # a file Pagefind could not finish, or one we cannot write
        reason = os.strerror(errno.ENOSPC) if _disk_full(folder) else getattr(exc, "strerror", None) or str(exc)
        raise EnvironmentProblem(_not_written(reason)) from None


def _not_written(reason: str) -> str:
    """Say, in one sentence, that the index could not be written and why."""
    return f"the search index could not be written ({reason}): check the disk has space; the site was not changed"


def _disk_full(folder: Path) -> bool:
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize < 256 * 1024


def reindex_in_place(folder: Path) -> None:
    """Index a published folder again beside the old index, then put the new one in its place."""
    fresh = f".{SEARCH_FOLDER}.new-{os.getpid()}"
    shutil.rmtree(folder / fresh, ignore_errors=True)
    try:
        index_site(folder, fresh, gently=True)
        old = folder / f".{SEARCH_FOLDER}.old-{os.getpid()}"
        if (folder / SEARCH_FOLDER).exists():
            os.rename(folder / SEARCH_FOLDER, old)
        os.rename(folder / fresh, folder / SEARCH_FOLDER)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(folder / fresh, ignore_errors=True)


def _describe_failure(output: str, folder: Path) -> str:
    """Say why Pagefind failed, in one sentence with what to do."""
    if "No module named pagefind" in output or "pagefind_bin" in output or "executable" in output.lower():
        return ("Pagefind, which builds the search index, is not installed: run "
                "pip install 'pagefind[bin]' (or reinstall the project); the site was not changed")
    if "No space left on device" in output or _disk_full(folder):  # Pagefind 1.6 panics, with a backtrace note
        return _not_written(os.strerror(errno.ENOSPC))
    lines = [line.strip() for line in output.splitlines() if line.strip() and not line.strip().startswith("note: ")]
    return f"the search index could not be built ({lines[-1] if lines else 'no message'}); the site was not changed"


_SIGNATURE = b"pagefind_dcd"  # what starts every decompressed Pagefind index file


def make_index_stable(bundle: Path) -> None:
    """Rewrite Pagefind's filter index in a fixed order, so two builds give the same bytes.

    Pagefind writes each filter's values, and the list of filters, in a random order (its issue
    #638); its index and fragment files are stable already. The files keep Pagefind's format
    (gzipped CBOR after a signature) and take new names from their new contents.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read_index_file(meta_path)
        for pair in meta[3]:  # [filter name, the name of its file]
            pair[1] = _sort_filter_file(bundle / "filter" / f"{pair[1]}.pf_filter")
        meta[3].sort()
        language["hash"] = _write_index_file(meta, bundle, "pagefind.", language["hash"], ".pf_meta", 13)
        meta_path.unlink()
    entry_path.write_text(json.dumps(entry, sort_keys=True), encoding="utf-8")


def _sort_filter_file(path: Path) -> str:
    """Sort one filter's values (and each value's pages); return the file's new name."""
    name, values = _read_index_file(path)
    values = sorted([value, sorted(pages)] for value, pages in values)
    new_name = _write_index_file([name, values], path.parent, "", path.stem, ".pf_filter", 7)
    path.unlink()
    return new_name


def _read_index_file(path: Path) -> list:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise EnvironmentProblem(f"{path.name} is not a Pagefind index file this version understands; "
                                 "the site was not changed")
    return cbor2.loads(data[len(_SIGNATURE):])


def _write_index_file(value: list, folder: Path, prefix: str, old_name: str, suffix: str, digits: int) -> str:
    """Write a value in Pagefind's format under a name from its content; return the name's hash part."""
    data = gzip.compress(_SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)
    language = old_name.rsplit("_", 1)[0]
    new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{prefix}{new_hash}{suffix}").write_bytes(data)
    return new_hash
