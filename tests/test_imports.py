"""`flowmap check` stays light: it never imports the editor (textual) or the charts (pydot)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import PROCESSES


def _imported_by(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "flowmap", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_check_imports_neither_textual_nor_pydot():
    imported = _imported_by("check", str(PROCESSES))
    assert "flowmap" in imported and "yaml" in imported
    assert "textual" not in imported and "pydot" not in imported and "rich" not in imported


def test_render_does_import_pydot_so_the_test_above_can_fail():
    assert "pydot" in _imported_by("render", str(PROCESSES), "--view", "org", "--format", "dot")


def test_help_imports_no_layer():
    """Parsing the command line loads no layer: a command imports what it needs when it
    runs, so that `flowmap report` can start its work before networkx is in."""
    imported = _imported_by("--help")
    assert "flowmap" in imported
    assert not {"yaml", "networkx", "jinja2", "openpyxl", "pydot", "textual"} & imported


def test_check_in_chinese_reads_its_catalogue_with_gettext_alone():
    """`check --lang zh` reads the compiled catalogue with the standard library: neither
    Babel (which only makes the catalogue) nor WeasyPrint (the report's PDF) is imported."""
    imported = _imported_by("check", str(PROCESSES), "--lang", "zh")
    assert "gettext" in imported and "flowmap" in imported
    assert not {"babel", "weasyprint", "textual", "pydot"} & imported


def test_report_imports_weasyprint_only_for_a_pdf(tmp_path):
    plain = _imported_by("report", str(PROCESSES), "-o", str(tmp_path / "a"), "--dot", "/no")
    assert "jinja2" in plain and "weasyprint" not in plain
    pdf = _imported_by("report", str(PROCESSES), "-o", str(tmp_path / "b"), "--dot", "/no", "--pdf")
    assert "weasyprint" in pdf and "babel" not in pdf
