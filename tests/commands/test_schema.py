"""`flowmap schema`: a JSON Schema that editors can use, and that our own maps satisfy."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from tests.conftest import PROCESSES, REPO


@pytest.fixture
def schema(cli):
    result = cli("schema")
    assert result.code == 0
    return json.loads(result.out)


def test_the_schema_is_valid_draft_07(schema):
    jsonschema.Draft7Validator.check_schema(schema)


class _Yaml12Loader(yaml.SafeLoader):
    """Dates stay text, as YAML 1.2 (the YAML extension of editors) and flowmap read them."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_every_example_map_satisfies_the_schema(schema):
    validator = jsonschema.Draft7Validator(schema)
    maps = sorted(PROCESSES.glob("*.yaml"))
    assert maps, "processes/ holds the example maps"
    for path in maps:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader)  # noqa: S506
        errors = list(validator.iter_errors(document))
        assert errors == [], f"{path.name}: {errors[0].message if errors else ''}"


def test_the_schema_refuses_what_the_checker_refuses(schema):
    validator = jsonschema.Draft7Validator(schema)
    bad = {"flowmap": 1, "units": [{"id": "Sales Dept", "kind": "service"}], "titel": "x"}
    messages = sorted(error.message for error in validator.iter_errors(bad))
    assert len(messages) == 3


def test_the_committed_schema_file_is_current(schema):
    committed = json.loads((REPO / "flowmap.schema.json").read_text(encoding="utf-8"))
    assert committed == schema, "run `flowmap schema -o flowmap.schema.json`"


def test_the_format_page_is_made_from_the_key_table():
    from flowmap.model.format_doc import format_doc

    page = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    assert page == format_doc(), "run `python -m flowmap.model.format_doc > docs/format.md`"


@pytest.mark.parametrize(
    ("key", "value", "accepted"),
    [
        ("due", "１ｈ", True),  # full-width, as a Chinese keyboard types it
        ("due", "2.5d", True),
        ("due", "3 days", False),
        ("satisfaction", "96％", True),
        ("satisfaction", "90%", True),
        ("satisfaction", 0.9, True),
        ("satisfaction", "190%", False),
    ],
)
def test_durations_and_shares_as_typed_agree_with_the_checker(
    schema, cli, project, key, value, accepted
):
    need = {"item": "order", key: value}
    document = {
        "flowmap": 1,
        "processes": [{"id": "p", "steps": [{"id": "s", "by": "x", "needs": [need]}]}],
    }
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(document))
    assert (errors == []) is accepted
    project.write("map.yaml", yaml.safe_dump(document, allow_unicode=True))
    found = json.loads(cli("check", "map.yaml", "--format", "json", "--select", "schema").out)
    assert (found["findings"] == []) is accepted
