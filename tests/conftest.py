"""Shared helpers: tiny inline sites in temp folders, the CLI run as a user runs it, the real build."""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import textwrap
import threading
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

# One decision, as staff write it.
DECISION_1 = """\
---
reference: CPCC 2021-017
title: Issuing of the plan
date: 2021-11-23
decision: To issue the plan
---
"""


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


def run_cli(root: Path, *args: str, layouts: Path = LAYOUTS, env: dict | None = None) -> Result:
    """Run `python -m generator` in a separate process, as staff do."""
    command = [sys.executable, "-m", "generator", "--root", str(root), "--layouts", str(layouts), *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=300,
                          env={**os.environ, **(env or {})})
    return Result(done.returncode, done.stdout, done.stderr)


def site_files(folder: Path) -> dict[str, bytes | None]:
    """Return every file's bytes and every folder (as None) of a built site, but Pagefind's index."""
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes() for p in folder.rglob("*")
            if "pagefind" not in p.relative_to(folder).parts}


@pytest.fixture
def pools_for_any_two(monkeypatch) -> None:
    """Make a build read or render any two files or pages on a pool of two processes, even on one core."""
    import generator.pages

    monkeypatch.setattr(generator.pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})


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


CHROMIUM = "/usr/bin/chromium"
# Chromium's own background traffic is refused on these machines; switch it off.
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-gpu", "--disable-quic"]


def tool_missing(reason: str, checks: str = "accessibility checks"):
    """Fail in CI (a check that cannot run must not pass as a skip there); skip on a developer's machine."""
    if os.environ.get("CI"):
        pytest.fail(f"{checks} cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def axe():
    """axe-core's source is at hand (from the axe-playwright-python package)."""
    import a11y_checks

    if a11y_checks.find_axe_problem():
        tool_missing(a11y_checks.find_axe_problem())


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        tool_missing("the playwright package is not installed (pip install -e '.[test]')", "browser tests")
    if not Path(CHROMIUM).exists():
        tool_missing(f"{CHROMIUM} is missing (apt-get install -y chromium)", "browser tests")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(folder: Path):
    """Serve a folder on 127.0.0.1 on a free port, in a thread; return (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="session")
def served_site(real_site):
    """The real site, built whole, served over HTTP on 127.0.0.1; yields its base URL."""
    server, base = serve_folder(real_site)
    yield base
    server.shutdown()


ARTIFACTS = REPO / "test-artifacts"  # screenshots for people to look at; git-ignored


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, request):
    """A fresh browser page that records console errors and failed requests in `page.problems`.

    When the test fails, a screenshot and the page's HTML are left in test-artifacts/failures/.
    """
    context = browser.new_context()
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    tab.on("requestfailed", lambda r: tab.problems.append(f"request failed: {r.url}"))
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        folder = ARTIFACTS / "failures"
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        tab.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        (folder / f"{name}.html").write_text(tab.content() + "\n<!-- " + "\n".join(tab.problems) + " -->")
    context.close()
