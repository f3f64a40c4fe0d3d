"""The organisation-wide rules see every map read together, not one file at a time.

An organisation file read alone may show needs no goal serves yet, and waits with who does
nothing until a map gives the organisation its steps: the maps that give them work live
elsewhere. Read with those maps, it is clean. And what is wrong only
across files (the same id in two processes) is found across them.
"""

from __future__ import annotations

from flowmap.rules.engine import run_rules
from flowmap.workspace import open_files

ORG = """\
flowmap: 1
customers:
  - id: customer
    needs: [{id: on-time}, {id: low-price}]
units:
  - {id: sales}
  - {id: plant}
roles:
  - {id: boss, unit: sales, rank: 1}
  - {id: worker, unit: plant, rank: 2, reports_to: boss}
goals:
  - {id: otd, owner: boss, serves: on-time}
"""

# The plant's only work, and the goal that serves `low-price`, are in the process map.
ORDER = """\
flowmap: 1
include: [org.yaml]
goals:
  - {id: cheap-runs, owner: worker, serves: low-price}
processes:
  - id: order
    customer: customer
    steps:
      - {id: place, by: customer, delivers: [purchase order]}
      - id: make
        by: worker
        assure: [First piece checked]
        delivers: [goods]
        lead_time: 2d
        needs: [{item: purchase order, requires: [Signed], due: 1d}]
      - id: receive
        by: customer
        needs: [{item: goods, requires: [On time], due: 3d}]
"""


def _findings(project, *names: str) -> list[tuple[str, str, int, int]]:
    workspace = open_files([(project.root / name, name) for name in names], root=project.root)
    findings, _ = run_rules(workspace.org, workspace.findings)
    return [(f.rule, f.file, f.line, f.column) for f in findings]


def test_an_organisation_file_alone_shows_unserved_needs_and_no_idle_unit_yet(project):
    project.write("org.yaml", ORG)
    assert _findings(project, "org.yaml") == [
        ("top-bottom-line", "org.yaml", 4, 33),  # low-price: no goal serves it
    ]


def test_the_same_file_read_with_the_maps_that_include_it_is_clean(project):
    project.write("org.yaml", ORG)
    project.write("order.yaml", ORDER)
    assert _findings(project, "order.yaml") == []
    assert _findings(project, "org.yaml", "order.yaml") == []


def test_the_same_step_id_in_two_process_maps_of_one_batch_is_a_duplicate(project):
    project.write("org.yaml", ORG)
    project.write("order.yaml", ORDER)
    rush = ORDER.replace("id: order", "id: rush-order").split("\n")
    project.write("rush.yaml", "\n".join(rush[:2] + rush[4:]))  # without the goal
    found = _findings(project, "order.yaml", "rush.yaml")
    assert [f for f in found if f[0] == "duplicate-id"] == [
        ("duplicate-id", "rush.yaml", 7, 14),  # place
        ("duplicate-id", "rush.yaml", 8, 13),  # make
        ("duplicate-id", "rush.yaml", 14, 13),  # receive
    ]
