"""The variation diff compares words, not white space: its work stays near the number of words."""

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import diff as diff_module
from generator.diff import WordDiff, get_word_diff

WORDS = st.sampled_from(["the", "plan", "Police", "and", "Crime", "Panel.", "victims,", "2021-24", "a"])
SPACES = st.sampled_from([" ", "  ", "\n", "\n\n", "\t", " \n "])


@st.composite
def texts(draw) -> str:
    """Draw a short text of common words with any white space between and around them."""
    words = draw(st.lists(WORDS, max_size=30))
    spaces = draw(st.lists(SPACES, min_size=len(words) + 1, max_size=len(words) + 1))
    edges = [draw(st.sampled_from(["", " ", "\n"])) for _ in range(2)]
    return edges[0] + "".join(s + w for s, w in zip(spaces, words)) + spaces[-1] + edges[1]


def _text_of(result: WordDiff, *kinds: str) -> str:
    return "".join(s.text for s in result.segments if s.kind in kinds)


def test_the_matcher_is_given_the_words_and_no_white_space(monkeypatch):
    seen: list[tuple[int, int]] = []

    class Recording(difflib.SequenceMatcher):
        def __init__(self, isjunk=None, a="", b="", autojunk=True):
            seen.append((len(a), len(b)))
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(diff_module.difflib, "SequenceMatcher", Recording)
    before = "\n\n".join(" ".join(f"word{i}" for i in range(p * 80, p * 80 + 80)) for p in range(25))
    after = before.replace("word40 ", "WORD40 ").replace("word1999", "last")
    result = get_word_diff(before, after)
    assert seen == [(2000, 2000)]  # not 3,999 tokens, half of them white space
    assert (result.removed_words, result.added_words) == (2, 2)


def test_a_change_of_white_space_alone_is_not_a_change():
    result = get_word_diff("Keep people safe.\nAnd places.", "Keep  people\n\nsafe. And places.")
    assert [(s.kind, s.text) for s in result.segments] == [("same", "Keep  people\n\nsafe. And places.")]
    assert (result.removed_words, result.added_words) == (0, 0)


def test_a_word_added_between_two_lines_keeps_the_new_line_break():
    result = get_word_diff("Victims\n\nOffenders", "Victims first\n\nOffenders")
    assert [(s.kind, s.text) for s in result.segments] == [
        ("same", "Victims"), ("added", " first"), ("same", "\n\nOffenders")]


@settings(max_examples=300, deadline=None)
@given(texts(), texts())
def test_the_segments_give_back_both_texts(before, after):
    result = get_word_diff(before, after)
    # The page is laid out as the new text; the old text's words are all there, in order.
    assert _text_of(result, "same", "added") == after.strip()
    assert _text_of(result, "same", "removed").split() == before.split()
    unchanged = len(_text_of(result, "same").split())
    assert unchanged + result.removed_words == len(before.split())
    assert unchanged + result.added_words == len(after.split())
    assert all(s.text.strip() for s in result.segments if s.kind != "same"), "no change of white space alone"
    kinds = [s.kind for s in result.segments]
    assert all(a != b for a, b in zip(kinds, kinds[1:])), "neighbouring segments of one kind are joined"


@settings(max_examples=100, deadline=None)
@given(texts())
def test_a_text_compared_with_itself_is_all_unchanged(text):
    result = get_word_diff(text, text)
    assert [s.kind for s in result.segments] == (["same"] if text.strip() else [])
