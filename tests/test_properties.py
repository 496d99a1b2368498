"""Property tests: whatever is in a content file, the build succeeds or reports content errors."""

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import _render_some, load_site
from generator.config import Paths
from generator.errors import BuildFailed

from conftest import LAYOUTS, MINIMAL, write_site

TODAY = dt.date(2026, 11, 22)
PLAN = "plans/2021-24.md"


def _build_in_memory(root: Path) -> None:
    """Check, link, plan and render everything (all but writing and indexing), as a build does."""
    paths = Paths(root, root / "content", LAYOUTS, root / "site")
    try:
        site, routes = load_site(paths, TODAY)
        _render_some(paths, site, routes)
    except BuildFailed as failure:
        assert failure.errors, "a failed build names at least one problem"
        for error in failure.errors:
            assert error.path and error.line >= 1 and error.message


def _with_file(relative: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_site(Path(folder), MINIMAL)
        path = root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        _build_in_memory(root)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_in_a_content_file_give_a_build_or_content_errors(data):
    _with_file(PLAN, data)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=500), st.sampled_from(["documents/d.yaml", "priorities/2021-24/victims.yaml",
                                                  "people/pat-smith.md"]))
def test_any_bytes_in_yaml_and_list_files_give_a_build_or_content_errors(data, relative):
    _with_file(relative, data)


FRONT_MATTER_LINES = MINIMAL[PLAN].strip().splitlines()
YAMLISH = st.sampled_from(["", "---", ":", "- x", "  - y", "title:", "title: [", "&a x", "*a", "!!binary x",
                           "period: 2021", "status: 3", "commissioner: [pat-smith, pat-smith]", "extra: {a: 1}",
                           "period:\n  start: 2024\n  end: 2021", "\t", "null", "~", "'", '"', "? x", "%YAML 1.1",
                           "steps:\n  - step: draft\n    date: 2021-13-40", "documents: nope", "order: 1e9"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(FRONT_MATTER_LINES)), st.booleans(), YAMLISH | st.text(max_size=30)),
                max_size=4))
def test_any_mutation_of_valid_front_matter_gives_a_build_or_content_errors(mutations):
    lines = list(FRONT_MATTER_LINES)
    for position, replace, text in mutations:
        position = min(position, len(lines))
        if replace and position < len(lines):
            lines[position] = text
        else:
            lines.insert(position, text)
    _with_file(PLAN, ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))
