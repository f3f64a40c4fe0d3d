"""Read a file's bytes as strict UTF-8 text, within the size limit.

Only regular files are read: a FIFO would block the reader forever, a device could be
endless. Files are opened without blocking and checked on the open descriptor, so a file
swapped for a FIFO after it was listed is refused too.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from flowmap.findings import ERROR, Finding
from flowmap.load.limits import Limits
from flowmap.load.yaml_nodes import line_and_column

# UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one
WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


class NotRegularFile(OSError):
    """A FIFO, device, socket or folder where a file was expected."""


def read_regular(path: Path, limit: int, most: int | None = None) -> tuple[int, bytes | None]:
    """(the file's size, its first `limit` bytes); None for the bytes when its size is over
    `most`, read no further. NotRegularFile (an OSError) when it is not a regular file.

    With the descriptor's calls only: a file object cost a batch of 80,000 tiny files as
    much as their reading did (each file's head is read when the folder is scanned, then
    the whole file)."""
    # opened without blocking (a FIFO would wait for a writer), checked on the descriptor
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(f"{file_kind(status.st_mode)}, not a regular file")
        if most is not None and status.st_size > most:
            return status.st_size, None
        chunks = []
        wanted = limit
        asked = min(wanted, status.st_size + 1)  # one read, unless it grows meanwhile
        while wanted > 0:
            chunk = os.read(descriptor, asked)
            chunks.append(chunk)
            wanted -= len(chunk)
            if len(chunk) < asked:  # its end (a regular file reads short only there)
                break
            asked = min(wanted, 65536)
        return status.st_size, chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(descriptor)


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in a few words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def read_text(path: Path, shown: str, limits: Limits) -> tuple[str | None, list[Finding]]:
    """Return the file's text (BOM removed) or None with the finding that says why not."""
    try:
        most = limits.max_file_bytes
        size, raw = read_regular(path, most + 1, most)  # it may grow while it is read
        if raw is None:
            return None, [_at(shown, 1, 1, _too_big(size, limits))]
    except (OSError, ValueError) as error:
        return None, [_at(shown, 1, 1, f"cannot read the file: {_reason(error)}")]
    if len(raw) > limits.max_file_bytes:
        return None, [_at(shown, 1, 1, _too_big(len(raw), limits))]
    return decode(raw, shown)


def read_text_if(
    path: Path, shown: str, limits: Limits, wanted: Callable[[bytes], bool], head: int
) -> tuple[str | None, list[Finding]] | None:
    """`read_text` of a file that is to be read only when `wanted(its first `head` bytes)`:
    None, and no finding, when they fail the test or the file cannot be read at all. Its
    bytes are read once (the head alone only when the file is too big to read whole)."""
    most = limits.max_file_bytes
    try:
        size, raw = read_regular(path, most + 1, most)
        if raw is None:
            _, first = read_regular(path, head)
            return (None, [_at(shown, 1, 1, _too_big(size, limits))]) if wanted(first) else None
    except (OSError, ValueError):
        return None
    if not wanted(raw[:head]):
        return None
    if len(raw) > most:
        return None, [_at(shown, 1, 1, _too_big(len(raw), limits))]
    return decode(raw, shown)


def _reason(error: Exception) -> str:
    if isinstance(error, NotRegularFile):
        return f"it is {error}; name a map file"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def decode(raw: bytes, shown: str) -> tuple[str | None, list[Finding]]:
    for bom, codec in WIDE_BOMS:
        if raw.startswith(bom):
            name = f"UTF-{codec.split('-')[1]}"
            message = (
                f"the file is {name} (it starts with a {name} byte-order mark); save the "
                "file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)"
            )
            return None, [_at(shown, 1, 1, message)]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8-sig")  # decodes: the error is after it
        line, column = line_and_column(before, len(before))  # lines as YAML counts them
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
