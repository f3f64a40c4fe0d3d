"""A file's node tree and model after a small edit, made from the ones before it.

An edit changes a few characters of a file of thousands of lines; composing the whole new
text and building its whole model again cost most of the time between the key that applies
a value and the findings it brings (issue 28: ~70 ms of a 1,000-step file). When the change
lies inside one item of a top-level list (a process with its steps, a role, a unit...), the
new text is the old one with that item's lines replaced, and only those lines are composed
(`recompose`) and built (`graft`).

That is the same tree as composing the whole text because the item is whole lines of a block
list at a column of its own: the lines after it start at that column or left of it, which
closes whatever the item opened, so how they read does not depend on the item's lines as
long as those read by themselves as one item of such a list. What could break that is
refused here, and the caller composes the whole file as before: a change that reaches past
the item, anchors, aliases, tags and merge keys (nodes shared across items), line breaks
other than LF, document markers, more or other than one block mapping. The model is grafted
only when no line was added or removed (the positions of what follows stay as they were);
otherwise the whole model is built, from the tree made here.

`tests/edit/test_patched.py` holds the proof by example: random edits of the bench map and
of processes/, the tree, the model and the findings compared with composing and building
the whole file.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flowmap.load import Limits
from flowmap.load import compose as load_compose
from flowmap.load.yaml_nodes import MAP, SEQ, _within_depth
from flowmap.model import types as t
from flowmap.model.build import _Builder, _link
from flowmap.model.fields import FIELDS

_SHARING = ("&", "*", "<<")  # anywhere in the file: nodes an alias could share across items
_NOT_PLAIN = ("!", "\x85", "\u2028", "\u2029", "\r", "\ufeff")  # in the item's lines
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029", "\r")  # anywhere: they move the line count
_DOCUMENT = re.compile(r"^(?:---|\.\.\.|%)", re.M)
_DASH = re.compile(r" *- +")  # what stands before an item's first key on its line
_SECTIONS = {key: spec for key, spec in FIELDS[t.Map].items() if spec.kind == "objects"}


@dataclass
class Patch:
    """How a text's tree was made from the one before it."""

    old_text: str
    section: str  # the top-level key whose list holds the item ("processes")
    sequence: SequenceNode  # that list (the same node before and after)
    index: int  # the item's place in that list
    count: int  # how many items the list has
    old_item: MappingNode
    new_item: MappingNode
    first_line: int  # the item's lines in the file (1-based, the new text's)
    old_last: int  # its last line in the old text
    lines: int  # lines added (negative: removed)
    root: MappingNode  # the tree, the same object before and after
    # (where the item's lines ended in the old text, characters added): the nodes after
    # the item are moved when `settle` is called, not before (see its docstring)
    unsettled: tuple[int, int] | None

    def settle(self) -> None:
        """Give the nodes after the item their new places. Until then only the item's
        nodes have theirs: that is all the proof and the model need, and moving some
        20,000 nodes of a 1,000-step file costs as much as building its model (~15 ms), so
        the editor does it after the findings are on the screen (yaml_text.settle)."""
        if self.unsettled is None:
            return
        end, delta = self.unsettled
        self.unsettled = None
        _shift(_after(self.root, self.sequence, self.index), end, delta, self.lines)
        for holder in (self.sequence, self.root):  # their ends are after the item
            mark = holder.end_mark
            holder.end_mark = type(mark)(mark.name, mark.index + delta, mark.line + self.lines,
                                         mark.column, None, None)  # fmt: skip


def recompose(old_text: str, root: Node | None, new_text: str, limits: Limits) -> Patch | None:
    """Turn `root`, the tree of `old_text`, into the tree of `new_text` in place and say how,
    when the texts differ inside one item of a top-level list; else None, `root` untouched."""
    if type(root) is not MappingNode or root.tag != MAP or old_text == new_text:
        return None
    if any(mark in new_text or mark in old_text for mark in _SHARING):
        return None
    if any(mark in new_text for mark in _OTHER_BREAKS):
        return None
    start = _common_prefix(old_text, new_text)
    tail = _common_suffix(old_text, new_text, start)
    old_end = len(old_text) - tail  # the change: old_text[start:old_end] became another text
    found = _item_at(old_text, root, start, old_end)
    if found is None:
        return None
    section, sequence, index, begin, end = found
    delta = len(new_text) - len(old_text)
    block = new_text[begin : end + delta]
    if any(mark in block for mark in _NOT_PLAIN) or _DOCUMENT.search(block):
        return None
    alone, problems = load_compose(block, "", limits)
    if problems or not _one_item(alone, limits):
        return None
    old_item = sequence.value[index]
    new_item = alone.value[0]
    if new_item.start_mark.index + begin != old_item.start_mark.index:
        return None  # the item's first key moved: not the same item
    line = old_text.count("\n", 0, begin)
    lines = new_text.count("\n", begin, end + delta) - old_text.count("\n", begin, end)
    # where the lines after the item start (what closes the item's collections there)
    close = old_item.end_mark
    closed = (close.index + delta, close.line + lines, close.column)
    if not _moved(new_item, begin, line, len(block), closed):
        return None
    sequence.value[index] = new_item
    old_last = line + 1 + old_text.count("\n", begin, end - 1)
    return Patch(
        old_text, section, sequence, index, len(sequence.value), old_item, new_item, line + 1,
        old_last, lines, root, (end, delta),
    )  # fmt: skip


