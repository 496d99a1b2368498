"""Open data: every record once, as JSON valid against its schema and as CSV; the /data/ page; the record link."""

import csv
import io
import json
import re
from pathlib import Path

import jinja2
import jsonschema
import markupsafe
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import LAYOUTS, MINIMAL, REPO, run_cli, write_site
from generator.build import load_site
from generator.config import Paths
from generator.opendata import DATASET_TYPES, LICENCE, csv_line

REQUIRED_DATASETS = {"plans", "themes", "priorities", "variations", "decisions", "meetings", "reports",
                     "consultations"}


@pytest.fixture(scope="module")
def site():
    """The real content, loaded and linked (no files written)."""
    linked, _ = load_site(Paths(REPO, REPO / "content", LAYOUTS, REPO / "site"))
    return linked


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def page_exists(site_folder: Path, url: str) -> bool:
    """Return whether a page of the built site (and the fragment, where the URL has one) exists."""
    path, _, fragment = url.partition("#")
    html = site_folder / path.lstrip("/") / "index.html"
    return html.is_file() and (not fragment or f'id="{fragment}"' in html.read_text())


def test_the_datasets_cover_the_record(site):
    assert REQUIRED_DATASETS <= {t.plural for t in DATASET_TYPES}
    assert {t.name for t in DATASET_TYPES} == {i.type.name for i in site.items} - {"page", "statement"}


@pytest.mark.parametrize("content_type", DATASET_TYPES, ids=lambda t: t.plural)
def test_every_item_appears_once_with_its_id_and_page(real_site, site, content_type):
    records = read_json(real_site / f"data/{content_type.plural}.json")["records"]
    ids = [r["id"] for r in records]
    assert ids == sorted(i.id for i in site.of_type(content_type.name))
    base = site.settings.base_url
    for record in records:
        item = site.by_id[record["id"]]
        assert record["page_url"] == base + item.href and page_exists(real_site, item.href), record["id"]


@pytest.mark.parametrize("content_type", DATASET_TYPES, ids=lambda t: t.plural)
def test_the_csv_has_the_same_records_as_the_json(real_site, content_type):
    records = read_json(real_site / f"data/{content_type.plural}.json")["records"]
    rows = read_csv(real_site / f"data/{content_type.plural}.csv")
    assert [row["id"] for row in rows] == [r["id"] for r in records]
    for row, record in zip(rows, records):
        for f in content_type.fields[1:]:
            value = record[f.name]
            if f.kind == "record" and not f.many:
                cells = {sub.name: row[f"{f.name}.{sub.name}"] for sub in f.fields}
                assert {k: _decoded(c, (value or {}).get(k)) for k, c in cells.items()} == (value or
                                                                                          dict.fromkeys(cells))
            else:
                assert _decoded(row[f.name], value) == value, (record["id"], f.name)


def _decoded(cell: str, like: object) -> object:
    """Return a CSV cell read back into the shape of the JSON value it should hold."""
    if cell == "":
        return [] if isinstance(like, list) else None
    if isinstance(like, (list, dict)):
        return json.loads(cell)
    return int(cell) if isinstance(like, int) else cell


@pytest.mark.parametrize("content_type", DATASET_TYPES, ids=lambda t: t.plural)
def test_the_json_validates_against_its_schema(real_site, site, content_type):
    schema = read_json(real_site / f"data/{content_type.plural}.schema.json")
    jsonschema.Draft7Validator.check_schema(schema)
    document = read_json(real_site / f"data/{content_type.plural}.json")
    jsonschema.Draft7Validator(schema).validate(document)
    assert document["licence"] == LICENCE
    assert document["schema"] == schema["$id"] == f"{site.settings.base_url}/data/{content_type.plural}.schema.json"
    fields = schema["properties"]["records"]["items"]["properties"]
    assert list(fields) == ["id", "page_url", *content_type.field_names[1:]]
    assert all(fields[f.name]["description"].startswith(f.doc) for f in content_type.fields[1:])


def test_records_hold_iso_dates_ids_records_and_markdown(real_site):
    decision = read_json(real_site / "data/decisions.json")["records"][0]
    assert decision["id"] == "cpcc-2021-017" and decision["date"] == "2021-11-23"
    assert decision["decided_by"] == "darryl-preston" and decision["plan"] == "2021-24"
    assert decision["background"] == ["police-and-crime-panel/2021-11-15/item-6", "draft-police-and-crime-plan-2021-24"]
    assert decision["body"].startswith("## Why a plan is needed\n") and "\n## How the plan was prepared\n" in decision["body"]
    plans = {r["id"]: r for r in read_json(real_site / "data/plans.json")["records"]}
    assert plans["2021-24"]["period"] == {"start": "2021", "end": "2024"}
    assert plans["2021-24"]["steps"][1]["step"] == "panel-review"
    assert plans["2021-24"]["steps"][1]["date"] == "2021-11-15" and plans["2021-24"]["published"] is None
    row = next(r for r in read_csv(real_site / "data/plans.csv") if r["id"] == "2021-24")
    assert row["period.start"] == "2021" and json.loads(row["steps"]) == plans["2021-24"]["steps"]
    priority = next(r for r in read_json(real_site / "data/priorities.json")["records"] if "#" in r["page_url"])
    assert re.fullmatch(r"https://\S+/plans/[^#]+/themes/[^#]+/#priority-\d+", priority["page_url"])


