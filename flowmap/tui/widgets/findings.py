"""The findings panel: each finding's message first, wrapped, with its place short
(file name:line); the selected finding's full text below; Enter asks to jump to it."""

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


def row(finding: Finding) -> Text:
    """One finding as the list shows it (a Text: map text is never read as markup)."""
    mark, style = MARKS.get(finding.severity, ("·", ""))
    place = f"{PurePath(finding.file).name}:{finding.line}"
    return Text.assemble((f"{mark} ", style), finding.message, (f"  {place}", "dim"))


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

    def compose(self) -> ComposeResult:
        yield OptionList(id="findings-list")
        yield Static(id="finding-detail", markup=False)

    def show(self, findings: list[Finding]) -> None:
        self.findings = list(findings)
        options = self.query_one("#findings-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(row(f), id=str(i)) for i, f in enumerate(self.findings)])
        if self.findings:
            options.highlighted = min(highlighted or 0, len(self.findings) - 1)
        else:
            self.query_one("#finding-detail", Static).update("No findings.")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        finding = self.findings[int(event.option.id or 0)]
        self.query_one("#finding-detail", Static).update(detail(finding))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Jump(self.findings[int(event.option.id or 0)]))
