"""Satisfaction measured over time: which relationship each survey response is about, its
share of satisfied responses per period, and how each relationship stands against its target.

Every kind of internal-customer relationship can be surveyed (docs/format.md, "Survey
files"); a row's `supplier` and `customer` (and `item`) name it:

- a **handoff** (a step's need): two step ids, or the executors (roles, units) of the two
  sides of a `process` relationship; several needs between them and no `item` cannot be
  told apart and the row is a finding;
- a **function** relationship: a service id and a unit it serves (or the provider unit and
  the unit, when one service joins them);
- **rank**: a role and its superior, either way (results up, conditions down);
- the **external** customer with a process: `supplier` is the process id.

Targets, improvement actions and waivers are written where the relationship is: the need,
the service, the subordinate role (for rank) or the process. The rules
(`satisfaction-target`, `external-satisfaction-target`, `improvement-action`), the
`survey` command, the report and the editor all read `measure` and `standing`; none works a
share out again.

>>> from flowmap.model import types as t
>>> from flowmap.model.org import Organisation
>>> from flowmap.model.surveys import parse
>>> pick = t.Step(id="pick", by="keeper", delivers=["parts"])
>>> make = t.Step(id="make", by="fitter", needs=[t.StepNeed(item="parts")])
>>> org = Organisation.of([t.Map(processes=[t.Process(id="p", steps=[pick, make])])])
>>> rows = "".join(f"2026-10-0{day},pick,make,{score}\\n" for day, score in enumerate("45532", 1))
>>> org.surveys = parse("date,supplier,customer,score\\n" + rows, "s.csv")
>>> [(m.relationship.kind, m.periods) for m in measure(org).measured]
[('handoff', {'2026-Q4': Tally(satisfied=3, responses=5)})]
"""

from __future__ import annotations

import difflib
import weakref
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import NamedTuple

from flowmap.config import DEFAULT_CONFIG, Config
from flowmap.findings import Subject
from flowmap.graph.relations import NeedLink, handoff_between, need_links, process_links
from flowmap.graph.relations import served_units as _served
from flowmap.i18n import _
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.model.subjects import handoff_subject
from flowmap.model.surveys import Response, Surveys
from flowmap.model.texts import normal

HANDOFF, FUNCTION, RANK, EXTERNAL = "handoff", "function", "rank", "external"
BELOW, MET, TOO_FEW, NOT_MEASURED = "below", "met", "too few", "not measured"


class Relationship(NamedTuple):
    """One surveyed relationship, supplier to customer."""

    kind: str  # handoff, function, rank or external
    supplier: str  # ids as a survey row names them
    customer: str
    item: str  # a need's item, a service's delivers, "results" or "conditions" (rank)
    holder: t.Located  # where its target, actions and waivers are written
    acting: tuple[t.Located, ...]  # who must act: the supplier
    external: bool  # the external customer's satisfaction
    subject: Subject  # what findings about it are about
    counterpart: t.Located | None = None  # the customer side, for findings

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.kind, self.supplier, self.customer, normal(self.item))


class Tally(NamedTuple):
    satisfied: int
    responses: int

    @property
    def share(self) -> float:
        return self.satisfied / self.responses if self.responses else 0.0


@dataclass(eq=False)
class Measured:
    relationship: Relationship
    periods: dict[str, Tally] = field(default_factory=dict)  # in time order


@dataclass(eq=False)
class Measurement:
    periods: list[str]  # every period with a counted response, in time order
    measured: list[Measured]  # each relationship once, in the order first answered
    unmatched: list[tuple[Response, str, str]]  # (response, column, what is wrong)
    # (supplier, customer, item) as answered -> (Measured or None, counts, column, problem)
    resolved: dict = field(default_factory=dict, repr=False)

    @property
    def latest(self) -> str | None:
        return self.periods[-1] if self.periods else None


class Standing(NamedTuple):
    """Where a relationship stands in the latest period (or by its static `satisfaction`)."""

    relationship: Relationship
    status: str  # below, met, too few, not measured
    target: float
    tally: Tally | None  # None: the static `satisfaction:` key
    share: float | None
    period: str | None  # the latest period, or the last one it was measured in


