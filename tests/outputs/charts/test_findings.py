"""Findings of `flowmap check` are drawn on the nodes and edges they are about, in red."""

from __future__ import annotations

from pathlib import Path

from flowmap.findings import ERROR, Finding, Subject
from flowmap.outputs.charts import build_chart, to_dot
from flowmap.outputs.charts.marks import Marks
from flowmap.rules.engine import finding_of
from flowmap.rules.issue import Issue
from tests.outputs.charts.conftest import draw, load

FAULTY = Path(__file__).parent / "maps" / "faulty.yaml"
RED = '"#D7191C"'


def test_faulty_map_has_the_findings_these_tests_draw():
    rules = sorted((f.rule, f.line) for f in load(FAULTY).findings if f.file == str(FAULTY))
    assert rules == [
        ("assure-own", 33),
        ("next-step-is-customer", 26),
        ("schema", 20),
        # `by: nobody` is a typo, not a customer: the step's handoffs are still judged
        ("serve-downstream", 13),
        ("serve-downstream", 33),
        ("unknown-reference", 23),
        ("unknown-reference", 27),
    ]


def test_a_step_finding_turns_the_step_red_with_the_rule_id():
    drawn = draw(load(FAULTY), "process", "complaint")
    step = drawn.node("Analyse cause")
    assert step.attrs["color"] == RED and step.attrs["penwidth"] == '"2.5"'
    # three findings (by: nobody, next: ghost, report needed by nobody) are about this step;
    # each rule id shows once
    assert step.lines[-1] == "\u2717 next-step-is-customer, unknown-reference"
    tooltip = step.attrs["tooltip"]
    assert "names no external customer, role or unit" in tooltip
    assert "`next: ghost` names no step" in tooltip


def test_a_need_finding_turns_its_handoff_edge_red():
    drawn = draw(load(FAULTY), "process", "complaint")
    (edge,) = drawn.edges_between("Customer complains", "Log complaint")
    assert edge.attrs["color"] == RED and edge.attrs["fontcolor"] == RED
    assert edge.lines == ["complaint", "\u2717 schema"]
    assert "is not a duration" in edge.attrs["tooltip"]
    clean = drawn.edges_between("Log complaint", "Analyse cause")[0]
    assert "color" not in clean.attrs or clean.attrs["color"] != RED


def test_the_legend_counts_the_findings_on_the_chart():
    legend = draw(load(FAULTY), "process", "complaint").nodes["legend"].attrs["label"]
    assert "7 findings on this chart" in legend
    assert "a finding of `flowmap check`" in legend


def test_no_findings_draws_no_red():
    loaded = load(FAULTY)
    drawn = draw(loaded, "process", "complaint", show_findings=False)
    dot = to_dot(
        build_chart(
            loaded.org, loaded.graph, loaded.findings, "process", "complaint", show_findings=False
        )
    )
    assert "D7191C" not in dot and "\u2717 unknown-reference" not in dot
    assert drawn.node("Analyse cause").lines == ["Analyse cause", "by nobody (unknown)"]
    assert "findings on this chart" not in drawn.nodes["legend"].attrs["label"]


def test_findings_about_things_not_drawn_are_counted_apart():
    # the org view draws roles: the step findings of the faulty map are elsewhere
    legend = draw(load(FAULTY), "org").nodes["legend"].attrs["label"]
    # seven in faulty.yaml and six idle units (the complaint chain is their only process);
    # the one idle role, the operations manager, is drawn in red here
    assert "1 finding on this chart; 13 about things not drawn here" in legend


def _finding_at(org, obj, key: str, rule: str = "rank-cycle") -> Finding:
    """A finding as the engine makes it: at its place, about `obj`."""
    return finding_of(org, rule, ERROR, Issue(obj, f"a {rule} finding", key=key))


