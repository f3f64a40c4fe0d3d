"""The editor's modal questions: help, quit with unsaved changes, a save conflict, a new id,
a new file's name."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Static

from flowmap.tui.keys import ASK_KEYS, CHOICE_KEYS, HELP_KEYS, bindings, help_text


class Choice(ModalScreen[str]):
    """A question with buttons; dismisses with the chosen button's id."""

    BINDINGS = bindings(CHOICE_KEYS)

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question, self.choices = question, choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, markup=False)  # it quotes file names
            with Horizontal(classes="buttons"):
                for key, label in self.choices:
                    yield Button(label, id=key)
            yield Label("← → or Tab choose, Enter confirms, Escape cancels", classes="hint")

    def action_button(self, delta: int) -> None:
        """← → (↑ ↓): the button before or after the one with the focus."""
        buttons = list(self.query(Button))
        now = buttons.index(self.focused) if self.focused in buttons else 0
        buttons[(now + delta) % len(buttons)].focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")


class Ask(ModalScreen[str | None]):
    """One line of text: a new id, a file name. Dismisses with the text, or None."""

    BINDINGS = bindings(ASK_KEYS)

    def __init__(self, question: str, value: str = "", known: list[str] | None = None) -> None:
        super().__init__()
        self.question, self.value, self.known = question, value, known

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, markup=False)  # it quotes ids
            suggester = SuggestFromList(self.known) if self.known else None
            yield Input(self.value, id="answer", suggester=suggester)
            hint = "→ completes, " if self.known else ""
            yield Label(f"{hint}Enter to confirm, Escape to cancel", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)


class Help(ModalScreen[None]):
    """The keys; longer than 24 lines, so it scrolls (the arrow keys, PgUp/PgDn)."""

    BINDINGS = bindings(HELP_KEYS)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label("Escape closes this help · ↑ ↓ PgUp PgDn scroll", classes="hint")
            with VerticalScroll(id="help-text"):
                yield Static(help_text(), markup=False)

    def on_mount(self) -> None:
        self.query_one("#help-text").focus()
