"""A waiver past its `until` silences nothing: its finding is back, and so is this one.

## What it does
Reports a waiver written as `rule-id: {reason: ..., approved_by: ..., until: YYYY-MM-DD}`
whose `until` is before today. From the day after `until`, the waiver silences nothing: the
finding it silenced is reported again, and this finding says why. "Today" is the UTC date,
or the day `SOURCE_DATE_EPOCH` names when it is set, for every command: a CI run turns red
on the day after a waiver ends, with no change to the maps.

## Why is this bad?
A waiver is an agreed, temporary exception ("until the new kitting project runs"). When its
time is up, either the problem has been fixed (remove the waiver) or the exception must be
agreed again, by someone who can approve it, with a new end. A waiver that silently outlives
its reason turns a known gap into a forgotten one.

## Who must act
The step, need, service or goal holding the waiver (as for any object).

## Example
```yaml
flowmap: 1
roles: [{id: qm, rank: 1}, {id: planner, rank: 2, reports_to: qm}]
processes:
  - id: plan
    steps:
      - id: schedule
        by: planner
        assure: [Capacity checked]
        waive:
          inside-outside-line: {reason: Pilot ended in 2020, approved_by: qm, until: 2020-06-30}
```

## Use instead
```yaml
flowmap: 1
roles: [{id: qm, rank: 1}, {id: planner, rank: 2, reports_to: qm}]
processes:
  - id: plan
    steps:
      - id: schedule
        by: planner
        assure: [Capacity checked]
        waive:
          inside-outside-line: {reason: Pilot runs to 2999, approved_by: qm, until: 2999-06-30}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.dates import today
from flowmap.i18n import _
from flowmap.model.org import Organisation
from flowmap.rules.issue import Issue
from flowmap.rules.waiver_reason import dated_waivers

ID = "waiver-expired"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    now = today()
    for holder, rule, until in dated_waivers(org):
        if until < now:
            days = (now - until).days
            yield Issue(
                holder,
                _(
                    "the waiver of `{rule}` ended on {until_isoformat} ({days} "
                    "day{plural} ago), so `{rule}` is reported again; fix what it "
                    "waived and remove the waiver, or have it approved again with a new `until`"
                ).format(
                    rule=rule,
                    until_isoformat=until.isoformat(),
                    days=days,
                    plural="s" if days != 1 else "",
                ),
                key="waive." + rule,
            )
