"""A value typed in the editor is accepted exactly when the loader reads it without a finding:
both ask `flowmap.model.kinds`, so the editor never saves what `flowmap check` then flags."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from flowmap.model.jsonschema import json_schema
from flowmap.project import open_workspace
from flowmap.tui.values import valid

# Text a person might type into each kind of field; some is a value, some is not.
TYPED = {
    "rank": ["1", "12", "0", "-1", "²", "１", "1.5", "two", "1234567890", "007"],
    "share": ["0.85", "85%", "1", "0", ".5", "1.5", "1e-1", "inf", "nan", "0_5", "-0"],
    "duration": ["30m", "4h", "1.5d", "2 w", "3 days", "5201w", "1e3d", "d"],
    "id": ["order-clerk", "a.b_c", "Order", "-x", "[x", "x y", "é"],
}
# Where each kind is written in a map, the value standing for {}.
PLACES = {
    "rank": "roles:\n  - id: r\n    rank: {}",
    "share": "processes:\n  - id: p\n    steps:\n      - id: s\n        by: r\n"
    "        needs:\n          - item: a\n            satisfaction: {}",
    "duration": "services:\n  - id: s\n    due: {}",
    "id": "units:\n  - id: {}",
}
CASES = [(kind, text) for kind, texts in TYPED.items() for text in texts]


def _loader_reads(project, kind: str, text: str) -> bool:
    project.write("map.yaml", f"flowmap: 1\n{PLACES[kind].format(text)}\n")
    return not open_workspace(["map.yaml"]).findings  # a schema or a syntax finding


@pytest.mark.parametrize(("kind", "text"), CASES)
def test_the_editor_accepts_what_the_loader_reads_and_nothing_else(project, kind, text):
    assert valid(text, kind) == _loader_reads(project, kind, text)


# A share written `85%` is text to JSON, and a pattern cannot say "at most a century".
SCHEMA_CASES = [c for c in CASES if c[0] != "share" and c != ("duration", "5201w")]


@pytest.mark.parametrize(("kind", "text"), SCHEMA_CASES)
def test_the_json_schema_agrees_with_the_loader(project, kind, text):
    """What yaml-language-server flags as the user types is what `flowmap check` flags."""
    try:
        document = yaml.safe_load(f"flowmap: 1\n{PLACES[kind].format(text)}\n")
    except yaml.YAMLError:
        return  # not YAML: nothing for a schema to say
    errors = jsonschema.Draft7Validator(json.loads(json.dumps(json_schema()))).iter_errors(
        json.loads(json.dumps(document, default=str))
    )
    assert (not list(errors)) == _loader_reads(project, kind, text)
