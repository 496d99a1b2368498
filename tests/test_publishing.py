"""Publishing: Netlify's configuration, metadata for search engines, sitemap, robots, reproducible builds."""

import json
import re
import tomllib

import pytest

from conftest import LAYOUTS, MINIMAL, REPO, run_cli, write_site
from test_real_content import page

NETLIFY = tomllib.loads((REPO / "netlify.toml").read_text())


def _headers(path: str) -> dict[str, str]:
    rules = [rule["values"] for rule in NETLIFY["headers"] if rule["for"] == path]
    assert len(rules) == 1, path
    return rules[0]


def test_netlify_builds_the_site_with_the_readme_commands_and_publishes_site():
    readme = (REPO / "README.md").read_text()
    build = NETLIFY["build"]
    assert build["publish"] == "site"
    # npm's Pagefind first (faster searches), used from the checkout the generator runs from.
    assert build["command"].startswith("npm ci --omit=dev && pip install -e . && python -m generator build")
    assert "-m generator build" in readme and "npm ci --omit=dev" in readme
    assert NETLIFY["build"]["environment"]["PYTHON_VERSION"] == "3.11"


@pytest.mark.parametrize("context", ["deploy-preview", "branch-deploy"])
def test_previews_are_built_with_their_own_address_and_marked_noindex(context):
    command = NETLIFY["context"][context]["command"]
    assert command.startswith("npm ci --omit=dev && pip install -e . && python -m generator build")
    assert '--base-url "$DEPLOY_PRIME_URL"' in command and command.endswith("--preview")


