"""Graphviz SVG made safe to put inline in the report's one HTML page.

Graphviz already escapes what it writes, and the charts package keeps user text out of
anything active. The report still parses each SVG and keeps only what a picture needs: no
script, no foreign content, no event attribute, nothing pointing outside the picture. It
also gives every element id a per-chart prefix, because Graphviz numbers the ids of each
SVG from 1 and several charts share the page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
_UNSAFE = {
    "script",
    "foreignObject",
    "iframe",
    "object",
    "embed",
    "use",
    "image",
    "style",
    "animate",
    "set",
    "animateMotion",
    "animateTransform",
    "handler",
    "listener",
}
_POINTING = {"id", "href"}  # always looked at, with every name starting with "on"
_URL_REF = re.compile(r"url\(\s*(['\"]?)\s*#")


def inline_svg(svg: bytes, prefix: str) -> str:
    """`svg` as markup for inside HTML: no XML prologue, no comments, nothing active, every
    id prefixed with `prefix`. Raises ValueError when it is not well-formed XML."""
    try:
        root = ET.fromstring(svg)  # expat fetches no DTD and expands no external entity
    except ET.ParseError as error:
        raise ValueError(f"Graphviz wrote SVG that is not well-formed: {error}") from error
    _clean(root, prefix)
    for element in root.iter():  # inside HTML, <svg> puts its children in SVG's namespace
        element.tag = _local(element.tag)
        for name in [name for name in element.attrib if name.startswith(f"{{{XLINK}}}")]:
            element.attrib[f"xlink:{_local(name)}"] = element.attrib.pop(name)
    root.set("xmlns", SVG)
    root.set("xmlns:xlink", XLINK)
    return ET.tostring(root, encoding="unicode")


def _clean(root: ET.Element, prefix: str) -> None:
    unsafe = [
        (parent, child)
        for parent in root.iter()
        for child in parent
        if not isinstance(child.tag, str) or _local(child.tag) in _UNSAFE
    ]
    for parent, child in unsafe:  # an unsafe element goes with all it holds
        parent.remove(child)
    for element in root.iter():
        _clean_attributes(element, prefix)


def _clean_attributes(element: ET.Element, prefix: str) -> None:
    for name, value in list(element.attrib.items()):
        local = _local(name).lower()
        if (
            local not in _POINTING
            and ":" not in value
            and "(" not in value
            and not local.startswith("on")
        ):
            continue  # plain data, the most of any chart: coordinates, colours, fonts
        if local.startswith("on") or (local == "href" and not value.startswith("#")):
            del element.attrib[name]
        elif local == "href":
            element.attrib[name] = f"#{prefix}-{value[1:]}"
        elif local == "id":
            element.attrib[name] = f"{prefix}-{value}"
        elif local != "title":  # a tooltip is only text; other values may not point away
            if not _points_inside(value):
                del element.attrib[name]
            elif "url(" in value:
                element.attrib[name] = _URL_REF.sub(rf"url(\1#{prefix}-", value)


def _points_inside(value: str) -> bool:
    """Whether `value` points nowhere, or only inside its own picture (`url(#id)`)."""
    squeezed = re.sub(r"\s+", "", value).lower()
    if "javascript:" in squeezed or "data:" in squeezed:
        return False
    return squeezed.count("url(") == len(_URL_REF.findall(value))


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]
