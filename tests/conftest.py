"""Shared helpers: tiny inline sites in temp folders, the CLI run as a user runs it, the real build."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LAYOUTS = REPO / "layouts"

SETTINGS = """\
title: Test portal
area: Testshire
description: A portal for tests.
base_url: https://example.org
"""

# The smallest site that builds: a person, a plan and a theme.
MINIMAL = {
    "people/pat-smith.md": """\
        ---
        name: Pat Smith
        ---
        """,
    "plans/2021-24.md": """\
        ---
        title: Police and Crime Plan 2021-24
        period:
          start: 2021
          end: 2024
        commissioner: pat-smith
        status: issued
        ---
        The plan's text.
        """,
    "themes/2021-24/victims.md": """\
        ---
        plan: 2021-24
        title: Victims
        kind: theme
        order: 1
        ---
        """,
}


@dataclass
class Result:
    """What a command printed and returned."""

    code: int
    out: str
    err: str


def write_site(root: Path, files: dict[str, str | bytes], settings: str | None = SETTINGS) -> Path:
    """Write a content folder under `root` from {relative path: text}; return the project root."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    if settings is not None:
        (content / "site.yaml").write_text(settings, encoding="utf-8")
    for relative, text in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def run_cli(root: Path, *args: str, layouts: Path = LAYOUTS) -> Result:
    """Run `python -m generator` in a separate process, as staff do."""
    command = [sys.executable, "-m", "generator", "--root", str(root), "--layouts", str(layouts), *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=300)
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    """A temp project holding the minimal site."""
    return write_site(tmp_path, MINIMAL)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content/ built whole into a temp folder; returns the built site folder."""
    output = tmp_path_factory.mktemp("real") / "site"
    result = run_cli(REPO, "--output", str(output), "build")
    assert result.code == 0, result.err
    return output
