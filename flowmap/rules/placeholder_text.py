"""A re-check, assurance, requirement or deliverable says something: `无` or `N/A` is not one.

## What it does
Reports a text in `recheck`, `assure`, `requires` (of a need or a service) or `delivers`
(of a step or a service) that says nothing: a placeholder such as none, n/a, na, TBD, to be
defined, same as above, as above, see above, as required, 无, 没有, 同上, 如上, 按要求,
按规定, 待定, 略, or punctuation alone (`-`, `—`, `...`). Texts are compared in any case, width
and punctuation (`N/A`, `n/a.` and `NA` are one); a text that merely starts with such a word
(`无尘包装`, "None of the pins bent") is content. The setting `placeholders` adds texts of
your own (`placeholders = ["见附件"]`).

The three-step rules count a placeholder as written, so this is the one finding about it;
the report counts it against the three-step rule of its key (`recheck` against
recheck-upstream, `assure` against assure-own, `requires` and `delivers` against
serve-downstream).

## Why is this bad?
The three steps are kept by what each step writes down: what it re-checks in what it
receives, how it assures its own work, what its customer requires. `recheck: [无]` fills
the form and says nothing; a plant can reach 100% compliance in an afternoon that way, and
the downstream step is no better served.

## Who must act
The step that wrote it: its executors and their units (for a need's `requires`, the step
that states the need; for a service, its provider unit).

## Example
```yaml
flowmap: 1
roles: [{id: clerk, rank: 1}, {id: planner, rank: 1}]
processes:
  - id: order
    steps:
      - {id: accept, by: clerk, assure: [同上], delivers: [sales order], lead_time: 4h}
      - id: schedule
        by: planner
        recheck: [N/A]
        assure: [Capacity checked]
        needs: [{item: sales order, requires: [按要求], due: 1d}]
```

## Use instead
```yaml
flowmap: 1
roles: [{id: clerk, rank: 1}, {id: planner, rank: 1}]
processes:
  - id: order
    steps:
      - {id: accept, by: clerk, assure: [Credit checked], delivers: [sales order], lead_time: 4h}
      - id: schedule
        by: planner
        recheck: [Delivery date confirmed]
        assure: [Capacity checked]
        needs: [{item: sales order, requires: [Item code from the catalogue], due: 1d}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.i18n import N_, _
from flowmap.load.names import clipped
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.model.texts import is_placeholder
from flowmap.rules.issue import Issue

ID = "placeholder-text"
SEVERITY = "error"

# What to write instead, by key.
_INSTEAD = {
    "recheck": N_(
        "what {who} inspects in what it receives, e.g. `Drawing number matches the order`"
    ),
    "assure": N_("how {who} checks its own work before handing it on, e.g. `First piece measured`"),
    "requires": N_("what the item must be like to be used, e.g. `Signed by the buyer`"),
    "delivers": N_("the item it hands over, as its customer names it in `needs`"),
}


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    extra = config.placeholders
    said = _Said(extra)  # each distinct text judged once
    for step in org.all_steps():
        # the texts of every step and need, without a generator for each list: most say
        # something (a fifth of the rule's time went to making generators that yield nothing)
        for key in ("recheck", "assure", "delivers"):
            for index, text in enumerate(getattr(step, key)):
                if not said[text]:
                    yield _issue(step, key, text, step.by, index)
        for need in step.needs:
            for index, text in enumerate(need.requires):
                if not said[text]:
                    yield _issue(need, "requires", text, step.by, index)
    for service in org.services.values():
        yield from _texts(service, "requires", service.requires, service.provider, extra)
        if is_placeholder(service.delivers, extra):
            yield _issue(service, "delivers", service.delivers, service.provider, None)


class _Said(dict):
    """Text -> whether it says something (is no placeholder), worked out when first asked."""

    def __init__(self, extra: frozenset[str]) -> None:
        super().__init__()
        self.extra = extra

    def __missing__(self, text: str) -> bool:
        verdict = self[text] = not is_placeholder(text, self.extra)
        return verdict


def _texts(obj: t.Located, key: str, texts: list[str], who, extra) -> Iterator[Issue]:
    for index, text in enumerate(texts):
        if is_placeholder(text, extra):
            yield _issue(obj, key, text, who, index)


def _issue(obj: t.Located, key: str, text: str, who, index: int | None) -> Issue:
    instead = _(_INSTEAD[key]).format(who=f"`{who}`" if who else _("it"))
    return Issue(
        obj,
        _(
            "`{key}: [{clipped_text}]` says nothing; write {instead} (or remove the placeholder)"
        ).format(key=key, clipped_text=clipped(text), instead=instead),
        key=key,
        index=index,
    )
