"""The external customer's measured satisfaction reaches its target of 95%.

## What it does
Reports a need of a step done by the external customer whose measured `satisfaction` (0 to
1) is below `external_satisfaction_target` in the configuration (default 0.95). A value
exactly at the target passes. Internal customers are judged by `satisfaction-target`.

## Why is this bad?
External customer value is the company's ultimate value; internal customer value is
subordinate to it (slide 74). The method's promise is that 85% satisfaction inside brings
95% outside: an external customer below 95% is the result every internal handoff exists
for, missed. It is an error by default, where an internal shortfall is a warning.

## Who must act
The units of the steps that hand over to the customer's step (the supplier of the need):
they deliver what the customer is not satisfied with. The finding is about the handoff
`SUPPLIER->CUSTOMER:ITEM`.

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
from flowmap.rules.satisfaction_target import below_target

ID = "external-satisfaction-target"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    yield from below_target(org, config.external_satisfaction_target, external=True)
