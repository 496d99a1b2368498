"""The README's Quick start stays true: two commands, and CI runs the test one; its example error is real."""

import re
import shutil

import pytest

from conftest import REPO, run_cli


def _quick_start_commands() -> list[str]:
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, re.S)


def test_quick_start_has_exactly_two_commands_an_install_and_build_and_a_test_run():
    commands = _quick_start_commands()
    assert len(commands) == 2
    assert "pip install" in commands[0] and "-m generator build" in commands[0]
    assert 'pip install -q -e ".[test]"' in commands[1] and "-m pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    assert _quick_start_commands()[1] in (REPO / ".ci/run").read_text()


@pytest.mark.parametrize("document", ["README.md", "docs/editing.md"])
def test_the_example_of_an_error_is_what_check_says_of_that_mistake(document, tmp_path):
    """The example's file, with the date and plan it shows, gives exactly the lines shown."""
    example = re.search(r"```text\n(content/decisions/.+?)\n```", (REPO / document).read_text(), re.S)[1]
    lines = example.splitlines()
    shutil.copytree(REPO / "content", tmp_path / "content")
    decision = tmp_path / lines[0].split(":")[0]
    date = re.search(r"'date': '([^']+)'", lines[0])[1]
    plan = re.search(r"no plan with the id '([^']+)'", lines[1])[1]
    decision.write_text(re.sub(r"(?m)^plan: .*$", f"plan: {plan}",
                               re.sub(r"(?m)^date: .*$", f"date: {date}", decision.read_text())))
    result = run_cli(tmp_path, "check", layouts=REPO / "layouts")
    assert result.code == 1 and result.err.splitlines()[:len(lines)] == lines
