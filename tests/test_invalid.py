"""Invalid sites: each problem is reported as `path:line: message`, exit status 1, no traceback."""

import re
import shutil

import pytest

from conftest import MINIMAL, run_cli, write_site

PLAN = "plans/2021-24.md"
DECISION_OK = """\
---
reference: CPCC 2021-017
title: Issuing of the plan
date: 2021-11-23
decision: To issue the plan
plan: 2021-24
---
"""

CASES = [
    ("unknown field with a suggestion",
     {PLAN: "---\ntitle: P\nperiod: {start: 2021, end: 2024}\nstatus: issued\ncomissioner: pat-smith\n---\n"},
     "content/plans/2021-24.md:5: unknown field 'comissioner' (did you mean 'commissioner'?); a plan has: "
     "title, period, commissioner, status, published, in_force_from, issue_by, steps, documents, summary, "
     "body, extra"),
    ("missing required field",
     {PLAN: "---\ntitle: P\nperiod: {start: 2021, end: 2024}\n---\n"},
     "content/plans/2021-24.md:2: missing required field 'status': where the plan stands."),
    ("a choice that is not allowed",
     {PLAN: "---\ntitle: P\nperiod: {start: 2021, end: 2024}\nstatus: isued\n---\n"},
     "content/plans/2021-24.md:4: 'status': 'isued' is not allowed (did you mean 'issued'?); choose one of: "
     "draft, consultation, issued, replaced"),
    ("a period that ends before it starts",
     {PLAN: "---\ntitle: P\nperiod:\n  start: 2024\n  end: 2021\nstatus: issued\n---\n"},
     "content/plans/2021-24.md:5: 'period.end' (2021) is before 'period.start' (2024); it cannot end before "
     "it starts"),
    ("an impossible date",
     {"decisions/d.md": DECISION_OK.replace("2021-11-23", "2021-02-30")},
     "content/decisions/d.md:4: 'date': '2021-02-30' is not a date: February 2021 has no day 30"),
    ("a year no record has",
     {"decisions/d.md": DECISION_OK.replace("2021-11-23", "'0000'")},
     "content/decisions/d.md:4: 'date': '0000' is not a date the portal can use: the year must be from 1000 to "
     "2999 (leave out a date that is not known)"),
    ("a year too far ahead for an open-ended period",
     {PLAN: "---\ntitle: P\nperiod: {start: 2021, end: 9999}\nstatus: issued\n---\n"},
     "content/plans/2021-24.md:3: 'period.end': '9999' is not a date the portal can use: the year must be from "
     "1000 to 2999 (leave out a date that is not known)"),
    ("the priorities of one theme in two files",
     {"priorities/2021-24/victims.yaml": "theme: 2021-24/victims\nitems:\n  - text: First.\n",
      "priorities/2021-24/victims-more.yaml": "theme: 2021-24/victims\nitems:\n  - text: Another first.\n"},
     "content/priorities/2021-24/victims.yaml:3: this priority would be shown at /plans/2021-24/themes/victims/"
     "#priority-1, as the priority in content/priorities/2021-24/victims-more.yaml already is; keep the "
     "priorities of one theme in one file"),
    ("a link to a page the site does not have",
     {"people/pat-smith.md": "---\nname: Pat Smith\n---\nPat Smith wrote\n[the plan](/plans/2021-42/) and "
      "[its theme](/plans/2021-24/themes/victims/), [elsewhere](https://example.org/x/).\n"},
     "content/people/pat-smith.md:5: the link to '/plans/2021-42/' leads to no page of this site (did you mean "
     "'/plans/2021-24/'?): check the address"),
    ("an image from another site",
     {"people/pat-smith.md": "---\nname: Pat Smith\n---\nA photograph:\n\n![Pat](https://example.org/pat.jpg)\n"},
     "content/people/pat-smith.md:6: the image 'https://example.org/pat.jpg' is on another site, and pages never "
     "make readers' browsers fetch from other sites: link to it instead ([words](address))"),
    ("a control character written as a YAML escape",
     {"documents/d.yaml": 'title: "A paper\\u0008 with a backspace"\n'},
     "content/documents/d.yaml:1: 'title' holds a control character (U+0008) that pages cannot show: delete it "
     "(a word processor's soft line break is one)"),
    ("a word processor's soft line break in a body",
     {"people/pat-smith.md": "---\nname: Pat Smith\n---\nFirst line.\nA soft\x0bbreak.\n"},
     "content/people/pat-smith.md:5: 'body' holds a control character (U+000B) that pages cannot show: delete "
     "it (a word processor's soft line break is one)"),
    ("a number open data cannot hold",
     {"documents/d.yaml": "title: A paper\nextra:\n  score: .nan\n"},
     "content/documents/d.yaml:2: 'extra.score' is nan, which open data cannot hold: give a number, or text in "
     "quotes"),
    ("a page at the search index's address",
     {"pages/pagefind.md": "---\ntitle: Finding pages\n---\n"},
     "content/pages/pagefind.md:1: this page would be published at /pagefind/, inside the folder the site keeps "
     "its search index in; rename the file"),
    ("a base address with a path",
     {"site.yaml": "title: T\narea: A\ndescription: D for tests.\nbase_url: https://example.org/portal/\n"},
     "content/site.yaml:4: 'base_url' must be the site's own address without a path (not '/portal'): the "
     "portal's pages link to each other from the root of that address"),
    ("an image from another site in raw HTML, in capitals",
     {"people/pat-smith.md": "---\nname: Pat Smith\n---\n<IMG SRC=\"//example.org/pat.jpg\" ALT=\"Pat\">\n"},
     "content/people/pat-smith.md:4: the image '//example.org/pat.jpg' is on another site, and pages never "
     "make readers' browsers fetch from other sites: link to it instead ([words](address))"),
    ("a date written the British way",
     {"decisions/d.md": DECISION_OK.replace("2021-11-23", "31/11/2021")},
     "content/decisions/d.md:4: 'date': '31/11/2021' is not a date: write it as YYYY-MM-DD (e.g. 2021-11-15), "
     "or YYYY-MM or YYYY where only the month or year is known"),
    ("a reference to an item that does not exist",
     {"decisions/d.md": DECISION_OK.replace("plan: 2021-24", "plan: 2021-42")},
     "content/decisions/d.md:6: 'plan': there is no plan with the id '2021-42' (did you mean '2021-24'?)"),
    ("a reference to an item of the wrong type",
     {"decisions/d.md": DECISION_OK.replace("plan: 2021-24", "plan: pat-smith")},
     "content/decisions/d.md:6: 'plan': 'pat-smith' is a person, but 'plan' must name a plan"),
    ("a wrong type: yes read as true",
     {"decisions/d.md": DECISION_OK.replace("decision: To issue the plan", "decision: yes")},
     "content/decisions/d.md:5: 'decision' should be text, but YAML read true (yes/no/true/false/on/off are "
     "read as true or false); put the value in quotes"),
    ("a wrong type: a number where a list of records goes",
     {"people/p.md": "---\nname: P\nroles: 3\n---\n"},
     "content/people/p.md:3: 'roles[1]' should be fields as 'name: value' lines, but is '3'"),
    ("malformed YAML",
     {"documents/d.yaml": "title: [unclosed\n"},
     "content/documents/d.yaml:1: could not read the YAML: a '[' opened here is never closed; end the list with ']'"),
    ("a value with a colon, unquoted",
     {"documents/d.yaml": "title: Plan: the sequel\n"},
     "content/documents/d.yaml:1: could not read the YAML: mapping values are not allowed in this context "
     "(a value containing ': ' must be put in quotes)"),
    ("a tab used for indentation",
     {"people/p.yaml": "name: P\nroles:\n\t- role: x\n"},
     "content/people/p.yaml:3: a tab character is used for indentation: YAML needs spaces"),
    ("a key given twice",
     {"documents/d.yaml": "title: A\ntitle: B\n"},
     "content/documents/d.yaml:2: 'title' is given twice (first on line 1); keep one"),
    ("missing front matter",
     {"documents/d.md": "title: A\n"},
     "content/documents/d.md:1: missing front matter: a Markdown file must start with a line '---', then its "
     "fields (e.g. 'title: ...'), then a line '---', then the text"),
    ("front matter never closed",
     {"documents/d.md": "---\ntitle: A\n"},
     "content/documents/d.md:1: the front matter is not closed: add a line '---' after the fields"),
    ("duplicate ids across types",
     {"documents/pat-smith.yaml": "title: A document\n"},
     "content/people/pat-smith.md:1: the id 'pat-smith' is also used by the document in "
     "content/documents/pat-smith.yaml:1; every item needs its own id: rename one of the files"),
    ("two items on one URL",
     {"pages/plans.md": "---\ntitle: Plans\n---\n"},
     "content/pages/plans.md:1: this page would be published at /plans/, which the site's own 'Police and "
     "Crime Plans' page uses; rename the file"),
    ("a file name that is not a valid id",
     {"documents/My Paper.yaml": "title: A\n"},
     "content/documents/My Paper.yaml:1: the file name gives the id 'My Paper', which is not allowed: use "
     "lower-case letters, digits and hyphens (e.g. 'cpcc-2021-017.md')"),
    ("a reference loop",
     {"themes/2021-24/a.md": "---\nplan: 2021-24\ntitle: A\nkind: theme\nsucceeds: 2021-24/a\n---\n"},
     "content/themes/2021-24/a.md:5: 'succeeds': an item cannot refer to itself"),
    ("an unknown folder",
     {"decisons/d.md": DECISION_OK},
     "content/decisons:1: unknown folder 'decisons' (did you mean 'decisions'?); content folders are: bodies, "
     "consultations, decisions, documents, meetings, pages, people, plans, priorities, reports, statements, "
     "themes, variations"),
    ("an empty file", {"documents/d.yaml": ""}, "content/documents/d.yaml:1: the file is empty"),
    ("a binary file", {"documents/d.yaml": b"title: x\n\x00\x01"},
     "content/documents/d.yaml:2: the file is binary, not text: content files are Markdown or YAML"),
    ("a file not in UTF-8", {"documents/d.yaml": "title: x\nnote: caf\xe9\n".encode("latin-1")},
     "content/documents/d.yaml:2: the file is not UTF-8 text (was it saved from Word or Excel in another "
     "encoding?): save it as UTF-8"),
    ("a byte order mark", {"documents/d.yaml": b"\xef\xbb\xbftitle: x\n"},
     "content/documents/d.yaml:1: the file starts with a byte order mark (BOM): save it as UTF-8 without BOM"),
    ("a body field in a Markdown file", {"documents/d.md": "---\ntitle: A\nbody: text\n---\n"},
     "content/documents/d.md:3: 'body' cannot be a field here: the text after the front matter is the body"),
    ("text after a list file's front matter", {"documents/d.md": "---\nitems:\n  - title: A\n  - title: B\n---\n"
                                                "Shared text.\n"},
     "content/documents/d.md:6: the text after the front matter cannot be shared by the entries of a list: give "
     "each entry under 'items:' its own 'body:'"),
    ("a shared body in a list file", {"documents/d.yaml": "body: Shared text.\nitems:\n  - title: A\n"},
     "content/documents/d.yaml:1: 'body' cannot be shared by the entries of a list: give each entry under "
     "'items:' its own 'body:'"),
    ("a shared body does not hide an entry's own problem", {"documents/d.yaml": (
        "body: Shared text.\nitems:\n  - id: d-one\n    title: A\n    colour: red\n")},
     "content/documents/d.yaml:5: unknown field 'colour'; a document has: title, url, publisher, date, summary, "
     "body, extra"),
    ("a body in a priorities list", {"priorities/2021-24/victims.yaml": (
        "theme: 2021-24/victims\nbody: Shared text.\nitems:\n  - text: A priority.\n  - text: Another.\n")},
     "content/priorities/2021-24/victims.yaml:2: unknown field 'body'; a priority has: theme, title, text, order, "
     "introduced_by, extra"),
    ("an id that would escape site/", {"priorities/2021-24/victims.yaml": (
        "theme: 2021-24/victims\nitems:\n  - id: ../../etc/passwd\n    text: A priority.\n")},
     "content/priorities/2021-24/victims.yaml:3: the id '../../etc/passwd' is not allowed: use lower-case "
     "letters, digits and hyphens, with '/' between parts"),
    ("an absolute id", {"priorities/2021-24/victims.yaml": (
        "theme: 2021-24/victims\nitems:\n  - id: /etc/passwd\n    text: A priority.\n")},
     "content/priorities/2021-24/victims.yaml:3: the id '/etc/passwd' is not allowed: use lower-case letters, "
     "digits and hyphens, with '/' between parts"),
    ("an id with odd characters", {"documents/Caf\u00e9 r\u00e9sum\u00e9.yaml": "title: A\n"},
     "content/documents/Caf\u00e9 r\u00e9sum\u00e9.yaml:1: the file name gives the id 'Caf\u00e9 r\u00e9sum\u00e9', which is "
     "not allowed: use lower-case letters, digits and hyphens (e.g. 'cpcc-2021-017.md')"),
    ("a 10 MB file", {"documents/d.yaml": b"title: A\n" + b"# padding\n" * 1_000_000},
     "content/documents/d.yaml:1: the file is 9.5 MB; a content file may be at most 2 MB (put large documents "
     "elsewhere and link to them)"),
    ("a reference loop through two items",
     {"themes/2021-24/a.md": "---\nplan: 2021-24\ntitle: A\nkind: theme\nsucceeds: 2021-24/b\n---\n",
      "themes/2021-24/b.md": "---\nplan: 2021-24\ntitle: B\nkind: theme\nsucceeds: 2021-24/a\n---\n"},
     "content/themes/2021-24/a.md:5: 'succeeds' makes a loop: following it from '2021-24/a' leads back to "
     "'2021-24/a'"),
    ("a placeholder left unfilled", {"documents/d.yaml": "title: \"FILL IN: the document's title\"\n"},
     "content/documents/d.yaml:1: 'title' has not been filled in yet: replace 'FILL IN: the document's title'"),
    ("a web address that is not one", {"documents/d.yaml": "title: A\nurl: www.example.org\n"},
     "content/documents/d.yaml:2: 'url': 'www.example.org' is not a web address; write it in full, starting "
     "https://"),
    ("a web address with a bracket left open", {"documents/d.yaml": "title: A\nurl: 'https://[::1/x'\n"},
     "content/documents/d.yaml:2: 'url': 'https://[::1/x' is not a web address; write it in full, starting "
     "https://"),
    ("a web address whose port is not a number", {"documents/d.yaml": "title: A\nurl: 'https://example.org:x/'\n"},
     "content/documents/d.yaml:2: 'url': 'https://example.org:x/' is not a web address; write it in full, "
     "starting https://"),
    ("a link in Markdown with a bracket left open",
     {"people/pat-smith.md": "---\nname: Pat Smith\n---\nSee [this](http://[::1/x) and [that](//[oops).\n"},
     "content/people/pat-smith.md:4: the link to 'http://[::1/x' is not an address a browser can follow: check it"),
    ("Markdown nested deeper than a page can show",
     {"people/pat-smith.md": "---\nname: Pat Smith\n---\nFine.\n\n" + "*" * 2000 + "x" + "*" * 2000 + "\n"},
     "content/people/pat-smith.md:6: 'body' nests too deeply for a page to show (500 '*' or '_' in a row, or a line "
     "indented by 400 spaces): simplify it"),
    ("lists nested deeper than a page can show",
     {"people/pat-smith.md": "---\nname: Pat Smith\n---\n" + "".join("  " * i + "- l\n" for i in range(600))},
     "content/people/pat-smith.md:204: 'body' nests too deeply for a page to show (500 '*' or '_' in a row, or a "
     "line indented by 400 spaces): simplify it"),
    ("a character XML cannot carry", {"documents/d.yaml": 'title: "A paper \\uFFFE"\n'},
     "content/documents/d.yaml:1: 'title' holds a character (U+FFFE) that pages cannot show: delete it (a word "
     "processor's soft line break is one)"),
    ("a date in another script's digits", {"decisions/d.md": DECISION_OK.replace("2021-11-23", "'２０２１-１１-２３'")},
     "content/decisions/d.md:4: 'date': '２０２１-１１-２３' is not a date: write it as YYYY-MM-DD (e.g. 2021-11-15), or "
     "YYYY-MM or YYYY where only the month or year is known"),
    ("a value with a line break, quoted in its message, on one line",
     {"decisions/d.md": DECISION_OK.replace("plan: 2021-24", 'plan: "2021\\n24"')},
     "content/decisions/d.md:6: 'plan': there is no plan with the id '2021\\n24' (did you mean '2021-24'?)"),
    ("a YAML tag", {"documents/d.yaml": "title: !!python/name:os.system\n"},
     "content/documents/d.yaml:1: 'tag:yaml.org,2002:python/name:os.system' (a YAML tag) is not used in these "
     "files: write the value as plain text, in quotes if it starts with '!'"),
    ("a YAML merge key", {"documents/d.yaml": "title: A\n<<: {summary: merged}\n"},
     "content/documents/d.yaml:2: '<<' (a YAML merge key) is not used in these files: write each field out"),
    ("an image with a bracket left open",
     {"people/pat-smith.md": "---\nname: Pat Smith\n---\n![Pat](http://[::1/pat.jpg)\n"},
     "content/people/pat-smith.md:4: the image 'http://[::1/pat.jpg' is on another site, and pages never make "
     "readers' browsers fetch from other sites: link to it instead ([words](address))"),
]


