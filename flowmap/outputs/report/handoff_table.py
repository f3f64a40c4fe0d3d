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

    @property
    def late(self) -> bool:
        lead = self.supplier.lead_time
        return any(
            lead is not None and need.due is not None and lead.seconds > need.due.seconds
            for need in self.needs
        )


def handoff_rows(org: Organisation) -> list[HandoffRow]:
    stated: dict[tuple[str, str], list[t.StepNeed]] = {}
    for link in facts(org).needs:
        if link.supplier is not None:
            stated.setdefault((link.supplier.id, link.step.id), []).append(link.need)
    return [
        HandoffRow(supplier.process, supplier, customer, stated.get((supplier.id, customer.id), []))
        for supplier, customer in handoffs(org)
    ]
