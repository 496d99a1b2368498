"""An incremental rebuild (the preview's) writes exactly what a cold build writes, after any edit."""

import datetime as dt
import shutil

import pytest

import generator.pages
from generator.build import build, finish_rebuild, rebuild
from generator.cache import FOLDER
from generator.config import Paths
from generator.errors import BuildFailed

from conftest import LAYOUTS, REPO, site_files

TODAY = dt.date(2026, 11, 22)


def _replace(root, relative, old, new):
    path = root / relative
    text = path.read_text()
    assert old in text, f"{old!r} is not in {relative}"  # an edit that changes nothing proves nothing
    path.write_text(text.replace(old, new))


def _edit_decision_title(root):
    _replace(root, "content/decisions/cpcc-2021-017.md", "title: Issuing of Police and Crime Plan 2021 - 2024",
             "title: Issuing the Police and Crime Plan 2021-24")


def _edit_a_priority(root):
    path = root / "content/priorities/2017-20/victims.yaml"
    path.write_text(path.read_text() + "  - text: A new priority for action about rural crime.\n")


def _edit_a_meeting_date(root):
    _replace(root, "content/meetings/police-and-crime-panel/2017-06-14.md", "date: 2017-06-14", "date: 2017-06-15")


def _remove_a_paper(root):
    (root / "content/reports/police-and-crime-panel/2017-11-15/communities.md").unlink()


def _add_a_theme(root):
    (root / "content/themes/2021-24/new-theme.md").write_text(
        "---\nplan: 2021-24\ntitle: A new theme\nkind: theme\nsucceeds: [2017-20/victims]\n---\n")


def _edit_a_person(root):
    _replace(root, "content/people/darryl-preston.md", "name: Darryl Preston", "name: Darryl J Preston")


def _edit_a_template(root):
    _replace(root, "layouts/decision.html", "<strong>Decision:</strong>", "<strong>What was decided:</strong>")


def _edit_the_stylesheet(root):
    """Its name carries its hash: the old file must go, as a cold build never writes it."""
    path = root / "layouts/assets/style.css"
    path.write_text(path.read_text() + "\n.extra { margin: 0; }\n")


def _edit_the_settings(root):
    _replace(root, "content/site.yaml", "area: Cambridgeshire and Peterborough", "area: Somewhere else")


def _edit_a_decision_body(root):
    path = root / "content/decisions/cpcc-2021-017.md"
    path.write_text(path.read_text() + "\nA sentence added to the decision's text.\n")


def _edit_a_theme_aim(root):
    _replace(root, "content/themes/2021-24/crime-prevention.md", "title: Crime prevention",
             "title: Crime prevention\naim: Fewer crimes.")


def _edit_a_plan_summary(root):
    path = root / "content/plans/2021-24.md"
    text = path.read_text()
    path.write_text(text.replace("\nsummary: ", "\nsummary: Briefly, ", 1))


def _edit_a_consultation_outcome(root):
    _replace(root, "content/consultations/2021-24-plan.md", "The strongest message", "The clearest message")


def _edit_a_variation_after(root):
    """Its page's word diff is worked out from this text: the edit must not take the words-only way."""
    path = next((root / "content/variations").glob("*.md"))
    path.write_text(path.read_text().replace("1. Community engagement", "1. Engaging communities"))


def _rename_a_body(root):
    """Its papers' timeline entries, on the pages of the plans they concern, name it: three references away."""
    _replace(root, "content/bodies/police-and-crime-panel.md", "name: Cambridgeshire Police and Crime Panel",
             "name: Cambs Police and Crime Panel")


def _change_a_bodys_kind(root):
    """The kind of its papers' timeline entries, on plan and variation pages, follows it (four references away)."""
    _replace(root, "content/bodies/business-coordination-board.md", "kind: board", "kind: other")


def _rename_a_plan(root):
    """A meeting's agenda names the plan of each paper's variation: three references away."""
    _replace(root, "content/plans/2013-16.md", "title: Police and Crime Plan 2013-16", "title: The Plan 2013-16")


def _rename_the_about_page(root):
    """Every page's footer links to it by its title."""
    _replace(root, "content/pages/about.md", "title: ", "title: All ")


EDITS = [_edit_the_stylesheet, _rename_a_plan, _rename_the_about_page, _rename_a_body, _change_a_bodys_kind, _edit_a_variation_after, _edit_a_decision_body, _edit_a_theme_aim, _edit_a_plan_summary, _edit_a_consultation_outcome,
         _edit_decision_title, _edit_a_priority, _edit_a_meeting_date, _remove_a_paper, _add_a_theme,
         _edit_a_person, _edit_a_template, _edit_the_settings]


@pytest.fixture
def project(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(LAYOUTS, tmp_path / "layouts")
    return Paths(tmp_path, tmp_path / "content", tmp_path / "layouts", tmp_path / "site")


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.__name__.strip("_"))
def test_incremental_rebuild_matches_a_cold_build(project, tmp_path, edit):
    first = build(project, TODAY, keep_snapshot=True)
    edit(project.root)
    report = rebuild(project, first.snapshot, TODAY)
    finish_rebuild(project, report.snapshot)
    cold = Paths(project.root, project.content, project.layouts, tmp_path / "cold")
    build(cold, TODAY)
    assert site_files(project.output) == site_files(cold.output)
    assert report.changed, "the edit changed at least one page"