@pytest.fixture(scope="session")
def built_minimal(tmp_path_factory):
    """A site built from the minimal content, to copy: each broken build must leave it as it was."""
    root = write_site(tmp_path_factory.mktemp("built"), MINIMAL)
    assert run_cli(root, "build").code == 0
    return root / "site"


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_corpus_of_broken_content_has_at_least_thirty_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("files,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_invalid_site_reports_exact_message_and_leaves_the_site_as_it_was(tmp_path, built_minimal, files,
                                                                          expected):
    root = write_site(tmp_path, {**MINIMAL, **files})
    shutil.copytree(built_minimal, root / "site")
    before = _snapshot(root / "site")
    result = run_cli(root, "build")
    assert result.code == 1
    assert expected in result.err.splitlines(), result.err
    assert "Traceback" not in result.err
    assert _snapshot(root / "site") == before
    assert not list(root.glob(".site.new-*"))


def test_an_id_taken_again_is_reported_in_both_files_and_nowhere_else(tmp_path):
    """The plan still names its Commissioner: a new file taking the person's id must not flood other files."""
    root = write_site(tmp_path, {**MINIMAL, "documents/pat-smith.yaml": "title: A document\n"})
    result = run_cli(root, "check")
    assert (result.code, result.err.splitlines()) == (1, [
        "content/documents/pat-smith.yaml:1: the id 'pat-smith' is also used by the person in "
        "content/people/pat-smith.md:1; every item needs its own id: rename one of the files",
        "content/people/pat-smith.md:1: the id 'pat-smith' is also used by the document in "
        "content/documents/pat-smith.yaml:1; every item needs its own id: rename one of the files",
        "2 problems found; nothing was written (site/ is as it was)."]), result.err


