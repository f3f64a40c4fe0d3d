"""How an audit names and grades a finding: a nonconformity number and a classification.

The number is `NC-` and the first 6 hex digits of the finding's fingerprint, so the same
finding has the same number in every report, table and quarter, and last quarter's NC-3fa2c1
can be followed up. Two fingerprints of one report that share their first digits both get as
many more as it takes to tell them apart. The classification is the one ISO 9001 audits
use: an error is a major nonconformity, a warning a minor one, an info an observation.

    >>> numbers = nc_numbers(["3fa2c1aa", "3fa2c1bb", "0123456f"])
    >>> numbers["3fa2c1aa"], numbers["3fa2c1bb"], numbers["0123456f"]
    ('NC-3fa2c1a', 'NC-3fa2c1b', 'NC-012345')
    >>> classification("warning")
    'minor'
"""

from __future__ import annotations

from collections.abc import Iterable

from flowmap.findings import ERROR, INFO, WARNING

NC_DIGITS = 6
CLASSIFICATION = {ERROR: "major", WARNING: "minor", INFO: "observation"}


def classification(severity: str) -> str:
    return CLASSIFICATION.get(severity, severity)


def nc_numbers(fingerprints: Iterable[str]) -> dict[str, str]:
    """Fingerprint -> its nonconformity number, unique among `fingerprints`."""
    unique = sorted(set(fingerprints))
    numbers = {}
    for index, mark in enumerate(unique):
        # sorted, a fingerprint shares its longest prefix with a neighbour
        shared = max(
            (
                _common(mark, unique[other])
                for other in (index - 1, index + 1)
                if 0 <= other < len(unique)
            ),
            default=0,
        )
        numbers[mark] = "NC-" + mark[: max(NC_DIGITS, shared + 1)]
    return numbers


def _common(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length
