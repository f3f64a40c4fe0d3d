"""Typed objects of a process map. Each keeps where it came from.

`pos` is the place of the object's mapping; `at` maps a key to the place of its value, and
`key[]` to the places of the items of a list value, so that a finding can point at the
exact word a user must change (see `where`).

A place in `at` is a line and a column in the object's own file packed in one int
(`place`): a map of 50 steps holds ~1,100 of them, and a (file, line, column) tuple each
made ~1.1 million objects of a batch of 1,000 such maps more to build, pickle between
processes (flowmap.batch) and free: a third of all the model's objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flowmap.findings import Pos

Places = dict[str, "int | tuple[int, ...]"]  # key -> `place`, `key[]` -> their tuple
LINE_BITS = 32  # the bits of a column in a place
_COLUMN = (1 << LINE_BITS) - 1


def place(line: int, column: int) -> int:
    """A line and a column (both 1-based) packed in one int, for `Located.at`."""
    return line << LINE_BITS | column


def place_of(pos: Pos) -> int:
    """The packed place of a position (its file is the object's own)."""
    return pos[1] << LINE_BITS | pos[2]


@dataclass(frozen=True, slots=True)
class Duration:
    seconds: int
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class WaiverTerms:
    """Who approved a waiver and until when (`waive: {rule: {reason, approved_by, until}}`)."""

    approved_by: str | None = None  # a role id
    until: date | None = None  # the last day it silences its rule


@dataclass(slots=True, eq=False)
class Located:
    pos: Pos = ("", 1, 1)
    at: Places = field(default_factory=dict, repr=False)
    waive: dict[str, str] = field(default_factory=dict, repr=False)  # rule id -> reason
    # rule id -> approver and end, for a waiver written as a mapping
    waive_terms: dict[str, WaiverTerms] = field(default_factory=dict, repr=False)

    def waiver(self, rule: str, today: date) -> str | None:
        """The reason of a waiver of `rule` that silences it today (none once it ended)."""
        reason = self.waive.get(rule)
        terms = self.waive_terms.get(rule) if reason else None
        if terms is not None and terms.until is not None and terms.until < today:
            return None
        return reason

    def where(self, key: str | None = None, index: int | None = None) -> Pos:
        """The place of `key`'s value (or its item `index`), else of the object itself."""
        if key is None:
            return self.pos
        packed = None
        if index is not None:
            items = self.at.get(key + "[]")
            if items and index < len(items):
                packed = items[index]  # type: ignore[index]
        if packed is None:
            packed = self.at.get(key)
            if packed is None:
                return self.pos
        return (self.pos[0], packed >> LINE_BITS, packed & _COLUMN)  # type: ignore[operator]


@dataclass(slots=True, eq=False)
class Action(Located):
    """An improvement action for a relationship below its satisfaction target: what is done,
    which role owns it, and the day it is due (`by_date`; `due` is a duration elsewhere)."""

    what: str = ""
    owner: str | None = None  # a role id
    by_date: date | None = None


@dataclass(slots=True, eq=False)
class CustomerNeed(Located):
    """What an external customer needs: the top of the goal cascade."""

    id: str = ""
    text: str = ""
    customer: str = ""


@dataclass(slots=True, eq=False)
class Customer(Located):
    id: str = ""
    name: str = ""
    needs: list[CustomerNeed] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Unit(Located):
    """A department. `kind` is `line` (on the business flow) or `function` (a service dept)."""

    id: str = ""
    name: str = ""
    kind: str = "line"


@dataclass(slots=True, eq=False)
class Role(Located):
    """A position. Rank 1 is the top; a subordinate's rank is larger than its superior's."""

    id: str = ""
    name: str = ""
    unit: str | None = None
    rank: int | None = None
    reports_to: str | None = None
    # the rank relationship with `reports_to` (both ways): its target and actions
    satisfaction_target: float | None = None
    actions: list[Action] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Service(Located):
    """A function relationship: the provider unit serves the customer units."""

    id: str = ""
    provider: str | None = None
    customers: list[str] = field(default_factory=list)
    delivers: str = ""
    requires: list[str] = field(default_factory=list)
    due: Duration | None = None
    satisfaction_target: float | None = None  # the served units' target, when not the project's
    actions: list[Action] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Goal(Located):
    id: str = ""
    owner: str | None = None
    text: str = ""
    serves: str | None = None


@dataclass(slots=True, eq=False)
class StepNeed(Located):
    """What a step, as customer, requires of its supplier step."""

    item: str = ""
    from_: str | None = None  # None: the step before
    requires: list[str] = field(default_factory=list)
    due: Duration | None = None
    satisfaction: float | None = None
    satisfaction_target: float | None = None  # this relationship's target, when not the project's
    actions: list[Action] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Step(Located):
    id: str = ""
    name: str = ""
    by: str | None = None  # who does it; for a joint step, the first of its executors
    joint: list[str] = field(default_factory=list)  # the others who do a joint step with `by`
    delivers: list[str] = field(default_factory=list)
    recheck: list[str] = field(default_factory=list)
    assure: list[str] = field(default_factory=list)
    lead_time: Duration | None = None
    # An item's own lead time, where `delivers` gives one ({item: X, lead_time: 10m}), by
    # the item as `model.texts.normal` writes it.
    item_lead_times: dict[str, Duration] = field(default_factory=dict)
    needs: list[StepNeed] = field(default_factory=list)
    next: list[str] | None = None  # None: the step after; []: the flow ends here
    rework: list[str] = field(default_factory=list)
    operations: list[Step] = field(default_factory=list)
    process: str = ""  # the id of the process it belongs to
    parent: str | None = None  # for an operation: the id of the step it is inside

    def lead_time_for(self, item: str) -> Duration | None:
        """How long the step takes to deliver `item`: its own lead time, else the step's.

        >>> own = {"note": Duration(600, "10m")}
        >>> step = Step(lead_time=Duration(7200, "2h"), item_lead_times=own)
        >>> str(step.lead_time_for("note")), str(step.lead_time_for("report"))
        ('10m', '2h')
        """
        if self.item_lead_times:
            from flowmap.model.texts import normal

            return self.item_lead_times.get(normal(item), self.lead_time)
        return self.lead_time

    @property
    def executors(self) -> list[str]:
        """Everyone who does the step: `by`, and for a joint step the others too."""
        return [self.by, *self.joint] if self.by is not None else []


@dataclass(slots=True, eq=False)
class Process(Located):
    id: str = ""
    name: str = ""
    customer: str | None = None
    steps: list[Step] = field(default_factory=list)
    # the external customer's satisfaction with the process: its target and actions
    satisfaction_target: float | None = None
    actions: list[Action] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Map(Located):
    """One file."""

    file: str = ""
    version: int | None = None
    title: str = ""
    include: list[str] = field(default_factory=list)
    customers: list[Customer] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    processes: list[Process] = field(default_factory=list)
