"""The build cache never serves stale output: after any change, a cached build equals a cold one, byte for byte."""

import datetime as dt
import gc
import multiprocessing
import os
import shutil
import time

import pytest

import generator
import generator.build
import generator.markup
import generator.pages
from generator.build import build, read_site
from generator.cache import (Manifest, MarkdownStore, generator_fingerprint, manifest_path, output_stats,
                             read_manifest, text_key, write_manifest)
from generator.config import Paths
from generator.errors import BuildFailed, Errors
from generator.markup import Markup
from generator.pages import ReadJob, _in_pool, bodies_of, collector_paused, read_content
from generator.schema import TYPES_BY_NAME
from generator.write import EnvironmentProblem

from conftest import LAYOUTS, REPO

TODAY = dt.date(2026, 11, 22)


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def project(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(LAYOUTS, tmp_path / "layouts")
    return Paths(tmp_path, tmp_path / "content", tmp_path / "layouts", tmp_path / "site")


def _cold(project, tmp_path, name):
    """Build the same sources with no cache and no earlier site."""
    cold = Paths(project.root, project.content, project.layouts, tmp_path / f"cold-{name}", tmp_path / f"cache-{name}")
    build(cold, TODAY)
    return _files(cold.output)


def _change_a_template(project, monkeypatch):
    path = project.layouts / "decision.html"
    path.write_text(path.read_text().replace("<strong>Decision:</strong>", "<strong>What was decided:</strong>"))


def _change_a_setting(project, monkeypatch):
    path = project.content / "site.yaml"
    path.write_text(path.read_text().replace("title: Cambridgeshire", "title: The Cambridgeshire"))


def _change_a_referenced_item(project, monkeypatch):
    path = project.content / "people/darryl-preston.md"  # the decision's decided_by: its page shows his name
    path.write_text(path.read_text().replace("name: Darryl Preston", "name: Darryl J Preston"))


def _change_the_generator(project, monkeypatch):
    """A new version whose Markdown comes out differently: cached Markdown from the old one must not be used."""
    monkeypatch.setattr(generator, "__version__", "99.0.0")
    sanitise = generator.markup.sanitise
    monkeypatch.setattr(generator.markup, "sanitise", lambda html: sanitise(html).replace("<p>", "<p>\n"))


CHANGES = [_change_a_template, _change_a_setting, _change_a_referenced_item, _change_the_generator]


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__.strip("_"))
def test_a_cached_build_after_a_change_equals_a_cold_build(project, tmp_path, monkeypatch, change):
    build(project, TODAY)
    assert build(project, TODAY).up_to_date  # the cache is in use: nothing changed, nothing done
    before = _files(project.output)
    change(project, monkeypatch)
    report = build(project, TODAY)
    assert not report.up_to_date
    after = _files(project.output)
    assert after == _cold(project, tmp_path, "after")
    assert after != before, "the change shows in the output"


def test_the_generator_version_is_in_every_page(project):
    build(project, TODAY)
    page = (project.output / "decisions/cpcc-2021-017/index.html").read_text()
    assert f'<meta name="generator" content="plan-portal {generator.__version__}">' in page


def test_nothing_is_skipped_once_the_output_was_touched(project):
    build(project, TODAY)
    page = project.output / "decisions/cpcc-2021-017/index.html"
    good = page.read_bytes()
    page.write_bytes(b"changed by hand")
    assert not build(project, TODAY).up_to_date
    assert page.read_bytes() == good
    (project.output / "plans/index.html").unlink()
    assert not build(project, TODAY).up_to_date
    assert (project.output / "plans/index.html").is_file()


def test_another_day_or_base_url_is_another_build(project):
    build(project, TODAY)
    assert not build(project, TODAY + dt.timedelta(days=1)).up_to_date
    assert not build(project, TODAY + dt.timedelta(days=1), {"base_url": "https://preview.example.org"}).up_to_date


def test_pages_rendered_on_several_processes_equal_those_rendered_on_one(project, tmp_path):
    build(project, TODAY, jobs=1)
    parallel = Paths(project.root, project.content, project.layouts, tmp_path / "parallel", tmp_path / "cache-2")
    build(parallel, TODAY, jobs=3)
    assert _files(parallel.output) == _files(project.output)