def test_the_data_page_lists_every_dataset_its_fields_and_the_licence(real_site):
    html = (real_site / "data/index.html").read_text()
    assert f'<a href="{LICENCE["url"]}">{LICENCE["name"]}</a>' in html
    for content_type in DATASET_TYPES:
        for ending in ("json", "csv", "schema.json"):
            name = f"{content_type.plural}.{ending}"
            assert f'<a href="/data/{name}">{name}</a>' in html and (real_site / "data" / name).is_file()
        for f in content_type.fields[1:]:
            assert f"<dt><code>{f.name}</code></dt><dd>{markupsafe.escape(f.doc)} " in html, (content_type.name, f.name)
    for feed in ("/feeds/all.xml", "/feeds/decisions.xml", "/feeds/plans/2021-24.xml"):
        assert f'<a href="{feed}">' in html


AWKWARD_THEME = """\
    ---
    plan: 2021-24
    title: "Victims, “first” & foremost"
    kind: theme
    order: 1
    extra:
      zeta: 1
      alpha: {b: 2, a: "é"}
    ---
    A body with "quotes", commas, and
    a second line.
    """


def test_files_are_utf8_end_with_a_newline_and_are_the_same_on_every_build(tmp_path):
    root = write_site(tmp_path, {**MINIMAL, "themes/2021-24/victims.md": AWKWARD_THEME})
    outputs = []
    for name in ("one", "two"):
        assert run_cli(root, "--output", str(tmp_path / name), "build").code == 0
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / name / "data").iterdir()})
    assert outputs[0] == outputs[1]
    for name, data in outputs[0].items():
        if name != "index.html":
            assert data.endswith(b"\n") and not data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8"), name


def test_text_records_and_free_form_data_survive_json_and_csv(tmp_path):
    root = write_site(tmp_path, {**MINIMAL, "themes/2021-24/victims.md": AWKWARD_THEME})
    assert run_cli(root, "build").code == 0
    theme = read_json(root / "site/data/themes.json")["records"][0]
    assert theme["title"] == "Victims, “first” & foremost" and list(theme["extra"]) == ["alpha", "zeta"]
    assert theme["extra"]["alpha"] == {"a": "é", "b": 2}
    assert theme["body"] == 'A body with "quotes", commas, and\na second line.\n'
    row = read_csv(root / "site/data/themes.csv")[0]
    assert row["title"] == theme["title"] and row["body"] == theme["body"]
    assert json.loads(row["extra"]) == theme["extra"]


def _record_link(site, item) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(LAYOUTS), undefined=jinja2.StrictUndefined,
                             autoescape=True)
    return env.get_template("partials/record_link.html").render(item=item)


def test_the_record_link_partial_names_the_dataset_files_and_the_id(real_site, site):
    for item in site.items:
        html = _record_link(site, item)
        if item.type not in DATASET_TYPES:
            assert html.strip() == "", item
            continue
        links = re.findall(r'href="([^"]+)"', html)
        assert links == ["/data/", f"/data/{item.type.plural}.json", f"/data/{item.type.plural}.csv"], item
        assert all((real_site / link.lstrip("/")).exists() for link in links)
        assert f"id <code>{item.id}</code>" in html


def test_item_pages_link_to_their_record_in_open_data(real_site):
    html = (real_site / "decisions/cpcc-2021-017/index.html").read_text()
    assert '<a href="/data/decisions.json">decisions.json</a>' in html and "id <code>cpcc-2021-017</code>" in html
    about = (real_site / "about/index.html").read_text()
    assert 'href="/data/' not in about[about.index("<main"):about.index("</main>")]  # a free page is no record


CELL_TEXT = st.text(st.sampled_from([",", '"', "\r", "\n", " ", "a", "é", "\t", ";", "'"]) | st.characters(),
                    max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(CELL_TEXT, min_size=1, max_size=5))
def test_a_csv_line_is_what_python_s_csv_writer_writes(cells):
    out = io.StringIO()
    csv.writer(out).writerow(cells)
    assert csv_line(cells) == out.getvalue()