def period_of(day: date, kind: str = "quarter") -> str:
    """`2026-Q4` (or `2026-10` by month).

    >>> period_of(date(2026, 11, 3)), period_of(date(2026, 11, 3), "month")
    ('2026-Q4', '2026-11')
    """
    if kind == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def first_day(period: str) -> date | None:
    """The first day of `2026-Q4` or `2026-10`; None for anything else.

    >>> first_day("2026-Q4"), first_day("2026-02"), first_day("Q4")
    (datetime.date(2026, 10, 1), datetime.date(2026, 2, 1), None)
    """
    year, _dash, part = period.partition("-")
    try:
        if part[:1] in ("Q", "q") and part[1:] in ("1", "2", "3", "4"):
            return date(int(year), 3 * int(part[1:]) - 2, 1)
        return date(int(year), int(part), 1) if len(year) == 4 and part.isdigit() else None
    except ValueError:
        return None


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def measure(org: Organisation, config: Config = DEFAULT_CONFIG) -> Measurement:
    """Every response of `org.surveys` matched to its relationship and counted per period
    (worked out once per organisation and settings)."""
    settings = (config.survey_period,)
    cached = _CACHE.get(org)
    if cached is not None and cached[0] == settings:
        return cached[1]
    found = _measure(org, config.survey_period)
    _CACHE[org] = (settings, found)
    return found


def _measure(org: Organisation, period_kind: str) -> Measurement:
    surveys = org.surveys if isinstance(org.surveys, Surveys) else None
    # Identical answers come counted (flowmap.model.surveys): 100,000 rows hold a few
    # thousand distinct (supplier, customer, item, day, satisfied), and name a few hundred
    # relationships; each is matched and put in its period once.
    answers = surveys.answers() if surveys else Counter()
    finder = _Finder(org)
    by_key: dict[tuple, Measured] = {}
    counts: dict[int, dict[str, list[int]]] = {}  # id(measured) -> period -> [satisfied, all]
    periods: dict[date, str] = {}
    resolved: dict[tuple[str, str, str], tuple] = {}  # what each (supplier, customer, item) is
    for (supplier, customer, item, day, satisfied), number in answers.items():
        asked = (supplier, customer, item)
        found = resolved.get(asked)
        if found is None:
            found = resolved[asked] = _counted(finder.find(*asked), by_key, counts)
        measured, tallies = found[0], found[1]
        if measured is None:
            continue
        period = periods.get(day)
        if period is None:
            period = periods[day] = period_of(day, period_kind)
        tally = tallies.setdefault(period, [0, 0])
        tally[0] += number if satisfied else 0
        tally[1] += number
    unmatched = []
    if surveys and any(found[0] is None for found in resolved.values()):
        unmatched = [  # the rows are made Responses only when some cannot be counted
            (response, *resolved[_ASKED(response)][2:])
            for response in surveys.responses
            if resolved[_ASKED(response)][0] is None
        ]
    for measured in by_key.values():
        tallies = counts[id(measured)]
        measured.periods = {p: Tally(*tallies[p]) for p in sorted(tallies)}
    every = sorted({p for measured in by_key.values() for p in measured.periods})
    return Measurement(every, list(by_key.values()), unmatched, resolved)


_ASKED = attrgetter("supplier", "customer", "item")


def responses_of(org: Organisation, measured: Measured, config: Config = DEFAULT_CONFIG):
    """The responses counted for a relationship (the report quotes their comments)."""
    resolved = measure(org, config).resolved
    surveys = org.surveys if isinstance(org.surveys, Surveys) else None
    return [
        response
        for response in (surveys.responses if surveys else [])
        if resolved[_ASKED(response)][0] is measured
    ]


def _counted(found: tuple, by_key: dict, counts: dict) -> tuple:
    """What a triple found: its relationship's Measured (the same for every spelling of
    one relationship) and counts, or what is wrong with it."""
    relationship, column, problem = found
    if relationship is None:
        return None, None, column, problem
    measured = by_key.get(relationship.key)
    if measured is None:
        measured = by_key[relationship.key] = Measured(relationship)
        counts[id(measured)] = {}
    return measured, counts[id(measured)], "", ""


