"""How every output writes a share: rounded down, so that nothing short of all reads 100%,
and, where it counts things, with its fraction ("831 of 833, 99.7%").

An auditor copies these figures into a management summary: 831 compliant steps of 833
printed as "100%" would say that nothing is left to do.
"""

from __future__ import annotations

import math


def percent(share: float | None) -> str:
    """A share as a percentage, rounded down to a tenth.

    >>> percent(0.9975), percent(0.849), percent(0.8), percent(1.0), percent(None)
    ('99.7%', '84.9%', '80%', '100%', '–')
    """
    if share is None:
        return "–"
    tenths = math.floor(round(share * 1000, 6))  # 0.8 * 1000 is 799.999…: not a tenth less
    return f"{tenths / 10:g}%"


def fraction(part: int, whole: int) -> str:
    """`part` of `whole`, with its share rounded down.

    >>> fraction(831, 833), fraction(5, 5), fraction(0, 0)
    ('831 of 833, 99.7%', '5 of 5, 100%', '–')
    """
    if not whole:
        return "–"
    return f"{part} of {whole}, {percent(part / whole)}"
