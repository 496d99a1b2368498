"""Content errors: one format, `path:line: message`, collected and reported all at once."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """A problem in one file at one line, in words a member of staff can act on."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class BuildFailed(Exception):
    """Raised by a stage when the content has errors; carries every one of them."""

    def __init__(self, errors: list[ContentError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = sorted(set(errors))


_ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r", "\x0b": "\\x0b", "\x0c": "\\x0c", "\x85": "\\x85",
                           "\u2028": "\\u2028", "\u2029": "\\u2029"})  # each error is one line of output


class Errors:
    """A collector passed down a stage: add problems, then stop once if there were any."""

    def __init__(self, root: Path):
        self.root = root
        self.items: list[ContentError] = []

    def add(self, path: Path | str, line: int, message: str) -> None:
        """Record one problem at `path:line`, on one line (a value quoted in it may hold line breaks)."""
        self.items.append(ContentError(display_path(path, self.root), max(line, 1), message.translate(_ONE_LINE)))

    def raise_if_any(self) -> None:
        """Stop the build if anything was recorded."""
        if self.items:
            raise BuildFailed(self.items)


def display_path(path: Path | str, root: Path) -> str:
    """Return `path` relative to the project root where it lies inside it."""
    path = Path(path)
    for inside, top in ((Path(os.path.abspath(path)), Path(os.path.abspath(root))), (path.resolve(), root.resolve())):
        try:  # the path as staff see it first: a linked file is named where the link is, not where it leads
            return inside.relative_to(top).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return " (did you mean 'x'?)" for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
