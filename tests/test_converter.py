"""The build's Markdown converter skips the steps a text cannot match; its HTML is Python-Markdown's own."""

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import synth
from generator.errors import Errors
from generator.markup import Converter, make_markdown
from generator.pages import bodies_of, read_content

from conftest import REPO

# One text for each step the converter may leave out (and the ways a step's characters can arrive), with what it makes.
EXAMPLES = {
    "code": ("Run `build` now.", "<code>build</code>"),
    "escape": ("Not \\*emphasis\\*.", "*emphasis*"),
    "link": ("See [the plan](/plans/2021-24/).", '<a href="/plans/2021-24/">the plan</a>'),
    "reference link": ("See [the plan][p].\n\n[p]: /plans/", '<a href="/plans/">the plan</a>'),
    "short reference": ("See [p].\n\n[p]: /plans/", '<a href="/plans/">p</a>'),
    "image": ("![A chart](/chart.png)", '<img alt="A chart" src="/chart.png"'),
    "image reference": ("![A chart][c]\n\n[c]: /chart.png", '<img alt="A chart" src="/chart.png"'),
    "autolink": ("<https://example.org/>", '<a href="https://example.org/">https://example.org/</a>'),
    "email": ("<office@example.org>", "&#109;"),
    "line break": ("One line  \nthe next", "One line<br />"),
    "line break from a tab": ("ab \t\nthe next", "ab<br />"),  # a tab is expanded to spaces before parsing
    "inline HTML": ("A <abbr>PCC</abbr> here", "<abbr>PCC</abbr>"),
    "entity": ("Fish &amp; chips &#169;", "&amp; chips &#169;"),
    "character reference without its semicolon": ("Copyright &#169 and &#x41", "&#169; and &#x41;"),
    "emphasis": ("*one* **two** _three_ __four__", "<em>one</em> <strong>two</strong> <em>three</em>"),
    "emphasis in a table": ("| a | b |\n|---|---|\n| *x* | `y` |", "<td><em>x</em></td>"),
    "nothing": ("Plain words, nothing more.", "<p>Plain words, nothing more.</p>"),
    "fenced code": ("```\n<b>x</b>\n```", "<pre><code>&lt;b&gt;"),
    "tilde fence": ("~~~\ncode\n~~~", "<pre><code>code"),
    "HTML block": ("<div>\n*x*\n</div>", "<div>\n*x*\n</div>"),
    "indented code": ("Text\n\n    code", "<pre><code>code"),
    "indented code from a tab": ("Text\n\n\tcode", "<pre><code>code"),
    "list continued by a tab": ("- one\n\n\tmore", "<li>\n<p>one</p>\n<p>more</p>"),
    "heading": ("# Title", "<h2 id=\"title\">Title</h2>"),
    "setext heading": ("Title\n-----", "<h2 id=\"title\">Title</h2>"),
    "rule": ("a\n\n***\n\nb", "<hr />"),
    "numbered list": ("1. one\n2. two", "<ol>"),
    "bulleted list": ("+ one\n+ two", "<ul>"),
    "quote": ("> said", "<blockquote>"),
    "table of contents where its marker asks": ("[TOC]\n\n## Two", '<div class="toc">\n<ul>\n<li><a href="#two">'),
    "marker parted by a control character": ("[TO\x02C]\n\n# One", '<div class="toc">'),
    "steps whose characters a control character parts": ("a \x02 \nb\n\n!\x02[alt](/p.png)\n\n \x02   code",
                                                         "a<br />"),
}


def _plain(text: str) -> str:
    return make_markdown().convert(text)


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_step_still_runs_where_its_text_needs_it(name):
    text, expected = EXAMPLES[name]
    html = Converter().convert(text)
    assert expected in html
    assert html == _plain(text)


def test_a_text_without_markup_characters_runs_few_steps_and_one_converter_serves_many_texts():
    converter = Converter()
    plain = converter.steps_for("Plain words, nothing more")
    assert plain["inlinePatterns"] == ()
    assert len(plain["blockprocessors"]) == 2 and len(plain["preprocessors"]) == 1  # empty and paragraph; whitespace
    assert len(converter.steps_for("[a](/b/)")["inlinePatterns"]) == 3  # the three that start with '['
    assert plain["toc"] == () and converter.steps_for("# A\n\n[TOC]")["toc"] != ()  # a table of contents where asked
    for text, _ in EXAMPLES.values():  # in turn, so a text's patterns never leak into the next one's
        assert converter.convert(text) == _plain(text)


def test_a_pattern_is_tried_only_on_the_runs_of_text_that_could_hold_it():
    """A text with one link: the link patterns are tried on its paragraph, not on the twenty others."""
    converter, tried = Converter(), []
    inline = converter.md.treeprocessors["inline"]
    apply = inline._InlineProcessor__applyPattern
    inline._InlineProcessor__applyPattern = lambda pattern, data, *rest: tried.append((pattern, data)) or \
        apply(pattern, data, *rest)
    text = "See [the plan](/plans/) here.\n\n" + "\n\n".join(f"Paragraph {n}, with *emphasis*." for n in range(20))
    assert converter.convert(text) == _plain(text)
    link_patterns = {converter.md.inlinePatterns[name] for name in ("reference", "link", "short_reference")}
    on_links = [run for pattern, run in tried if pattern in link_patterns]
    assert on_links and all(run.startswith("See") for run in on_links)
    assert len({run for pattern, run in tried if run.startswith("Paragraph")}) == 20  # emphasis is still tried there


def test_a_block_processor_is_tried_only_on_the_blocks_that_could_hold_it():
    """A text with one table: the table processor is tried on the table, not on the twenty paragraphs."""
    converter, tried = Converter(), []
    table = converter.md.parser.blockprocessors["table"]
    test = table.test
    table.test = lambda parent, block: tried.append(block) or test(parent, block)
    text = "| a | b |\n|---|---|\n| 1 | 2 |\n\n" + "\n\n".join(f"Paragraph {n}, with a - b." for n in range(20))
    assert converter.convert(text) == _plain(text)
    assert tried and all(block.startswith("|") for block in tried)


MARKDOWNISH = st.lists(st.sampled_from(list(" \t\n\r\x02\x03*_`\\[]()!<>&#;:/.-=|~@\"'+0123456789x") +
                                     ["a", "b", "plan", "amp", "#169", "https://x.org", "a@b.org", "  \n", "\n\n", "1. ",
                                      "- ", "    ", "> ", "## ", "===\n", "---\n", "```\n", "~~~\n", "[r]: /x/\n",
                                      "<b>", "</b>", "<div>\n", "</div>\n", "<!--", "-->", "| a | b |\n", "|---|---|\n",
                                      "[TOC]", "\n[TOC]\n"]),
                     max_size=80).map("".join)


@settings(max_examples=500, deadline=None)
@given(MARKDOWNISH)
def test_any_text_converts_to_what_python_markdown_makes_of_it(text):
    assert Converter().convert(text) == _plain(text)


def _bodies(content: Path) -> list[str]:
    with read_content(content, Errors(content.parent), {}, None, 1) as files:
        return bodies_of(files)


def test_the_real_content_and_the_benchmark_portal_convert_as_python_markdown_converts_them():
    with tempfile.TemporaryDirectory() as folder:
        portal = synth.generate(Path(folder) / "portal", 200)
        bodies = _bodies(REPO / "content") + [page[3] for page in portal.pages]
    converter, plain = Converter(), make_markdown()
    assert len(bodies) > 150
    for body in bodies:
        assert converter.convert(body) == plain.reset().convert(body)
