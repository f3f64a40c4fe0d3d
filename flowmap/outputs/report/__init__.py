"""The audit report: a scorecard, the charts, the handoffs and findings by process and by
unit, the waivers and the rules; and the tables as CSV and as a workbook.

    report = build_report(org, findings, waived, config)
    report.files       # file name -> bytes: report.html, the charts' SVG, the tables, ...
    report.html        # the index page, report.html

Up to `PROCESSES_ON_ONE_PAGE` processes, report.html holds everything; with more, each
process gets a page of its own (`process-<id>.html`) and report.html links them, so that
the index stays small enough to open and print. Charts need Graphviz; without it the report
is still made, each chart replaced by a note.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import groupby

from markupsafe import Markup

from flowmap.config import Config
from flowmap.findings import Finding, Waived
from flowmap.graph import build_graph
from flowmap.graph.satisfaction import need_shares, summarise
from flowmap.i18n import N_, _
from flowmap.model.org import Organisation
from flowmap.outputs import charts as chart_views
from flowmap.outputs.charts.marks import Marks
from flowmap.outputs.nonconformity import nc_numbers
from flowmap.outputs.report import sheets as facts
from flowmap.outputs.report.exports import capped, sheet_csv
from flowmap.outputs.report.followup import Baseline, compare
from flowmap.outputs.report.handoff_table import handoff_rows
from flowmap.outputs.report.page import (
    Contents,
    ProcessSection,
    Shown,
    UnitSection,
    index_page,
    load_templates,
    pdf_page,
    process_page,
)
from flowmap.outputs.report.places import Places
from flowmap.outputs.report.printing import print_parts, screen_min_width
from flowmap.outputs.report.satisfaction import satisfaction_section
from flowmap.outputs.report.scope import report_date, scope
from flowmap.outputs.report.scorecard import scorecard
from flowmap.outputs.report.svg import inline_svg
from flowmap.outputs.report.tables import finding_table, handoff_table, waiver_table
from flowmap.outputs.workbook import Sheet, WorkbookWriter

PROCESSES_ON_ONE_PAGE = 12
# A chart's SVG bigger than this is linked, not put in the page: the internal-customer map
# of a thousand steps is a megabyte that no page can show readably anyway.
MAX_INLINE_SVG = 400_000


@dataclass
class Report:
    files: dict[str, bytes] = field(default_factory=dict)  # in the order they are written
    charts: dict[str, bytes] = field(default_factory=dict)  # file name -> SVG
    problem: str = ""  # why no chart is drawn (no Graphviz), when none is
    failed: list[str] = field(default_factory=list)  # "caption: why", a chart that failed

    @property
    def html(self) -> str:
        return self.files["report.html"].decode("utf-8")


@dataclass(frozen=True)
class _Wanted:
    """A chart the report shows: the file it is written to, its caption, what to draw."""

    file: str
    caption: str
    view: str
    key: str | None = None
    row: int | None = None  # which row of a long process (`charts.process_rows`)
    # "screen": shown on screen only; "paper": printed only, and linked on screen
    medium: str = ""


def organisation_charts(org: Organisation) -> list[_Wanted]:
    """The organisation's charts. The internal-customer map of a whole company is too large
    to read in a page (4–6 px text at 1,400 px for `processes/`): on screen the page shows
    it one unit at a time (the unit's customers and suppliers, one relation deep) and links
    the whole; on paper it prints whole, as a poster in parts at 6 pt (`printing`), which
    takes fewer pages than the units' parts would (8 against 20 for `processes/`)."""
    return [
        _Wanted("org.svg", _("Rank chart"), "org"),
        _Wanted("functions.svg", _("Service departments and the units they serve"), "functions"),
        *(
            _Wanted(
                f"customers-unit-{number}.svg",
                _("The internal-customer map around {unit}").format(unit=unit.name or key),
                "around",
                key,
                medium="screen",
            )
            for number, (key, unit) in enumerate(org.units.items(), start=1)
        ),
        _Wanted(
            "customers.svg", _("The internal-customer map, whole"), "customers", medium="paper"
        ),
        _Wanted("goals.svg", _("The goal cascade: customer needs to personal goals"), "goals"),
    ]


def chart_dots(org: Organisation, findings: list[Finding]) -> list[str]:
    """The DOT text of every chart the report draws, in page order (the benchmark times
    Graphviz alone on them)."""
    names = _file_names(org)
    wanted = organisation_charts(org) + [
        w for key in org.processes for w in _process_charts(org, key, names[key])
    ]
    texts = _dot_texts(org, build_graph(org), Marks(org, findings), wanted)
    return [text for text, _ in texts if isinstance(text, str)]


def build_report(
    org: Organisation,
    findings: list[Finding],
    waived: list[Waived],
    config: Config,
    title: str | None = None,
    dot: str | None = None,
    writer: WorkbookWriter | None = None,
    baseline: Baseline | None = None,
    pdf: bool = False,
) -> Report:
    """The report's files; `writer` writes the workbook (by default, in this process);
    with a `baseline`, a section follows the findings up since then; with `pdf`,
    report.pdf too (`pdf.html_to_pdf`; PdfUnavailable without Pango)."""
    report = Report()
    title = title or _("Internal customer audit")
    writer = writer or WorkbookWriter(python=None)
    names = _file_names(org)
    process_charts = {key: _process_charts(org, key, names[key]) for key in org.processes}
    org_charts = organisation_charts(org)
    wanted = org_charts + [w for ws in process_charts.values() for w in ws]
    marks = Marks(org, findings)
    card = scorecard(
        org,
        findings,
        len(waived),
        config.satisfaction_target,
        config.external_satisfaction_target,
        config=config,
        marks=marks,
    )
    # One worker more than the cores for git (`scope`), which waits and takes no core.
    with ThreadPoolExecutor(max_workers=(os.cpu_count() or 1) + 1) as pool:
        today = report_date()  # the page's and the workbook's
        drawing = _start_drawing(report, org, marks, wanted, dot, pool)
        covering = pool.submit(scope, org, card.steps, today)
        # The tables and their files are made while Graphviz draws; the workbook's sheets
        # first, so that its second process writes them while this one makes the rest.
        rows = handoff_rows(org)
        waived_marks = Marks(org, [w.finding for w in waived])
        targets = (config.satisfaction_target, config.external_satisfaction_target)
        shares = need_shares(org, config)  # the latest survey period's, as the rules judge
        places = Places(org)
        before = baseline.findings if baseline else {}
        numbers = nc_numbers([*_fingerprints(findings, waived), *before])
        made = fact_sheets(org, findings, waived, config, numbers, today, rows, marks, places)
        sheets = [made.handoffs, made.findings, made.waivers]
        sheets.append(facts.scorecard_sheet(card, list(org.processes)))
        covered = covering.result()
        sheets.append(facts.scope_sheet(covered, card, *targets))
        from flowmap.outputs.surveys import periods_sheet  # (it imports report.exports)

        survey = summarise(org, config)
        if survey.periods:  # the survey periods' numbers, as `flowmap survey summary` has them
            sheets.append(periods_sheet(survey, config))
        writer.send([capped(sheet) for sheet in sheets], today)
        handoffs = handoff_table(org, rows, marks, *targets, waived_marks, shares)
        finding_rows = finding_table(findings, places, numbers)
        waiver_rows = waiver_table(waived, places, date.fromisoformat(today), numbers)
        followup = compare(baseline, findings, made.handoffs, places, numbers) if baseline else None
        tables = {f"{sheet.name}.csv": sheet_csv(sheet) for sheet in sheets[:2]}
        if survey.periods:
            tables["periods.csv"] = sheet_csv(sheets[-1])
        load_templates()
        drawn = dict(zip(wanted, _shown(report, wanted, drawing), strict=True))
    split = len(org.processes) > PROCESSES_ON_ONE_PAGE
    sections = [
        ProcessSection(
            key,
            process.name or key,
            f"process-{names[key]}",
            f"process-{names[key]}.html" if split else f"#process-{names[key]}",
            compliance,
            [drawn[w] for w in process_charts[key]],
            handoffs.of_process(key),
            finding_rows.of_process(key),
        )
        for (key, process), compliance in zip(org.processes.items(), card.by_process, strict=True)
    ]
    units = [
        UnitSection(
            compliance.name,
            f"unit-{index}",
            compliance,
            finding_rows.of_unit(unit),
            handoffs.supplied_by(unit),
            handoffs.received_by(unit),
        )
        for index, (unit, compliance) in enumerate(card.units.items(), start=1)
    ]
    contents = Contents(
        title,
        covered,
        card,
        [drawn[w] for w in org_charts],
        sections,
        units,
        handoffs,
        finding_rows,
        waived,
        _rule_docs(),
        split,
        waiver_rows,
        followup,
        config.sign_off,
    )
    contents.satisfaction = satisfaction_section(org, config, waived)
    pages = {
        section.href: process_page(contents, section).encode("utf-8")
        for section in (sections if split else [])
    }
    pages["report.html"] = index_page(contents).encode("utf-8")
    if pdf:
        from flowmap.outputs.report.pdf import html_to_pdf

        pages["report.pdf"] = html_to_pdf(pdf_page(contents))
    tables["report.xlsx"] = writer.result()
    report.files.update(report.charts)
    report.files.update(tables)
    report.files.update(pages)
    return report


@dataclass(frozen=True)
class FactSheets:
    handoffs: Sheet
    findings: Sheet
    waivers: Sheet


def fact_sheets(
    org: Organisation,
    findings: list[Finding],
    waived: list[Waived],
    config: Config,
    numbers: dict[str, str] | None = None,
    today: str | None = None,
    rows: list | None = None,
    marks: Marks | None = None,
    places: Places | None = None,
) -> FactSheets:
    """The sheets of what the maps hold and break (`sheets`): a report's own, and the
    baseline's of `--since` (made the same way, so that the two compare)."""
    numbers = numbers if numbers is not None else nc_numbers(_fingerprints(findings, waived))
    places = places or Places(org)
    return FactSheets(
        facts.handoff_sheet(
            org,
            handoff_rows(org) if rows is None else rows,
            marks or Marks(org, findings),
            Marks(org, [w.finding for w in waived]),
            config.satisfaction_target,
            config.external_satisfaction_target,
            need_shares(org, config),
        ),
        facts.finding_sheet(findings, places, numbers),
        facts.waiver_sheet(waived, places, date.fromisoformat(today or report_date()), numbers),
    )


def _fingerprints(findings: list[Finding], waived: list[Waived]) -> list[str]:
    return [f.fingerprint for f in findings] + [w.finding.fingerprint for w in waived]


def _file_names(org: Organisation) -> dict[str, str]:
    """Process key -> the name its files carry: the id, or its number when the schema
    refused the id (it may hold "/" or ".."; it never names a file)."""
    return {
        key: chart_views.process_file_stem(key, number)
        for number, key in enumerate(org.processes, start=1)
    }


def _process_charts(org: Organisation, key: str, name: str) -> list[_Wanted]:
    """A process's chart, wrapped into rows (`charts.process_rows`) when it is long, so
    that its text stays readable in the page and on paper."""
    process = org.processes[key]
    caption = _("Process: {name}").format(name=process.name or key)
    rows = chart_views.process_rows(process.steps)
    if len(rows) == 1 or chart_views.process_too_large(org, key):
        return [_Wanted(f"process-{name}.svg", caption, "process", key)]
    count = len(process.steps)
    return [
        _Wanted(
            f"process-{name}-row{number}.svg",
            (
                _("{caption}, step {end} of {count}")
                if end == start + 1
                else _("{caption}, steps {start}–{end} of {count}")
            ).format(caption=caption, start=start + 1, end=end, count=count),
            "process",
            key,
            number - 1,
        )
        for number, (start, end) in enumerate(rows, start=1)
    ]


# Charts one `dot` run lays out at most, unless they are the rows of one process (those are
# always drawn by one run): `charts.run_dot_many` says what a run saves. Measured (Graphviz
# 2.43, 480 rows of small processes): 21 ms of CPU a chart drawn alone, 1.9 ms in runs of
# 24, 1.2 ms in runs of 96; the report of 1,200 small processes 19.1 -> 17.8 s CPU and of
# 20 x 50 steps 3.2 -> 2.6 s from 24 to 96 (load 5.5), the same SVG.
BATCH_CHARTS = 96


def _start_drawing(report: Report, org, marks: Marks, wanted, dot, pool) -> list[_Drawn] | None:
    """Start Graphviz on every chart, on every core at once, in batches (`_batches`); None
    without Graphviz (then `report.problem` says why)."""
    try:
        chart_views.find_dot(dot)
    except chart_views.GraphvizMissing as error:
        report.problem = str(error)
        return None
    return _drawing(org, marks, wanted, dot, pool)


def _drawing(org, marks: Marks, wanted, dot, pool) -> list[_Drawn]:
    """The charts' DOT made here, one batch after another, each drawn by a thread of `pool`
    while the next is made."""
    texts = _dot_texts(org, build_graph(org), marks, wanted)
    drawn: list[_Drawn] = []
    for batch in _batches(wanted):
        made = [next(texts) for _ in batch]
        job = pool.submit(_svgs, made, dot)
        drawn += [_Drawn(job, index) for index in range(len(made))]
    return drawn


def _batches(wanted: list[_Wanted]) -> list[list[_Wanted]]:
    """The charts in the batches one `dot` run draws each: an organisation chart alone (they
    are the large ones), the maps around the units together (BATCH_CHARTS a run), the
    charts of a process together, and the charts of consecutive processes together up to
    BATCH_CHARTS. So a process costs at most one run, and the
    batches do not depend on the machine: the same maps give the same SVG everywhere."""
    batches: list[list[_Wanted]] = []
    for _key, together in groupby(wanted, key=_batch_key):
        charts = list(together)
        if charts[0].view == "around":  # the map around each unit: small, BATCH_CHARTS a run
            batches += [charts[i : i + BATCH_CHARTS] for i in range(0, len(charts), BATCH_CHARTS)]
            continue
        last = batches[-1] if batches else []
        processes = charts[0].view == "process" and last and last[0].view == "process"
        if processes and len(last) + len(charts) <= BATCH_CHARTS:
            last.extend(charts)
        else:
            batches.append(charts)
    return batches


def _batch_key(wanted: _Wanted) -> object:
    """What a batch holds together: a process's rows, the units' maps, else one chart."""
    if wanted.view == "process":
        return wanted.key
    return "around" if wanted.view == "around" else id(wanted)


@dataclass(frozen=True)
class _Drawn:
    """One chart of a batch being drawn: `result()` is (its SVG or None, why not, why it is
    a summary); see `_svgs`."""

    job: Future
    index: int

    def result(self) -> tuple[bytes | None, str, str | None]:
        return self.job.result()[self.index]

    @property
    def summary(self) -> str | None:
        """Why the chart is a summary of one too large to draw, if it is."""
        return self.result()[2]


def _shown(report: Report, wanted: list[_Wanted], drawing: list[_Drawn] | None) -> list[Shown]:
    """Each chart as the page shows it, its SVG kept in `report.charts` for the file."""
    anchors = [f"chart-{w.file.removesuffix('.svg')}" for w in wanted]
    if drawing is None:
        note = _("Chart not drawn: {why}").format(why=report.problem)
        return [
            Shown(w.caption, anchor, note=note) for w, anchor in zip(wanted, anchors, strict=True)
        ]
    shown = []
    for index, (w, anchor, job) in enumerate(zip(wanted, anchors, drawing, strict=True)):
        data, problem, summary = job.result()
        if summary:
            w = replace(w, caption=f"{w.caption} — {_(SUMMARY_CAPTION).format(why=summary)}")
        if data is not None and len(data) > MAX_INLINE_SVG:
            report.charts[w.file] = data
            size = f"{len(data) / 1e6:.1f} MB"
            note = _("Too large to show in the page ({size}); open it at full size.").format(
                size=size
            )
            shown.append(Shown(w.caption, anchor, note=note, file=w.file))
            continue
        if data is not None:
            try:
                svg = Markup(inline_svg(data, f"c{index}"))  # cut down to an allow-list
                scale, parts = print_parts(data)
                drawing = _GRAPH.search(svg)
                shown.append(
                    Shown(
                        w.caption,
                        anchor,
                        svg,
                        file=w.file,
                        parts=parts if drawing else [],
                        print_scale=scale,
                        drawing=drawing[1] if drawing else "",
                        screen_width=screen_min_width(data),
                        medium=w.medium,
                    )
                )
                report.charts[w.file] = data
                continue
            except ValueError as error:
                problem = str(error)
        report.failed.append(f"{w.caption}: {problem}")
        shown.append(Shown(w.caption, anchor, note=_("Chart not drawn: {why}").format(why=problem)))
    return shown


SUMMARY_CAPTION = N_(
    "a summary: too large to draw readably ({why}), it shows the units and counts the "
    "handoffs between them; the handoff table lists each one"
)
# The group that holds a whole chart, which its printed parts show (`<use>`).
_GRAPH = re.compile(r'<g id="(c\d+-graph\d+)" class="graph"')


def _dot_texts(org, graph, marks: Marks, wanted: list[_Wanted]):
    """For each chart wanted, its DOT text, or the ChartError that stops it, and why it is
    a summary (or None), one by one (so that Graphviz starts on a batch while the next is
    drawn)."""
    rows: dict[str, list[str]] = {}  # process key -> the DOT of each of its rows
    for w in wanted:
        try:
            if w.row is None:
                chart = chart_views.build_chart(
                    org, graph, marks.findings, w.view, w.key, marks=marks
                )
                yield chart_views.to_dot(chart), chart_views.summarised(chart)
                continue
            if w.key not in rows:
                drawn = chart_views.build_process_rows(org, marks.findings, w.key, marks)
                rows[w.key] = [chart_views.to_dot(chart) for chart in drawn]
            yield rows[w.key][w.row], None
        except chart_views.ChartError as error:
            yield error, None


def _svgs(
    made: list[tuple[str | Exception, str | None]], dot: str | None
) -> list[tuple[bytes | None, str, str | None]]:
    """For each chart's (DOT or the error that stops it, why it is a summary): its SVG, or
    why there is none, and why it is a summary. One `dot` run for the batch, and one for
    each chart when that run fails (so that a failure is its chart's alone)."""
    texts = [text for text, _summary in made]
    good = [text for text in texts if isinstance(text, str)]
    try:
        svgs = iter(chart_views.run_dot_many(good, dot=dot)) if good else iter(())
        drawn = [
            (None, str(text)) if isinstance(text, Exception) else (next(svgs), "") for text in texts
        ]
    except (chart_views.GraphvizFailed, chart_views.GraphvizMissing):
        drawn = [_svg(text, dot) for text in texts]
    return [(data, why, summary) for (data, why), (_text, summary) in zip(drawn, made, strict=True)]


def _svg(text: str | Exception, dot: str | None) -> tuple[bytes | None, str]:
    """The SVG of one chart's DOT, or why there is none."""
    if isinstance(text, Exception):
        return None, str(text)
    try:
        return chart_views.run_dot(text, "svg", dot=dot), ""
    except (chart_views.GraphvizFailed, chart_views.GraphvizMissing) as error:
        return None, str(error)


def _rule_docs() -> dict[str, tuple[str, str]]:
    """Rule id -> (summary, why it matters), from the rules' docstrings, in the report's
    language (the catalogue holds them: `catalogue.rule_texts`)."""
    from flowmap.rules import RULES
    from flowmap.rules.docs import section, summary

    return {
        rule: (_(summary(module)), _(section(module, "Why is this bad?")))
        for rule, module in RULES.items()
    }
