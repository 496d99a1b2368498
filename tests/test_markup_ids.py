"""A body's headings never take an id the templates give part of a page."""

import re

import pytest

from generator.markup import TEMPLATE_ID_PREFIXES, TEMPLATE_ID_SUFFIXES, TEMPLATE_IDS, Markup
from conftest import LAYOUTS, MINIMAL, run_cli, write_site


def test_every_id_the_templates_give_is_kept_clear_of():
    text = "".join(p.read_text() for p in LAYOUTS.rglob("*.html"))
    literal = set(re.findall(r'\bid="([a-z0-9-]+)"', text))
    assert literal == TEMPLATE_IDS
    made = {re.sub(r"\{\{.*", "", i) + "|" + re.sub(r".*\}\}", "", i)
            for i in re.findall(r'\bid="([^"]*\{\{[^"]*)"', text)}
    assert {m for m in made} == {f"{p}|" for p in TEMPLATE_ID_PREFIXES} | {f"|{s}" for s in TEMPLATE_ID_SUFFIXES}


@pytest.mark.parametrize("heading, expected", [
    ("Agenda", "section-agenda"), ("Main content", "section-main-content"), ("Priority 1", "section-priority-1"),
    ("Decision list", "section-decision-list"), ("How the plan was made", "how-the-plan-was-made"),
])
def test_a_heading_that_would_take_a_templates_id_is_moved_clear(heading, expected):
    assert f'<h2 id="{expected}">{heading}</h2>' in Markup().render(f"## {heading}\n\nText.")


def test_a_meetings_agenda_heading_leaves_one_agenda_id_on_its_page(tmp_path):
    root = write_site(tmp_path, {**MINIMAL, "bodies/panel.md": "---\nname: The Panel\nkind: panel\n---\n",
                                 "meetings/panel/2021-11-15.md": "---\nheld_by: panel\ndate: 2021-11-15\n"
                                 "title: Panel meeting\n---\n## Agenda\n\nNotes.\n",
                                 "reports/panel/2021-11-15/item-6.md": "---\nmeeting: panel/2021-11-15\nitem: '6'\n"
                                 "title: Draft plan\n---\n"})
    assert run_cli(root, "build", "--no-search").code == 0
    html = (root / "site/meetings/panel/2021-11-15/index.html").read_text()
    assert html.count('id="agenda"') <= 1 and 'id="section-agenda"' in html


def test_two_texts_on_one_page_never_share_a_heading_id(tmp_path):
    """A variation's wording before and after, each with the same heading: each keeps its own id and links."""
    before = "|\n  ## Community engagement\n\n  Old words.\n"
    after = ("|\n  ## Community engagement\n\n  New words ([this part](#community-engagement)).\n\n"
             "  ## Community engagement\n\n  More.\n")
    files = {**MINIMAL, "variations/v.md": f"---\nplan: 2021-24\ntitle: A change\nbefore: {before}after: {after}---\n"
                                           "## Community engagement\n\nWhy ([see](#community-engagement)).\n"}
    root = write_site(tmp_path, files)
    assert run_cli(root, "build", "--no-search").code == 0
    html = (root / "site/variations/v/index.html").read_text()
    ids = re.findall(r'<h[2-6] id="(community[^"]*)"', html)
    assert ids == ["community-engagement", "community-engagement_1", "community-engagement_2",
                   "community-engagement_3"]  # the body's, before's, and after's two (its own second was _1)
    assert re.findall(r'href="#(community[^"]*)"', html) == ["community-engagement", "community-engagement_2"]


def test_the_next_page_starts_with_no_heading_ids_taken(tmp_path):
    files = {**MINIMAL, **{f"variations/v{n}.md": "---\nplan: 2021-24\ntitle: A change\n---\n## Why\n\nText.\n"
                           for n in (1, 2)}}
    root = write_site(tmp_path, files)
    assert run_cli(root, "build", "--no-search", "--jobs", "1").code == 0
    for n in (1, 2):
        assert '<h2 id="why">' in (root / f"site/variations/v{n}/index.html").read_text()


@pytest.mark.parametrize("image", [
    '<img src="https://example.org/x.png" alt="x">', '<img src="&#104;ttps://example.org/x.png">',
    '<img Src=//example.org/x.png>', '<img src="\\\\example.org/x.png">', '<img src="/\\example.org/x.png">',
    '<img src="ht&#9;tps://example.org/x.png">', "![x][r]\n\n[r]: https://example.org/x.png",
])
def test_no_image_from_another_site_survives_sanitising_however_it_is_written(image):
    """The link check names the usual forms as errors; whatever it misses, the sanitiser drops."""
    html = Markup().render(f"A picture: {image}")
    assert "example.org" not in html and "<img" in html


def test_an_image_of_this_site_keeps_its_address():
    assert '<img alt="A chart" src="/documents/chart.png">' in Markup().render("![A chart](/documents/chart.png)")
