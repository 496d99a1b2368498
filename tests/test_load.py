"""Loading: front matter, list files, ids from paths, and line numbers kept for every field."""

from pathlib import Path

from generator.errors import Errors
from generator.load import load_content
from generator.yamlish import YamlError, parse_yaml

from conftest import MINIMAL, write_site


def _load(root: Path):
    errors = Errors(root)
    items = load_content(root / "content", errors)
    return items, [str(e) for e in errors.items]


def test_markdown_file_gives_fields_body_and_lines(tmp_path):
    items, errors = _load(write_site(tmp_path, MINIMAL))
    assert errors == []
    plan = next(i for i in items if i.id == "2021-24")
    assert plan.type.name == "plan"
    assert plan.data["title"] == "Police and Crime Plan 2021-24"
    assert plan.data.lines["status"] == 7
    assert plan.data["body"] == "The plan's text.\n"
    assert plan.data.lines["body"] == 9


def test_id_comes_from_the_path_under_the_type_folder(tmp_path):
    items, _ = _load(write_site(tmp_path, MINIMAL))
    assert {i.id for i in items} == {"pat-smith", "2021-24", "2021-24/victims"}


def test_list_file_shares_fields_and_numbers_its_entries(tmp_path):
    files = {**MINIMAL, "priorities/2021-24/victims.yaml": """\
        theme: 2021-24/victims
        items:
          - text: First priority.
          - text: Second priority.
          - id: named-one
            text: Third.
        """}
    items, errors = _load(write_site(tmp_path, files))
    assert errors == []
    priorities = [i for i in items if i.type.name == "priority"]
    assert [p.id for p in priorities] == ["2021-24/victims/1", "2021-24/victims/2", "named-one"]
    assert priorities[1].data["theme"] == "2021-24/victims"
    assert priorities[1].line == 4
    assert priorities[1].position == 2


def test_dates_stay_text_and_numbers_remember_how_they_were_written():
    data = parse_yaml("a: 2021-02-30\nb: 7.10\nc: 2013\n")
    assert data["a"] == "2021-02-30"
    assert data["b"].raw == "7.10"
    assert data["c"].raw == "2013"


def test_yaml_error_names_the_line_in_the_file():
    try:
        parse_yaml("a: 1\nb: [1, 2\n", first_line=2)
    except YamlError as exc:
        assert exc.line >= 3
    else:
        raise AssertionError("expected a YamlError")


def test_editor_and_hidden_files_are_ignored(tmp_path):
    files = {**MINIMAL, "plans/.2021-24.md.swp": "x", "plans/notes.md~": "x"}
    items, errors = _load(write_site(tmp_path, files))
    assert errors == [] and len(items) == 3


def test_a_linked_folder_inside_a_type_folder_is_read(tmp_path):
    """As the up-to-date check walks it: the two must agree on what the content is."""
    from conftest import run_cli

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "d-2022-001.md").write_text("---\nreference: D 2022-001\ntitle: A decision\ndate: 2022-01-05\n"
                                             "decision: To do a thing\n---\n")
    root = write_site(tmp_path / "project", MINIMAL)
    (root / "content/decisions").mkdir()
    (root / "content/decisions/linked").symlink_to(elsewhere)
    assert run_cli(root, "build", "--no-search").code == 0
    assert (root / "site/decisions/linked/d-2022-001/index.html").is_file()


def test_a_new_folder_is_looked_at_though_nothing_else_changed(tmp_path):
    """A misspelt empty folder is an error for `check`, so `build` must not call the site up to date."""
    from conftest import run_cli

    root = write_site(tmp_path, MINIMAL)
    assert run_cli(root, "build", "--no-search").code == 0
    (root / "content/decisons").mkdir()
    built = run_cli(root, "build", "--no-search")
    assert (built.code, built.err) == (1, run_cli(root, "check").err)
    assert "unknown folder 'decisons' (did you mean 'decisions'?)" in built.err


def test_a_link_to_a_file_that_is_not_there_is_named_where_the_link_is(tmp_path):
    from conftest import run_cli

    root = write_site(tmp_path, MINIMAL)
    (root / "content/documents").mkdir()
    (root / "content/documents/gone.yaml").symlink_to(tmp_path / "nowhere/gone.yaml")
    result = run_cli(root, "check")
    assert result.err.splitlines()[0] == (f"content/documents/gone.yaml:1: the file is a link to {tmp_path}/nowhere/"
                                          "gone.yaml, which does not exist: remove the link or put the file there")
