"""Every key is defined once, in `flowmap/tui/keys.py` (the README's table, the help screen,
the footer and the palette are made from it), and tests use only Textual's public API."""

from __future__ import annotations

import re

from flowmap.tui.keys import KEYS, LIST_KEYS, TREE_KEYS, help_text, with_table
from tests.conftest import REPO


def test_the_readme_key_table_is_the_one_keys_py_makes():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme == with_table(readme), "run `python -m flowmap.tui.keys` to update README.md"


def test_every_key_is_in_the_readme_and_the_help_screen():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = help_text()
    for key in (*KEYS, *TREE_KEYS, *LIST_KEYS):
        assert f"| {' / '.join(f'`{k}`' for k in key.shown_keys.split(' or '))} |" in readme
        assert key.shown_keys in shown


def test_no_binding_is_made_outside_keys_py():
    made = [
        f"{path.relative_to(REPO)}:{number}"
        for path in (REPO / "flowmap").rglob("*.py")
        if path.name != "keys.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bBinding\(|BINDINGS\s*=\s*\[", line)
    ]
    assert made == []


# A private name (`._x`) read on an app, a screen, a driver, a compositor or a pilot, and the
# Textual methods the editor overrides for speed or recovery.
_PRIVATE = re.compile(
    r"\b\w*(app|screen|driver|compositor|pilot)\w*\.(_[a-z]\w*)|_handle_exception|get_label_width"
)


def test_no_test_touches_textuals_private_attributes():
    """Tests read what a user sees (public widget state, the screenshot, the terminal),
    so that a new Textual release does not break them for nothing."""
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in (REPO / "tests").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _PRIVATE.search(line) and path.name != "test_definitions.py"
    ]
    assert found == []
