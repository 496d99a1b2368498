"""A word-level comparison of two texts, for showing what a variation changed."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Segment:
    """A run of the text that is unchanged, removed or added."""

    kind: str  # "same", "removed" or "added"
    text: str


@dataclass(frozen=True)
class WordDiff:
    """The segments in reading order, and how many words each side lost or gained."""

    segments: tuple[Segment, ...]
    removed_words: int
    added_words: int


def get_word_diff(before: str, after: str) -> WordDiff:
    """Compare two texts word by word, laid out with the white space of the new text.

    Only the words are compared: white space between them would be half of all tokens, and all
    alike, which makes the matcher's work grow with the square of the text. A change of white
    space alone (a line rewrapped) is therefore not reported as a change.
    """
    # autojunk stays off: it stops common words ("the", "and") anchoring a match, and then
    # reports many more words as changed than were.
    old, new = before.strip(), after.strip()
    old_words, new_words = list(_WORD.finditer(old)), list(_WORD.finditer(new))
    matcher = difflib.SequenceMatcher(a=[m[0] for m in old_words], b=[m[0] for m in new_words], autojunk=False)
    segments: list[Segment] = []
    old_at = new_at = previous = 0
    for i, j, size in matcher.get_matching_blocks():
        old_to = old_words[i].start() if i < len(old_words) else len(old)
        new_to = new_words[j].start() if j < len(new_words) else len(new)
        _add_change(segments, old[old_at:old_to], new[new_at:new_to], gap_to_next=size >= previous)
        if size:
            old_at, new_at = old_words[i + size - 1].end(), new_words[j + size - 1].end()
            _add(segments, "same", new[new_to:new_at])
        previous = size
    return WordDiff(tuple(segments), _count_words(segments, "removed"), _count_words(segments, "added"))


def _add_change(segments: list[Segment], old: str, new: str, gap_to_next: bool) -> None:
    """Add the text between two unchanged runs, keeping the white space at its edges unchanged.

    Where a word is only inserted or deleted, one side is a lone gap that can stay at one edge
    only: it goes with the longer unchanged run beside it, as difflib would put it.
    """
    if gap_to_next:
        old, new, end = _split_space(old, new, at_end=True)
        old, new, start = _split_space(old, new, at_end=False)
    else:
        old, new, start = _split_space(old, new, at_end=False)
        old, new, end = _split_space(old, new, at_end=True)
    for kind, text in (("same", start), ("removed", old), ("added", new), ("same", end)):
        _add(segments, kind, text)


def _split_space(old: str, new: str, at_end: bool) -> tuple[str, str, str]:
    """Take the white space off one edge of both texts if both have some; return the new text's."""
    old_kept, new_kept = (old.rstrip(), new.rstrip()) if at_end else (old.lstrip(), new.lstrip())
    if len(old_kept) == len(old) or len(new_kept) == len(new):
        return old, new, ""
    space = new[len(new_kept):] if at_end else new[: len(new) - len(new_kept)]
    return old_kept, new_kept, space


def _add(segments: list[Segment], kind: str, text: str) -> None:
    """Append a segment, joining it to the one before if that is of the same kind."""
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
    else:
        segments.append(Segment(kind, text))


def _count_words(segments: list[Segment], kind: str) -> int:
    return sum(len(s.text.split()) for s in segments if s.kind == kind)
