"""The `process` view: one process as swimlanes, the way an auditor walks a flow.

One lane per unit (and one for the external customer), steps in flow order from left to
right, each handoff labelled with the item and its `due`, each internal step showing
whether it re-checks what it receives and assures its own work (three-step activity).
A branch (a step with several next steps) starts its edges with a diamond, a merge (a
step several steps hand over to) has a double border, a rework loop is a dashed edge
pointing back (labelled with the item when a need states it: rework feedback is a handoff
too). A handoff a need states from further upstream or from another process is a bold
edge. A step with operations is a box of its own in its lane, holding its operation chain.
A joint step is drawn once, in the lane of its first executor, naming the others. A long
process is drawn in rows (`part`), a handoff to another row ending at a dashed stub that
gives the step's number: `process_chart(..., wrap=True)` stacks the rows in one picture
(`flowmap render`), `process_row_charts` draws each row as a chart of its own (the report).
Either way the legend is drawn once.

Every handoff of `graph.relations` that touches the process is drawn, each edge's tooltip
naming its two steps (`supplier → customer`).
"""

from __future__ import annotations

import weakref
from typing import NamedTuple

from flowmap.graph.relations import (
    FLOW,
    NEED,
    REWORK,
    Handoff,
    handoff_between,
    handoffs,
    handoffs_into,
    relations,
)
from flowmap.i18n import _, join_and
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.outputs.charts import style
from flowmap.outputs.charts.chart import Chart
from flowmap.outputs.charts.lookup import find
from flowmap.outputs.charts.marks import Marks
from flowmap.outputs.charts.rows import process_rows
from flowmap.shares import percent

LEGEND_WRAP = 36


def process_chart(
    org: Organisation,
    marks: Marks | None,
    process_id: str | None,
    part: tuple[int, int] | None = None,
    wrap: bool = False,
) -> Chart:
    """The process as swimlanes; with `part` (start, end), only its steps start..end-1 (a
    row of a long process), the steps it hands over to or receives from outside the row
    drawn as dashed stubs giving their number; with `wrap`, a process longer than a row
    as its rows stacked top to bottom in one picture, the legend once at the foot."""
    process = find(org.processes, process_id, "process")
    rows = process_rows(process.steps)
    if wrap and len(rows) > 1:
        return _stacked(org, marks, process, rows)
    chart = Chart(_title(process, part), marks, rankdir="LR", compound="true", ranksep="0.55")
    chart.about = marks.of_process(process.id) if marks else None
    drawing = _Drawing(org, chart)
    if part is None:
        drawing.chain(process.steps)
        drawing.stated(process)
    else:
        chart.legend.wrap = LEGEND_WRAP  # a narrow legend: it shares a column with steps
        chart.dot.set("ranksep", "0.3")
        drawing.row(process, *part)
    _legend(chart, [drawing])
    return chart


def process_row_charts(org: Organisation, marks: Marks | None, process_id: str) -> list[Chart]:
    """Each row of the process as a chart of its own (`process_rows` decides the rows), the
    legend only in the first, telling what every row draws and counting the findings on
    all of them. The charts are finished (see `Chart.finish`)."""
    process = find(org.processes, process_id, "process")
    charts, drawings, index = [], [], _Index.of(org)
    for part in process_rows(process.steps):
        chart = Chart(_title(process, part), marks, rankdir="LR", compound="true", ranksep="0.3")
        chart.about = marks.of_process(process.id) if marks else None
        drawing = _Drawing(org, chart, index=index)
        drawing.row(process, *part)
        charts.append(chart)
        drawings.append(drawing)
    if not charts:
        return [process_chart(org, marks, process_id)]
    first = charts[0]
    first.legend.wrap = LEGEND_WRAP
    _legend(first, drawings)
    shown: set = set()
    for chart in charts[1:]:
        chart.finish(legend=False)
        shown |= chart.shown
    first.finish(also_shown=shown)
    return charts


