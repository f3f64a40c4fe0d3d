"""The report's HTML pages, from the Jinja2 templates in `templates/`.

Autoescaping is on for every value: map text can only ever be text. The one thing marked
safe is a chart's SVG, which `svg.inline_svg` has already cut down to an allow-list. No
page runs a script or loads anything (see the Content-Security-Policy in base.html).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from flowmap import __version__
from flowmap.config import SignOff
from flowmap.findings import Waived
from flowmap.i18n import _, language, ngettext
from flowmap.load.names import shown_text
from flowmap.outputs.report.followup import Followup
from flowmap.outputs.report.printing import Part
from flowmap.outputs.report.scope import Scope
from flowmap.outputs.report.scorecard import THREE_STEPS, Compliance, Scorecard
from flowmap.outputs.report.tables import Row, Table, said_fraction, whole_word
from flowmap.shares import percent

if TYPE_CHECKING:
    import jinja2

MAX_FILES_LISTED = 50  # the scope names this many files, then counts the rest
MAX_UNIT_FINDINGS = 200  # a unit's section lists this many; the CSV has them all
# A process's handoffs and findings listed in its section; the CSV files have them all. A
# 50 KB map can state 87,000 handoffs (3,000 steps that each name the next 29 in `next`):
# a page of them took 16 s to write and no browser shows it.
MAX_PROCESS_ROWS = 2_000
BAR_LENGTH = 360
# The bars' colours as attributes, not only by the stylesheet: WeasyPrint's SVG takes none
# from the page's CSS (bars drawn black otherwise).
BAR_FILLS = {"good": "#2e9e50", "fair": "#e0a800", "poor": "#d7191c", "": "#f0f0f0"}


@dataclass
class Shown:
    """A chart as the page shows it: its SVG (already made safe), or why it is not there."""

    caption: str
    anchor: str
    svg: Markup | None = None
    note: str = ""
    file: str = ""  # the SVG beside the page, opened at full size
    # Too big to print whole at 6 pt: the parts it prints in, at `print_scale` points a
    # unit, each showing `drawing` (the id of the group holding the whole chart).
    parts: list[Part] = field(default_factory=list)
    print_scale: float = 1.0
    drawing: str = ""
    screen_width: int = 0  # the narrowest it is shown on screen (printing.screen_min_width)
    medium: str = ""  # "screen": not printed; "paper": printed, and only linked on screen

    @property
    def inner(self) -> Markup:
        """What the chart's SVG holds, without its own <svg> element: a part's copy (PDF)."""
        return Markup(_SVG_INNER.sub("", self.svg or ""))


_SVG_INNER = re.compile(r"^\s*<svg[^>]*>|</svg>\s*$")


@dataclass
class ProcessSection:
    key: str
    name: str
    anchor: str
    href: str  # where the contents link to: "#anchor", or the process's own page
    compliance: Compliance
    charts: list[Shown] = field(default_factory=list)
    handoffs: list[Row] = field(default_factory=list)
    findings: list[Row] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for row in self.findings if row.tone == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for row in self.findings if row.tone == "warning")


@dataclass
class UnitSection:
    name: str
    anchor: str
    compliance: Compliance
    findings: list[Row] = field(default_factory=list)  # the findings the unit must act on
    supplies: list[Row] = field(default_factory=list)  # its handoffs out
    receives: list[Row] = field(default_factory=list)  # its handoffs in


@dataclass
class Contents:
    """Everything the pages show."""

    title: str
    scope: Scope
    card: Scorecard
    org_charts: list[Shown]
    processes: list[ProcessSection]
    units: list[UnitSection]
    handoffs: Table
    findings: Table
    waived: list[Waived]
    rules: dict[str, tuple[str, str]]  # id -> (summary, why it matters)
    split: bool  # each process on a page of its own
    waivers: Table | None = None  # the waivers that silenced a finding, one row each
    followup: Followup | None = None  # since the last audit (`report --since`)
    sign_off: SignOff = SignOff()
    satisfaction: object = None  # the survey periods' section (report.satisfaction), if any


def pdf_page(contents: Contents) -> str:
    """The page report.pdf is made from: the index page with every process in it, each
    chart too large for a page printed in parts that each hold their own copy of it (a
    part's `<use>` of the page's copy is the browser's, not WeasyPrint's)."""
    whole = replace(
        contents,
        split=False,
        processes=[replace(p, href=f"#{p.anchor}") for p in contents.processes],
    )
    return index_page(whole, pdf=True)


def index_page(contents: Contents, pdf: bool = False) -> str:
    """report.html: the scope, the scorecard, the organisation's charts, the processes (in
    full, or linked to their own pages), the units, the waivers and the rules."""
    return (
        _environment()
        .get_template("report.html")
        .render(
            **_common(contents, rules_page="", pdf=pdf),
            org_charts=contents.org_charts,
            processes=contents.processes,
            units=contents.units,
            process_rows=[(s.compliance, s.href) for s in contents.processes],
            unit_rows=[(s.compliance, f"#{s.anchor}") for s in contents.units],
            organisation_findings=contents.findings.of_unit(None),
            waived=contents.waived,
            waivers=contents.waivers,
            followup=contents.followup,
            satisfaction=contents.satisfaction,
            rules=contents.rules,
            bars=_bars(contents.units),
            bar_fills=BAR_FILLS,
            split=contents.split,
            max_files_listed=MAX_FILES_LISTED,
            max_unit_findings=MAX_UNIT_FINDINGS,
        )
    )


def process_page(contents: Contents, section: ProcessSection) -> str:
    """A process's own page, when the processes are too many for one page."""
    return (
        _environment()
        .get_template("process.html")
        .render(
            **_common(contents, "report.html", f"{section.name} — {contents.title}"),
            process=section,
        )
    )


