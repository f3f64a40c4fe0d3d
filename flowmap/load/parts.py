"""Reading a very large map in parts, so that memory stays bounded.

Composing a whole file keeps every node of it alive at once: a 30 MB map (100,000 steps)
needs over a gigabyte before the model is even built. A large generated map is almost
always one long `processes:` list, so when a file is large and plain enough (no anchors or
aliases, no tabs, one document, one top-level `processes:` block list), its processes are
composed a few thousand lines at a time: each part is the original lines, padded with
empty lines so that every node keeps its real line and column, and the rest of the file is
composed with the list left empty. Anything else is read whole, as usual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PART_CHARS = 2_000_000  # about the size of each part
LARGE = 8_000_000  # files smaller than this are read whole

_KEY = re.compile(r"^processes:[ \t]*(?:#.*)?$", re.M)
_TOP = re.compile(r"^[^\s#-]", re.M)  # a line that starts a new top-level key
_ODD_BREAKS = ("\x85", "\u2028", "\u2029")
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,])[&*][^\s\[\]{},]", re.M)


@dataclass
class Parts:
    rest: str  # the file, the processes list replaced by `processes: []` and empty lines
    lists: list[str]  # each part: `processes:` and some of its items, at their own lines


def _risky(text: str) -> bool:
    """Anchors or aliases, tabs, document markers, merge keys or line breaks other than LF
    and CRLF anywhere in `text`.

    A quick look: parts are composed `plain` (flowmap.load.yaml_nodes), so an anchor, alias
    or merge key missed here makes the file read whole. Line breaks must be sure, though:
    the parts are cut and padded at LF, and YAML counts CR, NEL, U+2028 and U+2029 as line
    breaks too. Substring tests first: one regular expression with these alternatives tried
    at every position took 3 s on a 30 MB map, a third of checking it.
    """
    if "\t" in text or "<<" in text:
        return True
    if any(brk in text for brk in _ODD_BREAKS) or text.count("\r") != text.count("\r\n"):
        return True
    if text.startswith(("---", "...")) or "\n---" in text or "\n..." in text:
        return True
    return ("&" in text or "*" in text) and _ANCHOR_OR_ALIAS.search(text) is not None


def split_processes(text: str) -> Parts | None:
    """The file in parts, or None when it should be read whole."""
    if len(text) < LARGE or _risky(text):
        return None
    keys = list(_KEY.finditer(text))
    if len(keys) != 1:
        return None
    key = keys[0]
    body_start = key.end() + 1
    following = _TOP.search(text, body_start)
    body_end = following.start() if following else len(text)
    body = text[body_start:body_end]
    item = re.search(r"^( *)- ", body, re.M)
    if item is None:
        return None
    starts = [m.start() for m in re.finditer(rf"^{item[1]}- ", body, re.M)]
    key_line = text.count("\n", 0, key.start())
    before_body = text.count("\n", 0, body_start)
    lists, cut = [], 0
    while cut < len(starts):
        end = cut
        while end < len(starts) and starts[end] - starts[cut] < PART_CHARS:
            end += 1
        stop = starts[end] if end < len(starts) else len(body)
        chunk = body[starts[cut] : stop]
        first_line = before_body + body.count("\n", 0, starts[cut])
        padding = "\n" * (first_line - key_line - 1)
        lists.append("\n" * key_line + "processes:\n" + padding + chunk)
        cut = end
    rest = (
        text[: key.start()]
        + "processes: []"
        + text[key.end() : body_start]
        + "\n" * body.count("\n")
        + text[body_end:]
    )
    return Parts(rest, lists)
