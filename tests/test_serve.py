"""The live preview: a real server on 127.0.0.1, real edits, a real browser that reloads."""

import dataclasses
import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import Future

import pytest

import generator.pages
from generator.config import Paths
from generator.serve import Preview as PreviewState
from conftest import LAYOUTS, MINIMAL, REPO, write_site

WAIT_SECONDS = 20  # a bound, not a measurement: the condition usually holds within a second


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Preview:
    """`python -m generator serve` running in its own process group."""

    def __init__(self, root, layouts=LAYOUTS):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "--layouts", str(layouts), "serve",
             "--port", str(self.port)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        wait_until(lambda: self.get("/")[0] in (200, 500), "the preview to answer")

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        """Everything the preview has printed so far."""
        return "".join(self.lines)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except (urllib.error.URLError, ConnectionError):
            if self.process.poll() is not None:
                raise AssertionError(f"the preview stopped: {self.output}") from None
            return 0, ""

    def stop(self) -> str:
        """Stop with Ctrl+C (SIGINT), as a person would; return everything it printed."""
        if self.process.returncode is not None:
            return self.output
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        time.sleep(0.1)  # let the reader take the last lines
        return self.output


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def preview(tmp_path):
    root = write_site(tmp_path, MINIMAL)
    server = Preview(root)
    server.root = root
    yield server
    server.stop()


def test_serve_builds_and_serves_on_loopback(preview):
    status, html = preview.get("/plans/2021-24/")
    assert status == 200 and "Police and Crime Plan 2021-24" in html
    assert "livereload.js" in html  # the reload script is injected while serving
    assert preview.get("/no-such-page/")[0] == 404
    assert f"Serving the preview at http://127.0.0.1:{preview.port}/" in preview.output
    assert "Built " in preview.output


def test_an_edit_changes_the_served_page(preview):
    person = preview.root / "content/people/pat-smith.md"
    person.write_text("---\nname: Pat Smythe\n---\n")
    wait_until(lambda: "Rebuilt in " in preview.output, "the rebuild to finish")
    assert "Pat Smythe" in preview.get("/people/pat-smith/")[1]
    line = next(line for line in preview.lines if line.startswith("Rebuilt in "))
    assert "/people/pat-smith/" in line and "changed" in line


def test_a_broken_file_shows_every_problem_and_the_site_returns_when_fixed(preview):
    plan = preview.root / "content/plans/2021-24.md"
    good = plan.read_text()
    plan.write_text(good.replace("status: issued", "status: isued"))
    wait_until(lambda: preview.get("/plans/2021-24/")[0] == 500, "the problems page")
    status, html = preview.get("/people/pat-smith/")
    assert status == 500
    assert ("content/plans/2021-24.md:7: &#x27;status&#x27;: &#x27;isued&#x27; is not allowed (did you mean "
            "&#x27;issued&#x27;?)") in html
    style = next((preview.root / "site/assets").glob("style.*.css")).name
    assert preview.get(f"/assets/{style}")[0] == 200  # files other than pages are still served
    plan.write_text(good)
    wait_until(lambda: preview.get("/plans/2021-24/")[0] == 200, "the site to come back")


def test_problems_stay_shown_while_another_file_is_edited(preview):
    """A rebuild after an edit elsewhere must read the broken file again, not forget it."""
    plan = preview.root / "content/plans/2021-24.md"
    plan.write_text(plan.read_text().replace("status: issued", "status: isued"))
    wait_until(lambda: preview.get("/plans/2021-24/")[0] == 500, "the problems page")
    (preview.root / "content/people/pat-smith.md").write_text("---\nname: Pat Smythe\n---\n")
    wait_until(lambda: preview.output.count("problem(s)") >= 2, "the second rebuild")
    status, html = preview.get("/people/pat-smith/")
    assert status == 500 and "isued" in html


def test_a_template_error_is_shown_the_same_way(tmp_path):
    root = write_site(tmp_path / "project", MINIMAL)
    layouts = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, layouts)
    server = Preview(root, layouts)
    try:
        person = layouts / "person.html"
        person.write_text(person.read_text().replace("{{ item.heading }}", "{{ item.nickname }}"))
        wait_until(lambda: server.get("/")[0] == 500, "the problems page")
        assert "layouts/person.html:" in server.get("/")[1] and "nickname" in server.get("/")[1]
    finally:
        server.stop()


def test_many_saves_at_once_start_one_rebuild(preview):
    for number in range(10):
        write_site(preview.root, {f"people/person-{number}.md": f"---\nname: Person {number}\n---\n"},
                   settings=None)
    wait_until(lambda: "Rebuilt in " in preview.output, "the rebuild")
    time.sleep(1)  # room for any further rebuild to show itself
    assert preview.get("/people/person-9/")[0] == 200
    assert preview.output.count("Rebuilt in ") == 1, preview.output


