"""YAML text -> a tree of PyYAML nodes that keep their positions, within the limits.

The tree is composed here from the C parser's events, without recursion, so that every
limit is enforced on what the parser reads, not on a search of the text: the depth is
counted at each collection's start, and the nodes that aliases add are counted at each
alias, with the size of the node it names. Whatever line breaks (LF, CR, NEL, U+2028,
U+2029), flow or block style, anchors, tags or spacing a file uses, the parser's events are
the same, and so is the check. Composing in Python from the events costs about a third more
than libyaml's C composer (the event objects are made in Python), so a plain map (no
anchor, alias, tag or odd line break: nothing an alias could expand) is composed by the C
composer, its depth checked on the tree, as long as its nesting cannot crash that
composer's recursion (`_plain_and_shallow`). A text with a fault is composed again from the
events, which report it where they meet it first: both ways give the same tree and the
same findings. Measured gain of the C composer (bench_devices "C composer", 2 cores, load
7.8): `check -j 1` of 1,000 files x 50 steps 4.8 s against 6.0 s with the event composer
alone (+21%); again 20.3 s against 36.3 s (+44%, CPU +18%) at load 9.7: kept.
"""

from __future__ import annotations

import functools
import re

import yaml
import yaml.reader
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from flowmap.findings import ERROR, Finding
from flowmap.load.limits import Limits

try:  # the C parser ships with every PyYAML wheel
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


_Y = "tag:yaml.org,2002:"
STR, NULL, MERGE, SEQ, MAP = (_Y + name for name in ("str", "null", "merge", "seq", "map"))
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class Loader(_Parser, BaseResolver):
    """PyYAML's C parser and composer without YAML 1.1's implicit resolver.

    The model reads every scalar by its own schema (`NO` stays the text "NO"), so untagged
    scalars are just strings, except null (to tell `key:` from `key: ""`) and the merge key.
    Skipping the resolver's regular expressions makes composing about a fifth faster.
    """

    def __init__(self, stream) -> None:
        _Parser.__init__(self, stream)
        BaseResolver.__init__(self)

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            if implicit[0]:
                if value in _NULLS:
                    return NULL
                if value == "<<":
                    return MERGE
            return STR
        return SEQ if kind is SequenceNode else MAP

    # The composer calls these around every node to support path resolvers, which we do not
    # use. C builtins that take the same arguments and do nothing useful cost a tenth of a
    # Python no-op method; composing a 1,000-file batch gets 10% faster.
    descend_resolver = staticmethod(slice)  # called as (parent, index)
    ascend_resolver = staticmethod(tuple)  # called with no argument


# Where an alias (`*name`) may start, for a quick test of whether a text has any (the
# editor's): after a line break, a space, a flow indicator or a JSON-style `:`. Anything it
# misses would only make the editor's check of an edit refuse it.
_ALIAS = re.compile(r"(?:^|[\s\[{,:])\*[^\s\[\]{},]", re.M)

# Parser messages, and what to write instead.
_HINTS = {
    "mapping values are not allowed": "a plain value holds ': '; put the value in quotes",
    "found character '\\t'": "indent with spaces, not tabs",
    "could not find expected ':'": "a key is missing its ':' or a quote is not closed",
    "found undefined alias": "define the anchor (`&name`) before using `*name`",
    "expected <block end>": "check the indentation of this line against the lines above",
    "found duplicate anchor": "give each anchor (`&name`) a name of its own",
    "but found another document": "keep one map per file (remove the `---` line)",
}


