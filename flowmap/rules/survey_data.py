"""Every row of a survey file can be counted: it reads, and names a relationship of the maps.

## What it does
Reads the survey files (CSV, in the folder `surveys`; docs/format.md, "Survey files") and
reports, at `file.csv:line:column`, each row that cannot be counted: a file that is not
UTF-8 ("save as CSV UTF-8"), a header without `date`, `supplier`, `customer` and `score` or
`satisfied`, a bad date or score, a row with both `score` and `satisfied` or neither, a
supplier or customer that names nothing in the maps (with a did-you-mean), a pair that is
no relationship of the maps, and a pair with several needs between them and no `item`
("name the item"). The other rows still count.

## Why is this bad?
A response that is not counted silently changes a relationship's share: the numbers that
decide who must improve would rest on the rows that happened to be typed right.

## Who must act
Whoever keeps the survey files (the finding is about the file; nobody in particular in the
maps).

## Example
```csv
date,supplier,customer,score
2026-10-03,pick,produce,4
2026-10-03,pik,produce,4
2026-13-01,pick,produce,5
```

## Use instead
```csv
date,supplier,customer,score
2026-10-03,pick,produce,4
2026-10-03,pick,produce,4
2026-12-01,pick,produce,5
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.findings import Subject
from flowmap.graph.satisfaction import measure
from flowmap.model.org import Organisation
from flowmap.model.surveys import Surveys
from flowmap.model.types import Located
from flowmap.rules.issue import Issue

ID = "survey-data"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    """Rows that read but name no relationship (what cannot be read at all is reported
    when the files are read, under this rule too)."""
    surveys = org.surveys
    if not isinstance(surveys, Surveys):
        return
    for response, column, problem in measure(org, config).unmatched:
        place = (response.file, response.line, surveys.column(response, column))
        source = surveys.sources.get(response.file, response.file)
        yield Issue(
            Located(pos=place),
            problem,
            key=column,
            index=response.line,  # each row its own finding (and fingerprint)
            about=Subject("file", source),
        )
