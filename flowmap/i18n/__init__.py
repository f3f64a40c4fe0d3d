"""The words flowmap writes, in the user's language: English, or Chinese (`--lang zh`, or
`language = "zh"` in the settings).

Every text a person reads is written in English in the source and looked up here, through
the message catalogue `flowmap/locale/<language>/LC_MESSAGES/flowmap.mo`:

    from flowmap.i18n import _
    _("`{step}` receives from {suppliers} but has no `recheck`").format(step=..., ...)

A command chooses the language once (`use_language`), before it makes any text. Reading the
catalogue takes the standard library's gettext only: Babel extracts the messages and
compiles the catalogue when they change (`python -m flowmap.catalogue`), and the
compiled .mo files are committed, so nothing is built at install time and `flowmap check`
starts as fast as before.
"""

from __future__ import annotations

import gettext
from pathlib import Path

LANGUAGES = ("en", "zh")  # English is the source language: it has no catalogue
DEFAULT_LANGUAGE = "en"
LOCALE = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "flowmap"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def use_language(language: str) -> None:
    """Write every text from now on in `language` (one of LANGUAGES)."""
    global _current, _language
    if language not in LANGUAGES:
        raise ValueError(f"{language!r} is not a language flowmap speaks: {', '.join(LANGUAGES)}")
    _language = language
    if language == DEFAULT_LANGUAGE:
        _current = gettext.NullTranslations()
    else:
        _current = gettext.translation(DOMAIN, LOCALE, languages=[language])


def language() -> str:
    """The language texts are written in now."""
    return _language


def _(message: str) -> str:
    """`message` in the chosen language (itself in English, or when not yet translated)."""
    return _current.gettext(message)


def N_(message: str) -> str:
    """`message` marked for the catalogue, left as it is: it is translated where it is shown
    (a column heading, a word the report keeps in English in its files)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message, as the chosen language counts."""
    return _current.ngettext(singular, plural, count)


def join_and(items: list[str]) -> str:
    """`a and b`, `a, b and c` in the chosen language."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return _("{first} and {second}").format(first=items[0], second=items[1])
    return _("{first} and {second}").format(first=_(", ").join(items[:-1]), second=items[-1])
