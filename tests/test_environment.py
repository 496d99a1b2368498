"""Problems outside the content (a full disk, a read-only folder) get one sentence, exit 1, nothing lost."""

import subprocess
import sys

import pytest

from conftest import MINIMAL, REPO, run_cli, write_site


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def small_disk(tmp_path):
    """A real, small file system (tmpfs) mounted for the test; skipped where mounting is not allowed."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()

    def mount(size_kb: int, options: str = "") -> None:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k{options}", "tmpfs", str(mount_point)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a test file system here: {done.stderr.strip()}")

    yield mount_point, mount
    subprocess.run(["umount", str(mount_point)], capture_output=True)


def _site_size(root) -> int:
    return sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())


def test_a_full_disk_is_one_sentence_and_the_previous_site_stays(tmp_path, small_disk):
    mount_point, mount = small_disk
    root = write_site(tmp_path / "project", MINIMAL)
    assert run_cli(root, "build").code == 0
    mount(int(_site_size(root) * 1.5 / 1024) + 64)  # room for one site and a part of a second
    output = mount_point / "site"
    assert run_cli(root, "--output", str(output), "build").code == 0
    before = _snapshot(output)
    (root / "content/people/pat-smith.md").write_text("---\nname: Pat Smythe\n---\n")
    result = run_cli(root, "--output", str(output), "build")
    assert result.code == 1
    assert result.err.startswith("error: ") and result.err.count("\n") == 1, result.err
    assert "No space left on device): check the disk has space; the site was not changed" in result.err
    assert "Traceback" not in result.err
    assert _snapshot(output) == before
    assert not list(mount_point.glob(".site.new-*"))


def test_a_read_only_site_folder_is_one_sentence_and_the_site_stays(tmp_path, small_disk):
    mount_point, mount = small_disk
    root = write_site(tmp_path / "project", MINIMAL)
    mount(4096)
    output = mount_point / "site"
    assert run_cli(root, "--output", str(output), "build").code == 0
    before = _snapshot(output)
    subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
    (root / "content/people/pat-smith.md").write_text("---\nname: Pat Smythe\n---\n")  # so there is something to write
    result = run_cli(root, "--output", str(output), "build")
    assert result.code == 1
    assert result.err == (f"error: cannot write in {mount_point} (Read-only file system): check the folder "
                          "exists and you may write to it\n")
    assert _snapshot(output) == before


def test_a_python_without_the_generator_s_libraries_gets_one_sentence_saying_how_to_install_them():
    """As when `python -m generator` is run by a Python the project was not installed into."""
    halted = "import runpy, sys; sys.modules['markdown'] = None; runpy.run_module('generator', run_name='__main__')"
    done = subprocess.run([sys.executable, "-c", halted, "check"], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr == (f"error: markdown, a library the generator needs, is not installed for this Python "
                           f"({sys.executable}): install the project first (python3 -m venv .venv && .venv/bin/pip "
                           "install -e .) and run it with .venv/bin/python -m generator\n")