def _stacked(
    org: Organisation, marks: Marks | None, process: t.Process, rows: list[tuple[int, int]]
) -> Chart:
    """The rows of a long process in one picture, first row at the top, each row in a
    cluster of its own with its own lanes and stubs, as the report draws it."""
    title = [
        *_title(process, None)[:1],
        _("({process}, {steps} steps in {rows} rows)").format(
            process=process.id, steps=len(process.steps), rows=len(rows)
        ),
    ]
    chart = Chart(title, marks, rankdir="LR", compound="true", ranksep="0.3", nodesep="0.3")
    chart.about = marks.of_process(process.id) if marks else None
    chart.legend.wrap = LEGEND_WRAP
    drawings, firsts, index = [], [], _Index.of(org)
    # Graphviz stacks the row clusters (nothing links them) in the reverse of the order it
    # reads them: the legend first, then the last row, so the first row ends up on top.
    legend_row = chart.group(("row", len(rows)), [], style="invis")
    for number in reversed(range(len(rows))):
        row = chart.group(("row", number), [], style="invis")
        drawing = _Drawing(org, chart, scope=number, parent=row, index=index)
        drawing.row(process, *rows[number])
        firsts.append(drawing.end(process.steps[rows[number][0]], last=False))
        drawings.append(drawing)
    # Each row starts in the first column.
    chart.same_rank(firsts)
    _legend(chart, drawings)
    chart.legend_group = legend_row
    return chart


def _title(process: t.Process, part: tuple[int, int] | None) -> list[str]:
    name = style.clean(process.name or process.id)
    title = _("Process: {name}").format(name=name)
    if part is None:
        return [title, f"({process.id})"]
    count = len(process.steps)
    steps = (
        _("({process}, steps {start}–{end} of {count})")
        if part[1] > part[0] + 1
        else _("({process}, step {end} of {count})")
    )
    return [title, steps.format(process=process.id, start=part[0] + 1, end=part[1], count=count)]


class _Index(NamedTuple):
    """The handoffs a process chart looks up, found once for all its rows."""

    before: dict
    out: dict[str, list[Handoff]]  # supplier step id -> its handoffs
    stated: dict[str, list[Handoff]]  # process id -> the handoffs needs state that touch
    # it (not the flow's, not rework), in the order of `handoffs`
    numbers: dict[str, dict[str, int]]  # process id -> its steps' numbers, once asked

    @classmethod
    def of(cls, org: Organisation) -> _Index:
        """Worked out once per organisation: the report draws every process with it (once
        per process, it cost a walk over every handoff each: 14 s for 1,200 processes)."""
        found = _INDEXES.get(org)
        if found is None:
            out: dict[str, list[Handoff]] = {}
            for handoff in handoffs(org):
                out.setdefault(handoff.supplier.id, []).append(handoff)
            stated: dict[str, list[Handoff]] = {}
            for handoff in handoffs(org):
                if handoff.via == NEED:
                    for key in dict.fromkeys((handoff.supplier.process, handoff.customer.process)):
                        stated.setdefault(key, []).append(handoff)
            found = _INDEXES[org] = cls(relations(org).before, out, stated, {})
        return found


_INDEXES: weakref.WeakKeyDictionary[Organisation, _Index] = weakref.WeakKeyDictionary()


