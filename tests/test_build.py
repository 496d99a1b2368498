"""Building: pages written where the URLs say, a summary line, and nothing lost when a build fails."""

import fcntl
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import DECISION_1, LAYOUTS, MINIMAL, REPO, Result, run_cli, write_site
from generator.build import load_site
from generator.config import Paths
from generator.schema import TYPES


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_pages_and_prints_a_summary(site_root):
    result = run_cli(site_root, "build")
    assert result.code == 0, result.err
    said = re.fullmatch(r"Built (\d+) pages into site/ in \d+\.\d\d s \((\d+) files with the feeds, open data and "
                        r"assets\)\.\n", result.out)
    site = site_root / "site"
    ours = [p for p in site.rglob("*") if p.is_file() and "pagefind" not in p.relative_to(site).parts]
    assert said and (int(said[1]), int(said[2])) == (sum(p.suffix == ".html" for p in ours), len(ours))
    assert run_cli(site_root, "check").out.startswith(f"Checked 3 items on {said[1]} pages")  # counted alike
    for page in ("index.html", "plans/index.html", "plans/2021-24/index.html",
                 "plans/2021-24/themes/victims/index.html", "people/pat-smith/index.html", "404.html"):
        assert (site / page).is_file(), page
    assert len(list((site / "assets").glob("style.*.css"))) == 1


def test_references_render_as_links_both_ways(site_root):
    assert run_cli(site_root, "build").code == 0
    plan = (site_root / "site/plans/2021-24/index.html").read_text()
    person = (site_root / "site/people/pat-smith/index.html").read_text()
    theme = (site_root / "site/plans/2021-24/themes/victims/index.html").read_text()
    assert '<a href="/people/pat-smith/">Pat Smith</a>' in plan
    assert '<a href="/plans/2021-24/themes/victims/">Victims</a>' in plan
    assert 'Referenced by' in person and '<a href="/plans/2021-24/">Police and Crime Plan 2021-24</a>' in person
    assert '<a href="/plans/2021-24/">Police and Crime Plan 2021-24</a>' in theme


def test_check_writes_nothing(site_root):
    result = run_cli(site_root, "check")
    assert result.code == 0 and re.fullmatch(r"Checked 3 items on \d+ pages: no problems found.\n", result.out)
    assert not (site_root / "site").exists()


def test_failed_build_leaves_the_previous_site_exactly_as_it_was(site_root):
    assert run_cli(site_root, "build").code == 0
    before = _snapshot(site_root / "site")
    (site_root / "content/plans/2021-24.md").write_text("---\ntitle: [broken\n---\n")
    result = run_cli(site_root, "build")
    assert result.code == 1
    assert result.err.endswith("nothing was written (site/ is as it was).\n")
    assert _snapshot(site_root / "site") == before
    assert not list(site_root.glob(".site.new-*"))


def test_template_error_names_template_line_and_page_and_keeps_the_site(site_root, tmp_path):
    layouts = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, layouts)
    assert run_cli(site_root, "build", layouts=layouts).code == 0
    before = _snapshot(site_root / "site")
    person = layouts / "person.html"
    person.write_text(person.read_text().replace("{{ item.heading }}", "{{ item.nickname }}"))
    result = run_cli(site_root, "build", layouts=layouts)
    assert result.code == 1
    line = next(n for n, text in enumerate(person.read_text().splitlines(), 1) if "nickname" in text)
    assert result.err.splitlines()[0] == (
        f"layouts/person.html:{line}: template error while rendering /people/pat-smith/: "
        "'generator.site.Item object' has no attribute 'nickname' (a name or field that does not exist)")
    assert "Traceback" not in result.err
    assert _snapshot(site_root / "site") == before


def test_template_syntax_error_names_the_line(site_root, tmp_path):
    layouts = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, layouts)
    (layouts / "page.html").write_text('{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n')
    result = run_cli(site_root, "build", layouts=layouts)
    assert result.code == 1
    assert result.err.splitlines()[0] == \
        "layouts/page.html:3: template error: Expected an expression, got 'end of statement block'"


