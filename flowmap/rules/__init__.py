"""Rules: one module per rule id, each a docstring, `ID`, `SEVERITY` and `check(org, config)`.

`check` yields `Issue`s; the engine turns them into findings with the rule's configured
severity and the place of the issue's subject, and applies waivers.
"""

from __future__ import annotations

from types import ModuleType

from flowmap.rules import (
    assure_own,
    duplicate_id,
    external_satisfaction_target,
    flow_cycle,
    improvement_action,
    include_cycle,
    inside_outside_line,
    item_spelling,
    next_step_is_customer,
    placeholder_text,
    rank_cycle,
    recheck_upstream,
    satisfaction_target,
    schema,
    serve_downstream,
    survey_data,
    syntax,
    top_bottom_line,
    unknown_reference,
    waiver_ending,
    waiver_expired,
    waiver_reason,
)

# In the order docs/rules lists them; a rule added later goes at the end.
_MODULES: tuple[ModuleType, ...] = (
    syntax,
    schema,
    duplicate_id,
    unknown_reference,
    flow_cycle,
    rank_cycle,
    recheck_upstream,
    assure_own,
    serve_downstream,
    next_step_is_customer,
    inside_outside_line,
    top_bottom_line,
    satisfaction_target,
    waiver_reason,
    include_cycle,
    item_spelling,
    placeholder_text,
    external_satisfaction_target,
    waiver_expired,
    waiver_ending,
    improvement_action,
    survey_data,
)

RULES: dict[str, ModuleType] = {module.ID: module for module in _MODULES}

# Rule groups, for `--select`/`--ignore`, the `select`/`ignore` settings and `--severity`
# (`flowmap rules` lists them): every rule is in one group; `ALL` is every rule.
GROUPS: dict[str, tuple[str, ...]] = {
    "structure": (
        "syntax",
        "schema",
        "duplicate-id",
        "unknown-reference",
        "flow-cycle",
        "rank-cycle",
        "include-cycle",
    ),
    "three-step": ("recheck-upstream", "assure-own", "serve-downstream"),
    "principles": (
        "inside-outside-line",
        "top-bottom-line",
        "next-step-is-customer",
        "satisfaction-target",
        "external-satisfaction-target",
    ),
    "wording": ("item-spelling", "placeholder-text"),
    "waivers": ("waiver-reason", "waiver-expired", "waiver-ending"),
}
GROUPS["ALL"] = tuple(RULES)


def expand_groups(names: list[str]) -> list[str]:
    """`names` with each group name replaced by its rules (`*` is `ALL`)."""
    rules: list[str] = []
    for name in names:
        name = "ALL" if name == "*" else name
        rules += GROUPS.get(name, (name,))
    return list(dict.fromkeys(rules))
