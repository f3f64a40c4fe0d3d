"""The external customer's measured satisfaction reaches its target of 95%.

## What it does
Judges the external customer's satisfaction — with a process (a survey row whose `supplier`
is the process id) or with a handoff to one of the customer's steps — by the latest period
of the organisation's survey data, against `external_satisfaction_target` (default 0.95, or
the process's or need's own `satisfaction_target`). A share exactly at the target passes;
fewer than `min_responses` is not judged; one not measured since an earlier period is an
info finding. Where no survey measures a customer step's need, its static `satisfaction:`
is judged. Internal customers are judged by `satisfaction-target`.

## Why is this bad?
External customer value is the company's ultimate value; internal customer value is
subordinate to it (slide 74). The method's promise is that 85% satisfaction inside brings
95% outside: an external customer below 95% is the result every internal handoff exists
for, missed. It is an error by default, where an internal shortfall is a warning.

## Who must act
The units of the steps that hand over to the customer's steps (the supplier of the need, or
of the process's handoffs to the customer): they deliver what the customer is not satisfied
with. The finding is about the handoff `SUPPLIER->CUSTOMER:ITEM`, or the process.

## Example
```yaml
flowmap: 1
customers: [{id: customer}]
roles: [{id: dispatcher, rank: 1}]
processes:
  - id: deliver
    customer: customer
    steps:
      - {id: ship, by: dispatcher, delivers: [goods]}
      - id: receive
        by: customer
        needs: [{item: goods, satisfaction: 0.91}]
```

## Use instead
```yaml
flowmap: 1
customers: [{id: customer}]
roles: [{id: dispatcher, rank: 1}]
processes:
  - id: deliver
    customer: customer
    steps:
      - {id: ship, by: dispatcher, delivers: [goods]}
      - id: receive
        by: customer
        needs: [{item: goods, satisfaction: 0.96}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.model.org import Organisation
from flowmap.rules.issue import Issue
from flowmap.rules.satisfaction_target import judged

ID = "external-satisfaction-target"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    yield from judged(org, config, external=True)