class _Drawing:
    def __init__(
        self,
        org: Organisation,
        chart: Chart,
        scope: int = 0,
        parent=None,
        index: _Index | None = None,
    ) -> None:
        """`scope` keeps the nodes of one row of a stacked chart apart from another row's
        (each row has its own lanes, and its own stub of a step another row draws);
        `parent` is the row's cluster; `index`, the handoffs looked up once for all rows."""
        self.org = org
        self.chart = chart
        self.scope = scope
        self.parent = parent
        index = index or _Index.of(org)
        self.before = index.before
        self.out = index.out
        self.stated_handoffs = index.stated
        self.numbers = index.numbers
        self.branches = self.merges = self.rework = self.stubs = self.needs = False
        self.number_of: dict[str, int] = {}  # top-level step id -> its number, drawn in rows
        self.statuses: dict[int, str] = {}  # id(step) -> its three-step status (`status`)
        self.unknown = False

    # -- nodes ------------------------------------------------------------------------------

    def chain(self, steps: list[t.Step], group=None) -> None:
        """Draw a list of steps (a process, or one step's operations) and its handoffs."""
        for step in steps:
            self.step(step, group)
        for step in steps:
            self.flow_handoffs(step)
        for step in steps:
            for target in dict.fromkeys(step.rework):
                self.rework_loop(step, target)

    def row(self, process: t.Process, start: int, end: int) -> None:
        """Draw steps[start:end] of a process and the handoffs from them: a handoff to a
        step of another row ends at a dashed stub naming that row. (A handoff into the row
        is drawn in its supplier's row, once.)"""
        steps = process.steps
        if process.id not in self.numbers:
            self.numbers[process.id] = {step.id: n for n, step in enumerate(steps, start=1)}
        self.number_of = self.numbers[process.id]
        inside = steps[start:end]
        for step in inside:
            self.step(step)
        for step in inside:
            self.flow_handoffs(step)
        self.stated(process, {step.id for step in inside})
        for step in inside:
            for target in dict.fromkeys(step.rework):
                self.rework_loop(step, target)

    def step(self, step: t.Step, group=None) -> None:
        if self.drawn(step):  # an id defined twice: one node, with both definitions' findings
            self.chart.attach(self.key("step", step.id), step)
            self.chart.attach(self.key("box", step.id), step)
            return
        lane = group if group is not None else self.lane(step)
        if step.operations:
            box = self.chart.group(
                self.key("box", step.id),
                self.step_lines(step),
                [step],
                parent=lane,
                style="rounded,filled",
                fillcolor=self.fill(step),
                color="#555555",
                fontsize=style.FONT_SIZE,
                labeljust="c",
            )
            self.chain(step.operations, box)
            return
        attrs = {"fillcolor": self.fill(step)}
        if len(self.before.get(step.id, [])) > 1:
            attrs["peripheries"] = "2"
            self.merges = True
        self.chart.node(
            self.key("step", step.id), self.step_lines(step), [step], group=lane, **attrs
        )

    def lane(self, step: t.Step):
        """The swimlane of the unit that does `step` (the customer's lane for its steps)."""
        org = self.org
        if step.by in org.customers:
            key = self.key("lane", "customer", step.by)
            if self.chart.has(key):  # drawn for an earlier step
                return key
            customer = org.customers[step.by]
            title = [style.clean(customer.name or customer.id), _("(external customer)")]
            lane_objects = []
        else:
            unit_id = org.unit_of(step.by)
            key = self.key("lane", "unit", unit_id)
            if self.chart.has(key):
                return key
            unit = org.units.get(unit_id or "")
            title = [style.clean(unit.name or unit.id)] if unit else [_("(no unit)")]
            lane_objects = [unit] if unit else []
        return self.chart.group(
            key,
            title,
            lane_objects,
            style="filled",
            fillcolor=style.FILL_LANE,
            color="#CCCCCC",
            fontsize="12",
            parent=self.parent,
        )

    def step_lines(self, step: t.Step) -> list[str]:
        lines = style.wrap(step.name or step.id)
        names = [self.executor_name(key) for key in step.executors] or [self.executor_name(None)]
        lines += style.wrap(_("by {who}").format(who=join_and(names)))
        if self.org.is_internal(step):
            if step.lead_time is not None:
                lines.append(_("lead time {time}").format(time=style.clean(step.lead_time)))
            lines.append(self.status(step))
        return lines

    def executor_name(self, by: str | None) -> str:
        org = self.org
        if by is None:
            return _("(nobody named)")
        for index in (org.roles, org.units, org.customers):
            if by in index:
                return style.clean(index[by].name or by)
        return _("{owner} (unknown)").format(owner=style.clean(by))

    def status(self, step: t.Step) -> str:
        """Three-step status: recheck and assure, each done, missing or not needed (worked
        out once a step: its label and its fill both ask)."""
        found = self.statuses.get(id(step))
        if found is not None:
            return found
        received = [handoff.supplier for handoff in handoffs_into(self.org, step)]
        needs_recheck = any(self.org.is_internal(s) for s in received)
        recheck = style.YES if step.recheck else (style.NO if needs_recheck else style.NOT_NEEDED)
        assure = style.YES if step.assure else style.NO
        found = _("recheck {recheck}   assure {assure}").format(recheck=recheck, assure=assure)
        self.statuses[id(step)] = found
        return found

    def fill(self, step: t.Step) -> str:
        if self.org.is_external(step):
            return style.FILL_EXTERNAL
        if not self.org.is_internal(step):  # nobody, or nobody known: not a missing check
            self.unknown = True
            return style.FILL_NODE
        return style.FILL_MISSING if style.NO in self.status(step) else style.FILL_OK

    # -- edges ------------------------------------------------------------------------------

    def flow_handoffs(self, step: t.Step) -> None:
        """The flow's handoffs from `step`: to the next step, or to each step `next` names."""
        out = [handoff for handoff in self.out.get(step.id, []) if handoff.via == FLOW]
        branch = len(out) > 1
        self.branches |= branch
        for handoff in out:
            attrs = {"color": style.KIND_COLOURS["step"]}
            if branch:
                attrs.update(dir="both", arrowtail="odiamond")
            self.handoff(handoff, self.handoff_lines(step, handoff.needs), **attrs)

    def stated(self, process: t.Process, row: set[str] | None = None) -> None:
        """The handoffs that needs state from further upstream or from another process;
        in a `row`, those from its steps, and those into it from another process."""
        for handoff in self.stated_handoffs.get(process.id, []):
            if self.in_row(handoff, row):
                self.needs = True
                lines = self.handoff_lines(handoff.supplier, handoff.needs)
                colour = style.KIND_COLOURS["step"]
                self.handoff(handoff, lines, color=colour, style="bold", constraint="false")

    @staticmethod
    def in_row(handoff: Handoff, row: set[str] | None) -> bool:
        if row is None:
            return True
        from_here = handoff.supplier.id in row
        return from_here or (
            handoff.customer.id in row and handoff.supplier.process != (handoff.customer.process)
        )

    def rework_loop(self, step: t.Step, target_id: str) -> None:
        target = self.org.steps.get(target_id)
        if target is None:
            return  # unknown-reference reports it, on the step
        self.rework = True
        stated = handoff_between(self.org, step.id, target.id)
        if stated is not None and stated.via == REWORK:
            lines = [_("rework:"), *self.handoff_lines(step, stated.needs)]
            handoff = stated
        else:  # work sent back, no need stated: a loop, not a handoff
            lines, handoff = [_("rework")], Handoff(step, target, REWORK, ())
        self.handoff(
            handoff,
            lines,
            tooltip=None if handoff.needs else f"{step.id} → {target.id}: rework, no need stated",
            color=style.REWORK,
            fontcolor=style.REWORK,
            style="dashed",
            constraint="false",
            # Below the steps, so that it never runs over the forward handoff or its label.
            tailport="s",
            headport="s",
        )

    def handoff(
        self, handoff: Handoff, lines: list[str], tooltip: str | None = None, **attrs: str
    ) -> None:
        """One edge from supplier to customer; a step of another process gets a stub. The
        tooltip names the two steps (`supplier → customer`), for the reader and for tests."""
        supplier, customer = handoff.supplier, handoff.customer
        for step in (supplier, customer):
            if not self.drawn(step):
                self.stub(step)
        self.chart.edge(
            self.end(supplier, last=True),
            self.end(customer, last=False),
            lines,
            list(handoff.needs),
            tooltip=tooltip or f"{supplier.id} → {customer.id}",
            **attrs,
            **self.compound(supplier, customer),
        )

    def handoff_lines(self, supplier: t.Step, needs: tuple[t.StepNeed, ...]) -> list[str]:
        """The items and their terms, a line each: in a left-to-right chart each label takes
        a column of its own, and narrow columns keep a row of steps readable."""
        need = needs[0] if needs else None
        if need is None:
            items = ", ".join(style.clean(item) for item in supplier.delivers)
            return (
                [*style.wrap(items, max_lines=2), _("(no need stated)")]
                if items
                else [_("(no need stated)")]
            )
        lines = style.wrap(", ".join(n.item for n in needs), max_lines=2)
        if need.due is not None:
            lines.append(_("due {due}").format(due=style.clean(need.due)))
        if need.satisfaction is not None:
            lines.append(_("satisfaction {share}").format(share=percent(need.satisfaction)))
        return lines

    # -- steps with operations are boxes: edges attach to their first or last operation ----

    def key(self, *parts: str | None) -> tuple:
        return (self.scope, *parts)

    def drawn(self, step: t.Step) -> bool:
        return self.chart.has(self.key("step", step.id)) or self.chart.has(self.key("box", step.id))

    def end(self, step: t.Step, last: bool):
        if step.operations and self.chart.has(self.key("box", step.id)):
            return self.end(step.operations[-1 if last else 0], last)
        return self.key("step", step.id)

    def compound(self, tail: t.Step, head: t.Step) -> dict[str, str]:
        """Clip an edge at the box of a step with operations instead of at an operation."""
        attrs = {}
        if tail.operations and self.chart.has(self.key("box", tail.id)):
            attrs["ltail"] = self.chart.group_name(self.key("box", tail.id))
        if head.operations and self.chart.has(self.key("box", head.id)):
            attrs["lhead"] = self.chart.group_name(self.key("box", head.id))
        return attrs

    def stub(self, step: t.Step) -> None:
        """A step of another process that this one hands over to or sends rework to."""
        self.stubs = True
        process = self.org.processes.get(step.process)
        where = style.clean(process.name or process.id) if process else _("another process")
        if step.id in self.number_of:
            where = _("step {number} of {count}").format(
                number=self.number_of[step.id], count=len(self.number_of)
            )
        lines = [
            *style.wrap(step.name or step.id),
            *style.wrap(_("(in {where})").format(where=where)),
        ]
        self.chart.node(self.key("step", step.id), lines, [], group=self.lane(step), style="dashed")


