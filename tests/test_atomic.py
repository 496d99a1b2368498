"""A build killed at any moment leaves the previous site complete; the next build cleans up and works."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import LAYOUTS, MINIMAL, REPO, run_cli, write_site

DOCUMENTS = 1500  # enough pages that writing and indexing take a while


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("big")
    files = {**MINIMAL, **{f"documents/doc-{n:04d}.yaml": f"title: Document {n}\nsummary: Paper number {n}.\n"
                           for n in range(DOCUMENTS)}}
    write_site(root, files)
    assert run_cli(root, "build").code == 0
    return root


def _start_build(root: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "--layouts", str(LAYOUTS),
                             "build"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _wait_for(condition, process: subprocess.Popen, limit: float = 120) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if condition():
            return True
        time.sleep(0.005)
    return False


def _staging(root: Path) -> list[Path]:
    return list(root.glob(".site.new-*"))


MOMENTS = {
    "while rendering": lambda root: True,
    "while writing pages": lambda root: any((s / "documents").is_dir() for s in _staging(root)),
    "while indexing": lambda root: any((s / "pagefind").is_dir() for s in _staging(root)),
}


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_build_killed_at_any_moment_leaves_the_previous_site_complete(big_site, moment):
    before = _snapshot(big_site / "site")
    person = big_site / "content/people/pat-smith.md"
    person.write_text(f"---\nname: Pat Smith ({moment})\n---\n")
    process = _start_build(big_site)
    reached = _wait_for(lambda: MOMENTS[moment](big_site), process)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    if not reached:
        pytest.skip(f"the build finished before it was {moment}")  # a fast machine; the others still run
    assert _snapshot(big_site / "site") == before
    # The next build removes what the killed one left and publishes the change.
    result = run_cli(big_site, "build")
    assert result.code == 0, result.err
    assert f"Pat Smith ({moment})" in (big_site / "site/people/pat-smith/index.html").read_text()
    assert _staging(big_site) == []


def test_a_page_whose_folder_cannot_be_made_is_one_sentence(tmp_path):
    from generator.write import EnvironmentProblem, write_file

    (tmp_path / "decisions").write_text("a file where a folder should be")
    with pytest.raises(EnvironmentProblem, match=r"^cannot write .*decisions/d/index\.html \(Not a directory\): "
                       r"check the disk has space; the site was not changed$"):
        write_file(tmp_path, "decisions/d/index.html", b"<p>page</p>")
    with pytest.raises(ValueError, match="refusing to write outside the site"):
        write_file(tmp_path, "../outside.html", b"")


WORKERS_WAIT = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from generator.pages import ReadJob, _in_pool

def report_and_wait(task):
    os.write(1, f"{os.getpid()}\\n".encode())  # one write: the two workers' lines never interleave
    time.sleep(60)

list(_in_pool(ReadJob(Path("."), Path("."), None), 2, report_and_wait, range(2)))
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its exit status is left for its parent to collect


def test_the_workers_of_a_build_killed_outright_end_with_it(tmp_path):
    """Killed alone (not its process group), a build leaves no worker waiting for ever with its copy of the site."""
    process = subprocess.Popen([sys.executable, "-c", WORKERS_WAIT, str(REPO)], stdout=subprocess.PIPE, text=True)
    workers = [int(process.stdout.readline()) for _ in range(2)]
    try:
        assert all(_alive(pid) for pid in workers)
        process.kill()
        process.wait()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers)
    finally:
        for pid in workers:  # a failed run leaves nothing behind either
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.mark.parametrize("output, message", [
    (".", "a build replaces the whole output folder, which would delete {root}"),
    ("content", "a build replaces the whole output folder, which would delete {root}/content"),
    ("layouts", "a build replaces the whole output folder, which would delete {root}/layouts"),
    (".cache", "a build replaces the whole output folder, which would delete {root}/.cache"),
    ("..", "a build replaces the whole output folder, which would delete {root}"),
    ("content/site", "it is inside {root}/content; choose a folder outside it"),
    ("docs", "it holds files but no built site (no index.html), and a build replaces the whole folder"),
])
@pytest.mark.parametrize("command", ["build", "serve"])
def test_an_output_folder_whose_replacement_would_delete_other_files_is_refused(tmp_path, output, message, command):
    """`--output .` or `--output ~/Documents` must never delete the project or anyone's files."""
    root = write_site(tmp_path / "project", {**MINIMAL, "../docs/notes.txt": "Not a site.\n"})
    shutil.copytree(LAYOUTS, root / "layouts")
    before = _snapshot(tmp_path)
    done = run_cli(root, "--output", str(root / output), command, *(["--port", "0"] if command == "serve" else []),
                   layouts=root / "layouts")
    expected = f"error: cannot build into {(root / output).resolve()}: {message.format(root=root)}"
    assert (done.code, done.out) == (1, "") and done.err.startswith(expected), done.err
    assert len(done.err.splitlines()) == 1  # one sentence, no traceback
    assert _snapshot(tmp_path) == before  # nothing deleted, nothing written


def test_an_empty_folder_or_an_earlier_build_may_be_the_output(tmp_path):
    root = write_site(tmp_path, MINIMAL)
    (root / "empty").mkdir()
    assert run_cli(root, "--output", str(root / "empty"), "build", "--no-search").code == 0
    assert run_cli(root, "--output", str(root / "empty"), "build").code == 0  # now an earlier build: replaced
    assert (root / "empty/index.html").is_file() and (root / "empty/pagefind").is_dir()
