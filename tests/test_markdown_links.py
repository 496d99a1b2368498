"""Links and images in Markdown that the link check must catch: each is reported as `path:line: message`, with exit
status 1, by `check` exactly as by `build` (gaps a fuzzer found in generator/routes.py's check)."""

import pytest

from conftest import MINIMAL, run_cli, write_site

PERSON = "people/pat-smith.md"
HEAD = "---\nname: Pat Smith\n---\nPat Smith wrote the plan.\n"  # the body's first line is line 4
ANOTHER_SITE = ("is on another site, and pages never make readers' browsers fetch from other sites: link to it "
                "instead ([words](address))")
NO_WORDS = "has no words to click, so a screen reader cannot say where it leads: write them between the square brackets"
ASSET = ("leads to no page of this site: the site's own styles and scripts are published under names that change "
         "with their content, so they cannot be linked to by name; remove the link")

CASES = [
    ("a link in raw HTML, its address unquoted",
     "See <a href=/plans/2021-42/>the plan</a>.\n",
     "content/people/pat-smith.md:5: the link to '/plans/2021-42/' leads to no page of this site (did you mean "
     "'/plans/2021-24/'?): check the address"),
    ("a link in raw HTML, unquoted, among other attributes",
     "See\n<a title=Plan href = /plans/2021-42/ >the plan</a>.\n",
     "content/people/pat-smith.md:6: the link to '/plans/2021-42/' leads to no page of this site (did you mean "
     "'/plans/2021-24/'?): check the address"),
    ("an image from another site in raw HTML, its address unquoted",
     "<img src=https://evil.example/x.png>\n",
     f"content/people/pat-smith.md:5: the image 'https://evil.example/x.png' {ANOTHER_SITE}"),
    ("an image from another site in raw HTML, unquoted, in capitals, closed with a slash",
     "A photograph:\n\n<IMG ALT=Pat SRC=//evil.example/x.png/>\n",
     f"content/people/pat-smith.md:7: the image '//evil.example/x.png/' {ANOTHER_SITE}"),
    ("a link with no address",
     "See [the plan]() for more.\n",
     "content/people/pat-smith.md:5: the link '[the plan]()' has no address: add the address it leads to, or "
     "remove the link"),
    ("a link with only a title in its round brackets",
     "See [the plan]( \"The plan\") for more.\n",
     "content/people/pat-smith.md:5: the link '[the plan]( \"The plan\")' has no address: add the address it leads "
     "to, or remove the link"),
    ("a link in raw HTML with no address",
     "See <a href=\"\">the plan</a>.\n",
     "content/people/pat-smith.md:5: the link '<a href=\"\">' has no address: add the address it leads to, or "
     "remove the link"),
    ("an image with no address",
     "A photograph:\n\n![Pat Smith]()\n",
     "content/people/pat-smith.md:7: the image '![Pat Smith]()' has no address: remove it, or link to the picture "
     "instead ([words](address))"),
    ("an image in raw HTML with no address",
     "<img alt='Pat Smith' src=''>\n",
     "content/people/pat-smith.md:5: the image '<img alt='Pat Smith' src=''>' has no address: remove it, or link "
     "to the picture instead ([words](address))"),
    ("a link with no words",
     "More [](https://example.org/) here.\n",
     f"content/people/pat-smith.md:5: the link '[](https://example.org/)' {NO_WORDS}"),
    ("a link whose words are only spaces",
     "More\n[ ](/plans/2021-24/) here.\n",
     f"content/people/pat-smith.md:6: the link '[ ](/plans/2021-24/)' {NO_WORDS}"),
    ("a link whose only words are an image with no alternative text",
     "[![](/plans/2021-24/)](/plans/2021-24/)\n",
     f"content/people/pat-smith.md:5: the link '[![](/plans/2021-24/)](/plans/2021-24/)' {NO_WORDS}"),
    ("a link to one of the site's assets by name",
     "See [the styles](/assets/style.css).\n",
     f"content/people/pat-smith.md:5: the link to '/assets/style.css' {ASSET}"),
    ("a relative link to one of the site's assets by name",
     "See\n[the icon](../../assets/favicon.svg).\n",
     f"content/people/pat-smith.md:6: the link to '../../assets/favicon.svg' {ASSET}"),
    ("a link in raw HTML with no words",
     "See\n<a href=\"/plans/2021-24/\"> <img alt=\"\" src=\"/plans/2021-24/\"> </a> for more.\n",
     "content/people/pat-smith.md:6: the link '<a href=\"/plans/2021-24/\">' has no words to click, so a screen "
     "reader cannot say where it leads: write them before its </a>"),
    ("a link whose query holds another site's address",
     "See [the plan](/plans/2021-42/?from=https://example.org/).\n",
     "content/people/pat-smith.md:5: the link to '/plans/2021-42/?from=https://example.org/' leads to no page of "
     "this site (did you mean '/plans/2021-24/'?): check the address"),
    ("a link with a scheme the sanitiser takes out",
     "Call [the office](callto:01234567890).\n",
     "content/people/pat-smith.md:5: the link to 'callto:01234567890' starts with 'callto:', which pages do not "
     "link with (its address would be taken out): use an address that starts with https://, http://, mailto: or "
     "tel:"),
    ("a reference whose address is on the next line",
     "See [the plan][p].\n\n[p]:\n  /plans/2021-42/\n",
     "content/people/pat-smith.md:7: the link to '/plans/2021-42/' leads to no page of this site (did you mean "
     "'/plans/2021-24/'?): check the address"),
    ("a link in raw HTML, its attribute in mixed case",
     "See <a Href=\"/plans/2021-42/\">the plan</a>.\n",
     "content/people/pat-smith.md:5: the link to '/plans/2021-42/' leads to no page of this site (did you mean "
     "'/plans/2021-24/'?): check the address"),
    ("an image on this site that is not one of its files",
     "A chart:\n\n![The chart](/charts/plan.png)\n",
     "content/people/pat-smith.md:7: the image '/charts/plan.png' is not a file this site publishes (the portal "
     "keeps no pictures of its own): remove it, or link to the picture where it is published ([words](address))"),
    ("an image in raw HTML on this site that is not one of its files",
     "<img alt=\"The chart\" src=\"chart.png\">\n",
     "content/people/pat-smith.md:5: the image 'chart.png' is not a file this site publishes (the portal keeps no "
     "pictures of its own): remove it, or link to the picture where it is published ([words](address))"),
    ("an image among the site's assets by name",
     "![A chart](/assets/chart.png)\n",
     "content/people/pat-smith.md:5: the image '/assets/chart.png' is not a file this site publishes: the site's "
     "own images are published under names that change with their content, so they cannot be shown by name; "
     "remove it"),
    ("a link after code that holds a bracket",
     "Write `[` for a bracket, then [the plan](/plans/2021-42/).\n",
     "content/people/pat-smith.md:5: the link to '/plans/2021-42/' leads to no page of this site (did you mean "
     "'/plans/2021-24/'?): check the address"),
    ("a link after a fence that is never closed (Markdown shows it as a link)",
     "```\nSee [the plan](/plans/2021-42/).\n",
     "content/people/pat-smith.md:6: the link to '/plans/2021-42/' leads to no page of this site (did you mean '/plans/2021-24/'?): check the address"),
    ("a link between indented fences (Python-Markdown takes fences only at a line's start)",
     "  ```\nSee [the plan](/plans/2021-42/).\n\n  ```\n",
     "content/people/pat-smith.md:6: the link to '/plans/2021-42/' leads to no page of this site (did you mean '/plans/2021-24/'?): check the address"),
    ("a link between backticks in two list items (a code span stays within one)",
     "- the Commissioner`s plan\n- see [the plan](/plans/2021-42/)\n- the Panel`s report\n",
     "content/people/pat-smith.md:6: the link to '/plans/2021-42/' leads to no page of this site (did you mean '/plans/2021-24/'?): check the address"),
    ("a link whose words hold an escaped bracket",
     "See [a \\[ b](/plans/2021-42/).\n",
     "content/people/pat-smith.md:5: the link to '/plans/2021-42/' leads to no page of this site (did you mean '/plans/2021-24/'?): check the address"),
    ("a link after an escaped backslash",
     "C:\\\\[the plan](/plans/2021-42/)\n",
     "content/people/pat-smith.md:5: the link to '/plans/2021-42/' leads to no page of this site (did you mean '/plans/2021-24/'?): check the address"),
    ("a telephone number in angle brackets (Markdown links only web and email addresses so)",
     "Call\n<tel:101> at any time.\n",
     "content/people/pat-smith.md:6: '<tel:101>' would not be shown: Markdown takes words in angle brackets for an "
     "HTML tag, and pages do not keep 'tel:101'. Leave out the angle brackets (or write them as &lt; and &gt;), or "
     "write a link with words: [words](address)"),
    ("a placeholder in angle brackets, over two lines",
     "Write to <your\nMP> about it.\n",
     "content/people/pat-smith.md:5: '<your MP>' would not be shown: Markdown takes words in angle brackets for an "
     "HTML tag, and pages do not keep 'your'. Leave out the angle brackets (or write them as &lt; and &gt;), or "
     "write a link with words: [words](address)"),
    ("a placeholder that is the name of an HTML element pages do not keep",
     "Write to <address>.\n",
     "content/people/pat-smith.md:5: '<address>' would not be shown: Markdown takes words in angle brackets for an "
     "HTML tag, and pages do not keep 'address'. Leave out the angle brackets (or write them as &lt; and &gt;), or "
     "write a link with words: [words](address)"),
]


