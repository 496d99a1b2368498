"""A word-level comparison of two texts, for showing what a variation changed."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|[^\s]+")


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
    """Compare two texts word by word (white space kept, so lines and lists still read)."""
    old, new = _TOKENS.findall(before.strip()), _TOKENS.findall(after.strip())
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    segments: list[Segment] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(old[a1:a2])))
            continue
        if a2 > a1:
            segments.append(Segment("removed", "".join(old[a1:a2])))
        if b2 > b1:
            segments.append(Segment("added", "".join(new[b1:b2])))
    return WordDiff(tuple(segments), _count_words(segments, "removed"), _count_words(segments, "added"))


def _count_words(segments: list[Segment], kind: str) -> int:
    return sum(len(s.text.split()) for s in segments if s.kind == kind)
