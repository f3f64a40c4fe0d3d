"""Odd and broken maps never crash a chart: every view draws whatever the model holds."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowmap.outputs.charts import VIEWS, ChartError, build_chart, run_dot, to_dot
from tests.outputs.charts.conftest import FIXTURES, draw, load
from tests.outputs.charts.test_safe_dot import assert_inert_svg

ODD = Path(__file__).parent / "maps" / "odd.yaml"


def test_odd_shapes_are_drawn():
    loaded = load(ODD, FIXTURES / "order-to-delivery.yaml")
    assert {f.rule for f in loaded.findings} >= {"duplicate-id", "unknown-reference"}
    for process in ("empty", "odd", "order-to-delivery"):
        assert_inert_svg(
            run_dot(
                to_dot(build_chart(loaded.org, loaded.graph, loaded.findings, "process", process)),
                "svg",
            )
        )
    for view in ("org", "functions", "customers"):
        assert_inert_svg(
            run_dot(to_dot(build_chart(loaded.org, loaded.graph, loaded.findings, view)), "svg")
        )
    drawn = draw(loaded, "process", "odd")
    # a handoff into another process draws that step with a dashed border, named as such
    stub = drawn.node("Customer places order")
    assert stub.attrs["style"] == '"dashed"' and stub.lines[-1] == "(in Order to delivery)"
    # a step with no name is drawn by its id; a duplicate id is drawn once
    assert drawn.node("o1").lines == ["o1", "by Customer"]
    assert len([n for n in drawn.nodes.values() if n.lines[:1] == ["Twice"]]) == 0
    twice = drawn.node("Duplicate of an id")
    assert "duplicate-id" in twice.lines[-1] and twice.attrs["color"] == '"#D7191C"'


def test_around_any_depth():
    loaded = load(ODD, FIXTURES / "order-to-delivery.yaml")
    everything = draw(loaded, "around", "planner", depth=50)
    assert len(everything.nodes) > 20


FILES = {
    name: (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    for name in ("org.yaml", "order-to-delivery.yaml")
}
MUTATION = st.tuples(
    st.sampled_from(sorted(FILES)),
    st.sampled_from(["delete", "duplicate", "swap"]),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
)


def _mutated(mutations) -> dict[str, str]:
    files = {name: list(lines) for name, lines in FILES.items()}
    for name, kind, first, second in mutations:
        lines = files[name]
        first, second = first % len(lines), second % len(lines)
        if kind == "delete" and len(lines) > 1:
            del lines[first]
        elif kind == "duplicate":
            lines.insert(first, lines[first])
        else:
            lines[first], lines[second] = lines[second], lines[first]
    return {name: "\n".join(lines) + "\n" for name, lines in files.items()}


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_maps_never_crash_a_view(project, mutations):
    for name, text in _mutated(mutations).items():
        project.write(name, text)
    loaded = load(project.root / "order-to-delivery.yaml")
    ids = [*loaded.org.processes, *list(loaded.org.steps)[:3], *list(loaded.org.units)[:2], None]
    for view in VIEWS:
        for node_id in ids if view in ("process", "around") else [None]:
            try:
                dot = to_dot(build_chart(loaded.org, loaded.graph, loaded.findings, view, node_id))
            except ChartError:
                continue
            assert dot.startswith("digraph flowmap {")
