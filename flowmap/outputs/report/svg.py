"""Graphviz SVG made safe to put inline in the report's HTML pages.

Graphviz already escapes what it writes, and the charts package keeps user text out of
anything active. The report still parses each SVG and keeps only what a picture needs, by
an allow-list: the drawing elements Graphviz writes and their presentation attributes;
anything else (a script, foreign content, an event attribute, an element or attribute that
did not exist when this list was written) is dropped with all it holds. Links may only
point inside the picture. Every element id gets a per-chart prefix, because Graphviz numbers
the ids of each SVG from 1 and several charts share a page.

Two ways give the same text. libxml2 (lxml: parse, an XSLT stylesheet, serialise) takes
what Graphviz writes, and releases the GIL as it works, so that the report's drawing threads
inline each chart beside the main thread's work; ElementTree, the reference, takes every
input the first way does not handle exactly like it (an element refused, an entity, a
carriage return, a parse error: then its error is the one given). Measured (2,400 charts of
the report of 1,200 small processes, 31 MB): ElementTree 1.5 s of CPU on the main thread;
libxml2 about 1.7 s, almost all of it outside the GIL, in the drawing threads.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from functools import cache

from lxml import etree

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
_URL_REF = re.compile(r"url\(\s*(['\"]?)\s*#")


def inline_svg(svg: bytes, prefix: str) -> str:
    """`svg` as markup for inside HTML: no XML prologue, no comments, only allowed elements
    and attributes, every id prefixed with `prefix`. Raises ValueError when it is not
    well-formed XML."""
    fast = _by_libxml2(svg, prefix)
    return fast if fast is not None else _by_elementtree(svg, prefix)


def _by_elementtree(svg: bytes, prefix: str) -> str:
    """The reference way: every input; the Python code holds the GIL throughout."""
    try:
        root = ET.fromstring(svg)  # expat fetches no DTD and expands no external entity
    except ET.ParseError as error:
        raise ValueError(f"Graphviz wrote SVG that is not well-formed: {error}") from error
    if _name(root.tag) != "svg":
        raise ValueError("Graphviz wrote something that is not an SVG picture")
    _keep_allowed(root)
    for element in root.iter():
        element.tag = _name(element.tag)  # inside HTML, <svg> puts its children in SVG's
        kept = {}
        for name, value in element.attrib.items():
            allowed = _attribute(_name(name), value, prefix)
            if allowed is not None:
                kept[_name(name)] = allowed
        element.attrib.clear()
        element.attrib.update(kept)
    root.set("xmlns", SVG)
    root.set("xmlns:xlink", XLINK)
    return ET.tostring(root, encoding="unicode")


def _keep_allowed(root: ET.Element) -> None:
    """Drop every element not on the list (a comment too), with all it holds."""
    refused = [
        (parent, child)
        for parent in root.iter()
        for child in parent
        if not isinstance(child.tag, str) or _name(child.tag) not in ELEMENTS
    ]
    for parent, child in refused:
        parent.remove(child)


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


# -- the same by libxml2 ------------------------------------------------------------------

_PLAIN = sorted(a for a in ATTRIBUTES if ":" not in a and a not in ("id", "href"))
# Kept elements are copied; the root is always `<svg>` (checked before); attributes are
# copied unless they are ids or links (prefixed) or hold ":" or "(" (`_attribute` decides).
_STYLESHEET = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns="{SVG}" xmlns:svg="{SVG}" xmlns:xlink="{XLINK}" xmlns:f="urn:flowmap:svg"
  exclude-result-prefixes="f svg">
<xsl:output method="xml" omit-xml-declaration="yes" encoding="utf-8"/>
<xsl:param name="prefix"/>
<xsl:template match="/"><xsl:apply-templates select="*" mode="root"/></xsl:template>
<xsl:template match="*" mode="root">
  <svg><xsl:apply-templates select="@*"/><xsl:apply-templates select="node()"/></svg>
</xsl:template>
<xsl:template match="{"|".join(f"svg:{e}" for e in sorted(ELEMENTS))}">
  <xsl:copy><xsl:apply-templates select="@*"/><xsl:apply-templates select="node()"/></xsl:copy>
</xsl:template>
<xsl:template match="{"|".join(sorted(ELEMENTS))}">
  <xsl:element name="{{local-name()}}" namespace="{SVG}">
    <xsl:apply-templates select="@*"/><xsl:apply-templates select="node()"/>
  </xsl:element>
</xsl:template>
<xsl:template match="*"/>
<xsl:template match="@*"/>
<xsl:template match="{"|".join(f"@{a}" for a in _PLAIN)}">
  <xsl:choose>
    <xsl:when test="contains(., ':') or contains(., '(')">
      <xsl:variable name="kept" select="f:kept(local-name(), string(.), $prefix)"/>
      <xsl:if test="starts-with($kept, '+')">
        <xsl:attribute name="{{local-name()}}"><xsl:value-of select="substring($kept, 2)"/>
        </xsl:attribute>
      </xsl:if>
    </xsl:when>
    <xsl:otherwise><xsl:copy/></xsl:otherwise>
  </xsl:choose>
</xsl:template>
<xsl:template match="@id">
  <xsl:attribute name="id"><xsl:value-of select="concat($prefix, '-', .)"/></xsl:attribute>
</xsl:template>
<xsl:template match="@href">
  <xsl:if test="starts-with(., '#')">
    <xsl:attribute name="href">
      <xsl:value-of select="concat('#', $prefix, '-', substring(., 2))"/>
    </xsl:attribute>
  </xsl:if>
</xsl:template>
<xsl:template match="@xlink:href">
  <xsl:if test="starts-with(., '#')">
    <xsl:attribute name="xlink:href">
      <xsl:value-of select="concat('#', $prefix, '-', substring(., 2))"/>
    </xsl:attribute>
  </xsl:if>
</xsl:template>
<xsl:template match="@xlink:title"><xsl:copy/></xsl:template>
</xsl:stylesheet>"""
_ELEMENTS = etree.XPath("count(//*)")
# An entity other than XML's own, or a carriage return by reference: ElementTree's way.
_RARE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)|&#0*13;|&#x0*[dD];")
_DECLARED = f' xmlns="{SVG}" xmlns:xlink="{XLINK}"'
_each_thread = threading.local()  # lxml's parsers and stylesheets are not shared by threads