def _common(contents: Contents, rules_page: str, page_title: str = "", pdf=False) -> dict:
    return {
        "pdf": pdf,
        "lang": language(),
        "signing": contents.sign_off,
        "page_numbers": _page_numbers(),
        "since_command": Markup("<code>flowmap report --since findings.csv</code>"),
        "title": contents.title,
        "page_title": page_title or contents.title,
        "scope": contents.scope,
        "card": contents.card,
        "handoffs": contents.handoffs,
        "findings": contents.findings,
        "three_steps": THREE_STEPS,
        "rules_page": rules_page,
        "flowmap_version": __version__,
        "max_process_rows": MAX_PROCESS_ROWS,
    }


@dataclass(frozen=True)
class _Bar:
    name: str
    y: int
    length: int
    band: str
    text: str


@dataclass(frozen=True)
class _Bars:
    bars: list[_Bar]
    label_width: int
    length: int
    width: int
    height: int


def _bars(units: list[UnitSection]) -> _Bars:
    """The summary chart: the share of compliant internal steps of each unit, as bars."""
    label_width = min(320, 40 + 8 * max((len(u.name) for u in units), default=0))
    bars = []
    for index, unit in enumerate(units):
        share = unit.compliance.share
        bars.append(
            _Bar(
                unit.name,
                8 + 28 * index,
                round(BAR_LENGTH * (share or 0)),
                "" if share is None else _band(share),
                "–"
                if share is None
                else _("{compliant} of {steps} steps, {share}").format(
                    compliant=unit.compliance.compliant,
                    steps=unit.compliance.steps,
                    share=percent(share),
                ),
            )
        )
    return _Bars(bars, label_width, BAR_LENGTH, label_width + BAR_LENGTH + 140, 16 + 28 * len(bars))


def _band(share: float) -> str:
    return "good" if share >= 1 else "fair" if share >= 0.85 else "poor"


SHOWN_TEXT = 1_000  # characters of one text the page shows; a longer one is cut with …


def _cut(value: object) -> object:
    """Text for the page, cut, so that a long name repeated in every row of a table costs a
    bounded amount each time (the map already has a finding for it); markup (the charts)
    is the page's own and passes whole."""
    if isinstance(value, str) and not isinstance(value, Markup):
        if len(value) > SHOWN_TEXT:
            value = value[: SHOWN_TEXT - 1] + "…"
        return shown_text(value)  # control and bidi characters shown escaped (`\x1b`)
    return value