def standing(org: Organisation, config: Config = DEFAULT_CONFIG) -> list[Standing]:
    """How every measured relationship stands: surveyed ones by the latest period of the
    organisation's survey data, the others by a need's static `satisfaction:`."""
    measurement = measure(org, config)
    latest = measurement.latest
    found: list[Standing] = []
    surveyed: set[int] = set()
    for measured in measurement.measured:
        relationship = measured.relationship
        surveyed.add(id(relationship.holder))
        target = target_of(relationship, config)
        tally = measured.periods.get(latest) if latest else None
        if tally is None:
            last = next(reversed(measured.periods))
            found.append(Standing(relationship, NOT_MEASURED, target, None, None, last))
        elif tally.responses < config.min_responses:
            found.append(Standing(relationship, TOO_FEW, target, tally, tally.share, latest))
        else:
            status = BELOW if tally.share < target else MET
            found.append(Standing(relationship, status, target, tally, tally.share, latest))
    for link in need_links(org):  # the static key: where no survey measures the need
        measured_share = link.need.satisfaction
        if measured_share is None or id(link.need) in surveyed:
            continue
        relationship = need_relationship(org, link)
        target = target_of(relationship, config)
        status = BELOW if measured_share < target else MET
        found.append(Standing(relationship, status, target, None, measured_share, None))
    return found


def need_shares(org: Organisation, config: Config = DEFAULT_CONFIG) -> dict[int, float]:
    """id(need) -> the satisfaction the rules judge it by: the latest survey period's share
    (when met or below; too few responses is none), else its static `satisfaction:`. The
    report's handoff table and sheet show these, as the scorecard and the rules do."""
    found: dict[int, float] = {}
    for each in standing(org, config):
        holder = each.relationship.holder
        if (
            isinstance(holder, t.StepNeed)
            and each.share is not None
            and each.status in (BELOW, MET)
        ):
            found[id(holder)] = each.share
    return found


def target_of(relationship: Relationship, config: Config) -> float:
    """The relationship's own target, else the project's (internal or external)."""
    own = getattr(relationship.holder, "satisfaction_target", None)
    if own is not None:
        return own
    if relationship.external:
        return config.external_satisfaction_target
    return config.satisfaction_target


def need_relationship(org: Organisation, link: NeedLink) -> Relationship:
    """The relationship a step's need is: the supplier's handoff to the step."""
    supplier, step, need = link.supplier, link.step, link.need
    if supplier is None:
        subject = Subject("need", f"{step.id}#needs/{normal(need.item)}")
        acting: tuple[t.Located, ...] = (step,)
    else:
        subject = handoff_subject(supplier, step, need.item)
        acting = (supplier,)
    return Relationship(
        HANDOFF,
        supplier.id if supplier else "",
        step.id,
        need.item,
        need,
        acting,
        org.is_external(step),
        subject,
        step,
    )


def units_of(org: Organisation, relationship: Relationship) -> tuple[str, ...]:
    """The units that must act on a relationship: the supplier's."""
    from flowmap.graph.responsible import responsible

    return responsible(org, relationship.acting).units


