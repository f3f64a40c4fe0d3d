"""The three-step content of a step, for BPMN: a documentation text people read in the
modeler's properties panel, and extension elements in flowmap's own namespace that carry
every value exactly (what `flowmap import bpmn` reads back).

    <flowmap:step id="accept-order" by="order-clerk" lead_time="4h">
      <flowmap:joint by="buyer"/>
      <flowmap:recheck>Order names item code</flowmap:recheck>
      <flowmap:assure>Credit checked</flowmap:assure>
      <flowmap:delivers item="sales order" lead_time="10m"/>
      <flowmap:need item="purchase order" from="place-order" due="1d" satisfaction="0.82">
        <flowmap:requires>Signed by the buyer</flowmap:requires>
      </flowmap:need>
      <flowmap:next step="pick"/>           (only where the map names `next`; bare: `next: []`)
      <flowmap:rework step="accept-order"/>
      <flowmap:waive rule="assure-own" reason="..." approved_by="qm" until="2027-01-31"/>
    </flowmap:step>
"""

from __future__ import annotations

from lxml import etree

from flowmap.load.bpmn import NS
from flowmap.load.bpmn import documentation as doc
from flowmap.load.names import xml_safe
from flowmap.model import types as t

PREFIX = "flowmap"


def tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def documentation(step: t.Step, names: dict[str, str]) -> str:
    """What the step is held to, as lines a process owner reads in the modeler (and
    `flowmap.load.bpmn.documentation` reads back where a modeler dropped the extension)."""
    joined = doc.SEPARATOR.join
    executors = ", ".join(_named(key, names) for key in step.executors) or "-"
    lines = [f"{doc.DONE_BY}: {executors}"]
    for label, texts in ((doc.RECHECK, step.recheck), (doc.ASSURE, step.assure)):
        if texts:
            lines.append(f"{label}: {joined(texts)}")
    if step.delivers:
        lines.append(f"{doc.DELIVERS}: {joined(step.delivers)}")
    if step.lead_time is not None:
        lines.append(f"{doc.LEAD_TIME}: {step.lead_time}")
    for need in step.needs:
        said = f"{doc.NEEDS} {need.item}"
        if need.from_:
            said += f" {doc.FROM} {_named(need.from_, names)}"
        if need.requires:
            said += f": {joined(need.requires)}"
        if need.due is not None:
            said += f"{doc.SEPARATOR}{doc.DUE} {need.due}"
        if need.satisfaction is not None:
            said += f"{doc.SEPARATOR}{doc.SATISFACTION} {need.satisfaction:g}"
        lines.append(said)
    for rule, reason in {**step.waive, **_need_waivers(step)}.items():
        lines.append(f"{doc.WAIVED} {rule}: {reason}")
    return xml_safe("\n".join(lines))


def _named(key: str, names: dict[str, str]) -> str:
    name = names.get(key)
    return f"{name} ({key})" if name and name != key else key


def _need_waivers(step: t.Step) -> dict[str, str]:
    return {rule: reason for need in step.needs for rule, reason in need.waive.items()}


def step_element(step: t.Step) -> etree._Element:
    """The `flowmap:step` extension element of `step` (see the module's docstring)."""
    element = etree.Element(tag("step"), nsmap={PREFIX: NS})
    _set(element, "id", step.id)
    _set(element, "by", step.by)
    _set(element, "lead_time", step.lead_time)
    for other in step.joint:
        _set(etree.SubElement(element, tag("joint")), "by", other)
    for name, texts in (("recheck", step.recheck), ("assure", step.assure)):
        for text in texts:
            etree.SubElement(element, tag(name)).text = xml_safe(text)
    from flowmap.model.texts import normal

    for item in step.delivers:
        delivered = etree.SubElement(element, tag("delivers"))
        _set(delivered, "item", item)
        _set(delivered, "lead_time", step.item_lead_times.get(normal(item)))
    for need in step.needs:
        element.append(_need(need))
    if step.next is not None:
        for key in step.next:
            _set(etree.SubElement(element, tag("next")), "step", key)
        if not step.next:
            etree.SubElement(element, tag("next"))
    for key in step.rework:
        _set(etree.SubElement(element, tag("rework")), "step", key)
    _waivers(element, step)
    return element


def _need(need: t.StepNeed) -> etree._Element:
    element = etree.Element(tag("need"))
    _set(element, "item", need.item)
    _set(element, "from", need.from_)
    _set(element, "due", need.due)
    if need.satisfaction is not None:
        _set(element, "satisfaction", f"{need.satisfaction:g}")
    for text in need.requires:
        etree.SubElement(element, tag("requires")).text = xml_safe(text)
    _waivers(element, need)
    return element


def _waivers(element: etree._Element, obj: t.Located) -> None:
    for rule, reason in obj.waive.items():
        waiver = etree.SubElement(element, tag("waive"))
        _set(waiver, "rule", rule)
        _set(waiver, "reason", reason)
        terms = obj.waive_terms.get(rule)
        if terms is not None:
            _set(waiver, "approved_by", terms.approved_by)
            _set(waiver, "until", terms.until.isoformat() if terms.until else None)


def holder(kind: str, **values: object) -> etree._Element:
    """A `flowmap:KIND` element with the given attributes (a process, lane or customer)."""
    element = etree.Element(tag(kind), nsmap={PREFIX: NS})
    for name, value in values.items():
        _set(element, name, value)
    return element


def _set(element: etree._Element, name: str, value: object) -> None:
    if value is not None and value != "":
        element.set(name, xml_safe(str(value)))
