"""Graphviz SVG made safe to put inline in the report's HTML pages.

Graphviz already escapes what it writes, and the charts package keeps user text out of
anything active. The report still parses each SVG and keeps only what a picture needs, by
an allow-list: the drawing elements Graphviz writes and their presentation attributes;
anything else (a script, foreign content, an event attribute, an element or attribute that
did not exist when this list was written) is dropped with all it holds. Links may only
point inside the picture. Every element id gets a per-chart prefix, because Graphviz numbers
the ids of each SVG from 1 and several charts share a page.

The kept elements are written as the parser meets them (`_Written`), with no tree made
and none written back: the same text as ElementTree writing the tree left after the cut (a
test holds the two the same). Measured on the 2,413 charts of the report of 1,200 small
processes (31 MB, load 4, three pairs in turns): 1.50-1.58 s of CPU through the tree,
1.13-1.20 s this way. A second way by libxml2 (lxml's XSLT, outside the GIL, in the drawing
threads) gave the same text but gained 1-3% on the report (`bench_devices`, two quiet
runs): removed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from xml.etree.ElementTree import _escape_attrib, _escape_cdata  # ElementTree's own

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "title",
        "desc",
        "a",
        "path",
        "polygon",
        "polyline",
        "ellipse",
        "circle",
        "rect",
        "line",
        "text",
        "tspan",
        "defs",
        "linearGradient",
        "radialGradient",
        "stop",
    }
)
ATTRIBUTES = frozenset(
    {
        "id",
        "class",
        "transform",
        "viewBox",
        "width",
        "height",
        "preserveAspectRatio",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "fx",
        "fy",
        "r",
        "rx",
        "ry",
        "d",
        "points",
        "offset",
        "gradientUnits",
        "gradientTransform",
        "fill",
        "fill-opacity",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stop-color",
        "stop-opacity",
        "opacity",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "text-decoration",
        "style",
        "href",  # only "#id", inside the picture
        "xlink:href",
        "xlink:title",  # a tooltip: only ever text
    }
)
# The allowed attributes whose value is kept as it is, unless it may point somewhere (`:`, `(`)
_PLAIN = ATTRIBUTES - {"href", "xlink:href", "xlink:title", "id"}
_URL_REF = re.compile(r"url\(\s*(['\"]?)\s*#")


def inline_svg(svg: bytes, prefix: str) -> str:
    """`svg` as markup for inside HTML: no XML prologue, no comments, only allowed elements
    and attributes, every id prefixed with `prefix`. Raises ValueError when it is not
    well-formed XML."""
    written = _Written(prefix)
    parser = ET.XMLParser(target=written)  # expat fetches no DTD, expands no external entity
    try:
        parser.feed(svg)
        parser.close()
    except ET.ParseError as error:
        raise ValueError(f"Graphviz wrote SVG that is not well-formed: {error}") from error
    if written.root != "svg":
        raise ValueError("Graphviz wrote something that is not an SVG picture")
    return "".join(written.out)


class _Written:
    """The parser's target: writes the allowed elements as the parser meets them, as
    ElementTree would write the tree left once every element not on the list (`ELEMENTS`)
    is dropped with all it holds and the text after it (its `tail`): the same text (a test
    holds the two the same), without making the tree."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.out: list[str] = []
        self.root = ""  # the first element's name
        self.text: list[str] = []  # the text met since the last tag, not written yet
        self.dropping = 0  # how deep inside an element that is dropped
        self.tail_dropped = False  # the text after a dropped element goes with it
        self.open = False  # the last start tag written lacks its ">": nothing in it yet

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self.dropping:
            self.dropping += 1
            return
        self._text()
        self.tail_dropped = False
        name = _name(tag)
        first = not self.root
        if first:
            self.root = name
        if name not in ELEMENTS:
            self.dropping = 1
            return
        out = self.out
        if self.open:
            out.append(">")
        kept: dict[str, str] = {}
        for key, value in attrib.items():
            key = _name(key)
            if key in _PLAIN and ":" not in value and "(" not in value:
                kept[key] = value  # (what `_attribute` keeps of it, said here for speed)
                continue
            allowed = _attribute(key, value, self.prefix)
            if allowed is not None:
                kept[key] = allowed
        if first:
            kept["xmlns"] = SVG
            kept["xmlns:xlink"] = XLINK
        out.append(f"<{name}")
        out.extend([f' {key}="{_escape_attrib(value)}"' for key, value in kept.items()])
        self.open = True

    def end(self, tag: str) -> None:
        if self.dropping:
            self.dropping -= 1
            self.tail_dropped = not self.dropping
            return
        self._text()
        self.tail_dropped = False
        if self.open:
            self.out.append(" />")
            self.open = False
        else:
            self.out.append(f"</{_name(tag)}>")

    def data(self, text: str) -> None:
        if not (self.dropping or self.tail_dropped):
            self.text.append(text)

    def close(self) -> None:
        return None

    def _text(self) -> None:
        """Write the text met since the last tag, closing the open start tag first."""
        if not self.text:
            return
        text = "".join(self.text)
        self.text.clear()
        if not text:
            return
        if self.open:
            self.out.append(">")
            self.open = False
        self.out.append(_escape_cdata(text))


def _attribute(name: str, value: str, prefix: str) -> str | None:
    """The value to keep for an allowed attribute, or None to drop it."""
    if name not in ATTRIBUTES:
        return None
    if name == "xlink:title":
        return value
    if name in ("href", "xlink:href"):
        return f"#{prefix}-{value[1:]}" if value.startswith("#") else None
    if name == "id":
        return f"{prefix}-{value}"
    if ":" not in value and "(" not in value:
        return value  # plain data, the most of any chart: coordinates, colours, fonts
    if not _points_inside(value):
        return None
    return _URL_REF.sub(rf"url(\1#{prefix}-", value) if "url(" in value else value


def _points_inside(value: str) -> bool:
    """Whether `value` points nowhere, or only inside its own picture (`url(#id)`)."""
    squeezed = re.sub(r"\s+", "", value).lower()
    if "javascript:" in squeezed or "data:" in squeezed or "expression(" in squeezed:
        return False
    return squeezed.count("url(") == len(_URL_REF.findall(value))


@cache
def _name(name: str) -> str:
    """The name as HTML writes it: SVG's namespace dropped, XLink's as `xlink:`."""
    if name.startswith(f"{{{XLINK}}}"):
        return "xlink:" + name.rsplit("}", 1)[-1]
    if name.startswith("{"):
        namespace, local = name[1:].split("}", 1)
        return local if namespace == SVG else f"{{{namespace}}}{local}"
    return name
