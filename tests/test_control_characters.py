"""Control characters in map text are data everywhere (issue 21, item 2): no output of any
command, and no file written under out/, holds a raw ESC, BEL, C1 control or bidi override
taken from the maps. (tests/tui/test_tmux.py checks the editor from a `script` recording;
tests/fuzz.py adds such characters to names at random.)"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

CONTROL_NAMES = Path(__file__).parent / "control-names.yaml"
# what a terminal acts on: C0 but tab and line feed, DEL, C1, bidi controls, line separators
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def raw_controls(text: str) -> list[str]:
    """The raw control characters in `text`, with a little context each."""
    return [repr(text[max(0, m.start() - 15) : m.end() + 15]) for m in RAW.finditer(text)]


@pytest.fixture
def hostile(project):
    (project.root / "maps").mkdir()
    shutil.copy(CONTROL_NAMES, project.root / "maps" / "m.yaml")
    return project


@pytest.mark.parametrize(
    "args",
    [
        ("check", "maps"),
        ("check", "maps", "--format", "json"),
        ("check", "maps", "--format", "sarif"),
        ("check", "maps", "--format", "junit"),
        ("check", "maps", "--format", "github"),
        ("check", "maps", "--show-waived", "--statistics"),
        ("customers", "clerk", "maps"),
        ("customers", "shop", "maps"),
        ("suppliers", "welder", "maps"),
        ("customers", "clerk", "maps", "--format", "json"),
        ("graph", "maps", "--format", "json"),
        ("graph", "maps"),
        ("render", "maps", "--format", "dot"),
        ("render", "maps", "--view", "process", "--id", "make", "--format", "dot"),
        ("render", "maps", "--view", "process", "--id", "make"),
        ("customers", "no\x1b]2;PWNED\x07such", "maps"),  # an error quoting the command line
    ],
)
def test_no_command_prints_a_raw_control_character_from_the_maps(cli, hostile, args):
    result = cli(*args)
    assert result.code in (0, 1, 2), result.err
    assert raw_controls(result.out) == [] and raw_controls(result.err) == []


def test_report_is_written_and_no_file_holds_a_raw_control_character(cli, hostile):
    result = cli("report", "maps", "-o", "out")
    assert result.code == 0, result.err
    assert raw_controls(result.out + result.err) == []
    written = sorted(p for p in (hostile.root / "out").rglob("*") if p.is_file())
    assert {p.suffix for p in written} >= {".html", ".svg", ".csv", ".xlsx"}
    for path in written:
        for name, text in _texts(path):
            assert raw_controls(text) == [], name
    html = (hostile.root / "out" / "report.html").read_text(encoding="utf-8")
    assert "Shop\\x1b]52;c;cHduZWQ=\\x07" in html  # shown, as an escape


def _texts(path: Path) -> list[tuple[str, str]]:
    """The text of a written file; of a workbook, each of its XML parts."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as book:
            return [(f"{path.name}:{n}", book.read(n).decode("utf-8")) for n in book.namelist()]
    text = path.read_bytes().decode("utf-8-sig")
    if path.suffix == ".csv":  # CSV's own line ends
        text = text.replace("\r\n", "\n")
    return [(path.name, text)]


def test_the_workbook_takes_any_text(tmp_path):
    from flowmap.outputs.workbook import Sheet, workbook

    evil = "".join(map(chr, range(0x20))) + "\x7f\x9b\u202e"
    data = workbook([Sheet("t", ("a",), [(evil,), ("=1+1\x1b",)])], "2026-01-01")
    with zipfile.ZipFile(io.BytesIO(data)) as book:  # the sheet, its shared strings, ...
        parts = "".join(book.read(name).decode("utf-8") for name in book.namelist())
    assert "\\x1b" in parts and raw_controls(parts) == []


def test_an_internal_error_line_is_escaped(cli, hostile, monkeypatch):
    from flowmap.commands import check

    def boom(args):
        raise RuntimeError("x\x1b]2;PWNED\x07\u202e")

    monkeypatch.setattr(check, "run", boom)
    result = cli("check", "maps")
    assert result.code == 2 and "internal error" in result.err
    assert raw_controls(result.err) == [] and "\\x1b]2;PWNED" in result.err


def test_text_output_shows_bidi_controls_as_escapes(cli, hostile):
    from flowmap.findings import Finding
    from flowmap.outputs.github import format_github
    from flowmap.outputs.text import format_text

    finding = Finding("schema", "error", "a\u202e.yaml", 1, 1, "`x\u2066\x1b[2J\x9b`")
    for out in (format_text([finding]), format_github([finding])):
        assert raw_controls(out) == []
        assert "\\u202e" in out and "\\u2066" in out and "\\x1b" in out and "\\x9b" in out