def test_requests_cannot_leave_the_site_folder(preview):
    secret = preview.root / "content" / "site.yaml"
    assert secret.is_file()
    for path in ("/../content/site.yaml", "/%2e%2e/content/site.yaml", "/..%2fcontent/site.yaml",
                 "/assets/../../content/site.yaml"):
        with socket.create_connection(("127.0.0.1", preview.port)) as sock:  # sent as written, not normalised
            sock.sendall(f"GET {path} HTTP/1.0\r\nHost: x\r\n\r\n".encode())
            answer = sock.recv(200).decode()
        assert answer.split()[1] == "404", (path, answer)


@pytest.mark.browser
def test_the_open_browser_page_reloads_after_an_edit(preview, page):
    page.goto(preview.base + "/people/pat-smith/")
    page.wait_for_function("() => window.LiveReload !== undefined || document.querySelector('script[src*=livereload]')")
    assert page.locator("h1").inner_text() == "Pat Smith"
    (preview.root / "content/people/pat-smith.md").write_text("---\nname: Pat Smythe\n---\n")
    page.wait_for_function("() => document.querySelector('h1').textContent === 'Pat Smythe'", timeout=WAIT_SECONDS * 1000)


def test_the_preview_survives_a_burst_of_requests_and_of_file_changes(preview):
    from concurrent.futures import ThreadPoolExecutor

    paths = ["/", "/plans/2021-24/", "/people/pat-smith/", "/no-such-page/", "/../content/site.yaml"] * 40

    def fetch(path):
        return preview.get(path)[0]

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = pool.map(fetch, paths)
        for number in range(20):  # edits arriving while the requests do
            (preview.root / "content/people/pat-smith.md").write_text(f"---\nname: Pat Smith {number}\n---\n")
            time.sleep(0.02)
        statuses = list(answers)
    assert set(statuses) <= {200, 404}, statuses
    wait_until(lambda: "Pat Smith 19" in preview.get("/people/pat-smith/")[1], "the last edit")
    assert preview.get("/")[0] == 200


def _indexed_text(site) -> str:
    """Everything Pagefind's fragments hold (each a page's text), decompressed."""
    import gzip
    return "".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                   for p in (site / "pagefind" / "fragment").glob("*.pf_fragment"))


def test_open_data_and_search_catch_up_once_edits_settle_not_on_every_save(preview):
    person = preview.root / "content/people/pat-smith.md"
    for number in range(5):  # saves in quick succession, as while typing
        person.write_text(f"---\nname: Pat Smith\n---\nPat Smith wrote note {number} about Quokkaville.\n")
        time.sleep(0.15)
    wait_until(lambda: "search index are up to date" in preview.output, "search and open data to catch up")
    time.sleep(1.5)  # room for any further index run to show itself
    assert preview.output.count("search index are up to date") == 1, preview.output
    assert "Quokkaville" in _indexed_text(preview.root / "site")
    people = (preview.root / "site/data/people.json").read_text()
    assert "note 4 about Quokkaville" in people
    assert not list((preview.root / "site").glob(".pagefind.*"))  # the new index replaced the old whole


def test_the_preview_forks_no_pool_once_it_has_threads(tmp_path, monkeypatch, pools_for_any_two):
    """A process forked beside other threads may inherit a lock one of them held, and wait on it for ever."""
    root = write_site(tmp_path, MINIMAL)
    paths = Paths(root, root / "content", LAYOUTS, root / "site")
    forked = []
    monkeypatch.setattr(generator.pages, "_workers", lambda *args: forked.append(args))  # no pool: the build fails
    preview = PreviewState(paths, None)
    assert preview.rebuild() is False  # nothing was read
    assert forked, "at start-up, before any thread, the first build uses every core"
    forked.clear()
    assert preview.rebuild() is True  # a full build again, as after a first build that failed
    assert forked == [], "a full build once serve() has started its threads forked a pool"


def test_the_copy_writing_open_data_waits_until_the_indexer_has_finished(tmp_path):
    """It is forked only while no other thread of the preview is at work, one copy at a time."""
    preview = PreviewState(Paths(tmp_path, tmp_path / "content", LAYOUTS, tmp_path / "site"), None)
    assert not preview.indexer_busy()
    preview.indexing = Future()  # waiting for the last copy, or running Pagefind
    assert preview.indexer_busy()
    preview.indexing.set_result(None)
    assert not preview.indexer_busy()


def on_a_loop_of_its_own(coroutine):
    """Run a coroutine on an event loop in a thread of its own, as the preview's (whatever loop this thread has
    been left); return what it returns, or raise what it raised."""
    import asyncio

    outcome = []

    def run() -> None:
        try:
            outcome.append((True, asyncio.run(coroutine)))
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            outcome.append((False, exc))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert outcome, "the loop did not finish within a minute"
    finished, value = outcome[0]
    if not finished:
        raise value
    return value