def test_every_path_gets_strict_security_headers():
    headers = _headers("/*")
    csp = dict((part.strip().split(" ", 1) + [""])[:2] for part in headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self' 'wasm-unsafe-eval'"  # Pagefind's WebAssembly, nothing inline
    assert csp["style-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Cache-Control" not in headers  # Netlify would join it with every other rule's


def test_fingerprinted_files_are_cached_long_and_html_keeps_a_short_lifetime():
    for path in ("/assets/*", "/pagefind/fragment/*", "/pagefind/index/*", "/pagefind/filter/*"):
        assert _headers(path)["Cache-Control"] == "public, max-age=31536000, immutable"
    long_cached = [rule["for"] for rule in NETLIFY["headers"] if "Cache-Control" in rule["values"]]
    assert all(path.startswith(("/assets/", "/pagefind/")) for path in long_cached)


def test_header_paths_are_ones_netlify_accepts():
    # Netlify accepts a splat (*) only at the end of a path rule.
    for rule in NETLIFY["headers"]:
        assert "*" not in rule["for"][:-1], rule["for"]
    assert _headers("/feeds/*")["Content-Type"] == "application/atom+xml; charset=utf-8"


def test_redirects_are_kept_in_netlify_toml_and_the_404_page_exists(real_site):
    assert all({"from", "to", "status"} <= set(r) for r in NETLIFY["redirects"])
    assert (real_site / "404.html").is_file()


def test_assets_are_fingerprinted_by_content(real_site):
    names = sorted(p.name for p in (real_site / "assets").iterdir())
    assert all(re.fullmatch(r"[a-z]+\.[0-9a-f]{10}\.(css|js|svg)", name) for name in names), names
    html = page(real_site, "/")
    style = next(n for n in names if n.startswith("style."))
    assert f'<link rel="stylesheet" href="/assets/{style}">' in html


def test_every_page_has_canonical_url_description_open_graph_and_json_ld(real_site):
    for path in real_site.rglob("index.html"):
        if "pagefind" in path.parts:
            continue
        html = path.read_text()
        url = "/" + path.relative_to(real_site).as_posix().removesuffix("index.html")
        assert f'<link rel="canonical" href="https://example.netlify.app{url}">' in html, url
        assert re.search(r'<meta name="description" content="[^"]{20,}">', html), url
        for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
            assert f'<meta property="{prop}"' in html, (url, prop)
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
        assert data["@context"] == "https://schema.org" and data["url"].endswith(url)
        assert 'name="robots"' not in html  # the real site is not a preview


def test_json_ld_fits_the_kind_of_item(real_site):
    def ld(url):
        return json.loads(re.search(r'ld\+json">(.*?)</script>', page(real_site, url)).group(1))
    meeting = ld("/meetings/police-and-crime-panel/2021-11-15/")
    assert meeting["@type"] == "Event" and meeting["startDate"] == "2021-11-15"
    assert meeting["organizer"]["name"] == "Cambridgeshire Police and Crime Panel"
    assert ld("/people/darryl-preston/")["@type"] == "Person"
    assert ld("/bodies/police-and-crime-panel/")["@type"] == "GovernmentOrganization"
    assert ld("/reports/police-and-crime-panel/2021-11-15/item-6/")["@type"] == "Report"
    assert ld("/")["@type"] == "WebSite"


def test_text_from_content_is_escaped_in_attributes_and_json_ld(tmp_path):
    files = {**MINIMAL, "pages/about.md": ('---\ntitle: "About </script><script>alert(1)</script>"\n'
                                          'summary: "A \\"quoted\\" <b>summary</b> & more"\n---\nText.\n')}
    root = write_site(tmp_path, files)
    assert run_cli(root, "build").code == 0
    html = (root / "site/about/index.html").read_text()
    assert "<script>alert(1)" not in html
    assert '<meta name="description" content="A &#34;quoted&#34; &lt;b&gt;summary&lt;/b&gt; &amp; more">' in html
    data = re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "</script>" not in data and json.loads(data)["name"] == "About </script><script>alert(1)</script>"


def test_sitemap_lists_every_page_with_its_last_update_and_robots_points_to_it(real_site):
    sitemap = (real_site / "sitemap.xml").read_text()
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    pages = [p for p in real_site.rglob("index.html") if "pagefind" not in p.parts]
    assert len(locs) == len(pages)
    assert ("<url><loc>https://example.netlify.app/decisions/cpcc-2021-017/</loc>"
            "<lastmod>2021-11-23</lastmod></url>") in sitemap
    robots = (real_site / "robots.txt").read_text()
    assert "Sitemap: https://example.netlify.app/sitemap.xml" in robots and "Disallow: /" not in robots


def test_a_preview_build_uses_its_own_address_and_asks_not_to_be_indexed(site_root):
    result = run_cli(site_root, "build", "--base-url", "https://deploy-preview-7--portal.netlify.app/",
                     "--preview")
    assert result.code == 0, result.err
    html = (site_root / "site/plans/2021-24/index.html").read_text()
    assert '<link rel="canonical" href="https://deploy-preview-7--portal.netlify.app/plans/2021-24/">' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert (site_root / "site/robots.txt").read_text().endswith("User-agent: *\nDisallow: /\n")


def test_every_page_says_when_it_was_last_updated(real_site):
    assert ('<p class="last-updated">Last updated: <time datetime="2021-11-23">23 November 2021</time></p>'
            in page(real_site, "/decisions/cpcc-2021-017/"))
    assert 'Last updated: <time datetime="2021-11-15">' in page(real_site, "/reports/police-and-crime-panel/2021-11-15/item-6/")


@pytest.mark.parametrize("url, day", [
    ("/plans/2021-24/", "2021-11-15"),  # its last recorded step: not the period's end (2024), nor the deadline
    ("/plans/", "2021-11-15"),
    ("/plans/2013-16/", "2013-03-21"),  # 21 March 2013 rather than "March 2013" or the period's end (2016)
    ("/timeline/", "2021-11-23"),  # the newest of the events it shows, not of the whole record
])
def test_last_updated_is_when_something_happened_not_a_period_or_a_deadline(real_site, url, day):
    assert f'Last updated: <time datetime="{day}">' in page(real_site, url)


def test_last_updated_is_never_a_day_still_to_come(tmp_path):
    root = write_site(tmp_path, {**MINIMAL, "consultations/c.md": "---\ntitle: C\nopens: 2026-01-05\n"
                                 "closes: 2026-02-27\n---\nHave your say.\n"})
    assert run_cli(root, "--today", "2026-01-10", "build", "--no-search").code == 0
    assert 'Last updated: <time datetime="2026-01-05">' in (root / "site/consultations/c/index.html").read_text()


def test_last_updated_can_come_from_git_history(tmp_path):
    root = write_site(tmp_path, MINIMAL, settings=None)
    (root / "content/site.yaml").write_text("title: T\narea: A\ndescription: D for tests.\n"
                                            "base_url: https://example.org\nlast_updated: git\n")
    env = {"GIT_AUTHOR_DATE": "2024-05-06T12:00:00Z", "GIT_COMMITTER_DATE": "2024-05-06T12:00:00Z",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    import subprocess
    for command in (["git", "init", "-q"], ["git", "add", "content"], ["git", "commit", "-qm", "first"]):
        subprocess.run(command, cwd=root, check=True, env={**__import__("os").environ, **env})
    assert run_cli(root, "build").code == 0
    assert 'Last updated: <time datetime="2024-05-06">6 May 2024</time>' in \
        (root / "site/people/pat-smith/index.html").read_text()


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path):
    # Pagefind writes its filter index in a random order (its issue #638); the build rewrites it in a
    # fixed one, so every file, the search index's included, is the same both times.
    sites = [tmp_path / name / "site" for name in ("one", "two", "three")]
    for site in sites:
        assert run_cli(REPO, "--output", str(site), "--today", "2026-11-22", "build").code == 0
    listings = [{p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} for site in sites]
    assert listings[0] == listings[1] == listings[2]
    assert any(p.parts[:2] == ("pagefind", "filter") for p in listings[0]) and len(listings[0]) > 100


def test_a_pull_request_workflow_runs_check_and_the_tests():
    workflow = (REPO / ".github/workflows/pull-request.yml").read_text()
    assert "pull_request" in workflow
    assert "python -m generator check" in workflow
    assert "bash .ci/run" in workflow


def test_the_pages_stay_light_no_script_but_search_and_a_small_stylesheet(real_site):
    """Residents on slow phones: only the search page loads JavaScript (Pagefind); the CSS is under 20 KB."""
    scripted = []
    for path in real_site.rglob("*.html"):
        if "pagefind" in path.parts:
            continue
        for attributes in re.findall(r"<script([^>]*)>", path.read_text(encoding="utf-8")):
            if "application/ld+json" not in attributes:
                scripted.append("/" + path.relative_to(real_site).as_posix().removesuffix("index.html"))
    assert sorted(set(scripted)) == ["/search/"]
    css = list((real_site / "assets").glob("*.css"))
    assert css and sum(p.stat().st_size for p in css) < 20 * 1024


def test_past_the_limit_of_one_sitemap_file_sitemap_xml_is_an_index_of_several(tmp_path, monkeypatch):
    """sitemaps.org: one file lists at most 50,000 pages; a national record may have more."""
    import xml.etree.ElementTree as ElementTree

    import generator.routes
    from generator.build import build
    from generator.config import Paths

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = write_site(tmp_path, MINIMAL)
    one = Paths(root, root / "content", LAYOUTS, root / "one")
    build(one, search=False)
    every = [e.text for e in ElementTree.parse(one.output / "sitemap.xml").findall("s:url/s:loc", ns)]
    monkeypatch.setattr(generator.routes, "SITEMAP_LIMIT", 4)
    split = Paths(root, root / "content", LAYOUTS, root / "split")
    build(split, search=False)
    index = ElementTree.parse(split.output / "sitemap.xml").getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    files = [e.text for e in index.findall("s:sitemap/s:loc", ns)]
    assert files == [f"https://example.org/sitemaps/{n}.xml" for n in range(1, len(files) + 1)]
    parts = [[e.text for e in ElementTree.parse(split.output / f"sitemaps/{n}.xml").findall("s:url/s:loc", ns)]
             for n in range(1, len(files) + 1)]
    assert [len(part) for part in parts[:-1]] == [4] * (len(parts) - 1) and 1 <= len(parts[-1]) <= 4
    assert [loc for part in parts for loc in part] == every  # every page once, in the same order
    assert "Sitemap: https://example.org/sitemap.xml" in (split.output / "robots.txt").read_text()


def test_npm_ci_can_install_what_package_json_names_from_the_lock_file():
    """`npm ci` refuses a lock file out of step with package.json (the build's Pagefind, the tests' checker)."""
    package = json.loads((REPO / "package.json").read_text())
    lock = json.loads((REPO / "package-lock.json").read_text())
    wanted = {**package.get("dependencies", {}), **package.get("devDependencies", {}),
              **package.get("optionalDependencies", {})}
    assert {name for name in wanted if name.startswith("@pagefind/")} >= {"@pagefind/linux-x64"}
    for name, version in wanted.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name
    for path, entry in lock["packages"].items():  # and everything those need, every platform's too
        needed = {**entry.get("dependencies", {}), **entry.get("optionalDependencies", {})}
        assert all(f"node_modules/{name}" in lock["packages"] for name in needed), path


@pytest.mark.parametrize("address, problem", [
    ("example.org", "is not a web address: give it in full, starting https://"),
    ("https://[::1", "is not a web address: give it in full, starting https://"),
    ("https://", "is not a web address: give it in full, starting https://"),
    ("https://example.org:port", "is not a web address: give it in full, starting https://"),
    ("https://:443", "is not a web address: give it in full, starting https://"),
    ("https://user@", "is not a web address: give it in full, starting https://"),
    ("https://example.org#top", "has a path: give the site's own address only (the pages link to each other "
                                "from its root)"),
    ("https://example.org?x=1", "has a path: give the site's own address only (the pages link to each other "
                                "from its root)"),
    ("https://example.org/portal/", "has a path: give the site's own address only (the pages link to each other "
                                    "from its root)"),
])
def test_a_base_address_the_pages_cannot_use_is_one_sentence(site_root, address, problem):
    result = run_cli(site_root, "build", "--no-search", "--base-url", address)
    assert (result.code, result.err) == (1, f"error: --base-url '{address}' {problem}\n")
    assert not (site_root / "site").exists()