def test_every_problem_in_every_file_is_reported_in_one_run(tmp_path):
    files = {**MINIMAL,
             "decisions/a.md": DECISION_OK.replace("2021-11-23", "2021-13-01"),
             "decisions/b.md": DECISION_OK.replace("plan: 2021-24", "plan: nope").replace("title:", "titel:"),
             "documents/c.yaml": "title: [\n"}
    result = run_cli(write_site(tmp_path, files), "check")
    lines = result.err.splitlines()
    assert result.code == 1
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "content/decisions/a.md", "content/decisions/b.md", "content/decisions/b.md", "content/decisions/b.md",
        "content/documents/c.yaml"]
    assert lines[-1] == "5 problems found; nothing was written (site/ is as it was)."


def test_problems_found_reading_on_several_processes_are_those_found_on_one(tmp_path):
    files = {**MINIMAL,
             "decisions/a.md": DECISION_OK.replace("2021-11-23", "2021-13-01"),
             "decisions/b.md": DECISION_OK.replace("plan: 2021-24", "plan: nope").replace("title:", "titel:"),
             "documents/c.yaml": "title: [\n", "documents/empty.yaml": "", "people/binary.md": b"---\0\n"}
    root = write_site(tmp_path, files)
    one, several = run_cli(root, "build", "--jobs", "1"), run_cli(root, "build", "--jobs", "3")
    assert one.code == several.code == 1
    assert several.err == one.err
    assert "content/documents/c.yaml:1: could not read the YAML" in several.err  # found by a reading worker
    assert several.err.splitlines()[-1] == "7 problems found; nothing was written (site/ is as it was)."


