"""The benchmark's own parts: its synthetic portal is valid content, the same every time, its memory figures are real, and its cold builds start from nothing."""

import filecmp
import statistics
import sys

from bench.measure import run_measured
from bench.run import time_cold_builds
from bench.synth import generate

from conftest import LAYOUTS, run_cli


def test_the_synthetic_portal_is_valid_and_the_same_every_time(tmp_path):
    first = generate(tmp_path / "a", 400)
    generate(tmp_path / "b", 400)
    assert first.items == 400 and first.decision_files
    same = filecmp.dircmp(tmp_path / "a/content", tmp_path / "b/content")
    assert not (same.left_only or same.right_only or same.diff_files)
    words = [len(body.split()) for *_, body in first.pages]
    assert min(words) >= 300 and max(words) <= 900  # 300 to 800 words, the last block may run over
    result = run_cli(tmp_path / "a", "--layouts", str(LAYOUTS), "check")
    assert result.code == 0, result.err


def test_peak_memory_is_measured_for_the_whole_process(tmp_path):
    run = run_measured([sys.executable, "-c", "import time; b = b\"x\" * (200 * 2**20); time.sleep(0.3)"])
    assert run.returncode == 0
    assert 200 <= run.peak_rss_mb < 400 and run.seconds >= 0.3


def test_proportional_memory_is_sampled_too(tmp_path):
    run = run_measured([sys.executable, "-c", "import time; b = b\"x\" * (200 * 2**20); time.sleep(1.0)"])
    assert 150 <= run.peak_pss_mb <= run.peak_rss_mb


def test_the_floor_and_the_cold_build_are_timed_in_turn_each_build_from_nothing(tmp_path):
    portal = generate(tmp_path / "portal", 60)
    figures = time_cold_builds(tmp_path / "portal", [body for *_, body in portal.pages], 2, 2)
    assert len(figures["floor_runs_s"]) == len(figures["cold_runs_s"]) == 2
    assert figures["cold_s"] == statistics.median(figures["cold_runs_s"])
    assert figures["floor_s"] == statistics.median(figures["floor_runs_s"])
    each = [cold / floor for floor, cold in zip(figures["floor_runs_s"], figures["cold_runs_s"])]
    assert figures["cold_vs_floor_paired"] == statistics.median(each)
    assert len(figures["converter_runs_s"]) == 2 and figures["converter_s"] == statistics.median(figures["converter_runs_s"])
    each = [cold / converter for converter, cold in zip(figures["converter_runs_s"], figures["cold_runs_s"])]
    assert figures["cold_vs_converter_paired"] == statistics.median(each)
    for site, cache in [("cold-0", "cold-0.cache"), ("site", ".cache")]:  # the first build's cache was moved aside
        assert (tmp_path / "portal" / site / "index.html").is_file()
        assert any((tmp_path / "portal" / cache).glob("markdown-*.sqlite"))


def test_the_first_search_is_measured_in_the_browser(real_site, browser):
    from bench.search_bytes import _serve, measure_first_search

    server, base = _serve(real_site)
    try:
        sizes, zipped, seconds = measure_first_search(base, "police and crime plan", browser)
    finally:
        server.shutdown()
    assert sizes["index"] > 0 and sizes["wasm"] > 0 and sizes["fragments"] > 0
    assert 0 < zipped["ui"] < sizes["ui"]  # the UI's script compresses; Pagefind's own files are compressed already
    assert 0 < seconds < 180
