"""The findings panel: errors first, then warnings, each group in the order of the files;
a finding a line (its message first, cut to the width, its place short: file name:line)
so that several show at 80×24; the selected finding in full below; Enter asks to jump to
it, and so do F8 / shift+F8 (the next / previous one) from anywhere."""

from __future__ import annotations

from pathlib import PurePath

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from flowmap.findings import Finding

MARKS = {"error": ("E", "bold red"), "warning": ("W", "bold yellow"), "info": ("i", "cyan")}
MESSAGE_ROOM = 32  # cells of the message a row keeps before it gives up the place
SEVERITIES = ("error", "warning", "info")  # the order the list shows them in


def in_order(findings: list[Finding]) -> list[Finding]:
    """Errors before warnings before the rest; within each, by file and position."""

    def key(finding: Finding):
        rank = SEVERITIES.index(finding.severity) if finding.severity in SEVERITIES else 9
        return rank, str(finding.file), finding.line, finding.column

    return sorted(findings, key=key)


def row(finding: Finding, width: int = 0) -> Text:
    """One finding as the list shows it, on one line of `width` cells (0: as long as it
    is): the message, cut to leave room for its place (file name:line) — or, when that
    would leave less than MESSAGE_ROOM cells of it, without the place, which the selected
    finding's full text below shows (a Text: map text is never read as markup)."""
    mark, style = MARKS.get(finding.severity, ("·", ""))
    place = Text(f"  {PurePath(finding.file).name}:{finding.line}", "dim")
    message = Text(" ".join(finding.message.split()))
    room = width - 2 - place.cell_len
    if width and message.cell_len > room and room < MESSAGE_ROOM:
        place, room = Text(), width - 2
    if width and message.cell_len > room:
        message.truncate(max(room, 8), overflow="ellipsis")
    return Text.assemble((f"{mark} ", style), message, place, no_wrap=True)


def detail(finding: Finding) -> Text:
    """The selected finding in full: where exactly, which rule, how bad, what to do."""
    where = f"{finding.file}:{finding.line}:{finding.column}"
    who = finding.responsible
    acting = ", ".join([*who.units, *(["unassigned"] if who.unassigned else [])])
    return Text.assemble(
        (f"{finding.severity} {finding.rule}", "bold"),
        f" at {where}\n",
        finding.message,
        (f"\nWho must act: {acting}" if acting else "", "dim"),
    )


class FindingsView(Vertical):
    """The list of findings and the selected one's full text."""

    class Jump(Message):
        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    findings: list[Finding] = []
    _width = 0  # the list's width the rows were cut to

    def compose(self) -> ComposeResult:
        yield OptionList(id="findings-list")
        yield Static(id="finding-detail", markup=False)

    def show(self, findings: list[Finding]) -> None:
        self.findings = in_order(findings)
        options = self.query_one("#findings-list", OptionList)
        highlighted = options.highlighted
        self._width = options.scrollable_content_region.width
        options.clear_options()
        options.add_options(
            [Option(row(f, self._width), id=str(i)) for i, f in enumerate(self.findings)]
        )
        if self.findings:
            options.highlighted = min(highlighted or 0, len(self.findings) - 1)
        else:
            self.query_one("#finding-detail", Static).update("No findings.")

    def on_resize(self) -> None:
        options = self.query_one("#findings-list", OptionList)
        if options.scrollable_content_region.width != self._width:
            self.show(self.findings)  # the rows cut to the new width

    @property
    def highlighted(self) -> Finding | None:
        index = self.query_one("#findings-list", OptionList).highlighted
        return self.findings[index] if index is not None and index < len(self.findings) else None

    def highlight(self, finding: Finding) -> None:
        """The cursor on `finding`, when the list shows it."""
        if finding in self.findings:
            self.query_one("#findings-list", OptionList).highlighted = self.findings.index(finding)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        index = int(event.option.id or 0)
        if index < len(self.findings):  # not an option of a list shown before
            self.query_one("#finding-detail", Static).update(detail(self.findings[index]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(event.option.id or 0)
        if index < len(self.findings):
            self.post_message(self.Jump(self.findings[index]))