def test_bodies_are_converted_into_the_store_while_the_files_are_read(project):
    store = MarkdownStore(project.cache_folder, generator_fingerprint())
    store.prepare()
    _, _, files = read_site(project, TODAY, markup=Markup(store), jobs=2)
    items = [item for read in files.values() for item in read]
    bodies = [item.data["body"] for item in items if "body" in item.data]
    assert len(bodies) > 20
    assert all(store.get(text_key(body)) == Markup().render(body) for body in bodies)
    assert all(item.type is TYPES_BY_NAME[item.type.name] for item in items)  # read elsewhere, same declared type


def test_the_collector_is_paused_while_a_site_is_read_and_linked_and_on_again_after(project, monkeypatch):
    paused = []
    real_link = generator.build.link
    monkeypatch.setattr(generator.build, "link", lambda *args: paused.append(not gc.isenabled()) or real_link(*args))
    read_site(project, TODAY, jobs=2)
    assert paused == [True] and gc.isenabled()
    (project.content / "decisions" / "broken.md").write_text("---\ntitle: [\n---\n")
    with pytest.raises(BuildFailed):
        read_site(project, TODAY)
    assert gc.isenabled()


def _collector_on(_task) -> bool:
    return gc.isenabled()


def test_workers_forked_while_the_collector_is_paused_turn_it_on_for_themselves(project):
    with collector_paused():
        in_workers = list(_in_pool(ReadJob(project.content, project.root, None), 2, _collector_on, range(4)))
        assert not gc.isenabled()
    assert in_workers == [True] * 4 and gc.isenabled()


class _Converting(Markup):
    """Markup that notes each text it converts in a file, after waiting for another file to exist (for up to `wait`
    seconds, then making it, so that a test that fails does not wait for every text), or that stops its process."""

    def __init__(self, log, flag=None, die=False, wait=2.0):
        super().__init__()
        self.log, self.flag, self.die, self.wait = log, flag, die, wait

    def render(self, text):
        if self.die:
            os._exit(1)  # as the kernel's out-of-memory killer would stop it
        deadline = time.monotonic() + self.wait
        while self.flag is not None and not self.flag.exists():
            if time.monotonic() > deadline:
                self.flag.touch()
                with open(self.log, "a") as log:
                    log.write("gave up waiting\n")
            time.sleep(0.01)
        with open(self.log, "a") as log:
            log.write("converted\n")
        return super().render(text)


def test_the_bodies_convert_on_the_reading_workers_while_the_build_links(project, tmp_path):
    """Reading hands the items over before the bodies convert, and the block's end waits for every body."""
    log, linked = tmp_path / "log", tmp_path / "linked"
    with read_content(project.content, Errors(project.root), {}, _Converting(log, linked, wait=10), 2) as files:
        time.sleep(0.2)
        assert not log.exists(), "a body converted before the block (linking) began"
        linked.touch()
    assert log.read_text().splitlines() == ["converted"] * len(bodies_of(files))
    assert len(bodies_of(files)) > 20


def test_a_build_that_fails_while_linking_drops_the_conversions_not_begun(project, tmp_path, monkeypatch):
    monkeypatch.setattr(generator.pages, "READ_CHUNK", 1)  # a task for each file, so that most are still queued
    log, linked = tmp_path / "log", tmp_path / "linked"
    with pytest.raises(BuildFailed):
        with read_content(project.content, Errors(project.root), {}, _Converting(log, linked), 2) as files:
            raise BuildFailed([])  # as linking raises on a content error
    linked.touch()
    assert len(log.read_text().splitlines()) < len(bodies_of(files)) / 2
    assert not multiprocessing.active_children()