class _Finder:
    """Which relationship `supplier`, `customer` and `item` name, or what is wrong."""

    def __init__(self, org: Organisation) -> None:
        self.org = org
        self.links = {id(link.need): link for link in need_links(org)}
        self._process = None

    def find(self, supplier: str, customer: str, item: str):
        org = self.org
        for column, key in (("supplier", supplier), ("customer", customer)):
            if org.kind_of(key) is None:
                return None, column, self._unknown(key)
        kinds = (org.kind_of(supplier), org.kind_of(customer))
        if kinds == ("step", "step"):
            return self._handoff(supplier, customer, item)
        if kinds[0] == "service":
            return self._service(org.services[supplier], customer)
        if kinds == ("process", "customer"):
            return self._external(org.processes[supplier], customer)
        if kinds[0] in ("role", "unit") and kinds[1] in ("role", "unit"):
            return self._between(supplier, customer, item)
        return None, "customer", self._no_relationship(supplier, customer)

    def _unknown(self, key: str) -> str:
        known = sorted({k for _kind, index in self.org.indexes() for k in index})
        close = difflib.get_close_matches(key[:100], known, n=1, cutoff=0.6)
        if close:
            return _("`{key}` names nothing in the maps; did you mean `{close}`?").format(
                key=_clip(key), close=close[0]
            )
        return _(
            "`{key}` names nothing in the maps; write the id of a step, role, unit, service, "
            "process or external customer"
        ).format(key=_clip(key))

    def _no_relationship(self, supplier: str, customer: str) -> str:
        return _(
            "`{supplier}` is not a supplier of `{customer}` in the maps; survey a handoff (two "
            "steps, or their roles or units), a service and a unit it serves, a role and its "
            "superior, or a process and its external customer"
        ).format(supplier=_clip(supplier), customer=_clip(customer))

    def _handoff(self, supplier: str, customer: str, item: str):
        handoff = handoff_between(self.org, supplier, customer)
        if handoff is None:
            swapped = handoff_between(self.org, customer, supplier) is not None
            problem = (
                _(
                    "`{supplier}` hands nothing over to `{customer}` in the maps; swap "
                    "`supplier` and `customer`"
                )
                if swapped
                else _("`{supplier}` hands nothing over to `{customer}` in the maps")
            )
            return None, "customer", problem.format(supplier=supplier, customer=customer)
        needs = list(handoff.needs)
        if not needs:
            return (
                None,
                "customer",
                _(
                    "`{customer}` states no need from `{supplier}`; add the need to the map first"
                ).format(customer=customer, supplier=supplier),
            )
        return self._one_need(needs, item, supplier, customer)

    def _one_need(self, needs: list[t.StepNeed], item: str, supplier: str, customer: str):
        if item:
            wanted = normal(item)
            needs = [need for need in needs if normal(need.item) == wanted]
            if not needs:
                problem = _("`{customer}` needs no `{item}` from `{supplier}`")
                return (
                    None,
                    "item",
                    problem.format(customer=customer, item=_clip(item), supplier=supplier),
                )
        if len({id(need) for need in needs}) > 1:
            items = ", ".join(sorted({need.item for need in needs}))
            problem = _("name the item: `{customer}` needs {items} from `{supplier}`")
            return None, "item", problem.format(customer=customer, items=items, supplier=supplier)
        link = self.links.get(id(needs[0]))
        if link is None:
            return None, "customer", self._no_relationship(supplier, customer)
        return need_relationship(self.org, link), "", ""

    def _service(self, service: t.Service, customer: str):
        if customer not in _served(self.org, service):
            problem = _("service `{service}` does not serve unit `{unit}`")
            return None, "customer", problem.format(service=service.id, unit=customer)
        unit = self.org.units[customer]
        subject = Subject("service", service.id)
        relationship = Relationship(
            FUNCTION,
            service.id,
            customer,
            service.delivers,
            service,
            (service,),
            False,
            subject,
            unit,
        )
        return relationship, "", ""

    def _external(self, process: t.Process, customer: str):
        if process.customer != customer:
            return (
                None,
                "customer",
                (
                    _("process `{process}` serves `{serves}`, not `{customer}`").format(
                        process=process.id, serves=process.customer, customer=customer
                    )
                    if process.customer
                    else _(
                        "process `{process}` serves no external customer, not `{customer}`"
                    ).format(process=process.id, customer=customer)
                ),
            )
        org = self.org
        suppliers = [
            link.supplier
            for link in need_links(org)
            if link.step.process == process.id and org.is_external(link.step) and link.supplier
        ]
        acting = tuple(s for s in dict.fromkeys(suppliers) if not org.is_external(s))
        relationship = Relationship(
            EXTERNAL,
            process.id,
            customer,
            process.name or process.id,
            process,
            acting,
            True,
            Subject("process", process.id),
            org.customers[customer],
        )
        return relationship, "", ""

    def _between(self, supplier: str, customer: str, item: str):
        org = self.org
        if not item:
            rank = self._rank(supplier, customer)
            if rank is not None:
                return rank, "", ""
        needs = self._process_needs(supplier, customer)
        if needs:
            return self._one_need(needs, item, supplier, customer)
        services = [
            service
            for service in org.services.values()
            if service.provider == supplier and customer in _served(org, service)
        ]
        if len(services) == 1:
            return self._service(services[0], customer)
        if services:
            names = ", ".join(service.id for service in services)
            problem = _("name the service in `supplier`: one of {names}")
            return None, "supplier", problem.format(names=names)
        return None, "customer", self._no_relationship(supplier, customer)

    def _rank(self, supplier: str, customer: str) -> Relationship | None:
        roles = self.org.roles
        low, high = roles.get(supplier), roles.get(customer)
        if low is not None and high is not None and low.reports_to == customer:
            item, holder, other = "results", low, high  # results go up
        elif low is not None and high is not None and high.reports_to == supplier:
            item, holder, other = "conditions", high, low  # conditions go down
        else:
            return None
        return Relationship(
            RANK,
            supplier,
            customer,
            item,
            holder,
            (roles[supplier],),
            False,
            Subject("rank", f"{supplier}->{customer}"),
            other,
        )

    def _process_needs(self, supplier: str, customer: str) -> list[t.StepNeed]:
        if self._process is None:
            self._process = {}
            unit_of = self.org.unit_of
            for link in process_links(self.org):
                needs = link.handoff.needs
                self._process.setdefault((link.giver, link.taker), []).extend(needs)
                units = (unit_of(link.giver), unit_of(link.taker))
                if units != (link.giver, link.taker) and None not in units and units[0] != units[1]:
                    self._process.setdefault(units, []).extend(needs)  # the units' relationship
        return list({id(n): n for n in self._process.get((supplier, customer), [])}.values())