def test_an_edit_to_one_item_renders_fewer_pages_than_a_full_build(project):
    first = build(project, TODAY, keep_snapshot=True)
    _edit_a_person(project.root)
    report = rebuild(project, first.snapshot, TODAY)
    assert report.rendered < first.rendered  # both count every file rendered, pages, feeds and open data
    assert "/people/darryl-preston/" in report.changed


def test_an_edit_to_words_only_renders_only_the_pages_that_show_them(project):
    first = build(project, TODAY, keep_snapshot=True)
    _edit_a_decision_body(project.root)
    report = rebuild(project, first.snapshot, TODAY)
    assert report.snapshot.site is first.snapshot.site  # linked items updated in place, nothing read again
    assert report.changed == ("/decisions/cpcc-2021-017/",)  # the feeds show its summary, which is as it was
    assert report.rendered <= 5


def _stats(root):
    return {str(p): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file() and "site" not in p.parts}


@pytest.mark.parametrize("edit", [_edit_a_decision_body, _add_a_theme, _remove_a_paper, _edit_a_template],
                         ids=lambda e: e.__name__.strip("_"))
def test_a_rebuild_told_which_files_changed_matches_a_cold_build(project, tmp_path, edit):
    """The preview passes what its watcher saw; looking at only those files gives the same site."""
    first = build(project, TODAY, keep_snapshot=True)
    before = _stats(project.root)
    edit(project.root)
    after = _stats(project.root)
    touched = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    report = rebuild(project, first.snapshot, TODAY, touched)
    finish_rebuild(project, report.snapshot)
    cold = Paths(project.root, project.content, project.layouts, tmp_path / "cold")
    build(cold, TODAY)
    assert site_files(project.output) == site_files(cold.output)
    assert report.snapshot.inputs == {p: v for p, v in report.snapshot.inputs.items() if p in after or v == FOLDER}


def _no_pool(*args):
    raise AssertionError("a pool of processes was forked")


def test_a_rebuild_reads_in_its_own_process_however_many_files_changed(project, tmp_path, monkeypatch,
                                                                     pools_for_any_two):
    """The preview rebuilds in a thread: a process forked beside other threads could wait for ever on a lock."""
    first = build(project, TODAY, keep_snapshot=True)
    monkeypatch.setattr(generator.pages, "_workers", _no_pool)
    for path in project.content.rglob("*.md"):
        path.write_text(path.read_text() + "\n")  # every file changed, as after a git checkout
    _add_a_theme(project.root)
    report = rebuild(project, first.snapshot, TODAY)
    finish_rebuild(project, report.snapshot)
    cold = Paths(project.root, project.content, project.layouts, tmp_path / "cold")
    monkeypatch.undo()
    build(cold, TODAY)
    assert site_files(project.output) == site_files(cold.output)


@pytest.mark.parametrize("edit", [_edit_a_decision_body, _edit_a_person, None], ids=["words", "a person", "nothing"])
def test_a_rebuild_on_a_new_day_matches_a_cold_build_of_that_day(project, tmp_path, edit):
    """A preview left running past midnight: the consultation that closed yesterday says so, whatever is edited."""
    last_day, next_day = dt.date(2021, 7, 30), dt.date(2021, 7, 31)  # the plan consultation closes on 30 July 2021
    first = build(project, last_day, keep_snapshot=True)
    if edit:
        edit(project.root)
    report = rebuild(project, first.snapshot, next_day, set() if edit is None else None)
    finish_rebuild(project, report.snapshot)
    cold = Paths(project.root, project.content, project.layouts, tmp_path / "cold")
    build(cold, next_day)
    assert site_files(project.output) == site_files(cold.output)
    assert "/consultations/2021-24-plan/" in report.changed


@pytest.mark.parametrize("added, message", [
    ("See [the plan](/plans/2021-42/).",
     "the link to '/plans/2021-42/' leads to no page of this site (did you mean '/plans/2021-24/'?): check the address"),
    ("![A chart](https://example.com/chart.png)",
     "the image 'https://example.com/chart.png' is on another site, and pages never make readers' browsers fetch "
     "from other sites: link to it instead ([words](address))"),
], ids=["a link to no page", "an image from another site"])
def test_an_edit_to_words_is_checked_for_links_and_images_as_a_build_is(project, added, message):
    """Words-only edits take a short way, which checks their links and images against the routes it has."""
    first = build(project, TODAY, keep_snapshot=True)
    path = project.content / "decisions/cpcc-2021-017.md"
    path.write_text(path.read_text() + f"\n{added}\n")
    with pytest.raises(BuildFailed) as failed:
        rebuild(project, first.snapshot, TODAY)
    assert [e.message for e in failed.value.errors] == [message]


def test_an_edit_to_words_with_good_links_stays_on_the_short_way(project):
    """Links are checked on the short way too: at 10,000 items the full way takes seconds, not milliseconds."""
    first = build(project, TODAY, keep_snapshot=True)
    path = project.content / "decisions/cpcc-2021-017.md"
    path.write_text(path.read_text() + "\nSee [the plan](/plans/2021-24/) and [the open data](/data/).\n")
    report = rebuild(project, first.snapshot, TODAY)
    assert report.snapshot.site is first.snapshot.site  # linked items updated in place, nothing read again
    assert report.changed == ("/decisions/cpcc-2021-017/",)
