"""Keep the message catalogue in step with the source: `python -m flowmap.catalogue`.

It extracts every message marked for translation (`_()`, `ngettext()` and `N_()` in
flowmap's modules; `_()` and `{% trans %}` in the report's templates) into
flowmap/locale/flowmap.pot, merges them into each language's .po file (a new message is
added untranslated, a message no longer in the source is dropped) and compiles the .po into
the .mo the program reads. The .po is where a translator writes; the .pot and .mo are made
from it and from the source, and are committed so that an installed flowmap needs neither
Babel nor a build step (`flowmap check` reads its messages with the stdlib gettext alone).

`--check` changes nothing: it exits 1 naming what is out of date or untranslated (the test
suite runs it). Babel is a development tool here (the `i18n` extra), never imported by
flowmap when it runs. It sits above the rules (it reads their docs for the report's "The
rules"), beside the i18n package that reads the catalogue and which every layer may use.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from flowmap.i18n import DOMAIN, LANGUAGES, LOCALE

PACKAGE = LOCALE.parent
METHODS = [
    ("catalogue.py", "ignore"),
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}
# Fixed, so that running it twice writes the same bytes (the dates say nothing here).
STAMP = datetime(2026, 1, 1, tzinfo=UTC)


def extracted() -> Catalog:
    """Every message the source marks, without places (they move with every edit)."""
    template = Catalog(project="flowmap", domain=DOMAIN, creation_date=STAMP, revision_date=STAMP)
    for _file, _line, message, comments, context in extract_from_dir(
        PACKAGE, METHODS, OPTIONS, KEYWORDS, comment_tags=("Translators:",)
    ):
        template.add(message, None, auto_comments=comments, context=context)
    for text in rule_texts():
        template.add(text, None)
    return template


def rule_texts() -> list[str]:
    """Each rule's summary and why it matters, as the report's "The rules" shows them (from
    the rules' docstrings, which no extractor reads)."""
    from flowmap.rules import RULES
    from flowmap.rules.docs import section, summary

    texts = []
    for module in RULES.values():
        texts += [summary(module), section(module, "Why is this bad?")]
    return [text for text in texts if text]


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, no_location=True, sort_output=True, include_previous=False)
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def wanted_files() -> tuple[dict[Path, bytes], dict[str, list[str]]]:
    """Each catalogue file as it should be, and each language's untranslated messages."""
    template = extracted()
    files = {LOCALE / f"{DOMAIN}.pot": _po_bytes(template)}
    untranslated: dict[str, list[str]] = {}
    for language in LANGUAGES[1:]:
        folder = LOCALE / language / "LC_MESSAGES"
        po = folder / f"{DOMAIN}.po"
        if po.exists():
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=language, domain=DOMAIN)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, project="flowmap")
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        catalog.fuzzy = False  # the header: a .mo keeps only what is not fuzzy
        catalog.creation_date = catalog.revision_date = STAMP
        files[po] = _po_bytes(catalog)
        files[folder / f"{DOMAIN}.mo"] = _mo_bytes(catalog)
        untranslated[language] = [
            m.id if isinstance(m.id, str) else m.id[0]
            for m in catalog
            if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)
        ]  # a plural's string is a tuple of its forms, each to be translated
    return files, untranslated


def main(argv: list[str]) -> int:
    check = "--check" in argv
    files, untranslated = wanted_files()
    stale = [path for path, data in files.items() if not path.exists() or path.read_bytes() != data]
    if not check:
        for path in stale:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data := files[path])
            print(f"wrote {path.relative_to(PACKAGE.parent)} ({len(data)} bytes)")
    elif stale:
        names = ", ".join(str(path.relative_to(PACKAGE.parent)) for path in stale)
        print(f"out of date: {names}; run python -m flowmap.catalogue")
    missing = {language: ids for language, ids in untranslated.items() if ids}
    for language, ids in missing.items():
        print(
            f"{len(ids)} messages have no {language} translation yet, in "
            f"flowmap/locale/{language}/LC_MESSAGES/{DOMAIN}.po, e.g. {ids[0]!r}"
        )
    return 1 if (check and stale) or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
