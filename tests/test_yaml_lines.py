"""YAML syntax errors name the line staff must mend: where a quote or bracket opened, not where the text ends."""

import pytest
from conftest import MINIMAL, run_cli, write_site

from generator.yamlish import YamlError, parse_yaml

READ = "could not read the YAML: "
NEVER_CLOSED_DOUBLE = READ + 'a quotation mark (") opened here is never closed; add the closing " at the end of the value'
NEVER_CLOSED_SINGLE = (READ + "a quotation mark (') opened here is never closed; add the closing ' at the end of the "
                       "value, and write an apostrophe inside it as ''")
NEVER_CLOSED_LIST = READ + "a '[' opened here is never closed; end the list with ']'"
NEVER_CLOSED_FIELDS = READ + "a '{' opened here is never closed; end the fields with '}'"
NOT_LINED_UP = (READ + "this line is not lined up with the lines above it; indent the fields at one level by the "
                "same number of spaces")
INDENTED_MORE = (READ + "this line is indented more than the one above, which already has a value; line the fields "
                 "up, or if this line continues that value, put the whole value in quotes")
AFTER_SINGLE = (READ + "the value goes on after its closing quotation mark ('); put the whole value in quotes, and "
                "write an apostrophe inside single quotes as ''")
AFTER_DOUBLE = (READ + "the value goes on after its closing quotation mark (\"); put the whole value in quotes, and "
                "write a quotation mark inside double quotes as \\\"")

# The decision of the review's report: nine fields, the closing quote of line 3 missing.
LONG_DECISION = """\
---
reference: CPCC 2022-001
title: "Issuing the plan
date: 2022-01-10
decision: To issue the plan
plan: 2021-24
decided_by: pat-smith
background: none
status: issued
summary:
---
"""

CLI_CASES = [
    ("an unclosed double quote in long front matter",
     {"decisions/cpcc-2022-001.md": LONG_DECISION},
     "content/decisions/cpcc-2022-001.md:3: " + NEVER_CLOSED_DOUBLE),
    ("an unclosed '[' in a YAML file, fields after it",
     {"documents/x.yaml": "title: A paper\npublisher: [Office of the Commissioner\ndate: 2021-11-23\n"},
     "content/documents/x.yaml:2: " + NEVER_CLOSED_LIST),
    ("an unclosed '[' at the end of a YAML file",
     {"documents/c.yaml": "title: [\n"},
     "content/documents/c.yaml:1: " + NEVER_CLOSED_LIST),
    ("an unclosed single quote in front matter",
     {"people/p.md": "---\nname: 'Pat Jones\nroles: []\n---\n"},
     "content/people/p.md:2: " + NEVER_CLOSED_SINGLE),
    ("an unclosed '{' in front matter",
     {"plans/2021-24.md": "---\ntitle: P\nperiod: {start: 2021, end: 2024\nstatus: issued\n---\n"},
     "content/plans/2021-24.md:3: " + NEVER_CLOSED_FIELDS),
    ("an unclosed quote closed by the next field's quote",
     {"decisions/d.md": '---\nreference: CPCC 2021-017\ntitle: "Issuing of the plan\ndate: 2021-11-23\n'
                        'decision: "To issue the plan"\n---\n'},
     "content/decisions/d.md:3: " + READ + 'a quotation mark (") opened here is not closed on this line, so the '
     'value runs on to line 5; add the closing " at the end of the value'),
    ("a field indented less than those beside it, in front matter",
     {"people/p.md": "---\nname: P\nroles:\n  - role: x\n    organisation: y\n   from: 2021\n---\n"},
     "content/people/p.md:6: " + NOT_LINED_UP),
    ("an apostrophe ending a single-quoted title",
     {"documents/d.yaml": "title: 'The Commissioner's plan'\n"},
     "content/documents/d.yaml:1: " + AFTER_SINGLE),
]


@pytest.mark.parametrize("files,expected", [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES])
def test_a_yaml_syntax_error_is_reported_on_the_line_to_mend(tmp_path, files, expected):
    result = run_cli(write_site(tmp_path, {**MINIMAL, **files}), "check")
    assert result.code == 1
    assert expected in result.err.splitlines(), result.err
    assert "Traceback" not in result.err