class _Drawn(NamedTuple):
    """What a drawing holds that the legend explains only when it is there."""

    unknown: bool
    branches: bool
    merges: bool
    rework: bool
    needs: bool
    stubs: bool


def _legend(chart: Chart, drawings: list[_Drawing]) -> None:
    """The legend of what `drawings` (the rows of one process, or the whole of it) draw."""
    drawing = _Drawn(*(any(getattr(d, flag) for d in drawings) for flag in _Drawn._fields))
    legend = chart.legend
    legend.node(
        _("internal step: recheck {yes} and assure {yes} (three-step 1 and 2)").format(
            yes=style.YES
        ),
        style.FILL_OK,
    )
    legend.node(
        _(
            "internal step lacking a check ({no}; {not_needed}: nothing internal to re-check)"
        ).format(no=style.NO, not_needed=style.NOT_NEEDED),
        style.FILL_MISSING,
    )
    legend.node(_("step done by the external customer"), style.FILL_EXTERNAL)
    if drawing.unknown:
        legend.node(_("step whose executor is not named or not known"), style.FILL_NODE)
    legend.node(_("lane: the unit whose people do the steps in it"), style.FILL_LANE, "#CCCCCC")
    legend.edge(
        _("handoff: the item and the `due` the next step (its customer) asks"),
        style.KIND_COLOURS["step"],
    )
    if drawing.branches:
        legend.edge(_("branch: one of several next steps"), style.KIND_COLOURS["step"], "branch")
    if drawing.merges:
        legend.node(_("merge: several steps hand over to this one"), style.FILL_OK, double=True)
    if drawing.rework:
        legend.edge(_("rework: work sent back (not part of the flow)"), style.REWORK, "dashed")
    if drawing.needs:
        legend.edge(
            _("handoff a need states from further upstream or another process"),
            style.KIND_COLOURS["step"],
        )
    if drawing.stubs:
        legend.node(_("step of another row or process (dashed border)"), style.FILL_NODE)