def test_a_second_build_at_the_same_time_is_refused(site_root):
    with open(site_root / ".site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = run_cli(site_root, "build")
    assert result.code == 1
    assert result.err == "error: another build is writing site/ now: wait for it to finish, then try again\n"


def test_raw_html_in_markdown_is_sanitised(tmp_path):
    files = {**MINIMAL, "pages/about.md": (
        "---\ntitle: About\n---\nHello <a href=\"/\" onmouseover=\"alert(0)\">x</a>\n"
        "<img src=\"/\" onerror=\"alert(1)\">\n\n<span onclick=\"alert(2)\">words</span>\n\n<a href=\"/\">d</a>\n\n"
        "[md link](/) <p onclick=\"alert(3)\" style=\"color:red\">p</p>\n")}
    root = write_site(tmp_path, files)
    assert run_cli(root, "build").code == 0
    html = (root / "site/about/index.html").read_text()
    for banned in ("onmouseover", "onerror", "onclick", 'style="color'):
        assert banned not in html, banned
    assert "Hello" in html and ">d</a>" in html and "words" in html  # the text stays; only what could run is removed


def _refused_page(tmp_path, body: str) -> Result:
    """Check a site whose about page has this body; the check must refuse it; return what it said."""
    root = write_site(tmp_path, {**MINIMAL, "pages/about.md": f"---\ntitle: About\n---\n{body}"})
    result = run_cli(root, "check")
    assert result.code == 1
    return result


def test_elements_whose_words_would_vanish_are_refused_and_would_be_sanitised(tmp_path):
    """A script, a style or a frame takes its contents with it: the check names each; the sanitiser removes them."""
    from generator.markup import sanitise

    body = ("Hello <script>alert(1)</script>\n\n<iframe src=\"https://example.org\"></iframe>\n\n"
            "<style>body{display:none}</style>\n")
    result = _refused_page(tmp_path, body)
    assert [line.split(" would not")[0] for line in result.err.splitlines() if line.startswith("content/")] == [
        "content/pages/about.md:4: '<script>'", "content/pages/about.md:6: '<iframe src=\"https://example.org\">'",
        "content/pages/about.md:8: '<style>'"]
    assert sanitise(body).strip() == "Hello"


def test_a_link_that_could_run_is_refused_and_would_be_sanitised(tmp_path):
    """The check names such links; were one to pass it, the sanitiser takes its address out all the same."""
    from generator.markup import sanitise

    body = ("<a href=\"javascript:alert(1)\">x</a> <a href=\"data:text/html,<script>alert(1)</script>\">d</a>\n\n"
            "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">\n")
    result = _refused_page(tmp_path, body)
    assert "content/pages/about.md:4: the link to 'javascript:alert(1)' starts with 'javascript:'" in result.err
    assert "content/pages/about.md:4: the link to 'data:text/html,<script>alert(1)</script>' starts with 'data:'" \
        in result.err
    assert "content/pages/about.md:6: the image 'data:image/svg+xml,<svg onload=alert(1)>' is on another site" \
        in result.err
    html = sanitise(body)
    assert "javascript:" not in html and "data:" not in html and ">x</a>" in html and ">d</a>" in html


def test_markdown_headings_never_add_a_second_h1(tmp_path):
    files = {**MINIMAL, "pages/about.md": "---\ntitle: About\n---\n# Heading\n\nText.\n"}
    root = write_site(tmp_path, files)
    assert run_cli(root, "build").code == 0
    html = (root / "site/about/index.html").read_text()
    assert html.count("<h1") == 1 and '<h2 id="heading">Heading</h2>' in html


def test_console_script_runs_the_same_commands(site_root):
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"plan-portal": "generator.cli:main"}
    script = Path(sys.executable).parent / "plan-portal"
    if script.exists():  # installed, as the README's commands install it (and CI does)
        done = subprocess.run([str(script), "--root", str(site_root), "--layouts", str(LAYOUTS), "check"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and done.stdout.startswith("Checked 3 items")
        done = subprocess.run([str(script), "check", "--bogus"], capture_output=True, text=True, timeout=120)
        assert done.stderr.startswith("usage: plan-portal ") and "plan-portal: error: " in done.stderr  # its own name


def test_the_common_options_work_after_the_command_too(site_root, tmp_path):
    """`build --today ... --output ...` as staff type it, not only `--today ... build`."""
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--no-search", "--root", str(site_root),
                           "--layouts", str(LAYOUTS), "--today", "2021-11-20", "--output", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out/index.html").is_file() and not (site_root / "site").exists()
    before = run_cli(site_root, "--today", "2021-11-20", "check", "--today", "2030-01-01")  # given after, it wins
    assert before.code == 0 and "Checked 3 items" in before.out


@pytest.mark.parametrize("args, message", [
    (["build", "--bogus"], "python -m generator: error: unrecognized arguments: --bogus\n"),
    (["--today", "2021-13-01", "check"], "error: argument --today: '2021-13-01' is not a date like 2021-11-15\n"),
    (["check", "--today", "soon"], "error: argument --today: 'soon' is not a date like 2021-11-15\n"),
    (["publish"], "error: argument COMMAND: invalid choice: 'publish'"),
])
def test_a_mistake_in_the_command_exits_with_status_1_and_says_what(site_root, args, message):
    result = run_cli(site_root, *args)
    assert result.code == 1 and result.err.startswith("usage: ") and message in result.err
    assert "Traceback" not in result.err


def test_what_refers_to_an_item_is_grouped_by_type_in_the_declared_order():
    """A page's "Referenced by": each type once, in schema order, its items as that type's list shows them."""
    site, _ = load_site(Paths(REPO, REPO / "content", LAYOUTS, REPO / "site"))
    grouped = 0
    for item in site.items:
        expected = [(t, site.referrers(item, t.name)) for t in TYPES if site.referrers(item, t.name)]
        assert site.referrer_groups(item) == expected, item
        assert site.referrer_groups(item, ("decision", "report")) == \
            [(t, entries) for t, entries in expected if t.name not in ("decision", "report")], item
        grouped += len(expected) > 1
    assert grouped > 5  # items referred to by more than one type, so the order is tested


def test_a_facts_list_naming_a_field_the_type_lacks_is_a_template_error_at_the_macro_and_its_caller(tmp_path):
    layouts = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, layouts)
    decision = layouts / "decision.html"
    template = decision.read_text()
    decision.write_text(template.replace('facts(item, ["reference", "date"', 'facts(item, ["refrence", "id"'))
    root = write_site(tmp_path / "project", {**MINIMAL, "decisions/d-1.md": DECISION_1})
    result = run_cli(root, "build", "--no-search", layouts=layouts)
    assert result.code == 1
    assert result.err.splitlines()[0] == (f"{layouts}/partials/macros.html:30: template error while rendering "
                                          f"/decisions/d-1/ (called from {decision}:7): AttributeError: a decision "
                                          "has no field 'refrence'")  # the macro's line, and the page template's
    fixed = decision.read_text().replace('["refrence", "id"', '["id", "reference"')
    decision.write_text(fixed)
    assert run_cli(root, "build", "--no-search", layouts=layouts).code == 0
    page = (root / "site/decisions/d-1/index.html").read_text()
    assert "<div><dt>Id</dt>\n    <dd>d-1</dd></div>" in page  # read as the template reads it, from the item itself
