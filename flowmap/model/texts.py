"""How texts and item names compare: after Unicode NFKC normalisation and trimming.

Chinese input methods type full-width brackets (`（）`) and ideographic spaces (U+3000);
NFKC turns them into their plain forms, so `raw　material（steel）` and `raw material(steel)`
name the same item. A text that is empty once trimmed counts as missing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=1 << 16)  # the rules ask for the same few item names again and again
def normal(text: str) -> str:
    """The form in which two texts are compared.

    >>> normal("　raw　material（steel） ")
    'raw material(steel)'
    """
    if text.isascii():  # NFKC leaves ASCII as it is: the common case, kept fast
        return text.strip()
    return unicodedata.normalize("NFKC", text).strip()


def stated(texts: Iterable[str]) -> list[str]:
    """The texts that say something: empty ones (`''`, spaces) count as missing.

    >>> stated(["", "  ", "Signed"])
    ['Signed']
    """
    return [text for text in texts if normal(text)]


def says_something(texts: Iterable[str]) -> bool:
    """Whether any of `texts` is more than empty (`stated(texts)` is not empty).

    >>> says_something(["", " "]), says_something(["", "Signed"])
    (False, True)
    """
    return any(map(normal, texts))


def same(a: str, b: str) -> bool:
    """Whether two item names name the same item.

    >>> same("sales order", "sales order　")
    True
    """
    return normal(a) == normal(b)


def among(item: str, items: Iterable[str]) -> bool:
    """Whether `item` is one of `items`, compared as `same` does."""
    wanted = normal(item)
    return any(normal(other) == wanted for other in items)


# Texts that say nothing, in the form `placeholder_key` gives them: a plant that writes
# `recheck: [无]` has not said what it re-checks. Extended by the setting `placeholders`.
PLACEHOLDERS = frozenset(
    (
        "none",
        "n/a",
        "na",
        "same as above",
        "as above",
        "as required",
        "tbd",
        "to be defined",
        "see above",
        "无",
        "没有",
        "同上",
        "如上",
        "按要求",
        "按规定",
        "待定",
        "略",
    )  # fmt: skip
)
_NOT_WORD = re.compile(r"[\W_]+")


def placeholder_key(text: str) -> str:
    """A text as placeholders are compared: NFKC, case folded, punctuation and spaces
    left out, so `N/A`, `n/a.` and `ＮＡ` are one.

    >>> placeholder_key(" N/A. "), placeholder_key("同 上"), placeholder_key("—")
    ('na', '同上', '')
    """
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


_KEYS = frozenset(map(placeholder_key, PLACEHOLDERS))


def is_placeholder(text: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a (non-empty) text says nothing: a placeholder, or punctuation alone.
    `extra` holds more placeholders, in `placeholder_key` form.

    >>> [is_placeholder(t) for t in ("无", "-", "...", "无尘包装", "None of the pins bent")]
    [True, True, True, False, False]
    """
    if not normal(text):
        return False  # empty: missing, which the three-step rules report
    key = placeholder_key(text)
    return not key or key in _KEYS or key in extra
