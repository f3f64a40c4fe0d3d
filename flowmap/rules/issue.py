"""What a rule says about one object: the engine turns it into a finding."""

from __future__ import annotations

from typing import NamedTuple

from flowmap.model.types import Located


class Issue(NamedTuple):
    subject: Located  # the object the issue is about; its waivers apply
    message: str  # what is wrong and what to write to fix it
    key: str | None = None  # the key whose value the finding points at
    index: int | None = None  # the item of a list value
