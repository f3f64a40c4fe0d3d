"""The files of an editing session: each one's path, current text, and what is on disk.

A buffer holds the text being edited and the bytes the editor believes are on disk (those
it loaded or last saved): the buffer is dirty when its text, written out, would be other
bytes, and the file changed on disk when the disk holds other bytes than those. A UTF-8
byte order mark is kept as it was. A file that is not UTF-8 text has no text: it is shown
by its findings and never written.

Buffers also keep each file's last reads (its texts and what the loader made of them), so a
re-read of the session reads only the files whose text changed, an undo or a redo finds the
text it brings back already read, and an edit inside one item changes only that item of the
model read before it (see flowmap.edit.patched). (Kept after issue 28's item-by-item reads:
without them an undo patches the tree and moves its nodes, and 8 undos at 30 a second
settled in 0.14-0.19 s against 0.06-0.10 s with them, load 1.5 per core.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flowmap.edit.saving import read_bytes
from flowmap.edit.yaml_text import EditError

BOM = b"\xef\xbb\xbf"
# The reads kept of each file: undo held down brings back texts read a few edits ago (the
# model of a 1,000-step file is some 4 MB).
READS_KEPT = 8


@dataclass
class Buffer:
    path: Path
    text: str | None  # None: the file cannot be read as text (its findings say why)
    disk: bytes | None  # what the editor believes is on disk (None: not there yet)
    bom: bool = False

    @property
    def data(self) -> bytes:
        """The bytes a save writes."""
        return (BOM if self.bom else b"") + (self.text or "").encode("utf-8")


def decode(raw: bytes) -> tuple[str, bool] | None:
    """(text, has a byte order mark) of a file's bytes; None when they are not UTF-8."""
    bom = raw.startswith(BOM)
    try:
        return raw[len(BOM) if bom else 0 :].decode("utf-8"), bom
    except UnicodeDecodeError:
        return None


def load(path: Path) -> Buffer:
    """The buffer of a file as it is on disk now (no text, no disk when it cannot be read)."""
    raw = read_bytes(path)
    if raw is None:
        return Buffer(path, None, None)
    decoded = decode(raw)
    if decoded is None:
        return Buffer(path, None, raw)
    return Buffer(path, decoded[0], raw, decoded[1])


class Buffers:
    """The session's files by the name findings use, in reading order, and which are dirty.

    `named` is what the session was opened on plus the files it created: the paths a
    re-read starts from (included files join when the re-read finds them).
    """

    def __init__(self, named: list[tuple[Path, str]]) -> None:
        self.named = list(named)
        self.by_name: dict[str, Buffer] = {}
        self.dirty: set[str] = set()
        self._reads: dict[tuple[Path, str], dict[str, object]] = {}  # the newest last

    def __iter__(self):
        return iter(self.by_name)

    def __contains__(self, name: str) -> bool:
        return name in self.by_name

    def get(self, name: str | Path) -> Buffer:
        """The buffer by its name or its path; EditError when the session has no such file."""
        if isinstance(name, Path):
            resolved = name.resolve()
            for buffer in self.by_name.values():
                if buffer.path.resolve() == resolved:
                    return buffer
        elif name in self.by_name:
            return self.by_name[name]
        raise EditError(f"{name} is not a file of this session")

    def name(self, name: str | Path) -> str:
        """The session's name for a file given by name or path."""
        buffer = self.get(name)
        return next(n for n, b in self.by_name.items() if b is buffer)

    def name_of(self, path: Path) -> str:
        """The session's name for a file, or the name it gets when it joins the session."""
        resolved = path.resolve()
        for name, buffer in self.by_name.items():
            if buffer.path.resolve() == resolved:
                return name
        try:
            return str(resolved.relative_to(Path.cwd()))
        except ValueError:
            return str(resolved)

    def texts(self) -> dict[str, str | None]:
        """Every file's current text by name (None: not readable as text)."""
        return {name: buffer.text for name, buffer in self.by_name.items()}

    def set_text(self, name: str, text: str | None) -> None:
        """The file's new text: None takes a file out (undoing its creation), a name not in
        the session adopts a new file (redoing it); dirty when it differs from the disk."""
        if text is None:
            self.forget(name)
        elif name not in self.by_name:
            self.adopt(name, text)
        else:
            buffer = self.by_name[name]
            buffer.text = text
            if buffer.data == buffer.disk:
                self.dirty.discard(name)
            else:
                self.dirty.add(name)

    def adopt(self, name: str, text: str) -> None:
        """A new file joins the session (not on disk until saved)."""
        path = Path(name)
        self.by_name[name] = Buffer(path.resolve(), text, None)
        self.named.append((path, name))
        self.dirty.add(name)

    def forget(self, name: str) -> None:
        self.by_name.pop(name, None)
        self.named = [(p, n) for p, n in self.named if n != name]
        self.dirty.discard(name)

    def join(self, name: str, path: Path) -> None:
        """A file a re-read found (an include): loaded from disk, unless already here."""
        if name not in self.by_name:
            self.by_name[name] = load(path)

    def saved(self, name: str, data: bytes) -> None:
        """`data` is on disk now: the file is clean."""
        self.by_name[name].disk = data
        self.dirty.discard(name)

    def changed_on_disk(self) -> list[str]:
        """Files whose disk content is no longer what the session loaded or saved."""
        return [n for n, b in self.by_name.items() if read_bytes(b.path) != b.disk]

    # -- the read cache ---------------------------------------------------------------------

    def last_read(self, name: str) -> object | None:
        """What the loader made of the file's current text when it last read it, or None
        when it has not read that text lately."""
        buffer = self.by_name[name]
        reads = self._reads.get((buffer.path, name))
        return reads.get(buffer.text) if reads and buffer.text is not None else None

    def read_of(self, name: str, text: str) -> object | None:
        """What the loader made of `text` as the file's text, if it read it lately."""
        buffer = self.by_name.get(name)
        reads = self._reads.get((buffer.path, name)) if buffer is not None else None
        return reads.get(text) if reads else None

    def remember_read(self, name: str, read: object) -> None:
        """What the loader made of the file's current text (see last_read)."""
        buffer = self.by_name[name]
        if buffer.text is None:
            return
        reads = self._reads.setdefault((buffer.path, name), {})
        reads.pop(buffer.text, None)
        reads[buffer.text] = read
        while len(reads) > READS_KEPT:
            del reads[next(iter(reads))]