class LimitExceeded(Exception):
    """Composing stopped at a limit: the finding says where and what to do."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


class SharedNodes(Exception):
    """An anchor, alias or merge key where `plain` composing refuses them."""


def compose(
    text: str, shown: str, limits: Limits, plain: bool = False
) -> tuple[Node | None, list[Finding]]:
    """Return the root node of `text` (None for an empty file) or the findings that stop it.

    With `plain`, an anchor, an alias or a merge key raises SharedNodes (flowmap.load.parts
    composes parts of a file that way, and reads the file whole when it has any).
    """
    if _plain_and_shallow(text):
        root = _c_composed(text, limits)
        if root is not False:
            return root, []
        # the text has a fault: the event composer reports it where it meets it first
    loader = Loader(text)
    try:
        return _Composer(loader, shown, limits, plain).root(), []
    except LimitExceeded as stop:
        return None, [stop.finding]
    except yaml.MarkedYAMLError as error:
        # libyaml scans a run of open brackets before it hands over their events, and newer
        # releases refuse deep nesting there with a message of their own: same cause, our words.
        if error.problem_mark and "nesting depth" in (error.problem or ""):
            return None, [depth_finding(error.problem_mark, shown, limits)]
        return None, [syntax_finding(error, shown, text)]
    except yaml.reader.ReaderError as error:
        return None, [_reader_finding(error, text, shown)]
    except yaml.YAMLError as error:  # pragma: no cover - every parser error carries a mark
        return None, [Finding("syntax", ERROR, shown, 1, 1, str(error))]
    finally:
        loader.dispose()


def _c_composed(text: str, limits: Limits) -> Node | None | bool:
    """The tree libyaml's C composer makes of `text`, or False when the text is not YAML or
    nests deeper than `max_depth` (the event composer then says where)."""
    loader = Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return False
    finally:
        loader.dispose()
    return root if _within_depth(root, limits.max_depth) else False


# What only the event composer handles: anchors, aliases, tags (a merge key), and line
# breaks other than LF and CRLF (they move the lines the text bound below is read by).
# Substring tests: one regular expression with these alternatives took 60 times as long.
_NOT_PLAIN = ("&", "*", "!", "<<", "\x85", "\u2028", "\u2029")
_INDENT = re.compile(r"^[ ?-]*", re.M)
_FAR_BELOW_RECURSION = 400  # levels; libyaml's C composer recurses once per level
_REFUSED_BY_LIBYAML = 1_001  # levels that recent libyaml releases refuse to nest


def _plain_and_shallow(text: str) -> bool:
    """Whether the C composer may compose `text`: nothing an alias could expand, and a
    nesting depth its recursion bears. Never a false yes; a false no only costs the slower
    event composer.

    Recent libyaml releases refuse to nest more than a thousand levels, which the C
    composer's recursion bears even on a thread's stack (tests). With an older one, a
    cheap bound must keep the depth far from that: a block collection nests only by
    starting further right (at most two levels a column: a list under a key), and a flow
    collection only inside an open bracket."""
    if any(mark in text for mark in _NOT_PLAIN) or text.count("\r") != text.count("\r\n"):
        return False
    if libyaml_bounds_depth():
        return True
    brackets = text.count("[") + text.count("{")
    if brackets >= _FAR_BELOW_RECURSION // 2:
        return False
    widest = max(map(len, _INDENT.findall(text)), default=0)
    return 2 * widest + 2 + brackets < _FAR_BELOW_RECURSION


@functools.cache
def libyaml_bounds_depth() -> bool:
    """Whether the libyaml in use refuses, by itself, to nest a thousand levels deep."""
    deep = "[" * _REFUSED_BY_LIBYAML + "]" * _REFUSED_BY_LIBYAML
    loader = Loader(deep)
    try:
        loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return "nesting depth" in (error.problem or "")
    except RecursionError:  # pragma: no cover - PyYAML without libyaml composes in Python
        return False
    finally:
        loader.dispose()
    return False


def _within_depth(root: Node | None, max_depth: int) -> bool:
    """Whether no collection in `root` nests deeper than `max_depth` (a plain tree: no
    alias shares a node). Level by level over the collections only: most nodes of a map
    are scalars, skipped in a comprehension."""
    level = [] if root is None or type(root) is ScalarNode else [root]
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            return False
        below: list[Node] = []
        for node in level:
            if type(node) is SequenceNode:
                below += [item for item in node.value if type(item) is not ScalarNode]
            else:
                below += [
                    part for pair in node.value for part in pair if type(part) is not ScalarNode
                ]
        level = below
    return True


class _Composer:
    """PyYAML's composer rewritten as a loop over the events, with the limits inside it."""

    def __init__(self, loader: Loader, shown: str, limits: Limits, plain: bool) -> None:
        self.loader = loader
        self.shown = shown
        self.limits = limits
        self.plain = plain
        self.anchors: dict[str, Node] = {}
        # Per anchored node, with its aliases expanded: how many nodes it stands for, and
        # how many levels of collections it holds (an alias nests those where it stands).
        self.expanded: dict[int, tuple[int, int]] = {}
        self.added = 0  # nodes that expanding every alias so far would add

    def root(self) -> Node | None:
        get = self.loader.get_event
        get()  # the stream's start
        if not self.loader.check_event(yaml.DocumentStartEvent):
            return None  # an empty stream
        get()
        root = self._document()
        get()  # the document's end
        if not self.loader.check_event(yaml.StreamEndEvent):
            event = get()
            raise ComposerError(
                "expected a single document in the stream",
                root.start_mark if root is not None else None,
                "but found another document",
                event.start_mark,
            )
        return root

    def _document(self) -> Node | None:
        get, resolve = self.loader.get_event, self.loader.resolve
        max_depth = self.limits.max_depth
        # Each open collection: its node, its items, and expanded, its size and height.
        stack: list[list] = []
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(ScalarNode, event.value, event.implicit)
                if tag == MERGE and self.plain:
                    raise SharedNodes
                node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
                size, height = 1, 0
                if event.anchor is not None:
                    self._anchor(event, node, (size, height))
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if len(stack) >= max_depth:
                    raise LimitExceeded(self._too_deep(event.start_mark))
                cls = MappingNode if kind is MappingStartEvent else SequenceNode
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(cls, None, event.implicit)
                node = cls(tag, [], event.start_mark, None, event.flow_style)
                if event.anchor is not None:
                    self._anchor(event, node, (0, 0))  # measured when it closes
                stack.append([node, [], 1, 1])
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                node, items, size, height = stack.pop()
                node.end_mark = event.end_mark
                node.value = (
                    list(zip(items[::2], items[1::2], strict=True))
                    if kind is MappingEndEvent
                    else items
                )
                if id(node) in self.expanded:
                    self.expanded[id(node)] = (size, height)
            elif kind is AliasEvent:
                node = self._alias(event, len(stack))
                size, height = self.expanded[id(node)]
            else:  # the document's end: only an empty document gets here
                return None
            if not stack:
                return node
            top = stack[-1]
            top[1].append(node)
            top[2] += size
            if height >= top[3]:
                top[3] = height + 1

    def _anchor(self, event, node: Node, expanded: tuple[int, int]) -> None:
        name = event.anchor
        if self.plain:
            raise SharedNodes
        if name in self.anchors:
            raise ComposerError(
                "found duplicate anchor; first occurrence",
                self.anchors[name].start_mark,
                "second occurrence",
                event.start_mark,
            )
        self.anchors[name] = node
        self.expanded[id(node)] = expanded  # size 0 until it closes: an alias would loop

    def _alias(self, event, depth: int) -> Node:
        """The anchored node `event` names, where `depth` collections are open."""
        if self.plain:
            raise SharedNodes
        node = self.anchors.get(event.anchor)
        if node is None:
            raise ComposerError(None, None, "found undefined alias", event.start_mark)
        size, height = self.expanded[id(node)]
        if size == 0:
            raise LimitExceeded(self._alias_finding(event.start_mark, "refer to themselves"))
        if depth + height > self.limits.max_depth:
            raise LimitExceeded(self._too_deep(event.start_mark, " with what this alias adds"))
        self.added += size
        if self.added > self.limits.max_alias_expansion:
            raise LimitExceeded(self._alias_finding(event.start_mark, "expand to too many nodes"))
        return node

    def _too_deep(self, mark, through: str = "") -> Finding:
        return depth_finding(mark, self.shown, self.limits, through)

    def _alias_finding(self, mark, what: str) -> Finding:
        message = (
            f"the aliases (`*name`) of this anchor {what} "
            f"(more than {self.limits.max_alias_expansion:,}); write the repeated parts out, "
            "or raise `max_alias_expansion` under [tool.flowmap.limits]"
        )
        return Finding("syntax", ERROR, self.shown, mark.line + 1, mark.column + 1, message)


