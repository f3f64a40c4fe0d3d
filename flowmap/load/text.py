"""Read a file's bytes as strict UTF-8 text, within the size limit."""

from __future__ import annotations

from pathlib import Path

from flowmap.findings import ERROR, Finding
from flowmap.load.limits import Limits


def read_text(path: Path, shown: str, limits: Limits) -> tuple[str | None, list[Finding]]:
    """Return the file's text (BOM removed) or None with the finding that says why not."""
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return None, [_at(shown, 1, 1, _too_big(size, limits))]
        raw = path.read_bytes()
    except OSError as error:
        return None, [_at(shown, 1, 1, f"cannot read the file: {error.strerror or error}")]
    return decode(raw, shown)


def decode(raw: bytes, shown: str) -> tuple[str | None, list[Finding]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start : error.start + 1].hex()
        message = (
            f"byte 0x{byte} is not UTF-8; save the file as UTF-8 "
            "(in most editors: 'Save with encoding' → UTF-8)"
        )
        return None, [_at(shown, line, column, message)]


def _too_big(size: int, limits: Limits) -> str:
    return (
        f"the file has {size:,} bytes, more than the limit of {limits.max_file_bytes:,}; "
        "split it into several maps joined by `include:`, or raise "
        "`max_file_bytes` under [tool.flowmap.limits]"
    )


def _at(shown: str, line: int, column: int, message: str) -> Finding:
    return Finding("syntax", ERROR, shown, line, column, message)
