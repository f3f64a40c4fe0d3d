"""A need and its supplier spell the item differently, though they mean the same one.

## What it does
Items are compared after Unicode NFKC normalisation and trimming, so `raw material（steel）`
(full-width brackets, as Chinese input methods type them) and `raw material(steel)`, or a
name with an ideographic space (U+3000) or a trailing space, name the same item. Where a
need and the `delivers` of the step it is from spell the item only so differently, this
notes it once, at the need: the map is read correctly, but a reader (or a search) may not.

## Why is this bad?
The supplier and its internal customer should use one name for what passes between them
("turn fuzzy requirements into clear ones"): two spellings look like two items to anyone
reading the map, the chart or the report.

## Who must act
The step that states the need (it writes the item as its supplier does).

## Example
```yaml
flowmap: 1
roles: [{id: storekeeper, rank: 1}, {id: supervisor, rank: 1}]
processes:
  - id: make
    steps:
      - {id: pick, by: storekeeper, delivers: [raw material（steel）]}
      - id: produce
        by: supervisor
        needs: [{item: raw material(steel)}]
```

## Use instead
```yaml
flowmap: 1
roles: [{id: storekeeper, rank: 1}, {id: supervisor, rank: 1}]
processes:
  - id: make
    steps:
      - {id: pick, by: storekeeper, delivers: [raw material (steel)]}
      - id: produce
        by: supervisor
        needs: [{item: raw material (steel)}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.graph.relations import need_links
from flowmap.i18n import _
from flowmap.model.org import Organisation
from flowmap.model.texts import normal
from flowmap.rules.issue import Issue

ID = "item-spelling"
SEVERITY = "info"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    for link in need_links(org):
        supplier, item = link.supplier, link.need.item
        if supplier is None or not normal(item) or item in supplier.delivers:
            continue
        spelt = next((d for d in supplier.delivers if normal(d) == normal(item)), None)
        if spelt is not None:
            yield Issue(
                link.need,
                _(
                    "`{item}` and `{spelt}` (in `{supplier_id}`'s `delivers`) differ only in "
                    "full-width characters or spaces; they are read as one item: write them the "
                    "same way"
                ).format(item=item, spelt=spelt, supplier_id=supplier.id),
                key="item",
                counterpart=supplier,
            )
