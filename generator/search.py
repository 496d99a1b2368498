"""Search: index the written site with Pagefind (the binary shipped in the pagefind[bin] package)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .write import EnvironmentProblem

SEARCH_FOLDER = "pagefind"
TIMEOUT_SECONDS = 600


def index_site(folder: Path) -> None:
    """Write Pagefind's index into `folder`/pagefind/; raise EnvironmentProblem if it cannot."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", SEARCH_FOLDER,
               "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise EnvironmentProblem(f"the search index took longer than {TIMEOUT_SECONDS} s and was stopped; "
                                 "the site was not changed") from None
    if done.returncode != 0 or not (folder / SEARCH_FOLDER / "pagefind.js").is_file():
        raise EnvironmentProblem(_describe_failure(done.stderr + done.stdout))


def _describe_failure(output: str) -> str:
    """Say why Pagefind failed, in one sentence with what to do."""
    if "No module named pagefind" in output or "pagefind_bin" in output or "executable" in output.lower():
        return ("Pagefind, which builds the search index, is not installed: run "
                "pip install 'pagefind[bin]' (or reinstall the project); the site was not changed")
    last = next((line for line in reversed(output.strip().splitlines()) if line.strip()), "no message")
    return f"the search index could not be built ({last.strip()}); the site was not changed"
