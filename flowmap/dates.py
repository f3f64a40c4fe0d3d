"""Today, for every command: the day `SOURCE_DATE_EPOCH` names when it is set (a build or a
CI run made reproducible), else today in UTC. Waivers end on a day, and the report is dated:
both ask here, so that `check`, `report` and the editor agree on the day.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def today(environ: dict[str, str] | None = None) -> date:
    """Today (UTC), or the day `SOURCE_DATE_EPOCH` names when it is a whole number.

    >>> today({"SOURCE_DATE_EPOCH": "1767225600"})
    datetime.date(2026, 1, 1)
    """
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(value), UTC) if value.isdigit() else datetime.now(UTC)
    return moment.date()
