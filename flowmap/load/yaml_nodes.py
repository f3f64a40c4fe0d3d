"""YAML text -> a tree of PyYAML nodes that keep their positions, within the limits.

PyYAML's C composer is fast but recursive: very deep nesting crashes the interpreter, so a
cheap bound on the depth is taken from the text first and, when it is high, the exact depth
from the parser's events (which the C parser makes without recursion). Aliases are not
expanded here; their expanded size is measured on the node graph so that a billion-laughs
file is refused before anything walks it.
"""

from __future__ import annotations

import functools
import itertools
import re

import yaml
import yaml.reader
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


_BRACKET = re.compile(r"[\[\]{}]")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s\[\]{},]", re.M)

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


def compose(text: str, shown: str, limits: Limits) -> tuple[Node | None, list[Finding]]:
    """Return the root node of `text` (None for an empty file) or the findings that stop it."""
    if may_nest_deeper(text, limits.max_depth):
        problem = _depth_problem(text, shown, limits)
        if problem:
            return None, [problem]
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        return None, [syntax_finding(error, shown, text)]
    except yaml.reader.ReaderError as error:
        return None, [_reader_finding(error, text, shown)]
    except yaml.YAMLError as error:  # pragma: no cover - every parser error carries a mark
        return None, [Finding("syntax", ERROR, shown, 1, 1, str(error))]
    if root is not None and "*" in text and _ALIAS.search(text):
        problem = _alias_problem(root, shown, limits)
        if problem:
            return None, [problem]
    return root, []


def may_nest_deeper(text: str, limit: int) -> bool:
    """Whether `text` may nest collections more than `limit` deep: cheap, never a false no.

    A block collection nests only by starting further right, so the depth of block nesting
    is at most the column where a line's content starts after its indentation and its `- `
    and `? ` indicators; flow nesting needs open brackets. Each is tested with a fast scan.
    """
    half = max(limit // 2 - 2, 1)
    if _content_column(half).search("\n" + text[: half + 1]) or _content_column(half).search(text):
        return True
    quarter = max(limit // 4, 1)
    if text.count("[") + text.count("{") < quarter:
        return False
    steps = map(_BRACKET_STEP.__getitem__, _BRACKET.findall(text))
    return max(itertools.accumulate(steps), default=0) >= quarter


@functools.cache
def _content_column(column: int) -> re.Pattern:
    return re.compile(r"\n[ ?-]{" + str(column) + "}")


def _depth_problem(text: str, shown: str, limits: Limits) -> Finding | None:
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.max_depth:
                    return _depth_finding(event.start_mark, shown, limits)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # libyaml scans a run of open brackets before it hands over their events, and newer
        # releases refuse deep nesting there with a message of their own: same cause, our words.
        if error.problem_mark and "nesting depth" in (error.problem or ""):
            return _depth_finding(error.problem_mark, shown, limits)
        return syntax_finding(error, shown, text)
    return None


def _depth_finding(mark: yaml.Mark, shown: str, limits: Limits) -> Finding:
    message = (
        f"mappings and lists nest more than {limits.max_depth} levels deep here; "
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


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def _reader_finding(error: yaml.reader.ReaderError, text: str, shown: str) -> Finding:
    """A character YAML does not allow (NUL, most control characters)."""
    index = error.position
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    code = error.character if isinstance(error.character, int) else ord(error.character)
    message = (
        f"the character U+{code:04X} is not allowed in YAML; delete it "
        "(it often comes from copying out of another program)"
    )
    return Finding("syntax", ERROR, shown, line, column, message)


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return node.value
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _alias_problem(root: Node, shown: str, limits: Limits) -> Finding | None:
    """Measure how many nodes expanding every alias would add, without expanding them."""
    size: dict[int, int] = {}
    in_progress: set[int] = set()
    stack = [root]
    while stack:
        node = stack[-1]
        key = id(node)
        if key in size:
            stack.pop()
        elif key in in_progress:
            stack.pop()
            in_progress.discard(key)
            size[key] = 1 + sum(size[id(child)] for child in _children(node))
            if size[key] - len(size) > limits.max_alias_expansion:
                return _alias_finding(node, shown, limits, "expand to too many nodes")
        else:
            in_progress.add(key)
            for child in _children(node):
                if id(child) in in_progress:
                    return _alias_finding(child, shown, limits, "refer to themselves")
                if id(child) not in size:
                    stack.append(child)
    return None


def _alias_finding(node: Node, shown: str, limits: Limits, what: str) -> Finding:
    mark = node.start_mark
    message = (
        f"the aliases (`*name`) of this anchor {what} (more than {limits.max_alias_expansion:,}); "
        "write the repeated parts out, or raise `max_alias_expansion` under [tool.flowmap.limits]"
    )
    return Finding("syntax", ERROR, shown, mark.line + 1, mark.column + 1, message)