def test_open_data_waits_for_a_busy_indexer_then_catches_up(tmp_path):
    """Once edits settle, nothing is forked while the indexer is at work; it is looked at again, and once the
    indexer is free the open data and the search index catch up with the edit."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from generator.serve import FINISH_SECONDS, _finish

    root = write_site(tmp_path, MINIMAL)
    preview = PreviewState(Paths(root, root / "content", LAYOUTS, root / "site"), None)
    assert preview.rebuild() is True
    person = root / "content/people/pat-smith.md"
    person.write_text("---\nname: Pat Smith\n---\nPat Smith wrote about Quokkaville.\n")
    assert preview.rebuild(True, {str(person)}) is True  # the page now; open data and search are left for later
    people = root / "site/data/people.json"
    assert "Quokkaville" not in people.read_text() and "Quokkaville" not in _indexed_text(root / "site")
    busy = Future()  # the last copy's work: still running Pagefind
    preview.indexing = busy
    builder, indexer = ThreadPoolExecutor(max_workers=1), ThreadPoolExecutor(max_workers=1)

    async def settle() -> tuple[bool, bool]:
        _finish(preview, builder, indexer)
        await asyncio.sleep(FINISH_SECONDS * 1.5)  # it has looked again once by now
        waited = preview.indexing is busy and preview.finish_due is not None
        unchanged = "Quokkaville" not in people.read_text()
        busy.set_result(None)
        for _ in range(int(WAIT_SECONDS / 0.05)):
            if preview.indexing is not busy:
                await asyncio.wrap_future(preview.indexing)  # the new copy's open data, then Pagefind
                break
            await asyncio.sleep(0.05)
        return waited, unchanged

    try:
        waited, unchanged = on_a_loop_of_its_own(settle())
    finally:
        builder.shutdown()
        indexer.shutdown()
    assert waited, "a copy was forked, or the check given up, while the indexer was busy"
    assert unchanged
    assert preview.indexing is not busy, "the open data never caught up once the indexer was free"
    assert "Quokkaville" in people.read_text()
    assert "Quokkaville" in _indexed_text(root / "site")


def test_a_running_preview_looks_at_the_date_and_rebuilds_on_a_new_day(tmp_path):
    """The check serve() starts: nothing while the day is the same, a rebuild by the new day once it is not."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from generator.serve import check_the_date

    root = write_site(tmp_path, MINIMAL)
    preview = PreviewState(Paths(root, root / "content", LAYOUTS, root / "site"), None)
    assert preview.rebuild() is True
    builder, indexer = ThreadPoolExecutor(max_workers=1), ThreadPoolExecutor(max_workers=1)
    same_day = preview.last_good

    async def run_for(seconds: float, done=lambda: False) -> None:
        check = check_the_date(preview, builder, indexer, every_ms=20)
        try:
            for _ in range(int(seconds / 0.02)):
                await asyncio.sleep(0.02)
                if done():
                    return
        finally:
            check.stop()

    on_a_loop_of_its_own(run_for(0.5))
    assert preview.last_good is same_day  # the same day: no rebuild
    yesterday = same_day.site.today - dt.timedelta(days=1)
    preview.last_good = dataclasses.replace(same_day, site=dataclasses.replace(same_day.site, today=yesterday))
    on_a_loop_of_its_own(run_for(30, lambda: preview.last_good.site.today > yesterday and not preview.building))
    assert preview.last_good.site.today == dt.date.today()  # rebuilt, judged by the new day
    builder.shutdown()
    indexer.shutdown()


def test_a_preview_rebuilds_when_the_date_has_changed_since_its_last_build(tmp_path):
    """Left running past midnight, it judges consultations and due steps by the new day, as a build would."""
    root = write_site(tmp_path, MINIMAL)
    paths = Paths(root, root / "content", LAYOUTS, root / "site")
    preview = PreviewState(paths, None)
    assert preview.rebuild() is True and not preview.day_changed()
    built = preview.last_good
    yesterday = built.site.today - dt.timedelta(days=1)
    preview.last_good = dataclasses.replace(built, site=dataclasses.replace(built.site, today=yesterday))
    assert preview.day_changed()
    preview.building = True  # a rebuild is under way: it is asked again once that one is done
    assert not preview.day_changed()
    preview.building = False
    assert preview.rebuild(False, set()) is True  # what serve() asks for when it sees the new day
    assert preview.last_good.site.today > yesterday
    pinned = PreviewState(paths, yesterday)  # --today: the date stays as asked
    assert pinned.rebuild() is True and not pinned.day_changed()
