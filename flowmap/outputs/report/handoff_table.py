"""The handoff table: for every handoff, who supplies whom with what, and on what terms."""

from __future__ import annotations

from dataclasses import dataclass

from flowmap.model import types as t
from flowmap.model.flow import handoffs
from flowmap.model.org import Organisation
from flowmap.rules.facts import facts


@dataclass
class HandoffRow:
    process: str
    supplier: t.Step
    customer: t.Step
    needs: list[t.StepNeed]  # what the customer states it needs from the supplier
    supplier_executor: str = ""  # the name of who does the supplier step
    customer_executor: str = ""

    @property
    def late(self) -> bool:
        lead = self.supplier.lead_time
        return any(
            lead is not None and need.due is not None and lead.seconds > need.due.seconds
            for need in self.needs
        )

    @property
    def timeliness(self) -> str:
        """The supplier's `lead_time` against the `due` its customer accepts."""
        if not self.needs:
            return "no need stated"
        if self.late:
            return "late"
        if self.supplier.lead_time is None:
            return "no lead time"
        if any(need.due is None for need in self.needs):
            return "no due"
        return "on time"


def handoff_rows(org: Organisation) -> list[HandoffRow]:
    stated: dict[tuple[str, str], list[t.StepNeed]] = {}
    for link in facts(org).needs:
        if link.supplier is not None:
            stated.setdefault((link.supplier.id, link.step.id), []).append(link.need)
    return [
        HandoffRow(
            _process_name(org, supplier.process),
            supplier,
            customer,
            stated.get((supplier.id, customer.id), []),
            executor_name(org, supplier.by),
            executor_name(org, customer.by),
        )
        for supplier, customer in handoffs(org)
    ]


def executor_name(org: Organisation, executor: str | None) -> str:
    """The name of the role, unit or external customer that does a step (else its id)."""
    if executor is None:
        return ""
    for index in (org.roles, org.units, org.customers):
        if executor in index:
            return index[executor].name or executor
    return executor


def _process_name(org: Organisation, key: str) -> str:
    process = org.processes.get(key)
    return (process.name or key) if process else key