def page_rows(table: Table, rows: list[Row]) -> Markup:
    """The rows of a table on the page (`macros.html`, rows_table), each value escaped and
    cut as the page does any (`_cut`). Made here, not by the template: a cell a call into
    the template's code, the rows of 1,200 process pages took 1.0 s of their 1.3 s of CPU."""
    columns = table.page_columns
    shown: dict[object, str] = {}  # a table repeats its texts (names, kinds): each made once
    out = []
    for row in rows:
        tone = f' class="{_shown(row.tone, shown)}"' if row.tone else ""
        steps = f' data-steps="{_shown(" ".join(row.steps), shown)}"' if row.steps else ""
        cells = "".join([f"<td>{_shown(table.page_cell(row, i), shown)}</td>" for i in columns])
        out.append(f"<tr{tone}{steps}>{cells}</tr>\n")
    return Markup("".join(out))


def _shown(value: object, shown: dict[object, str]) -> str:
    """A value as the page shows it, what `{{ value }}` writes in a template, remembered in
    `shown` (keyed by type too: Markup is a str)."""
    key = (type(value), value)
    text = shown.get(key)
    if text is None:
        text = shown[key] = escape(_cut(value))
    return text


def load_templates() -> None:
    """Import Jinja2 and load the templates now: `build_report` calls it while Graphviz
    draws, when it costs little, rather than before (it would delay the first chart) or
    after (nothing else would be left to run beside it)."""
    for name in ("report.html", "process.html"):
        _environment().get_template(name)


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    environment = jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        loader=jinja2.PackageLoader("flowmap.outputs.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_cut,
        bytecode_cache=_bytecode_cache(),
    )
    # Looked up when a page is rendered: the language chosen then (flowmap.i18n). Jinja2's
    # own newstyle callables escape the values put into a message but pass control and
    # bidi characters through; these cut and show them escaped, as every other value is.
    environment.globals.update(_=_message, ngettext=_plural_message, page_rows=page_rows)
    environment.filters["css_string"] = _css_string
    environment.filters["word"] = whole_word
    environment.filters["percent"] = percent
    environment.filters["fraction"] = said_fraction
    return environment


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja2's cache of compiled templates (a folder of this user's own, mode 0700, in the
    temporary directory): compiling the templates anew is a tenth of a second of every
    report (bench_devices "Jinja cache": report of processes/ 0.76 s against 0.98 s
    without, +23%, load 7.8; again 2.84 s against 3.35 s, +15%, CPU +10%, load 11.8:
    kept). None where that folder cannot be made safely; the report is the same."""
    import jinja2

    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # not ours, or not writable: compile every time
        return None


def _message(message: str, **values: object) -> Markup:
    """A message of the templates in the report's language, its `%(name)s` values escaped
    and cut like any value of the page (`_cut`); the message itself is flowmap's own."""
    return Markup(_(message)) % {key: _cut(value) for key, value in values.items()}


def _plural_message(singular: str, plural: str, count: int, **values: object) -> Markup:
    values = {"num": count, **values}
    return Markup(ngettext(singular, plural, count)) % {k: _cut(v) for k, v in values.items()}


def _page_numbers() -> Markup:
    """The CSS `content` of the page number in the margin, "Page 3 of 50" in the language's
    own order ("第 3 页，共 50 页")."""
    text = _("Page {page} of {pages}")
    parts = re.split(r"(\{page\}|\{pages\})", text)
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return Markup(
        " ".join(counters.get(part) or f'"{_css_string(part)}"' for part in parts if part)
    )


def _css_string(value: str) -> str:
    """Text safe inside a CSS string in a <style> element (then HTML-escaped as usual)."""
    return "".join(ch if ch.isalnum() or ch in " .,:;-_()" else f"\\{ord(ch):x} " for ch in value)
