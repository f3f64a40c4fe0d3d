"""The tree of maps: files, sections, processes, steps, operations and the rest."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text, TextType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from flowmap.tui.keys import TREE_KEYS, bindings


class Outline(Tree):
    """The tree of maps: Left folds (or goes to the parent), Right unfolds."""

    BINDINGS = bindings(TREE_KEYS)

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

    def process_label(self, label: TextType) -> Text:
        """A label as the row shows it: its first line (split only when it has several)."""
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def get_label_width(self, node: TreeNode) -> int:
        """The label's width without rendering it: the tree measures every row each time a
        row is added or folded (Textual's own way renders each label, which took most of the
        time to open a map of 1,000 steps)."""
        icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
        return node.label.cell_len + (cell_len(icon) if node.allow_expand else 0)
