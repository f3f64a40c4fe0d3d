"""How file names and other untrusted text are shown in findings and messages.

A file name is bytes: one that is not UTF-8 reaches Python with lone surrogates in place of
its bad bytes (PEP 383), which no UTF-8 output can encode (SARIF, the report, a terminal with
PYTHONIOENCODING=utf-8). Names are shown with such bytes as `\\xNN`, and with control
characters, line separators and bidirectional controls escaped, so that a finding stays on
one line and reads the same everywhere. The file itself is still opened by its real name.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, line and paragraph separators, bidi controls, lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def shown_name(name: str) -> str:
    """`name` with every character that cannot be shown as it is written as an escape."""
    if _UNSAFE.search(name) is None:
        return name
    return _UNSAFE.sub(_escape, name)


def clipped(text: str, limit: int = 200) -> str:
    """Untrusted text for a message: escaped, and cut to about `limit` characters."""
    if len(text) > limit:
        text = f"{text[: limit - 1]}… ({len(text):,} characters)"
    return shown_name(text)


def _escape(match: re.Match) -> str:
    code = ord(match[0])
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"
