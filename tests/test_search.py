"""The search index: built by every build from the written site, main content only, with metadata."""

import json
import re

from conftest import MINIMAL, run_cli, write_site
from test_real_content import page


def test_every_build_writes_a_pagefind_index_of_the_item_pages(real_site):
    entry = json.loads((real_site / "pagefind/pagefind-entry.json").read_text())
    (language,) = entry["languages"].values()
    items = len(list(real_site.glob("*/**/index.html")))
    assert 50 < language["page_count"] < items  # item pages only: not lists, timelines or home
    assert (real_site / "pagefind/pagefind-ui.js").is_file()


def test_only_the_main_content_is_indexed_with_metadata_and_filters(real_site):
    html = page(real_site, "/decisions/cpcc-2021-017/")
    assert html.count("data-pagefind-body") == 1
    assert re.search(r'<main id="main-content" tabindex="-1" data-pagefind-body>', html)
    assert 'data-pagefind-filter="kind:Decision"' in html
    assert 'data-pagefind-filter="plan cycle:2021-24"' in html
    assert 'data-pagefind-filter="year:2021"' in html
    assert 'data-pagefind-sort="date:2021-11-23"' in html
    assert 'data-pagefind-meta="date:23 November 2021"' in html
    assert '<section class="referenced-by" aria-labelledby="referenced-by" data-pagefind-ignore>' \
        in page(real_site, "/people/darryl-preston/")
    theme = page(real_site, "/plans/2017-20/themes/victims/")
    assert 'data-pagefind-filter="theme:Victims (2017-20)"' in theme
    assert "data-pagefind-sort" not in theme  # a theme has no date of its own (not its plan's)
    assert 'data-pagefind-sort="date:2021-11-15"' in page(real_site, "/reports/police-and-crime-panel/2021-11-15/item-6/")
    # Labels and values are separate words in what Pagefind reads ("Date 2012", never "Date2012").
    assert "</dt><dd>" not in html and "</dt>\n    <dd>" in html
    meeting = page(real_site, "/meetings/police-and-crime-panel/2021-11-15/")
    assert 'data-pagefind-filter="plan cycle:2021-24"' in meeting  # through the papers on its agenda
    assert "data-pagefind-body" not in page(real_site, "/plans/")
    assert "data-pagefind-body" not in page(real_site, "/timeline/")


def test_every_page_has_a_search_box_that_leads_to_the_search_page(real_site):
    html = page(real_site, "/plans/")
    assert '<form class="site-search" role="search" action="/search/" method="get">' in html
    assert '<input type="search" id="site-search" name="q"' in html
    search = page(real_site, "/search/")
    assert search.index('class="search-sort"') < search.index("data-search-root")  # the order sits above results
    assert "Last updated" not in search
    assert '<script src="/pagefind/pagefind-ui.js" defer></script>' in search
    assert "<noscript>" in search
    assert "<script>" not in search  # no inline script: set-up is in /assets/search.js


def test_a_failed_index_fails_the_build_and_keeps_the_previous_site(tmp_path):
    root = write_site(tmp_path / "project", MINIMAL)
    assert run_cli(root, "build").code == 0
    before = (root / "site/index.html").read_bytes()
    fake = tmp_path / "fake" / "pagefind"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "__main__.py").write_text("import sys\nprint('Error: disk quota exceeded', file=sys.stderr)\n"
                                      "sys.exit(1)\n")
    (root / "content/people/pat-smith.md").write_text("---\nname: Pat Smythe\n---\n")
    result = run_cli(root, "build", env={"PYTHONPATH": str(tmp_path / "fake")})
    assert result.code == 1
    assert result.err == ("error: the search index could not be built (Error: disk quota exceeded); "
                          "the site was not changed\n")
    assert (root / "site/index.html").read_bytes() == before
    assert "Pat Smith" in (root / "site/people/pat-smith/index.html").read_text()


def test_a_missing_pagefind_is_one_sentence_saying_what_to_do(tmp_path):
    root = write_site(tmp_path / "project", MINIMAL)
    fake = tmp_path / "fake" / "pagefind"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "__main__.py").write_text("raise ModuleNotFoundError(\"No module named 'pagefind_bin'\")\n")
    result = run_cli(root, "build", env={"PYTHONPATH": str(tmp_path / "fake")})
    assert result.code == 1
    assert result.err == ("error: Pagefind, which builds the search index, is not installed: run pip install "
                          "'pagefind[bin]' (or reinstall the project); the site was not changed\n")
    assert not (root / "site").exists()