def depth_finding(mark, shown: str, limits: Limits, through: str = "") -> Finding:
    message = (
        f"mappings and lists nest more than {limits.max_depth} levels deep here{through}; "
        "a process map needs about ten: flatten this part, or raise "
        "`max_depth` under [tool.flowmap.limits]"
    )
    return Finding("syntax", ERROR, shown, mark.line + 1, mark.column + 1, message)


def syntax_finding(error: yaml.MarkedYAMLError, shown: str, text: str = "") -> Finding:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or "not valid YAML"
    if error.context:
        problem = f"{error.context}: {problem}"
    hint = next((h for key, h in _HINTS.items() if key in problem), "fix the YAML at this place")
    if mark and _char_at(text, mark.line, mark.column) == "\t":  # the C parser omits it
        hint = _HINTS["found character '\\t'"]
    return Finding("syntax", ERROR, shown, line, column, f"{problem}; {hint}")


# What YAML counts as a line break, as the parser's marks do.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _char_at(text: str, line: int, column: int) -> str:
    lines = _LINE_BREAK.split(text, line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of `text[index]`, counting YAML's line breaks."""
    line, start = 1, 0
    for found in _LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start + 1


def _reader_finding(error: yaml.reader.ReaderError, text: str, shown: str) -> Finding:
    """A character YAML does not allow (NUL, most control characters)."""
    # libyaml gives the offset in the UTF-8 bytes it was handed, not in characters
    before = text.encode("utf-8", "surrogatepass")[: error.position].decode("utf-8", "ignore")
    line, column = line_and_column(before, len(before))
    code = error.character if isinstance(error.character, int) else ord(error.character)
    message = (
        f"the character U+{code:04X} is not allowed in YAML; delete it "
        "(it often comes from copying out of another program)"
    )
    return Finding("syntax", ERROR, shown, line, column, message)
