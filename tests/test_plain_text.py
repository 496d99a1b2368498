"""Markdown's words without its markup: a priority's heading in lists and links, and a variation's comparison."""

import pytest
from hypothesis import given, strategies as st

from conftest import MINIMAL, run_cli, write_site
from generator.fields import plain_text


@pytest.mark.parametrize("markdown, words", [
    ("Make **sure** victims of _crime_ [get](https://x.org) &amp; a high-quality investigation.",
     "Make sure victims of crime get & a high-quality investigation."),
    ("Organised under **three** headings:\n\n1. Community engagement\n2. [A link](/plans/2021-24/)",
     "Organised under three headings: Community engagement A link"),
    ("## Heading ##\n\n> quoted *em* and `code`\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[r]: https://x.org",
     "Heading quoted em and code one two a b 1 2"),
    ("5 * 3 = 15, snake_case_name, 2*x*y and a \\*literal\\* star", "5 * 3 = 15, snake_case_name, 2*x*y and a *literal* star"),
    ("Tom &amp; Jerry <b>bold</b> ![a map](/map.png) [ref link][r]", "Tom & Jerry bold a map ref link"),
])
def test_markup_is_removed_and_the_words_kept(markdown, words):
    assert plain_text(markdown) == words


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789,;'?", min_size=1), min_size=1))
def test_words_without_markup_are_left_as_they_are(words):
    assert plain_text(" ".join(words)) == " ".join(words)


def test_a_priority_without_a_title_is_listed_and_linked_by_its_words_not_its_markdown(tmp_path):
    files = {**MINIMAL, "priorities/2021-24/victims.yaml": "theme: 2021-24/victims\nitems:\n  - text: Make **sure** "
             "victims [get](https://example.org/) help &amp; support.\n"}
    root = write_site(tmp_path, files)
    assert run_cli(root, "build", "--no-search").code == 0
    listed = (root / "site/priorities/index.html").read_text()
    assert "Make sure victims get help &amp; support.</a>" in listed and "**" not in listed
    theme = (root / "site/plans/2021-24/themes/victims/index.html").read_text()
    assert "Make <strong>sure</strong> victims" in theme  # its own theme page still shows the Markdown as meant