def _entry_version(site) -> str:
    return json.loads((site / "pagefind/pagefind-entry.json").read_text())["version"]


def _npm_package(node_modules, platform: str, version: str):
    package = node_modules / "@pagefind" / platform
    (package / "bin").mkdir(parents=True)
    (package / "package.json").write_text(f'{{"name": "@pagefind/{platform}", "version": "{version}"}}')
    binary = package / "bin/pagefind_extended"
    binary.write_text("#!/bin/sh\n")
    (package / f"bin/pagefind_extended-v{version}-musl.tar.gz.sha256").write_text("0")
    return binary


def test_npms_pagefind_is_found_for_this_machine_with_its_version(tmp_path):
    from generator.config import npm_pagefind, npm_platform

    node_modules = tmp_path / "node_modules"
    _npm_package(node_modules, "aaa-x64", "1.0.0").chmod(0o755)  # another machine's: never run here
    assert npm_pagefind(node_modules) is None
    binary = _npm_package(node_modules, npm_platform(), "9.8.7")
    assert npm_pagefind(node_modules) is None  # not executable: not a program to run
    binary.chmod(0o755)
    assert npm_pagefind(node_modules) == (binary, "9.8.7")
    assert npm_pagefind(tmp_path / "nowhere") is None


def test_the_binary_named_by_whoever_runs_the_build_comes_before_npms(monkeypatch, tmp_path):
    from generator.config import npm_platform, pagefind_binary

    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    node_modules = tmp_path / "node_modules"
    assert pagefind_binary(node_modules) == (None, "pagefind[bin]")  # pagefind[bin]'s own binary
    binary = _npm_package(node_modules, npm_platform(), "1.6.0")
    binary.chmod(0o755)
    assert pagefind_binary(node_modules)[0] == str(binary)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "")  # set but empty: as if not set
    assert pagefind_binary(node_modules)[0] == str(binary)
    named = tmp_path / "pagefind"
    named.write_text("#!/bin/sh\n")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(named))
    path, identity = pagefind_binary(node_modules)
    assert path == str(named)
    named.write_text("#!/bin/sh\nexit 0\n")  # another binary at the same place
    assert pagefind_binary(node_modules)[1] != identity


def test_pagefind_is_told_the_binary_to_run(monkeypatch):
    import generator.search as search

    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "")
    monkeypatch.setattr(search, "pagefind_binary", lambda: (None, "pagefind[bin]"))
    assert "PAGEFIND_BINARY_PATH" not in search.pagefind_environment()  # not even empty: its own binary
    monkeypatch.setattr(search, "pagefind_binary", lambda: ("/opt/pagefind", "/opt/pagefind 1 2"))
    assert search.pagefind_environment()["PAGEFIND_BINARY_PATH"] == "/opt/pagefind"


def test_the_pagefind_binary_is_part_of_the_fingerprint(monkeypatch):
    import generator.cache as cache

    fingerprints = set()
    for identity in ("pagefind[bin]", "/npm/pagefind_extended 100 1", "/npm/pagefind_extended 101 1"):
        monkeypatch.setattr(cache, "pagefind_binary", lambda identity=identity: (None, identity))
        fingerprints.add(cache.generator_fingerprint())
    assert len(fingerprints) == 3  # a build is never "up to date" with another Pagefind's index


def test_a_build_indexes_with_npms_pagefind_where_installed_else_pypis(monkeypatch, tmp_path):
    from importlib import metadata

    from conftest import tool_missing
    from generator.config import npm_pagefind

    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    npm = npm_pagefind()
    if npm is None:
        tool_missing("npm's Pagefind is not installed (npm ci)", "search checks")
    root = write_site(tmp_path / "project", MINIMAL)
    assert run_cli(root, "build").code == 0
    assert _entry_version(root / "site") == npm[1]
    from pagefind_bin import get_executable  # what the wrapper runs with no binary named

    assert run_cli(root, "build", env={"PAGEFIND_BINARY_PATH": str(get_executable())}).code == 0
    assert _entry_version(root / "site") == metadata.version("pagefind_bin")


def test_a_pagefind_panic_is_described_by_its_message_not_rusts_backtrace_note(tmp_path):
    from generator.search import _describe_failure

    panic = ("thread 'main' panicked at pagefind/src/output/mod.rs:87:10:\nError: the index has no pages\n"
             "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n")
    assert _describe_failure(panic, tmp_path) == ("the search index could not be built (Error: the index has no "
                                                  "pages); the site was not changed")
    assert "(No space left on device): check the disk" in _describe_failure(
        "Error: No space left on device (os error 28)\nnote: Some details are omitted", tmp_path)
