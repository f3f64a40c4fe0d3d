"""Durations as process owners write them: a number and a unit, `30m`, `4h`, `2d`, `1w`."""

from __future__ import annotations

import functools
import re
import unicodedata

from flowmap.model.types import Duration

UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
MAX_SECONDS = 5200 * 604800  # 5200w, a century: no lead time or due is longer
# As typed on an English or a Chinese keyboard: `1h` or `１ｈ` (read after NFKC).
PATTERN = r"^[0-9０-９]+([.．][0-9０-９]+)?\s*[mhdwｍｈｄｗ]$"
_DURATION = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([mhdw])")


@functools.lru_cache(maxsize=1024)  # maps repeat a few durations thousands of times
def parse_duration(text: str) -> Duration | None:
    """`4h` -> Duration(14400, '4h'); None when `text` is not a duration.

    >>> parse_duration("1.5d").seconds
    129600
    >>> parse_duration("3 days") is None
    True
    """
    match = _DURATION.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    seconds = float(match[1]) * UNIT_SECONDS[match[2]]
    if not seconds <= MAX_SECONDS:  # also infinity: a number of hundreds of digits
        return None
    return Duration(round(seconds), text.strip())
