"""Generate benchmark corpora: maps of the ten-step reference chain sharing one org file."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"

ORG = """\
flowmap: 1
title: Benchmark organisation
customers:
  - id: customer
    name: Customer
    needs:
      - {id: on-time, text: Goods arrive on the promised date}
units:
  - {id: management, name: Management}
  - {id: sales, name: Market department}
  - {id: planning, name: Planning department}
  - {id: purchasing, name: Purchasing department}
  - {id: warehouse, name: Warehouse}
  - {id: production, name: Production}
  - {id: quality, name: Quality department}
  - {id: transport, name: Transport department}
  - {id: hr, name: Human resources, kind: function}
roles:
  - {id: gm, name: General manager, unit: management, rank: 1}
  - {id: clerk, name: Order clerk, unit: sales, rank: 2, reports_to: gm}
  - {id: planner, name: Planner, unit: planning, rank: 2, reports_to: gm}
  - {id: buyer, name: Buyer, unit: purchasing, rank: 2, reports_to: gm}
  - {id: keeper, name: Store keeper, unit: warehouse, rank: 2, reports_to: gm}
  - {id: foreman, name: Foreman, unit: production, rank: 2, reports_to: gm}
  - {id: inspector, name: Inspector, unit: quality, rank: 2, reports_to: gm}
  - {id: driver, name: Driver, unit: transport, rank: 2, reports_to: gm}
services:
  - id: recruiting
    provider: hr
    customers: ["*"]
    delivers: Certified operators
    requires: [Operator certified before the first shift]
    due: 20d
goals:
  - {id: otd, owner: gm, text: 98% on-time delivery, serves: on-time}
"""

# (executor, step name, item handed over)
CHAIN = [
    ("customer", "Customer places order", "purchase order"),
    ("clerk", "Sales accepts order", "sales order"),
    ("planner", "Planning schedules production", "production plan"),
    ("buyer", "Purchasing buys raw material", "purchase of material"),
    ("keeper", "Warehouse receives raw material", "material in stock"),
    ("foreman", "Production organises production", "production lot"),
    ("inspector", "Quality inspects product", "released lot"),
    ("keeper", "Warehouse stores finished goods", "goods in stock"),
    ("driver", "Transport ships", "shipped goods"),
    ("customer", "Customer receives goods", ""),
]


def process(prefix: str, steps: int) -> str:
    """One process of `steps` steps: the ten-step chain, repeated in the middle if longer."""
    lines = [
        f"  - id: {prefix}",
        f"    name: Order to delivery {prefix}",
        "    customer: customer",
        "    steps:",
    ]
    previous_item = ""
    for index in range(steps):
        if index == 0:
            executor, name, item = CHAIN[0]
        elif index == steps - 1:
            executor, name, item = CHAIN[-1]
        else:
            executor, name, item = CHAIN[1 + (index - 1) % 8]
        lines.append(f"      - id: {prefix}-s{index}")
        lines.append(f"        name: {name}")
        lines.append(f"        by: {executor}")
        if executor != "customer":
            if index > 1:
                lines.append(f"        recheck: [{previous_item} is complete]")
            lines.append("        assure: [Checked against the work instruction]")
            lines.append("        lead_time: 4h")
        if index > 0:
            lines.append("        needs:")
            lines.append(f"          - item: {previous_item}")
            lines.append("            requires: [Complete, Signed]")
            lines.append("            due: 1d")
        if index < steps - 1:
            item = item or "shipped goods"
            lines.append(f"        delivers: [{item}]")
        previous_item = item
    return "\n".join(lines) + "\n"


def process_file(prefix: str, processes: int, steps: int) -> str:
    body = "".join(process(f"{prefix}-p{p}", steps) for p in range(processes))
    return f"flowmap: 1\ninclude: [org.yaml]\nprocesses:\n{body}"


def make_corpus(name: str, files: int, processes: int, steps: int) -> Path:
    """Write `files` files of `processes` × `steps` steps beside one org.yaml; return the folder."""
    folder = CORPUS / name
    marker = folder / ".complete"
    if marker.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "org.yaml").write_text(ORG, encoding="utf-8")
    for index in range(files):
        text = process_file(f"f{index}", processes, steps)
        (folder / f"map-{index:04d}.yaml").write_text(text, encoding="utf-8")
    (folder / ".flowmap.toml").write_text("", encoding="utf-8")
    marker.write_text("", encoding="utf-8")
    return folder