def _clip(text: str) -> str:
    from flowmap.load.names import clipped

    return clipped(text, 40)


# -- what to ask, and what was answered ------------------------------------------------------


class Question(NamedTuple):
    """A relationship to survey: a row of `flowmap survey template`."""

    kind: str
    supplier: str
    customer: str
    item: str
    requires: tuple[str, ...]


def questions(org: Organisation) -> list[Question]:
    """Every relationship a survey can ask about, each once, as a survey row names it: the
    handoffs (each need with a known supplier), each service and unit it serves, each role
    and its superior both ways, each process and its external customer."""
    found: list[Question] = []
    for link in need_links(org):
        if link.supplier is not None:
            need = link.need
            found.append(
                Question(HANDOFF, link.supplier.id, link.step.id, need.item, tuple(need.requires))
            )
    for service in org.services.values():
        for unit in _served(org, service):
            found.append(
                Question(FUNCTION, service.id, unit, service.delivers, tuple(service.requires))
            )
    for role in org.roles.values():
        if role.reports_to in org.roles and role.reports_to != role.id:
            found.append(Question(RANK, role.id, role.reports_to, "results", ()))
            found.append(Question(RANK, role.reports_to, role.id, "conditions", ()))
    for process in org.processes.values():
        if process.customer in org.customers:
            found.append(Question(EXTERNAL, process.id, process.customer, "", ()))
    return list(dict.fromkeys(found))


class Summary(NamedTuple):
    """Satisfaction per relationship, unit and company for each period, internal and
    external apart (`flowmap survey summary`, the report)."""

    periods: list[str]
    measured: list[Measured]
    standing: list[Standing]
    # unit -> period -> (internal, external); the units that must act: the suppliers'
    units: dict[str, dict[str, tuple[Tally, Tally]]]
    company: dict[str, tuple[Tally, Tally]]  # period -> (internal, external)

    @property
    def latest(self) -> str | None:
        return self.periods[-1] if self.periods else None


def summarise(org: Organisation, config: Config = DEFAULT_CONFIG) -> Summary:
    measurement = measure(org, config)
    units: dict[str, dict[str, tuple[Tally, Tally]]] = {}
    company: dict[str, tuple[Tally, Tally]] = {}
    for measured in measurement.measured:
        rel = measured.relationship
        owners = units_of(org, rel)
        for period, tally in measured.periods.items():
            company[period] = _add(company.get(period), tally, rel.external)
            for unit in owners:
                by_period = units.setdefault(unit, {})
                by_period[period] = _add(by_period.get(period), tally, rel.external)
    surveyed = [s for s in standing(org, config) if s.tally is not None or s.period is not None]
    ordered_units = {unit: dict(sorted(units[unit].items())) for unit in org.units if unit in units}
    return Summary(
        measurement.periods,
        measurement.measured,
        surveyed,
        ordered_units,
        dict(sorted(company.items())),
    )


def _add(pair: tuple[Tally, Tally] | None, tally: Tally, external: bool) -> tuple[Tally, Tally]:
    inside, outside = pair or (Tally(0, 0), Tally(0, 0))
    if external:
        outside = Tally(outside.satisfied + tally.satisfied, outside.responses + tally.responses)
    else:
        inside = Tally(inside.satisfied + tally.satisfied, inside.responses + tally.responses)
    return inside, outside