def test_a_body_markdown_cannot_convert_is_reported_the_same_by_check_and_on_several_processes(tmp_path):
    nested = "".join("    " * depth + "- level\n" for depth in range(400))  # Python-Markdown gives up (recursion)
    root = write_site(tmp_path, {**MINIMAL, "people/deep.md": "---\nname: Deep\n---\n" + nested})
    results = run_cli(root, "check"), run_cli(root, "build", "--jobs", "1"), run_cli(root, "build", "--jobs", "2")
    for result in results:
        assert (result.code, result.err.splitlines()) == (1, [
            "content/people/deep.md:104: 'body' nests too deeply for a page to show (500 '*' or '_' in a row, or a "
            "line indented by 400 spaces): simplify it",
            "1 problem found; nothing was written (site/ is as it was)."]), result.err


def test_markdown_too_deep_for_the_converter_is_the_contents_problem_not_the_templates(tmp_path):
    """What fields.py does not catch beforehand is still put on the item's file, not on a template."""
    import jinja2

    from generator.errors import Errors
    from generator.markup import Markup, TooDeep
    from generator.render import render_route
    from generator.routes import Route

    deep = "[TOC]\n\n" + "*" * 2000 + "x" + "*" * 2000  # the table of contents' own walk recurses furthest
    with pytest.raises(TooDeep):
        Markup().render(deep)
    assert Markup().render("*x*") == "<p><em>x</em></p>"  # and a converter that gave up is not reused broken

    class Page:
        path, line = tmp_path / "content/pages/deep.md", 1

    markup = Markup()
    env = jinja2.Environment(loader=jinja2.DictLoader({"page.html": "{{ text | markdown }}"}))
    env.filters["markdown"] = markup.render
    env.globals["page_headings"] = type("Headings", (), {"start_page": lambda self: None})()
    errors = Errors(tmp_path)
    assert render_route(env, Route("/deep/", "page.html", "Deep", {"text": deep}, item=Page()), errors) is None
    assert [str(e) for e in errors.items] == [
        "content/pages/deep.md:1: a text on /deep/ nests too deeply for a page to show (emphasis or lists inside each "
        "other hundreds of times): simplify it"]
    assert markup.render("*x*") == "<p><em>x</em></p>"