def test_findings_in_the_other_views(plant):
    org, graph = plant.org, plant.graph
    findings = [
        _finding_at(org, org.roles["operator"], "reports_to"),
        _finding_at(org, org.services["erp"], "customers", "inside-outside-line"),
        _finding_at(org, org.units["rnd"], "name", "inside-outside-line"),
        _finding_at(org, org.steps["weld"].needs[0], "due", "serve-downstream"),
    ]
    loaded = type(plant)(org, graph, findings)
    assert draw(loaded, "org").node("Line operator").lines[-1] == "\u2717 rank-cycle"
    functions = draw(loaded, "functions")
    assert functions.node("Working ERP accounts").attrs["color"] == RED
    customers = draw(loaded, "customers")
    assert customers.node("Technical department (R&D)").attrs["color"] == RED
    (weld,) = customers.edges_between("Cut blanks", "Weld frame")  # labelled with the item
    assert weld.lines == ["blanks", "due 2h", "\u2717 serve-downstream"]
    assert weld.attrs["color"] == RED
    around = draw(loaded, "around", "operator")
    assert around.node("Line operator").attrs["color"] == RED
    process = draw(loaded, "process", "order-to-delivery")
    (weld,) = process.edges_between("Cut blanks", "Weld frame")
    assert weld.lines == ["blanks", "due 2h", "\u2717 serve-downstream"]


def test_a_unit_finding_marks_its_lane_in_the_process_view(plant):
    finding = _finding_at(plant.org, plant.org.units["quality"], "name", "inside-outside-line")
    chart = build_chart(plant.org, plant.graph, [finding], "process", "order-to-delivery")
    lanes = [
        sub for sub in chart.get_subgraphs() if (sub.get("label") or "").startswith('"Quality')
    ]
    assert lanes[0].get("pencolor") == RED
    assert lanes[0].get("label") == '"Quality department\\n\u2717 inside-outside-line"'


# -- which object a finding is about -------------------------------------------------------


def test_marks_read_the_subject_of_each_finding(plant):
    org = plant.org
    inspect, weld = org.steps["inspect"], org.steps["weld"]
    need = inspect.needs[0]
    about = {
        "need due": (need, "due"),
        "step rework": (inspect, "rework"),
        "operation": (weld, "assure"),
        "operation need": (weld.needs[0], "requires"),
        "role": (org.roles["buyer"], "rank"),
        "service": (org.services["erp"], "due"),
    }
    findings = [
        finding_of(org, "x", ERROR, Issue(obj, name, key=key)) for name, (obj, key) in about.items()
    ]
    marks = Marks(org, findings)
    assert [f.message for f in marks.on(need)] == ["need due"]
    assert [f.message for f in marks.on(inspect)] == ["step rework"]
    assert [f.message for f in marks.on(weld)] == ["operation"]
    assert [f.message for f in marks.on(weld.needs[0])] == ["operation need"]
    assert [f.message for f in marks.on(org.steps["produce"])] == []
    assert [f.message for f in marks.on(org.roles["buyer"])] == ["role"]
    assert [f.message for f in marks.on(org.services["erp"])] == ["service"]


def test_marks_put_a_refused_value_on_the_object_it_was_written_in():
    loaded = load(FAULTY)
    log = loaded.org.steps["log"]
    marks = Marks(loaded.org, loaded.findings)
    # `due: 2 days` left no place behind: it still lands on the need it was written in
    assert [f.rule for f in marks.on(log.needs[0])] == ["schema"]


def test_marks_put_findings_about_a_file_on_its_map(plant):
    the_map = plant.org.maps[0]
    source = Subject("file", plant.org.source(the_map.file))
    finding = Finding("schema", ERROR, the_map.file, 2, 1, "title", source)
    assert Marks(plant.org, [finding]).on(the_map) == [finding]
    elsewhere = Finding("schema", ERROR, "other.yaml", 2, 1, "title", Subject("file", "other"))
    assert Marks(plant.org, [elsewhere]).on(the_map) == []


def test_marks_never_look_at_the_line(plant):
    """A finding lands on its subject wherever its place says it is: no output guesses the
    object back from a line."""
    org = plant.org
    weld, role = org.steps["weld"], org.roles["buyer"]
    about_weld = finding_of(org, "x", ERROR, Issue(weld, "weld", key="assure"))
    moved = about_weld._replace(line=role.pos[1], column=role.pos[2], file=role.pos[0])
    marks = Marks(org, [moved])
    assert marks.on(weld) == [moved] and marks.on(role) == []
    assert Marks(org, [moved._replace(subject=None)]).on(role) == []
