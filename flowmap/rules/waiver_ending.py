"""A waiver that ends soon: time to fix what it waives, or to have it approved again.

## What it does
Notes a waiver written with an `until` that is today or within `waiver_warning_days` (a
setting, default 30) from today: once it ends, its rule's finding comes back and
`waiver-expired` reports it. "Today" is as for `waiver-expired`.

## Why is this bad?
It is not yet: this is a reminder, so that the end of an agreed exception is planned for
rather than found in a red CI run or at the next audit.

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
          inside-outside-line: {reason: Pilot, approved_by: qm, until: 2026-12-10}
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
          inside-outside-line: {reason: Pilot, approved_by: qm, until: 2999-12-10}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.dates import today
from flowmap.i18n import _, ngettext
from flowmap.model.org import Organisation
from flowmap.rules.issue import Issue
from flowmap.rules.waiver_reason import dated_waivers

ID = "waiver-ending"
SEVERITY = "info"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    now = today()
    for holder, rule, until in dated_waivers(org):
        days = (until - now).days
        if 0 <= days <= config.waiver_warning_days:
            when = (
                _("today")
                if days == 0
                else ngettext("in {days} day", "in {days} days", days).format(days=days)
            )
            yield Issue(
                holder,
                _(
                    "the waiver of `{rule}` ends on {until_isoformat}, {when}; fix what it "
                    "waives, or have it approved again with a new `until`"
                ).format(rule=rule, until_isoformat=until.isoformat(), when=when),
                key="waive." + rule,
            )
