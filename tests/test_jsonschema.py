"""The JSON Schema for editors is generated from the type declarations, is current, and is wired up."""

import json

import pytest

from generator.jsonschema import get_all_schemas, get_schema
from generator.schema import TYPES, TYPES_BY_NAME
from generator.yamlish import parse_yaml  # dates stay text, as in editors' YAML 1.2

from conftest import REPO


def test_the_committed_schemas_are_current():
    folder = REPO / "docs/schemas"
    expected = get_all_schemas()
    assert sorted(p.name for p in folder.glob("*.json")) == sorted(expected)
    for name, text in expected.items():
        assert (folder / name).read_text() == text, f"{name} is stale: run python -m generator schema"


def test_schema_has_every_field_with_its_doc_requiredness_and_choices():
    schema = get_schema(TYPES_BY_NAME["plan"], markdown_file=True)
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["title", "period", "status"]
    assert schema["properties"]["status"]["enum"] == ["draft", "consultation", "issued", "replaced"]
    assert schema["properties"]["period"]["required"] == ["start", "end"]
    assert schema["properties"]["title"]["description"].startswith("The plan's title")


def test_editor_settings_point_every_content_folder_at_its_schema():
    settings = json.loads((REPO / ".vscode/settings.json").read_text())["yaml.schemas"]
    for content_type in TYPES:
        assert f"content/{content_type.folder}/**/*.yaml" in settings[f"./docs/schemas/{content_type.name}.schema.json"]


jsonschema = pytest.importorskip("jsonschema")


@pytest.mark.parametrize("path", sorted((REPO / "content").rglob("*.yaml")), ids=lambda p: p.name)
def test_every_yaml_file_of_the_real_content_validates_against_its_schema(path):
    folder = path.relative_to(REPO / "content").parts[0]
    if folder == "site.yaml":
        return
    content_type = next(t for t in TYPES if t.folder == folder)
    jsonschema.validate(parse_yaml(path.read_text()), get_schema(content_type))


def test_every_front_matter_of_the_real_content_validates_against_its_schema():
    for path in sorted((REPO / "content").rglob("*.md")):
        content_type = next(t for t in TYPES if t.folder == path.relative_to(REPO / "content").parts[0])
        front = path.read_text().split("---\n")[1]
        jsonschema.validate(parse_yaml(front), get_schema(content_type, markdown_file=True))
