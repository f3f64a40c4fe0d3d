"""New map files, written to teach the format and to be clean under every rule at once."""

from __future__ import annotations

import os
from pathlib import Path

PROCESS = """\
# yaml-language-server: $schema=flowmap.schema.json
#
# A new process map. Each step is done `by` an external customer, a role or a unit, and
# hands over to the next step. Internal steps follow the three-step rules:
#   recheck: what the step inspects in what it receives (three-step 1)
#   assure:  how it checks its own work (three-step 2)
#   needs:   what it requires of its supplier, and by when (three-step 3)
flowmap: 1
title: {title}
{include}
processes:
  - id: {process}
    name: {title}
    customer: {customer}
    steps:
      - id: {first}
        name: The customer asks
        by: {customer}
        delivers: [request]

      - id: {work}
        name: We do the work
        by: {role}
        recheck: [The request is complete]
        assure: [Checked before it is handed on]
        delivers: [result]
        lead_time: 1d
        needs:
          - item: request
            requires: [Names what is wanted and by when]
            due: 1d

      - id: {last}
        name: The customer receives the result
        by: {customer}
        needs:
          - item: result
            requires: [As asked, on time]
            due: 2d
"""


def new_map_text(path: Path, template: str, org, files: dict, new_id) -> str:
    """The text of a new map at `path`, using the session's customer and first role."""
    if template != "process":
        raise ValueError(f"unknown template {template!r}; there is: process")
    customer = next(iter(org.customers), "customer") if org else "customer"
    role = next(iter(org.roles), "someone") if org else "someone"
    organisation = next((f.path for f in files.values() if f.text and "\nunits:" in f.text), None)
    include = ""
    if organisation is not None:
        relative = os.path.relpath(organisation, path.resolve().parent)
        include = f"include: [{Path(relative).as_posix()}]"
    stem = new_id(path.stem)
    return PROCESS.format(
        title=path.stem.replace("-", " ").replace("_", " ").capitalize(),
        include=include,
        process=stem,
        customer=customer,
        role=role,
        first=new_id(f"{stem}-ask"),
        work=new_id(f"{stem}-work"),
        last=new_id(f"{stem}-receive"),
    )
