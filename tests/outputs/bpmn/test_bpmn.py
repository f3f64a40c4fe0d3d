"""`flowmap export bpmn`: the BPMN a modeler opens, read back as a modeler reads it (the
semantics, the lanes, the diagram). The BPMN tools themselves judge it in test_tools.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from flowmap.load.bpmn.ids import bpmn_id, flowmap_id
from flowmap.outputs.bpmn.content import NS as FLOWMAP

HERE = Path(__file__).parent
SHAPES = HERE / "shapes.yaml"
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {
    "bpmn": BPMN,
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "flowmap": FLOWMAP,
}
FLOW_NODES = ("task", "subProcess", "startEvent", "endEvent", "parallelGateway", "exclusiveGateway")


def export(tmp_path: Path, source: Path, process: str) -> tuple[bytes, etree._Element]:
    out = tmp_path / f"{process}.bpmn"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "flowmap",
            "export",
            "bpmn",
            str(source),
            "--id",
            process,
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    return data, etree.fromstring(data)


@pytest.fixture(scope="module")
def shapes(tmp_path_factory) -> etree._Element:
    return export(tmp_path_factory.mktemp("bpmn"), SHAPES, "shapes")[1]


def one(root: etree._Element, path: str) -> etree._Element:
    found = root.xpath(path, namespaces=NS)
    assert len(found) == 1, (path, found)
    return found[0]


def test_the_company_is_a_pool_with_a_lane_per_unit_and_a_child_lane_per_role(shapes):
    company = one(shapes, "//bpmn:participant[@name='Every shape']")
    process = one(shapes, f"//bpmn:process[@id='{company.get('processRef')}']")
    units = process.xpath("bpmn:laneSet/bpmn:lane", namespaces=NS)
    assert [lane.get("name") for lane in units] == ["Sales", "Production", "Quality (品质部)"]
    children = {
        unit.get("name"): [
            c.get("name") for c in unit.xpath("bpmn:childLaneSet/bpmn:lane", namespaces=NS)
        ]
        for unit in units
    }
    # a step done by the unit itself (check-stock, by: quality) has a child lane named
    # after the unit; a joint step stands in its first executor's lane only
    assert children == {
        "Sales": ["Order clerk"],
        "Production": ["Foreman"],
        "Quality (品质部)": ["Quality (品质部)", "检验员"],
    }
    # every flow node of the process is in exactly one leaf lane and in that lane's unit
    nodes = {
        node.get("id")
        for kind in FLOW_NODES
        for node in process.xpath(f"bpmn:{kind}", namespaces=NS)
    }
    leaves = process.xpath("bpmn:laneSet/bpmn:lane/bpmn:childLaneSet/bpmn:lane", namespaces=NS)
    in_leaves = [
        ref.text for leaf in leaves for ref in leaf.xpath("bpmn:flowNodeRef", namespaces=NS)
    ]
    assert sorted(in_leaves) == sorted(nodes)
    in_units = [ref.text for unit in units for ref in unit.xpath("bpmn:flowNodeRef", namespaces=NS)]
    assert sorted(in_units) == sorted(nodes)
    clerk = one(process, ".//bpmn:lane[@name='Order clerk']")
    assert "Step_2024-accept-order" in [
        ref.text for ref in clerk.xpath("bpmn:flowNodeRef", namespaces=NS)
    ]


def test_the_customer_is_its_own_pool_and_handoffs_with_it_are_message_flows(shapes):
    customer = one(shapes, "//bpmn:participant[@name='Customer (客户)']")
    process = one(shapes, f"//bpmn:process[@id='{customer.get('processRef')}']")
    tasks = [task.get("name") for task in process.xpath("bpmn:task", namespaces=NS)]
    assert tasks == ["Customer places order", "Customer receives goods"]
    assert process.xpath("count(bpmn:startEvent)", namespaces=NS) == 1
    assert process.xpath("count(bpmn:endEvent)", namespaces=NS) == 1
    messages = [
        (m.get("sourceRef"), m.get("targetRef"), m.get("name"))
        for m in shapes.xpath("//bpmn:messageFlow", namespaces=NS)
    ]
    assert messages == [
        ("Step_place-order", "Step_2024-accept-order", "purchase order"),
        ("Step_inspect", "Step_receive", "goods"),
    ]


def test_gateways_fork_join_and_loop_back_for_rework(shapes):
    flows = {f.get("id"): f for f in shapes.xpath("//bpmn:sequenceFlow", namespaces=NS)}

    def targets(node_id: str) -> list[str]:
        return [f.get("targetRef") for f in flows.values() if f.get("sourceRef") == node_id]

    # accept-order hands over to two steps: through a parallel gateway
    (fork,) = targets("Step_2024-accept-order")
    assert one(shapes, f"//*[@id='{fork}']").tag == f"{{{BPMN}}}parallelGateway"
    assert len(targets(fork)) == 2
    # two steps hand over to inspect: joined by a parallel gateway, so no task has two
    # incoming flows
    join = one(shapes, "//bpmn:parallelGateway[bpmn:outgoing][count(bpmn:incoming)=2]")
    assert targets(join.get("id")) == ["Step_inspect"]
    # inspect sends rework back to build: an exclusive gateway, the rework flow named and
    # conditioned, the forward flow its default
    (split_id,) = targets("Step_inspect")
    split = one(shapes, f"//*[@id='{split_id}']")
    assert split.tag == f"{{{BPMN}}}exclusiveGateway" and split.get("name")
    rework = [flows[key] for key in split.xpath("bpmn:outgoing/text()", namespaces=NS)]
    conditioned = [f for f in rework if f.find("bpmn:conditionExpression", NS) is not None]
    assert len(conditioned) == 1 and conditioned[0].get("name").startswith("rework")
    assert split.get("default") == next(f.get("id") for f in rework if f not in conditioned)
    # ...and comes back through a joining exclusive gateway before build
    back = one(shapes, f"//*[@id='{conditioned[0].get('targetRef')}']")
    assert back.tag == f"{{{BPMN}}}exclusiveGateway"
    assert targets(back.get("id")) == ["Step_build"]
    for task in shapes.xpath("//bpmn:task | //bpmn:subProcess", namespaces=NS):
        assert len(task.xpath("bpmn:incoming", namespaces=NS)) <= 1, task.get("id")
    # incoming/outgoing agree with the flows on every node
    for flow in flows.values():
        source = one(shapes, f"//*[@id='{flow.get('sourceRef')}']")
        target = one(shapes, f"//*[@id='{flow.get('targetRef')}']")
        assert flow.get("id") in source.xpath("bpmn:outgoing/text()", namespaces=NS)
        assert flow.get("id") in target.xpath("bpmn:incoming/text()", namespaces=NS)


def test_a_step_with_operations_is_a_sub_process_with_its_own_flow(shapes):
    build = one(shapes, "//bpmn:subProcess[@id='Step_build']")
    assert [t.get("name") for t in build.xpath("bpmn:task", namespaces=NS)] == ["Cut", "Weld"]
    assert build.xpath("count(bpmn:startEvent)", namespaces=NS) == 1
    assert build.xpath("count(bpmn:endEvent)", namespaces=NS) == 1
    # drawn collapsed in the collaboration, its inside on a plane of its own
    assert one(shapes, "//bpmndi:BPMNShape[@bpmnElement='Step_build']").get("isExpanded") == "false"
    plane = one(shapes, "//bpmndi:BPMNPlane[@bpmnElement='Step_build']")
    assert plane.xpath("count(bpmndi:BPMNShape)", namespaces=NS) == 4


def test_the_three_step_content_is_documentation_and_extension_elements(shapes):
    accept = one(shapes, "//bpmn:task[@id='Step_2024-accept-order']")
    documentation = one(accept, "bpmn:documentation").text
    assert "Done by: Order clerk (clerk), Planner (planner)" in documentation
    assert "Recheck: Order names item code" in documentation
    assert "Needs purchase order: Signed by the buyer; due 1d; satisfaction 0.9" in documentation
    step = one(accept, "bpmn:extensionElements/flowmap:step")
    assert (step.get("id"), step.get("by"), step.get("lead_time")) == (
        "2024-accept-order",
        "clerk",
        "4h",
    )
    assert one(step, "flowmap:joint").get("by") == "planner"
    assert one(step, "flowmap:recheck").text == "Order names item code"
    assert one(step, "flowmap:delivers").get("item") == "sales order"
    need = one(step, "flowmap:need")
    assert (need.get("item"), need.get("due"), need.get("satisfaction")) == (
        "purchase order",
        "1d",
        "0.9",
    )
    assert one(need, "flowmap:requires").text == "Signed by the buyer"
    assert [n.get("step") for n in step.xpath("flowmap:next", namespaces=NS)] == [
        "build",
        "check-stock",
    ]
    waiver = one(step, "flowmap:waive")
    assert (waiver.get("rule"), waiver.get("approved_by"), waiver.get("until")) == (
        "placeholder-text",
        "clerk",
        "2099-12-31",
    )
    inspect = one(shapes, "//bpmn:task[@id='Step_inspect']/bpmn:extensionElements/flowmap:step")
    assert one(inspect, "flowmap:rework").get("step") == "build"
    assert [n.get("from") for n in inspect.xpath("flowmap:need", namespaces=NS)] == [
        "build",
        "check-stock",
    ]


def test_every_element_is_drawn_and_no_shape_overlaps_another(shapes):
    drawn = {s.get("bpmnElement"): s for s in shapes.xpath("//bpmndi:BPMNShape", namespaces=NS)}
    edges = {e.get("bpmnElement"): e for e in shapes.xpath("//bpmndi:BPMNEdge", namespaces=NS)}
    for element in shapes.xpath("//bpmn:*[@id]", namespaces=NS):
        kind = etree.QName(element).localname
        if kind in (*FLOW_NODES, "participant", "lane"):
            assert element.get("id") in drawn, element.get("id")
        if kind in ("sequenceFlow", "messageFlow"):
            waypoints = edges[element.get("id")].xpath("di:waypoint", namespaces=NS)
            assert len(waypoints) >= 2
    main = one(shapes, "//bpmndi:BPMNPlane[@id='Plane_main']")
    boxes = []
    for shape in main.xpath("bpmndi:BPMNShape", namespaces=NS):
        target = one(shapes, f"//*[@id='{shape.get('bpmnElement')}']")
        if etree.QName(target).localname in FLOW_NODES:
            bounds = one(shape, "dc:Bounds")
            boxes.append(
                (
                    shape.get("bpmnElement"),
                    *(float(bounds.get(k)) for k in ("x", "y", "width", "height")),
                )
            )
    for number, (a, ax, ay, aw, ah) in enumerate(boxes):
        for b, bx, by, bw, bh in boxes[number + 1 :]:
            apart = ax + aw < bx or bx + bw < ax or ay + ah < by or by + bh < ay
            assert apart, (a, b)
    # events and gateways with a name have a label outside the shape
    assert (
        one(
            shapes,
            "//bpmndi:BPMNShape[@bpmnElement='Start_Process_shapes']/bpmndi:BPMNLabel/dc:Bounds",
        )
        is not None
    )


def test_ids_that_are_not_xml_names_map_back():
    assert bpmn_id("Step", "2024-accept-order") == "Step_2024-accept-order"
    for key in ("2024-accept-order", "a_b", "x/../y", "检验", "a b:c"):
        made = bpmn_id("Step", key)
        assert etree.QName(made).localname == made  # an NCName (lxml refuses others)
        assert flowmap_id("Step", made) == key


def test_names_are_kept_and_control_characters_escaped(tmp_path):
    source = tmp_path / "hostile.yaml"
    source.write_text(
        SHAPES.read_text(encoding="utf-8")
        .replace("name: Production builds", 'name: "Build \\x1b]2;PWNED\\x07 <script>&\\uFFFE"')
        .replace("name: Every shape", "name: 全部形状"),
        encoding="utf-8",
    )
    data, root = export(tmp_path, source, "shapes")
    assert one(root, "//bpmn:subProcess").get("name") == "Build \\x1b]2;PWNED\\x07 <script>&\\ufffe"
    assert b"<script>" not in data and b"\x1b" not in data
    assert one(root, "//bpmn:participant[@processRef='Process_shapes']").get("name") == "全部形状"


def test_the_export_is_the_same_bytes_each_time(tmp_path):
    first, _ = export(tmp_path, SHAPES, "shapes")
    again, _ = export(tmp_path, SHAPES, "shapes")
    assert first == again


def test_the_export_grows_with_the_map_not_faster(project):
    """Twice the handoffs, about twice the BPMN: a dense flow (every step handing over to
    the next 29) costs its flows and gateways, nothing per pair of steps."""
    from bench.corpus import ORG, fan_out_process
    from flowmap.outputs.bpmn import process_bpmn
    from flowmap.project import open_workspace

    project.write("org.yaml", ORG)
    sizes = []
    for steps in (100, 200):
        project.write("map.yaml", fan_out_process(steps))
        org = open_workspace([str(project.root / "map.yaml")]).org
        root = etree.fromstring(process_bpmn(org, org.processes["fan"]))
        flows = len(root.xpath("//bpmn:sequenceFlow", namespaces=NS))
        handoffs = sum(1 for _ in org.steps.values()) * 29
        assert flows < 3 * handoffs
        sizes.append(flows)
    assert sizes[1] < 2.2 * sizes[0]
