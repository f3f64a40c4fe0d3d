"""BPMN text -> an lxml tree, refusing what a hostile file could do to the reader.

A BPMN file comes from anyone's modeler, so it is read like a YAML map: within the same
limits (`flowmap.load.limits`), and every problem a `syntax` finding at its line (and
column, where the parser gives one), never a traceback:

- **A DOCTYPE is refused** before parsing: BPMN needs none, and a DTD is where entity
  bombs (billion laughs) and external entities (`SYSTEM "file:///etc/passwd"`) live.
- The parser is configured against the rest as well: entities are never resolved, no DTD
  is loaded, nothing is fetched from the network, and libxml2's own bounds stay on
  (`huge_tree=False`: a text node over 10 MB, nesting over 256 levels are errors).
- The file size (`max_file_bytes`) is checked before reading; the nesting depth
  (`max_depth`) and every attribute value and text (`max_text_length`) after parsing, by
  one walk over the elements.
"""

from __future__ import annotations

import re

from lxml import etree

from flowmap.findings import ERROR, Finding
from flowmap.load.limits import Limits

_DECLARATIONS = re.compile(r"<!(DOCTYPE|ENTITY)")


def parse_xml(text: str, shown: str, limits: Limits) -> tuple[etree._Element | None, list[Finding]]:
    """The root element of `text`, or None with the findings saying why not."""
    declared = _DECLARATIONS.search(text)
    if declared is not None:
        line = text.count("\n", 0, declared.start()) + 1
        column = declared.start() - (text.rfind("\n", 0, declared.start()) + 1) + 1
        return None, [
            _at(
                shown,
                line,
                column,
                f"a `<!{declared[1]}` declaration is refused: BPMN files need none, and a "
                "DTD can define entities that expand to gigabytes or read other files; "
                "remove it (modelers never write one)",
            )
        ]
    parser = etree.XMLParser(
        encoding="utf-8",  # the text is already decoded: a declared encoding is not ours
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (1, 1)
        message = (error.msg or "not well-formed XML").strip()
        return None, [
            _at(shown, max(line, 1), max(column, 1), f"not XML: {message}; fix the file there")
        ]
    if root is None:
        return None, [_at(shown, 1, 1, "the file is empty; a BPMN file holds <definitions>")]
    problem = _over_limits(root, shown, limits)
    return (None, [problem]) if problem else (root, [])


def _over_limits(root: etree._Element, shown: str, limits: Limits) -> Finding | None:
    """The first element nested deeper than `max_depth` or holding a text or attribute
    value longer than `max_text_length` (one walk, no recursion)."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        line = element.sourceline or 1
        if depth > limits.max_depth:
            return _at(
                shown,
                line,
                1,
                f"elements are nested more than {limits.max_depth} deep; a BPMN model needs "
                "about ten levels: flatten it, or raise `max_depth` under [tool.flowmap.limits]",
            )
        texts = [element.text or "", element.tail or "", *element.attrib.values()]
        longest = max(map(len, texts))
        if longest > limits.max_text_length:
            return _at(
                shown,
                line,
                1,
                f"a text or attribute value of {longest:,} characters, more than the limit "
                f"of {limits.max_text_length:,}; shorten it, or raise `max_text_length` "
                "under [tool.flowmap.limits]",
            )
        stack.extend((child, depth + 1) for child in element if isinstance(child.tag, str))
    return None


def _at(shown: str, line: int, column: int, message: str) -> Finding:
    return Finding("syntax", ERROR, shown, line, column, message)
