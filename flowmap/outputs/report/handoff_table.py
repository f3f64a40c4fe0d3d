"""The handoff table: for every handoff, who supplies whom with what, and on what terms.

One row per handoff of `graph.relations` (the flow, needs from upstream or another
process, rework feedback), so the table lists what the rules judge and the charts draw.
"""

from __future__ import annotations

from dataclasses import dataclass

from flowmap.graph.relations import FLOW, handoffs
from flowmap.model import types as t
from flowmap.model.org import Organisation


@dataclass
class HandoffRow:
    process: str
    supplier: t.Step
    customer: t.Step
    needs: list[t.StepNeed]  # what the customer states it needs from the supplier
    supplier_executor: str = ""  # the name of who does the supplier step
    customer_executor: str = ""
    via: str = FLOW  # flow, need (stated by a need from upstream or another process), rework
    external: bool = False  # the customer step is done by the external customer

    @property
    def late(self) -> bool:
        return any(
            lead is not None and need.due is not None and lead.seconds > need.due.seconds
            for need in self.needs
            for lead in [self.supplier.lead_time_for(need.item)]
        )

    @property
    def timeliness(self) -> str:
        """The supplier's `lead_time` against the `due` its customer accepts."""
        if not self.needs:
            return "no need stated"
        if self.late:
            return "late"
        if any(self.supplier.lead_time_for(need.item) is None for need in self.needs):
            return "no lead time"
        if any(need.due is None for need in self.needs):
            return "no due"
        return "on time"


def handoff_rows(org: Organisation) -> list[HandoffRow]:
    return [
        HandoffRow(
            _process_name(org, handoff.supplier.process),
            handoff.supplier,
            handoff.customer,
            list(handoff.needs),
            executors_name(org, handoff.supplier),
            executors_name(org, handoff.customer),
            handoff.via,
            org.is_external(handoff.customer),
        )
        for handoff in handoffs(org)
    ]


def executors_name(org: Organisation, step: t.Step) -> str:
    """Who does a step: the names of its executors (several for a joint step)."""
    return " and ".join(executor_name(org, key) for key in step.executors)


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
