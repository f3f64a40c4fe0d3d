"""New map files, written to teach the format and to be clean under every rule at once."""

from __future__ import annotations

import os
from pathlib import Path

from flowmap.edit.yaml_text import EditError, scalar

PROCESS = """\
# yaml-language-server: $schema={schema}
#
# A new process map. Each step is done `by` an external customer, a role or a unit, and
# hands over to the next step. Internal steps follow the three-step rules:
#   recheck: what the step inspects in what it receives (three-step 1)
#   assure:  how it checks its own work (three-step 2)
#   needs:   what it requires of its supplier, and by when (three-step 3)
flowmap: 1
title: {title}
{include}{organisation}
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


# Used when the session has no customer or no role yet: the new file is then clean alone.
ORGANISATION = """
# Who the work is for, and who does it. Move these to an org.yaml that every map
# includes (`include: [org.yaml]`) once there is more than one process.
customers:                     # external customers: where every chain ends
  - id: {customer}
    name: Customer
    needs:                     # what the customer needs: the top of the goal cascade
      - {{id: {need}, text: Gets what was asked for on time}}
units:                         # departments
  - {{id: {unit}, name: Our team}}
roles:                         # positions; rank 1 is the top, a subordinate's rank is larger
  - {{id: {role}, name: Team lead, unit: {unit}, rank: 1}}
goals:                         # each goal serves a customer need or a goal above it
  - {{id: {goal}, owner: {role}, text: Every request answered on time, serves: {need}}}
"""
TEMPLATES = ("process",)


def new_map_text(
    path: Path, template: str, org, files: list[tuple[Path, str | None]], new_id, root=None
) -> str:
    """The text of a new map at `path`, using the session's customer and first role (and
    including the file among `files`, (path, text) pairs, that holds the units); its
    `$schema` line names the project root's flowmap.schema.json, as the other maps do."""
    if template not in TEMPLATES:
        raise EditError(f"no template `{template}`; there is: {', '.join(TEMPLATES)}")
    organisation = ""
    if org and org.customers and org.roles:
        customer, role = next(iter(org.customers)), next(iter(org.roles))
    else:
        customer, role = new_id("customer"), new_id("team-lead")
        organisation = ORGANISATION.format(
            customer=customer,
            need=new_id("on-time"),
            unit=new_id("team"),
            role=role,
            goal=new_id("requests-on-time"),
        )
    org_file = next((where for where, text in files if text and "\nunits:" in text), None)
    include = ""
    if org_file is not None and not organisation:
        relative = os.path.relpath(org_file, path.resolve().parent)
        include = f"include: [{Path(relative).as_posix()}]"
    stem = new_id(path.stem)
    here = path.resolve().parent
    schema = os.path.relpath((root or here) / "flowmap.schema.json", here)
    return PROCESS.format(
        schema=Path(schema).as_posix(),
        title=scalar(path.stem.replace("-", " ").replace("_", " ").capitalize()),
        include=include,
        organisation=organisation,
        process=stem,
        customer=customer,
        role=role,
        first=new_id(f"{stem}-ask"),
        work=new_id(f"{stem}-work"),
        last=new_id(f"{stem}-receive"),
    )
