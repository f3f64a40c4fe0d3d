"""How texts and item names compare: as a Chinese keyboard types them, and as an English one.

Items compare after Unicode NFKC normalisation (full-width letters, digits, brackets and
punctuation become their ASCII forms; the ideographic space U+3000 becomes a space), with
spaces trimmed, and with the spaces left out that input methods add or drop at will: next
to a CJK character (`冷链 标签` is `冷链标签`, `半成品　饺子` is `半成品饺子`) and before a
bracket or a punctuation mark (`速冻饺子 (猪肉)` is `速冻饺子（猪肉）`). Traditional and
simplified characters stay distinct (`标签` is not `標籤`): converting them is a choice of
vocabulary, not of typing. A text that is empty once trimmed counts as missing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# CJK ideographs, kana, hangul and CJK punctuation: a space beside one of them is typing.
_CJK = "\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3100-\u9fff\uac00-\ud7af\uf900-\ufaff"
_LOOSE_SPACE = re.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+|\s+(?=[()\[\]{{}}<>,.;:!?])")


@lru_cache(maxsize=1 << 16)  # the rules ask for the same few item names again and again
def normal(text: str) -> str:
    """The form in which two texts are compared.

    >>> normal("　raw　material（steel） ")
    'raw material(steel)'
    >>> normal("速冻饺子 (猪肉)") == normal("速冻饺子（猪肉）")
    True
    >>> normal("冷链 标签") == normal("冷链标签")
    True
    """
    if not text.isascii():  # NFKC leaves ASCII as it is: the common case, kept fast
        text = unicodedata.normalize("NFKC", text)
    return _LOOSE_SPACE.sub("", text.strip())


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
    return normal(item) in map(normal, items)  # (compared in C: the rules ask it per need)


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
    key = _compared(text)
    if key is None:
        return False  # empty: missing, which the three-step rules report
    return not key or key in _KEYS or key in extra


@lru_cache(maxsize=1 << 16)  # like `normal`: a few texts (`Signed`, `无`) asked again and again
def _compared(text: str) -> str | None:
    """`placeholder_key(text)`, None for a text that is empty once trimmed."""
    return placeholder_key(text) if normal(text) else None
