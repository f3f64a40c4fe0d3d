"""How file names and other untrusted text are shown in findings, messages and files.

A file name is bytes: one that is not UTF-8 reaches Python with lone surrogates in place of
its bad bytes (PEP 383), which no UTF-8 output can encode (SARIF, the report, a terminal with
PYTHONIOENCODING=utf-8). Names are shown with such bytes as `\\xNN`, and with control
characters, line separators and bidirectional controls escaped, so that a finding stays on
one line and reads the same everywhere. The file itself is still opened by its real name.

Map text is data: a role named `x\\x1b]2;PWNED\\x07` must never retitle a terminal, set the
clipboard (OSC 52), reorder a line (U+202E) or stop a spreadsheet writer. Every output shows
such characters with the one escape made here: terminal text and messages (`shown_name`,
`clipped`), files that may hold several lines (`shown_text`: line breaks and tabs kept) and
JSON (`json_safe`).
"""

from __future__ import annotations

import re

from flowmap.i18n import _

# C0 and C1 controls, DEL, line and paragraph separators, bidi controls, lone surrogates.
UNSAFE = "\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[{UNSAFE}]")
# what JSON leaves raw with ensure_ascii=False (it escapes C0 itself) yet a terminal acts on
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NON_XML = re.compile("[\ufffe\uffff]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown_name(name: str) -> str:
    """`name` with every character that cannot be shown as it is written as an escape."""
    if _UNSAFE.search(name) is None:
        return name
    return _UNSAFE.sub(_escape, name)


def shown_text(text: str) -> str:
    """Like `shown_name`, but line breaks (LF) and tabs stay: for a cell or a paragraph."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda match: match[0] if match[0] in "\n\t" else _escape(match), text)


def xml_safe(text: str) -> str:
    """Like `shown_text`, and the two non-characters XML 1.0 forbids (U+FFFE, U+FFFF)
    escaped too: text any XML writer takes (BPMN), shown as every other output shows it.

    >>> xml_safe("a\\x1b]2;x\\x07\\n\\ufffe")
    'a\\\\x1b]2;x\\\\x07\\n\\\\ufffe'
    """
    return _NON_XML.sub(_escape, shown_text(text))


def json_safe(document: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with the characters a terminal
    acts on written as `\\uNNNN`: the same data to every JSON reader."""
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match[0]):04x}", document)


def clipped(text: str, limit: int = 200) -> str:
    """Untrusted text for a message: escaped, and cut to about `limit` characters."""
    if len(text) > limit:
        text = _("{start}… ({length} characters)").format(
            start=text[: limit - 1], length=f"{len(text):,}"
        )
    return shown_name(text)


def _escape(match: re.Match) -> str:
    character = match[0]
    code = ord(character)
    if character in _SHORT:
        return _SHORT[character]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"