def test_a_worker_that_dies_while_converting_stops_the_build_with_one_sentence(project, tmp_path):
    with pytest.raises(EnvironmentProblem, match=r"^a process building the site stopped unexpectedly \(was the "
                       r"computer out of memory\?\); the site was not changed: try again, or build with --jobs 1$"):
        with read_content(project.content, Errors(project.root), {}, _Converting(tmp_path / "log", die=True), 2):
            pass
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_manifest_records_every_file_of_the_site_as_it_is(project, jobs):
    """The pages' sizes and times come from the workers that wrote them, the assets' and the index's from the build."""
    build(project, TODAY, jobs=jobs)
    outputs = read_manifest(manifest_path(project.cache_folder, project.output)).outputs
    assert {path: tuple(entry[:2]) for path, entry in outputs.items()} == output_stats(project.output)
    assert any(p.startswith("assets/") for p in outputs) and any(p.startswith("pagefind/") for p in outputs)
    assert all(entry[2] for path, entry in outputs.items() if path.endswith(".html"))


def test_the_manifests_of_folders_that_are_gone_or_of_another_generator_are_forgotten(project, tmp_path):
    elsewhere = Paths(project.root, project.content, project.layouts, tmp_path / "elsewhere")
    build(elsewhere, TODAY)
    gone = manifest_path(project.cache_folder, elsewhere.output)
    assert gone.is_file()
    shutil.rmtree(elsewhere.output)
    older = manifest_path(project.cache_folder, tmp_path)  # a folder that is there, built by another generator
    write_manifest(older, Manifest("key", {}, "another generator", str(tmp_path)))
    build(project, TODAY)
    assert not gone.exists() and not older.exists()
    assert manifest_path(project.cache_folder, project.output).is_file()


def test_a_broken_cache_is_only_a_slower_build(project):
    build(project, TODAY)
    for path in project.cache_folder.iterdir():
        path.write_bytes(b"not a database")
    shutil.rmtree(project.output)
    build(project, TODAY)
    assert (project.output / "decisions/cpcc-2021-017/index.html").is_file()


def test_after_a_template_change_no_markdown_is_converted_again(project, monkeypatch):
    build(project, TODAY)
    _change_a_template(project, monkeypatch)

    def refuse(*args, **kwargs):
        raise AssertionError("Markdown converted again although the cache holds it")

    monkeypatch.setattr("markdown.Markdown.convert", refuse)
    build(project, TODAY)
    assert "What was decided:" in (project.output / "decisions/cpcc-2021-017/index.html").read_text()


def test_an_edit_inside_a_linked_folder_is_seen(project, tmp_path):
    """A type folder may be a symbolic link (content shared between portals); edits inside it count."""
    shared = tmp_path / "shared-people"
    (project.content / "people").rename(shared)
    (project.content / "people").symlink_to(shared, target_is_directory=True)
    build(project, TODAY)
    person = shared / "darryl-preston.md"
    person.write_text(person.read_text().replace("name: Darryl Preston", "name: Darryl J Preston"))
    assert not build(project, TODAY).up_to_date
    assert "Darryl J Preston" in (project.output / "people/darryl-preston/index.html").read_text()


def test_a_cache_folder_that_cannot_be_written_is_only_a_slower_build(project):
    blocked = Paths(project.root, project.content, project.layouts, project.output, project.root / "not-a-folder")
    blocked.cache_folder.write_text("a file where the cache folder would be")
    build(blocked, TODAY)
    assert (project.output / "decisions/cpcc-2021-017/index.html").is_file()


def _frozen(route) -> bool:
    """Say whether the collector has set the route and its item aside (gc.freeze): neither is in a generation it walks."""
    walked = {id(thing) for thing in gc.get_objects()}
    return id(route) not in walked and id(route.item) not in walked


def test_pages_rendered_in_the_build_s_own_process_keep_the_collector_off_the_loaded_site(project, monkeypatch):
    frozen = []
    real_render = generator.pages.render_route
    monkeypatch.setattr(generator.pages, "render_route",
                        lambda env, route, errors: frozen.append(_frozen(route)) or real_render(env, route, errors))
    build(project, TODAY, search=False, jobs=1)
    assert len(frozen) > 100 and all(frozen)
    assert gc.get_freeze_count() == 0
    (project.layouts / "decision.html").write_text("{{ no_such_name }}")
    with pytest.raises(BuildFailed):
        build(project, TODAY, search=False, jobs=1)
    assert gc.get_freeze_count() == 0  # unfrozen after a failed render too
