"""Every reference names something that exists, of the right kind.

## What it does
Checks that `by`, `from`, `next`, `rework`, `unit`, `reports_to`, `provider`, `customers`,
`owner`, `serves` and `customer` name an id that exists, and that it is of the kind the key
expects (`by` a customer, role or unit, each of a joint step's executors too; `unit` a
unit; ...). The keys and their kinds come from the format's key table (`FIELDS`). Suggests
the closest id of the kind the key takes when there is one, never a step of the external
customer (a `rework` to a deleted step is not "meant" as the customer's last step).
(`include` names a file; the loader reports one that does not exist.)

## Why is this bad?
A step done `by: ordr-clerk` has nobody behind it: the sales department never learns that
the planning department is its internal customer, and no rule can check the handoff.

## Who must act
The object holding the faulty key. A step whose `by` names nothing known has no known
executor: the report counts it under **Unassigned** (and in the units of its known
co-executors), never drops it.

## Example
```yaml
flowmap: 1
roles:
  - {id: order-clerk, name: Order clerk}
processes:
  - id: order-to-delivery
    steps:
      - {id: accept-order, by: ordr-clerk}
```

## Use instead
```yaml
flowmap: 1
roles:
  - {id: order-clerk, name: Order clerk}
processes:
  - id: order-to-delivery
    steps:
      - {id: accept-order, by: order-clerk}
```
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from flowmap.config import Config
from flowmap.i18n import _
from flowmap.model import types as t
from flowmap.model.fields import Field, references, target_noun
from flowmap.model.org import Organisation
from flowmap.rules.issue import Issue

ID = "unknown-reference"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    known: dict[tuple[str, ...], dict] = {}  # each target kind's ids, looked up once
    # each class's reference keys, with what each is read by: worked out once per class,
    # not for each of the organisation's objects
    keys_of: dict[type, list[tuple[str, Field, dict, str, bool]]] = {}
    for obj in org.objects():
        cls = type(obj)
        keys = keys_of.get(cls)
        if keys is None:
            keys = keys_of[cls] = _keys(org, cls, known)
        written = obj.at
        for key, spec, ids, attr, one in keys:
            if key not in written:
                continue  # not written here (another key may share its attribute)
            if one or (spec.kind == "executors" and not obj.joint):  # type: ignore[attr-defined]
                # one id: the common case, kept short
                value = getattr(obj, attr)
                if value is None or value in ids:
                    continue
                yield from _check(obj, key, value, ids, target_noun(spec), org=org)
                continue
            for index, value in _values(obj, key, spec):
                if spec.every and value == "*":
                    continue
                yield from _check(obj, key, value, ids, target_noun(spec), index, org=org)


def _keys(org: Organisation, cls: type, known: dict) -> list[tuple[str, Field, dict, str, bool]]:
    """(key, its field, the ids it may name, its attribute, whether it holds one id) for
    each reference key of `cls`."""
    keys = []
    for key, spec in references(cls).items():
        ids = known.get(spec.refers_to)
        if ids is None:
            ids = known[spec.refers_to] = org.ids_of(spec.refers_to)
        keys.append((key, spec, ids, spec.attr or key, spec.kind == "ref"))
    return keys


def _suggestible(known: dict, org: Organisation | None) -> list[str]:
    """The ids a did-you-mean may offer: of the kinds the key takes (`known`), without the
    external customer's own steps, which no `next` or `rework` of the organisation's steps
    should name (a step deleted must not be "meant" as the customer's last step)."""
    customers = set(org.customers) if org is not None else set()
    return sorted(
        key
        for key, obj in known.items()
        if not (isinstance(obj, t.Step) and customers and set(obj.executors) <= customers)
    )


def _values(obj: t.Located, key: str, spec: Field) -> list[tuple[int | None, str]]:
    """The ids a reference key holds, with their index in a list value."""
    # a joint step's executors are `by` and `joint`; every other key is its attribute
    value = getattr(obj, "executors" if spec.kind == "executors" else spec.attr or key, None)
    if value is None:
        return []
    if isinstance(value, str):
        return [(None, value)]
    single = key + "[]" not in obj.at
    return [(None if single else index, item) for index, item in enumerate(value)]


def _check(obj, key, value, known: dict, kind: str, index=None, org=None) -> Iterator[Issue]:
    if value in known:
        return
    close = difflib.get_close_matches(value, _suggestible(known, org), n=1, cutoff=0.6)
    article = "an" if kind[0] in "aeiou" else "a"
    hint = (
        _("did you mean `{close_0}`?").format(close_0=close[0])
        if close
        else _("define {article} {kind} with `id: {value}`").format(
            article=article, kind=_(kind), value=value
        )
    )
    yield Issue(
        obj,
        _("`{key}: {value}` names no {kind}; {hint}").format(
            key=key, value=value, kind=_(kind), hint=hint
        ),
        key=key,
        index=index,
    )