def _problems(root, command: str) -> tuple[int, list[str]]:
    result = run_cli(root, command)
    assert "Traceback" not in result.err
    return result.code, [line for line in result.err.splitlines() if line.startswith("content/")]


@pytest.mark.parametrize("body,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_link_or_image_the_check_missed_is_reported_by_build_and_check_alike(tmp_path, body, expected):
    root = write_site(tmp_path, {**MINIMAL, PERSON: HEAD + body})
    assert _problems(root, "build") == (1, [expected])
    assert not (root / "site").exists()
    assert _problems(root, "check") == (1, [expected])


def _built_page(tmp_path, body: str) -> str:
    """Build the site with the person's body; it must build without a word; return the person's page."""
    root = write_site(tmp_path, {**MINIMAL, PERSON: HEAD + body})
    result = run_cli(root, "build")
    assert (result.code, result.err) == (0, "")
    return (root / "site" / "people" / "pat-smith" / "index.html").read_text(encoding="utf-8")


def test_links_written_in_the_ways_html_and_markdown_allow_still_build(tmp_path):
    """The forms the check now reads, when they lead somewhere: an image with alternative text names its link."""
    body = ("See <a href=/plans/2021-24/>the plan</a>, <A HREF='/plans/2021-24/'>again</A>,\n"
            "<a href=https://example.org/x/>elsewhere</a> and\n"
            "[its theme](/plans/2021-24/themes/victims/ \"Victims\").\n\n"
            "[![Pat Smith](/plans/2021-24/)](/plans/2021-24/)\n")
    page = _built_page(tmp_path, body)
    assert '<a href="/plans/2021-24/" rel="noopener noreferrer">the plan</a>' in page


def test_what_markdown_shows_as_written_is_not_a_link_and_a_telephone_number_is(tmp_path):
    """Code, escaped brackets and a reference with a blank line after it are not links; tel: is kept on the page."""
    body = ("Write a link as `[words](/address/)`, or\n\n```\n[words](/another/)\n```\n\n"
            "~~~\n<a href=\"/nope/\"></a> ![x](/nope.png)\n~~~\n\n"
            "Not a link: \\[words](/nope/) or [words\\](/nope/).\n\n[r]:\n\nwords after.\n\n"
            "Call [the helpline](tel:+441234567890), not `<tel:101>`; write to &lt;your MP&gt;.\n\n"
            "Not tags: <insert the council's name>, a < b > c, <https://example.org/>, <office@example.org>, "
            "[the plan](</plans/2021-24/>) and <span>words</span>.\n")
    page = _built_page(tmp_path, body)
    assert "<code>&lt;tel:101&gt;</code>; write to &lt;your MP&gt;." in page
    assert "Not tags: &lt;insert the council's name&gt;, a &lt; b &gt; c," in page and " and words.</p>" in page
    assert '<a href="tel:+441234567890" rel="noopener noreferrer">the helpline</a>' in page
    assert "<code>[words](/address/)</code>" in page
    assert "[words](/nope/)" in page


def test_what_only_looks_like_a_link_definition_or_is_inside_code_is_not_checked(tmp_path):
    """Python-Markdown renders these as text or code, so none of them is a link to check."""
    body = ("[1]: Police and Crime Panel, 5 November 2014\n\n[Note]:\nThe Panel agreed the change.\n\n"
            "```\n[a](/a/)\n````\n\n[the plan](/nope/)\n\n```\n\n"
            "[p]: /plans/2021-24/ \"The plan\"\n\nSee [the plan][p].\n\n<!-- [old page](/old-page/) -->\n")
    page = _built_page(tmp_path, body)
    assert 'href="/plans/2021-24/"' in page and "[1]: Police and Crime Panel" in page