PARSE_CASES = [
    ("double quote, text ends on its line", 'a: 1\ntitle: "Issuing', 1, 2, NEVER_CLOSED_DOUBLE),
    ("double quote, lines after it", 'a: 1\nb: 2\ntitle: "Issuing the plan\nc: 3\nd: 4\n', 1, 3,
     NEVER_CLOSED_DOUBLE),
    ("double quote in front matter (first line 2)", 'a: 1\ntitle: "Issuing the plan\nc: 3\n', 2, 3,
     NEVER_CLOSED_DOUBLE),
    ("double quote in a key", '"a: 1\nb: 2\n', 1, 1, NEVER_CLOSED_DOUBLE),
    ("double quote inside a list", 'a: ["x, y]\nb: 1\n', 1, 1, NEVER_CLOSED_DOUBLE),
    ("double quote after non-ASCII text", 'caf\u00e9: "x\nb: 1\n', 1, 1, NEVER_CLOSED_DOUBLE),
    ("single quote", "a: 1\ntitle: 'Issuing the plan\nc: 3\n", 1, 2, NEVER_CLOSED_SINGLE),
    ("single quote holding a doubled apostrophe", "a: 1\ntitle: 'it''s\nc: 3\n", 2, 3, NEVER_CLOSED_SINGLE),
    ("'[' with nothing after it", "title: [\n", 1, 1, NEVER_CLOSED_LIST),
    ("'[' then comments only", "title: [\n# a comment\n", 1, 1, NEVER_CLOSED_LIST),
    ("'[' then a field", "a: 1\npublisher: [Office of the Commissioner\ndate: 2021\n", 2, 3, NEVER_CLOSED_LIST),
    ("'[' over several lines", "a: 1\nb: [x,\n  y,\n  z\nc: 3\n", 1, 2, NEVER_CLOSED_LIST),
    ("'[' with the text ending on its line", "title: [unclosed\n", 1, 1, NEVER_CLOSED_LIST),
    ("'{' with nothing after it", "period: {\n", 1, 1, NEVER_CLOSED_FIELDS),
    ("'{' then a field", "a: 1\nperiod: {start: 2021, end: 2024\nstatus: issued\n", 1, 2, NEVER_CLOSED_FIELDS),
    ("'{' inside a list", "a: [1, {b: 2\nc: 3\n", 1, 1, NEVER_CLOSED_FIELDS),
    ("a field indented less than the one above", "a: 1\nb:\n  c: 1\n d: 2\n", 1, 4, NOT_LINED_UP),
    ("a list item indented less than the one above", "items:\n  - a\n  - b\n - c\n", 2, 5, NOT_LINED_UP),
    ("a field among list items", "a:\n  - x\n  y: 1\n", 1, 3, NOT_LINED_UP),
    ("a field indented under one with a value", "a: 1\n  b: 2\n", 1, 2, INDENTED_MORE),
    ("a value continued on a line holding ': '", "summary: This is long\n  text: with a colon\n", 2, 3,
     INDENTED_MORE),
    ("an apostrophe ending a single-quoted value", "a: 1\ntitle: 'Commissioner's plan'\n", 1, 2, AFTER_SINGLE),
    ("quotation marks inside a double-quoted value", 'title: "The "best" plan"\n', 1, 1, AFTER_DOUBLE),
    ("a single quote closed by an apostrophe lines later",
     "a: 1\ntitle: 'The plan\nsummary: The Commissioner's view\nc: 3\n", 2, 3,
     READ + "a quotation mark (') opened here is not closed on this line, so the value runs on to line 4; add the "
     "closing ' at the end of the value, and write an apostrophe inside it as ''"),
]


@pytest.mark.parametrize("text,first_line,line,message", [c[1:] for c in PARSE_CASES],
                         ids=[c[0] for c in PARSE_CASES])
def test_parse_yaml_names_the_line_where_the_trouble_starts(text, first_line, line, message):
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, first_line=first_line)
    assert (caught.value.line, caught.value.message) == (line, message)
