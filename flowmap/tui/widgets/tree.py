"""The tree of maps: files, sections, processes, steps, operations and the rest."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Tree


class Outline(Tree):
    """The tree of maps: Left folds (or goes to the parent), Right unfolds."""

    BINDINGS = [
        Binding("left", "fold", "fold", show=False),
        Binding("right", "unfold", "unfold", show=False),
    ]

    def action_fold(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_unfold(self) -> None:
        if self.cursor_node is not None:
            self.cursor_node.expand()