def _kept(_context, name: str, value: str, prefix: str) -> str:
    kept = _attribute(name, value, prefix)
    return "-" if kept is None else f"+{kept}"


etree.FunctionNamespace("urn:flowmap:svg")["kept"] = _kept


def _tools() -> tuple[etree.XMLParser, etree.XSLT]:
    if not hasattr(_each_thread, "tools"):
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        _each_thread.tools = parser, etree.XSLT(etree.XML(_STYLESHEET))
    return _each_thread.tools


def _by_libxml2(svg: bytes, prefix: str) -> str | None:
    """What `_by_elementtree` gives, or None for an input this way does not handle."""
    if _RARE.search(svg):
        return None
    parser, transform = _tools()
    try:
        root = etree.fromstring(svg, parser)
    except etree.XMLSyntaxError:
        return None
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace not in (None, SVG):
        return None
    kept = transform(root, prefix=etree.XSLT.strparam(prefix))
    if kept.getroot() is None or _ELEMENTS(kept) != _ELEMENTS(root):
        return None  # an element was refused: ElementTree drops the text after it too
    text = etree.tostring(kept, encoding="unicode")
    if text.count("xmlns") != 2:
        return None  # a namespace declared elsewhere than on the root (another prefix)
    return _as_elementtree_writes(text)


def _as_elementtree_writes(text: str) -> str:
    """libxml2's serialisation as ElementTree's: `<a />` for `<a/>`, a tab in an attribute
    as `&#09;`, and the root's namespace declarations after its attributes. (">" is
    escaped in attribute values and text alike, so "/>" only ends a tag.)"""
    text = text.replace("/>", " />").replace("&#9;", "&#09;")
    end = text.index(">") + 1
    head = text[len("<svg" + _DECLARED) : end]
    head = head[:-3] + _DECLARED + " />" if head.endswith(" />") else head[:-1] + _DECLARED + ">"
    return "<svg" + head + text[end:]
