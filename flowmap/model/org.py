"""The organisation: every map checked together, indexed by id (one namespace)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from flowmap.model import types as t


@dataclass(eq=False)
class Organisation:
    maps: list[t.Map]
    customers: dict[str, t.Customer] = field(default_factory=dict)
    needs: dict[str, t.CustomerNeed] = field(default_factory=dict)
    units: dict[str, t.Unit] = field(default_factory=dict)
    roles: dict[str, t.Role] = field(default_factory=dict)
    services: dict[str, t.Service] = field(default_factory=dict)
    goals: dict[str, t.Goal] = field(default_factory=dict)
    processes: dict[str, t.Process] = field(default_factory=dict)
    steps: dict[str, t.Step] = field(default_factory=dict)  # steps and operations
    # Every object that defines an id, in file order: duplicates are all kept here.
    definitions: dict[str, list[t.Located]] = field(default_factory=dict)
    # Files that could not be read at all: the organisation-wide rules wait until they can,
    # rather than report everything those files would have supplied as missing.
    unreadable: list[str] = field(default_factory=list)
    # File as shown in findings -> its path relative to the project root (what a finding
    # about a whole file is identified by, whatever folder the command ran in).
    sources: dict[str, str] = field(default_factory=dict)
    # What the organisation's survey files hold (flowmap.model.surveys; None: not read)
    surveys: object | None = None
    _walked: list[t.Step] | None = field(default=None, repr=False)  # see all_steps
    _need_steps: dict[int, t.Step] | None = field(default=None, repr=False)  # see step_of

    @classmethod
    def of(cls, maps: list[t.Map]) -> Organisation:
        org = cls(maps=list(maps))
        for the_map in org.maps:
            org._index_map(the_map)
        return org

    def _index_map(self, the_map: t.Map) -> None:
        for customer in the_map.customers:
            self._define(self.customers, customer)
            for need in customer.needs:
                self._define(self.needs, need)
        for unit in the_map.units:
            self._define(self.units, unit)
        for role in the_map.roles:
            self._define(self.roles, role)
        for service in the_map.services:
            self._define(self.services, service)
        for goal in the_map.goals:
            self._define(self.goals, goal)
        for process in the_map.processes:
            self._define(self.processes, process)
            for step in walk_steps(process.steps):
                self._define(self.steps, step)

    def _define(self, index: dict, obj) -> None:
        key = obj.id
        if not key:
            return
        index.setdefault(key, obj)
        self.definitions.setdefault(key, []).append(obj)

    def kind_of(self, key: str) -> str | None:
        """What an id names: customer, need, unit, role, service, goal, process or step."""
        for kind, index in self.indexes():
            if key in index:
                return kind
        return None

    def get(self, kind: str, key: str) -> t.Located | None:
        """The object of a kind (as the graph's nodes name kinds) with that id."""
        kind = "step" if kind == "operation" else kind
        return next((index.get(key) for name, index in self.indexes() if name == kind), None)

    def indexes(self) -> Iterator[tuple[str, dict]]:
        yield "customer", self.customers
        yield "need", self.needs
        yield "unit", self.units
        yield "role", self.roles
        yield "service", self.services
        yield "goal", self.goals
        yield "process", self.processes
        yield "step", self.steps

    def ids_of(self, kinds: Iterable[str]) -> dict[str, t.Located]:
        """Every object of the given kinds (`"role"`, `"unit"`, ...) by id: what a reference
        whose `Field.refers_to` lists those kinds may name."""
        indexes = dict(self.indexes())
        found: dict[str, t.Located] = {}
        for kind in kinds:
            found.update(indexes[kind])
        return found

    def objects(self) -> Iterator[t.Located]:
        """Every object of every map, each definition once, in file order (an improvement
        action after the object it is written in)."""
        for the_map in self.maps:
            for customer in the_map.customers:
                yield customer
                yield from customer.needs
            yield from the_map.units
            for holder in (*the_map.roles, *the_map.services):
                yield holder
                yield from holder.actions
            yield from the_map.goals
            for process in the_map.processes:
                yield process
                yield from process.actions
                for step in walk_steps(process.steps):
                    yield step
                    for need in step.needs:
                        yield need
                        yield from need.actions

    def is_external(self, step: t.Step) -> bool:
        """Done by an external customer."""
        return step.by in self.customers

    def is_internal(self, step: t.Step) -> bool:
        """Done by a role or a unit of the company."""
        return step.by in self.roles or step.by in self.units

    def unit_of(self, executor: str | None) -> str | None:
        """The unit a step's executor belongs to (a unit is its own unit)."""
        if executor in self.units:
            return executor
        role = self.roles.get(executor or "")
        return role.unit if role else None

    def step_of(self, need: t.StepNeed) -> t.Step | None:
        """The step (or operation) that states a need."""
        if self._need_steps is None:
            self._need_steps = {id(each): step for step in self.all_steps() for each in step.needs}
        return self._need_steps.get(id(need))

    def source(self, shown: str) -> str:
        """A file's path relative to the project root (as shown, when not known)."""
        return self.sources.get(shown, shown)

    def all_steps(self) -> Iterator[t.Step]:
        """Every step and operation of every process, depth first (listed once: most rules
        ask for them, and walking the nesting again each time cost as much as a rule)."""
        if self._walked is None:
            self._walked = [
                step for process in self.processes.values() for step in walk_steps(process.steps)
            ]
        return iter(self._walked)


def walk_steps(steps: list[t.Step]) -> Iterator[t.Step]:
    """Every step and, depth first, every operation inside it."""
    for step in steps:
        yield step
        if step.operations:
            yield from walk_steps(step.operations)
