"""Generate benchmark corpora: maps of the ten-step reference chain sharing one org file."""

from __future__ import annotations

import subprocess
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


def process_file(prefix: str, processes: int, steps: int, org: str = "org.yaml") -> str:
    body = "".join(process(f"{prefix}-p{p}", steps) for p in range(processes))
    return f"flowmap: 1\ninclude: [{org}]\nprocesses:\n{body}"


def _project(folder: Path) -> bool:
    """Start `folder` as a user's project beside one org.yaml; False if it is complete.

    The corpora live in a git work tree of their own (`bench/corpus/.git`): a user's maps are
    not in a folder their repository ignores, and under this repository's `.gitignore` every
    file would be checked the slow way, as a file named though excluded."""
    if (folder / ".complete").exists():
        return False
    if not (CORPUS / ".git").exists():
        CORPUS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "init", "-q", str(CORPUS)], check=True)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "org.yaml").write_text(ORG, encoding="utf-8")
    (folder / ".flowmap.toml").write_text("", encoding="utf-8")
    return True


def make_corpus(name: str, files: int, processes: int, steps: int) -> Path:
    """Write `files` files of `processes` × `steps` steps beside one org.yaml; return the folder."""
    folder = CORPUS / name
    if not _project(folder):
        return folder
    for index in range(files):
        text = process_file(f"f{index}", processes, steps)
        (folder / f"map-{index:04d}.yaml").write_text(text, encoding="utf-8")
    (folder / ".complete").write_text("", encoding="utf-8")
    return folder


# -- hostile maps: small files whose cost must stay bounded by their size (issue 23) ----------

HOSTILE_ROLES = ["clerk", "planner", "buyer", "keeper", "foreman", "inspector", "driver"]


def fan_out_process(steps: int, fan: int = 29) -> str:
    """One process of `steps` steps, each step's `next` naming the `fan` steps after it:
    a map of 50 KB (200 steps) whose flow has 29 times as many handoffs as steps."""
    lines = ["flowmap: 1", "include: [org.yaml]", "processes:", "  - id: fan", "    steps:"]
    for index in range(steps):
        by = "customer" if index in (0, steps - 1) else HOSTILE_ROLES[index % 7]
        lines.append(f"      - id: s{index}")
        lines.append(f"        name: Step {index}")
        lines.append(f"        by: {by}")
        lines.append(f"        delivers: [item {index}]")
        after = [f"s{n}" for n in range(index + 1, min(index + 1 + fan, steps))]
        lines.append(f"        next: [{', '.join(after)}]")
    return "\n".join(lines) + "\n"


def lean_processes(prefix: str, processes: int, steps: int) -> str:
    """`processes` processes of `steps` short steps (about 140 bytes a step): the customer
    orders first and receives last; each internal step states the item it needs."""
    lines = ["flowmap: 1", "include: [org.yaml]", "processes:"]
    for p in range(processes):
        key = f"{prefix}{p}"
        lines += [f"  - id: {key}", "    customer: customer", "    steps:"]
        for index in range(steps):
            by = "customer" if index in (0, steps - 1) else HOSTILE_ROLES[index % 7]
            lines += [
                f"      - id: {key}-{index}",
                f"        name: Step {index}",
                f"        by: {by}",
            ]
            if index < steps - 1:
                lines.append(f"        delivers: [item {index}]")
            if index > 0 and by != "customer":
                lines.append(f"        needs: [{{item: item {index - 1}, due: 1d}}]")
    return "\n".join(lines) + "\n"


def make_hostile(name: str, texts: dict[str, str]) -> Path:
    """A folder of the given map files beside the benchmark's org.yaml; return the folder."""
    folder = CORPUS / name
    if not _project(folder):
        return folder
    for file, text in texts.items():
        (folder / file).write_text(text, encoding="utf-8")
    (folder / ".complete").write_text("", encoding="utf-8")
    return folder


def hostile_corpora() -> dict[str, Path]:
    """The five hostile maps of issue 23, each in a folder of its own: title -> folder."""
    return {
        "fan-out 200 steps x 29 next": make_hostile(
            "hostile-fan-200", {"fan.yaml": fan_out_process(200)}
        ),
        "fan-out 400 steps x 29 next": make_hostile(
            "hostile-fan-400", {"fan.yaml": fan_out_process(400)}
        ),
        "fan-out 3,000 steps x 29 next": make_hostile(
            "hostile-fan-3000", {"fan.yaml": fan_out_process(3000)}
        ),
        "one process of 6,000 steps": make_hostile(
            "hostile-long-6000", {"long.yaml": lean_processes("long", 1, 6000)}
        ),
        "1,200 small processes": make_hostile(
            "hostile-many-1200", {"many.yaml": lean_processes("many", 1200, 6)}
        ),
    }


def make_tiny_files(name: str, files: int) -> Path:
    """`files` tiny maps of one two-step process each, beside one org.yaml."""
    folder = CORPUS / name
    if not _project(folder):
        return folder
    for index in range(files):
        sub = folder / f"d{index // 1000:03d}"
        sub.mkdir(exist_ok=True)
        text = process_file(f"t{index}", 1, 2, org="../org.yaml")
        (sub / f"t{index:05d}.yaml").write_text(text, encoding="utf-8")
    (folder / ".complete").write_text("", encoding="utf-8")
    return folder
