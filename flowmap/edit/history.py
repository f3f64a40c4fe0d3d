"""Undo and redo: the list of changes made, each one the spans of text it replaced.

A change covers every file one action touched (a rename changes several files at once, and
one undo takes it all back). It keeps, per file, only the span that differs, so a big
file's history costs what was edited, not a copy of the file per change. A file that comes
(a new file) or goes (undoing it) is kept whole, as None on the side where it is absent.
"""

from __future__ import annotations

Texts = dict[str, str | None]  # file name -> text; None: the file is not in the session


class Change:
    """One undoable action: for each file it touched, where the text changed, the old
    middle and the new middle."""

    def __init__(self, label: str, before: Texts, after: Texts) -> None:
        self.label = label
        self.spans = {name: _delta(before.get(name), after[name]) for name in after}

    @property
    def files(self) -> list[str]:
        """The names of the files this change touched."""
        return list(self.spans)

    def texts(self, current: Texts, undo: bool) -> Texts:
        """The texts after undoing (or redoing) this change, from the current ones."""
        result = {}
        for name, (start, old, new) in self.spans.items():
            was, becomes = (new, old) if undo else (old, new)
            text = current.get(name)
            if text is None or becomes is None or was is None:
                result[name] = becomes  # a file that comes or goes: its whole text
                continue
            result[name] = text[:start] + becomes + text[start + len(was) :]
        return result


class History:
    """The changes that can be taken back (undo) and made again (redo), newest last."""

    def __init__(self) -> None:
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def record(self, label: str, before: Texts, after: Texts) -> None:
        """A new change was made: it can be undone, and what was undone cannot be redone."""
        self._undo.append(Change(label, before, after))
        self._redo.clear()

    def undo(self, current: Texts) -> tuple[str, Texts] | None:
        """(label, texts) that take back the last change, given the `current` texts of every
        file; None when there is nothing to undo. The change moves to the redo list."""
        if not self._undo:
            return None
        change = self._undo.pop()
        self._redo.append(change)
        return change.label, change.texts(current, undo=True)

    def redo(self, current: Texts) -> tuple[str, Texts] | None:
        """(label, texts) that make the last undone change again; None when there is none."""
        if not self._redo:
            return None
        change = self._redo.pop()
        self._undo.append(change)
        return change.label, change.texts(current, undo=False)


def _delta(before: str | None, after: str | None) -> tuple[int, str | None, str | None]:
    """(where they start to differ, the old middle, the new middle)."""
    if before is None or after is None:
        return 0, before, after
    start = _same_from_start(before, after)
    end = _same_from_start(before[start:][::-1], after[start:][::-1])
    return start, before[start : len(before) - end], after[start : len(after) - end]


def _same_from_start(a: str, b: str, block: int = 4096) -> int:
    """How many leading characters `a` and `b` share (compared a block at a time)."""
    n, limit = 0, min(len(a), len(b))
    while n < limit and a[n : n + block] == b[n : n + block]:
        n += block
    while n < limit and a[n] == b[n]:
        n += 1
    return min(n, limit)
