"""Every id is defined once, across a file and everything it includes.

## What it does
Reports an id that a second customer, need, unit, role, service, goal, process or step
defines again, and names where the first one is.

## Why is this bad?
A reference to a duplicated id is ambiguous: the warehouse cannot know which `qc` step is its
supplier, and the graph silently joins two departments into one customer.

## Who must act
The second object that uses the id (its executors and units, as for any object): the first
keeps it.

## Example
```yaml
flowmap: 1
units:
  - {id: quality, name: Quality department}
processes:
  - id: order-to-delivery
    steps:
      - {id: quality, name: Inspect product, by: quality}
```

## Use instead
```yaml
flowmap: 1
units:
  - {id: quality, name: Quality department}
processes:
  - id: order-to-delivery
    steps:
      - {id: inspect-product, name: Inspect product, by: quality}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.i18n import _
from flowmap.model.fields import NOUN
from flowmap.model.org import Organisation
from flowmap.rules.issue import Issue

ID = "duplicate-id"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    for key, definitions in org.definitions.items():
        first = definitions[0]
        for again in definitions[1:]:
            file, line, _column = first.pos
            yield Issue(
                again,
                _(
                    "the id `{key}` is already used by the {noun_type_first} at {file}:{line}; "
                    "give this {noun_type_again} an id of its own"
                ).format(
                    key=key,
                    noun_type_first=_(NOUN[type(first)]),
                    file=file,
                    line=line,
                    noun_type_again=_(NOUN[type(again)]),
                ),
                key="id",
            )
