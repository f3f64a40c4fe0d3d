"""How texts and item names compare: after Unicode NFKC normalisation and trimming.

Chinese input methods type full-width brackets (`（）`) and ideographic spaces (U+3000);
NFKC turns them into their plain forms, so `raw　material（steel）` and `raw material(steel)`
name the same item. A text that is empty once trimmed counts as missing.
"""

from __future__ import annotations

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
