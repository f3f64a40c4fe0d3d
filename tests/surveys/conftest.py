"""A small organisation with every kind of relationship, and survey files written beside it."""

from __future__ import annotations

import pytest

PLANT = """\
flowmap: 1
customers: [{id: customer, needs: [{id: on-time, text: On time}]}]
units: [{id: sales}, {id: plant}, {id: it, kind: function}]
roles:
  - {id: boss, unit: sales, rank: 1}
  - {id: clerk, unit: sales, rank: 2, reports_to: boss}
  - {id: worker, unit: plant, rank: 2, reports_to: boss}
services:
  - {id: erp, provider: it, customers: [sales, plant], delivers: ERP up, requires: [Up], due: 1d}
goals:
  - {id: otd, owner: boss, serves: on-time}
  - {id: make-fast, owner: plant, serves: otd}
  - {id: sell, owner: sales, serves: otd}
  - {id: up, owner: it, serves: otd}
processes:
  - id: order
    customer: customer
    steps:
      - {id: place, by: customer, delivers: [purchase order]}
      - id: accept
        by: clerk
        recheck: [Signed]
        assure: [Same day]
        delivers: [sales order, forecast]
        lead_time: 4h
        needs: [{item: purchase order, requires: [Signed], due: 1d}]
      - id: make
        by: worker
        recheck: [Dated]
        assure: [First piece]
        delivers: [goods]
        lead_time: 2d
        needs:
          - {item: sales order, requires: [Date confirmed], due: 1d}
          - {item: forecast, requires: [Monthly], due: 1d}
      - id: receive
        by: customer
        needs: [{item: goods, requires: [On time], due: 3d}]
"""


class Plant:
    def __init__(self, project) -> None:
        self.project = project
        self.map = project.write("plant.yaml", PLANT)

    def survey(self, text: str, name: str = "surveys/answers.csv") -> None:
        self.project.write(name, text)

    def answers(self, day: str, supplier: str, customer: str, scores: str, item: str = ""):
        """A CSV body: one row per score (`4455` is four responses)."""
        return "".join(f"{day},{supplier},{customer},{item},{s}\n" for s in scores)


HEADER = "date,supplier,customer,item,score\n"


@pytest.fixture
def plant(project) -> Plant:
    return Plant(project)