def graft(read: tuple, patch: Patch, file: str, limits: Limits) -> tuple | None:
    """The (map, findings) of the new text from those of the old one (`read`) and the
    patch that made its tree; None when only building the whole map would be right."""
    the_map, findings = read
    if the_map is None or patch.lines != 0:
        return None
    spec = _SECTIONS[patch.section]
    attr = spec.attr or patch.section
    old_list = getattr(the_map, attr)
    if len(old_list) != patch.count:
        return None  # an item made no object: the item's index is not its object's
    builder = _Builder(file, limits.max_text_length)
    obj = builder.object(spec.item, patch.new_item)
    if obj is None:
        return None
    alone = t.Map(pos=the_map.pos, file=file, **{attr: [obj]})
    _link(alone)
    builder.identify(alone)
    new_list = list(old_list)
    new_list[patch.index] = obj
    new_map = dataclasses.replace(the_map, **{attr: new_list})
    first, last = patch.first_line, patch.old_last
    kept, at = [], None
    for finding in findings:
        if finding.file == file and first <= finding.line <= last:
            at = len(kept) if at is None else at  # the old item's: its own replace them
        else:
            kept.append(finding)
    if at is None:
        at = next((n for n, f in enumerate(kept) if f.line > last), len(kept))
    return new_map, kept[:at] + builder.findings + kept[at:]


# -- finding the item ------------------------------------------------------------------------


def _item_at(text: str, root: MappingNode, start: int, old_end: int):
    """(section, its list, the item's index, the item's first line's start, the start of
    the line after its lines) of the item whose lines hold text[start:old_end], or None."""
    keys = [k.value for k, _ in root.value if type(k) is ScalarNode]
    pairs = root.value
    for number, (key, value) in enumerate(pairs):
        if type(value) is not SequenceNode or key.value not in _SECTIONS:
            continue
        if value.flow_style or value.tag != SEQ or not value.value or keys.count(key.value) != 1:
            continue
        items = value.value
        if items[0].start_mark.index > start or value.end_mark.index < start:
            continue
        for index, item in enumerate(items):
            if index + 1 < len(items):
                after = items[index + 1].start_mark.index
                if after <= start:
                    continue
                end = _line_of(text, after)
            elif number + 1 < len(pairs):
                end = _line_of(text, pairs[number + 1][0].start_mark.index)
            else:
                end = len(text)
            begin = _line_of(text, item.start_mark.index)
            if end is None or begin is None or not item.start_mark.index <= start < end:
                return None
            if old_end > end or type(item) is not MappingNode or item.flow_style:
                return None
            return key.value, value, index, begin, end
    return None


def _line_of(text: str, index: int) -> int | None:
    """The start of the line whose first key or `- ` is at `index`; None when something
    else stands before it on that line."""
    begin = text.rfind("\n", 0, index) + 1
    before = text[begin:index]
    return begin if not before or before.isspace() or _DASH.fullmatch(before) else None


def _one_item(alone: Node | None, limits: Limits) -> bool:
    """Whether the lines read by themselves as one block list holding one block mapping,
    as deep as the file may nest it (two levels above it: the file, the section's list)."""
    return (
        type(alone) is SequenceNode
        and not alone.flow_style
        and len(alone.value) == 1
        and type(alone.value[0]) is MappingNode
        and alone.value[0].tag == MAP
        and not alone.value[0].flow_style
        and _within_depth(alone, limits.max_depth - 1)
    )


# -- positions -------------------------------------------------------------------------------


def _moved(item: MappingNode, begin: int, line: int, size: int, closed) -> bool:
    """Give the item's nodes their places in the file (composed alone, they counted from
    its first line); a collection that ended where the lines end ends where the lines
    after them start. False when a scalar ran to the end (where it ends in the file
    depends on what follows)."""
    for node in _each_node([item]):
        mark = node.start_mark
        node.start_mark = type(mark)(mark.name, mark.index + begin, mark.line + line, mark.column,
                               None, None)  # fmt: skip
        mark = node.end_mark
        if mark.index >= size:
            if type(node) is ScalarNode:
                return False
            node.end_mark = type(mark)(mark.name, *closed, None, None)
        else:
            node.end_mark = type(mark)(mark.name, mark.index + begin, mark.line + line, mark.column,
                                 None, None)  # fmt: skip
    return True


def _after(root: MappingNode, sequence: SequenceNode, index: int) -> list[Node]:
    """The nodes that may stand after item `index` of the section's list, and the two
    collections that hold it (their ends are after it)."""
    after: list[Node] = list(sequence.value[index + 1 :])
    passed = False
    for key, value in root.value:
        if passed:
            after += (key, value)
        passed = passed or value is sequence
    return after


def _shift(nodes: list[Node], end: int, delta: int, lines: int) -> None:
    """Move every mark at or after `end` (the old text's) by `delta` characters and `lines`
    lines; the holders of the item (the file's mapping, the section's list) end after it."""
    for node in _each_node(nodes):
        mark = node.start_mark
        if mark.index >= end:
            node.start_mark = type(mark)(mark.name, mark.index + delta, mark.line + lines,
                                   mark.column, None, None)  # fmt: skip
        mark = node.end_mark
        if mark.index >= end:
            node.end_mark = type(mark)(mark.name, mark.index + delta, mark.line + lines,
                                 mark.column, None, None)  # fmt: skip


def _each_node(nodes: list[Node]) -> Iterator[Node]:
    """`nodes` and every node inside them (the list is used up)."""
    stack = nodes
    while stack:
        node = stack.pop()
        yield node
        kind = type(node)
        if kind is SequenceNode:
            stack += node.value
        elif kind is MappingNode:
            for pair in node.value:
                stack += pair


def _common_prefix(a: str, b: str) -> int:
    """How many characters `a` and `b` start with in common (a few slices compared, not a
    loop over the characters)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, prefix: int) -> int:
    """How many characters `a` and `b` end with in common, not reaching into `prefix`."""
    low, high = 0, min(len(a), len(b)) - prefix
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low
