"""A JSON Schema of format v1, made from the same key table the model builder reads.

yaml-language-server (VS Code's YAML extension) uses it for completion and hover docs:
put `# yaml-language-server: $schema=<path or URL of flowmap.schema.json>` at the top of a map.
"""

from __future__ import annotations

from flowmap.model import types as t
from flowmap.model.fields import FIELDS, NOUN, Field
from flowmap.model.kinds import SCHEMAS


def _definition_name(cls: type) -> str:
    return {t.CustomerNeed: "customerNeed", t.StepNeed: "stepNeed"}.get(cls, NOUN[cls])


def _property(field: Field) -> dict:
    if field.kind == "objects":
        schema = {
            "type": "array",
            "items": {"$ref": f"#/definitions/{_definition_name(field.item)}"},
        }
    else:
        schema = dict(SCHEMAS[field.kind])
    schema["description"] = field.doc
    return schema


def _object(cls: type) -> dict:
    fields = FIELDS[cls]
    schema = {
        "type": "object",
        "properties": {key: _property(field) for key, field in fields.items()},
        "additionalProperties": False,
    }
    required = [key for key, field in fields.items() if field.required]
    if required:
        schema["required"] = required
    return schema


def json_schema() -> dict:
    """The whole schema, for `flowmap schema`."""
    head = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://flowmap.dev/schema/v1.json",
        "title": "flowmap process map, format version 1",
    }
    definitions = {_definition_name(cls): _object(cls) for cls in FIELDS if cls is not t.Map}
    return head | _object(t.Map) | {"definitions": definitions}