def test_missing_settings_file_is_reported(tmp_path):
    root = write_site(tmp_path, MINIMAL, settings=None)
    result = run_cli(root, "check")
    assert result.code == 1
    assert ("content/site.yaml:1: the site settings file is missing: create site.yaml with at least 'title', "
            "'area' and 'base_url'") in result.err


def test_missing_content_folder_is_one_sentence(tmp_path):
    result = run_cli(tmp_path, "build")
    assert result.code == 1
    assert result.err.startswith("error: there is no content folder at ")
    assert "Traceback" not in result.err


@pytest.mark.parametrize("command", [["build"], ["serve", "--port", "0"]])
def test_a_missing_layouts_or_content_folder_is_one_sentence_for_build_and_serve(tmp_path, command):
    root = write_site(tmp_path, MINIMAL)
    result = run_cli(root, *command, layouts=tmp_path / "nosuch")
    assert (result.code, result.err) == (1, f"error: there is no layouts folder at {tmp_path / 'nosuch'}: run the "
                                            "command from the project's folder, or name the folder with --layouts\n")
    result = run_cli(tmp_path / "empty", *command)
    assert result.code == 1 and result.err.startswith("error: there is no content folder at ")
    assert not (root / "site").exists()


def test_an_agenda_item_of_thousands_of_digits_is_no_crash(tmp_path):
    root = write_site(tmp_path, {**MINIMAL, "bodies/panel.md": "---\nname: The Panel\nkind: panel\n---\n",
                                 "meetings/panel/2021-11-15.md": "---\nheld_by: panel\ndate: 2021-11-15\n"
                                 "title: Panel meeting\n---\n",
                                 **{f"reports/panel/2021-11-15/{n}.md": f"---\nmeeting: panel/2021-11-15\nitem: "
                                    f"'{n * 5000}'\ntitle: Paper {n}\n---\n" for n in ("1", "2")}})
    result = run_cli(root, "build", "--no-search")
    assert result.code == 0, result.err
