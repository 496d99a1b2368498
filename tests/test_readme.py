"""The README's Quick start stays true: two commands, and CI runs the test one."""

import re

from conftest import REPO


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
