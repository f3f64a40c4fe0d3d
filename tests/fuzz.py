"""A fuzzer for hostile YAML: the maps of processes/ written out again with random structure.

`hostile_case()` is a hypothesis strategy. It takes the data of one map of processes/ and
writes it as YAML text of its own choosing: each mapping and list in block or flow style,
anchors on some of them and aliases to them elsewhere (now and then to a node that is still
open, which loops), merge keys (`<<: *anchor`), scalars plain or double-quoted, sometimes
a very long text or a deep stack of lists in place of a value; then the line breaks may
become CR, CRLF, NEL, U+2028 or U+2029, and odd bytes (NUL, a BOM, bytes that are not
UTF-8) may be put anywhere; names and texts may hold what a terminal acts on (ESC sequences
such as OSC 52 and OSC 8, BEL, a C1 CSI, bidi overrides), written as YAML escapes.
`drive(case, folder)` runs one command on it (`check` in each format, `customers`,
`suppliers`, `graph`, `render --format dot`, `report`, or the editor engine's open, edit and
save) and returns what went wrong: a traceback, an unexpected exit code, an internal error, a
finding without a place, or a raw control, C1 or bidi character in what the command printed
or in any file it wrote (the chart, every file under out/, each part of the workbook).

`hostile_bpmn_case()` does the same for BPMN: flowmap's exports of processes/ with lines
dropped, doubled or cut, entity bombs, external entities, deep nesting, huge values and
markup put in, names replaced by control characters, references pointed nowhere.

`make test` runs a few hundred derandomized examples (tests/test_fuzz.py);
`make fuzz` runs `python -m tests.fuzz 10000`, which goes on past a crash and prints every
distinct one at the end.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import random
import re
import sys
import tempfile
import traceback
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
PROCESSES = REPO / "processes"
MAPS = {path.name: path.read_text(encoding="utf-8") for path in sorted(PROCESSES.glob("*.yaml"))}
DATA = {name: yaml.safe_load(text) for name, text in MAPS.items()}

BREAKS = ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"]
ODD_BYTES = [b"\x00", b"\xef\xbb\xbf", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\t", b"\x1b[31m"]
LONG_TEXTS = [5_001, 20_000, 300_000]
# What a terminal acts on, put into names and texts (as YAML escapes: YAML refuses them raw)
CONTROLS = [
    "\x1b]2;PWNED\x07",
    "\x1b]52;c;cHduZWQ=\x07",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x1b[6n",
    "\x1bP+q544e\x1b\\",
    "\x1b[2J",
    "\x07",
    "\x9b2J",
    "\x85",
    "\u202e",
    "\u2066",
    "\u200f",
    "\x00",
    "\r",
]
# A raw control character in output: C0 but tab and line feed, DEL, C1, bidi controls
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
DRIVERS = [
    "check text",
    "check json",
    "check sarif",
    "check junit",
    "check github",
    "customers",
    "suppliers",
    "graph json",
    "render dot",
    "report",
    "edit",
]
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/-]*[A-Za-z0-9._-]|[A-Za-z0-9]")
_RESERVED = {"null", "Null", "NULL", "~", "<<"}


@dataclass
class Case:
    name: str  # which map of processes/ it stands for
    data: bytes  # its hostile text
    driver: str  # the command to run on it

    def __repr__(self) -> str:  # what hypothesis prints for a failing example
        return f"Case(name={self.name!r}, driver={self.driver!r}, data={self.data[:3000]!r})"


class _Writer:
    """Writes data as YAML, every choice of style made by a random generator that hypothesis
    seeds (its own draws favour boundary values: nearly every node would be mutated)."""

    def __init__(self, rand) -> None:
        self.rand = rand
        self.anchors: list[str] = []  # anchors of nodes written completely
        self.open: list[str] = []  # anchors of nodes being written (an alias to one loops)

    def chance(self, one_in: int) -> bool:
        return self.rand.random() * one_in < 1

    def pick(self, choices):
        return self.rand.choice(choices)

    def value(self, value, indent: int, in_flow: bool = False) -> str:
        """` text` for a value after `key:` or `-`; a block starts with a line break."""
        if self.anchors and self.chance(25):
            return " *" + self.pick(self.anchors)
        if self.open and self.chance(400):
            return " *" + self.pick(self.open)
        if self.chance(300):
            return self._deep(value, indent)
        if not isinstance(value, dict | list) or not value:
            return " " + self.scalar(value, long_ok=True)
        anchor = f"a{len(self.anchors) + len(self.open)}" if self.chance(6) else None
        if anchor:
            self.open.append(anchor)
        flow = in_flow or self.chance(4)
        text = self._flow(value) if flow else self._block(value, indent)
        if anchor:
            self.open.remove(anchor)
            self.anchors.append(anchor)
        prefix = f" &{anchor}" if anchor else ""
        return prefix + (" " + text if flow else text)

    def _deep(self, value, indent: int) -> str:
        """The value inside lists nested a few to hundreds deep, in flow or block style."""
        depth = self.pick([2, 30, 70, 300])
        inner = self.value(value, 0, True).strip()
        if self.chance(2):
            return " " + "[" * depth + inner + "]" * depth
        return "\n" + " " * indent + "- " * depth + inner

    def _merge(self) -> list[str]:
        if self.anchors and self.chance(8):
            return ["<<: *" + self.pick(self.anchors)]
        return []

    def _block(self, value, indent: int) -> str:
        pad = " " * indent
        if isinstance(value, dict):
            lines = [pad + merge for merge in self._merge()]
            lines += [
                f"{pad}{self.scalar(key)}:{self.value(item, indent + 2)}"
                for key, item in value.items()
            ]
        else:
            lines = [f"{pad}-{self.value(item, indent + 2)}" for item in value]
        return "\n" + "\n".join(lines)

    def _flow(self, value) -> str:
        if isinstance(value, dict):
            entries = self._merge()
            entries += [
                f"{self.scalar(key)}:{self.value(item, 0, True)}" for key, item in value.items()
            ]
            return "{" + ", ".join(entries) + "}"
        return "[" + ", ".join(self.value(item, 0, True).strip() for item in value) + "]"

    def scalar(self, value, long_ok: bool = False) -> str:
        if value is None:
            return self.pick(["null", "~", ""])
        text = str(value).lower() if isinstance(value, bool) else str(value)
        if long_ok and self.chance(800):
            length = self.pick(LONG_TEXTS)
            text = (text or "x") * (length // max(len(text), 1) + 1)
        if long_ok and not isinstance(value, bool | int | float) and self.chance(6):
            at = self.rand.randint(0, len(text))
            text = text[:at] + self.pick(CONTROLS) + text[at:]
            return json.dumps(text, ensure_ascii=True)  # YAML reads `\u001b` in quotes
        if _PLAIN.fullmatch(text) and text not in _RESERVED and not self.chance(5):
            return text
        return json.dumps(text, ensure_ascii=self.chance(2))


@st.composite
def hostile_case(draw) -> Case:
    name = draw(st.sampled_from(sorted(DATA)))
    rand = random.Random(draw(st.integers(0, 2**32 - 1)))
    writer = _Writer(rand)
    text = writer.value(DATA[name], 0).lstrip(" \n")
    if writer.chance(3):
        text = text.replace("\n", writer.pick(BREAKS))
    data = text.encode("utf-8")
    for _ in range(writer.pick([0, 0, 0, 0, 1, 3])):
        at = rand.randint(0, len(data))
        odd = writer.pick(ODD_BYTES) if writer.chance(2) else rand.randbytes(rand.randint(1, 4))
        data = data[:at] + odd + data[at:]
    return Case(name, data, draw(st.sampled_from(DRIVERS)))


# -- hostile BPMN: flowmap's own exports of processes/, broken and poisoned -------------------

BPMN_DRIVERS = [d for d in DRIVERS if d != "edit"] + ["import"]
# What a hostile XML file tries: entity bombs and external entities (refused at the
# DOCTYPE), deep nesting, huge values, and markup where names go.
BPMN_PAYLOADS = [
    '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    "<!ENTITY y 'z'>",
    "<bpmn:task id='deep'>" + "<bpmn:extensionElements>" * 80,
    "<bpmn:task id='long' name='" + "n" * 6000 + "'/>",
    "<?xml-stylesheet href='evil.xsl'?>",
    "<!-- -- -->",
    "&#0;",
    "]]>",
]


@functools.cache
def bpmn_exports() -> dict[str, bytes]:
    """Each process of processes/ as flowmap exports it."""
    from flowmap.outputs.bpmn import process_bpmn
    from flowmap.project import open_workspace

    org = open_workspace([str(PROCESSES)]).org
    return {key: process_bpmn(org, process) for key, process in sorted(org.processes.items())}


@st.composite
def hostile_bpmn_case(draw) -> Case:
    """A BPMN export with random lines dropped, doubled or cut, names replaced by what a
    terminal acts on or by markup, payloads and odd bytes put anywhere."""
    exports = bpmn_exports()
    source = draw(st.sampled_from(sorted(exports)))
    rand = random.Random(draw(st.integers(0, 2**32 - 1)))
    lines = exports[source].decode("utf-8").split("\n")
    for _ in range(rand.randint(0, 6)):
        at = rand.randrange(len(lines))
        what = rand.randrange(6)
        whole = lines[at].strip().endswith("/>")  # an element on one line: the XML holds
        if what == 0 and whole:
            del lines[at]
        elif what == 1 and whole:
            lines.insert(at, lines[at])  # an id twice, a flow twice
        elif what == 2:
            lines.insert(at, rand.choice(BPMN_PAYLOADS))
        elif what == 3:
            hostile = rand.choice([*CONTROLS, "<b>x</b>", '"quoted"', "&amp;", "红"])
            escaped = "".join(c if c.isprintable() else f"&#{ord(c)};" for c in hostile)
            lines[at] = re.sub(r'name="[^"]*"', f'name="{escaped}"', lines[at], count=1)
        elif what == 4:
            lines[at] = re.sub(r'(Ref)="[^"]*"', r'\1="nowhere"', lines[at], count=1)
        elif what == 5 and rand.randrange(4) == 0:
            lines = lines[: at + 1]
    data = "\n".join(lines).encode("utf-8")
    if rand.randrange(5) == 0:
        at = rand.randint(0, len(data))
        data = data[:at] + rand.choice(ODD_BYTES) + data[at:]
    return Case("model.bpmn", data, draw(st.sampled_from(BPMN_DRIVERS)))


def write_case(case: Case, folder: Path) -> None:
    settings = "bpmn = true\n" if case.name.endswith(".bpmn") else ""
    (folder / ".flowmap.toml").write_text(settings, encoding="utf-8")
    for name, text in MAPS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / case.name).write_bytes(case.data)


def drive(case: Case, folder: Path) -> list[str]:
    """Run the case's command on `folder`; what went wrong, or [] when all was well."""
    write_case(case, folder)
    command = case.driver.split()
    if command[0] == "edit":
        return _edit(folder)
    out, err = io.StringIO(), io.StringIO()
    # a BPMN file is its own organisation: commands of one organisation are given it by name
    named = str(folder / case.name) if case.name.endswith(".bpmn") else str(folder)
    args = {
        "check": ["check", str(folder), "--jobs", "1", "--format", command[-1]],
        "customers": ["customers", "order-clerk", named],
        "suppliers": ["suppliers", "production", named],
        "graph": ["graph", named, "--format", "json"],
        "render": ["render", named, "--format", "dot", "-o", str(folder / "chart.dot")],
        "report": ["report", named, "--dot", "/nonexistent/dot", "-o", str(folder / "out")],
        "import": ["import", "bpmn", named, "-o", str(folder / "chart.dot")],
    }[command[0]]
    from flowmap.cli import main

    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    except BaseException:  # noqa: BLE001 - exactly what the fuzzer looks for
        return [f"{case.driver}: {traceback.format_exc()}"]
    problems = []
    usage_ok = command[0] in ("customers", "suppliers")  # the id may be gone: exit 2
    if code not in (0, 1, *((2,) if usage_ok else ())) or "internal error" in err.getvalue():
        problems.append(f"{case.driver}: exit {code}: {err.getvalue()[-2000:]}")
    for where, text in [("stdout", out.getvalue()), ("stderr", err.getvalue())]:
        problems += _raw_controls(case.driver, where, text)
    for path in sorted(p for p in folder.glob("chart.dot") if p.is_file()):
        problems += _raw_controls(case.driver, path.name, path.read_bytes().decode("utf-8"))
    for path in sorted(p for p in (folder / "out").rglob("*") if p.is_file()):
        for name, text in _written_texts(path):
            problems += _raw_controls(case.driver, name, text)
    if case.driver == "check json" and code in (0, 1):
        document = json.loads(out.getvalue())
        for finding in document["findings"] + document["waived"]:
            if not (finding["line"] >= 1 and finding["column"] >= 1 and finding["message"]):
                problems.append(f"{case.driver}: a finding without a place: {finding}")
    return problems


def _raw_controls(driver: str, where: str, text: str) -> list[str]:
    """A problem for a raw control, C1 or bidi character in `text` (with its context)."""
    found = RAW.search(text)
    if found is None:
        return []
    context = text[max(0, found.start() - 40) : found.end() + 40]
    return [f"{driver}: a raw {found[0]!r} in {where}: {context!r}"]


def _written_texts(path: Path) -> list[tuple[str, str]]:
    """The text of a file the report wrote; of the workbook, each of its XML parts."""
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return [(f"{path.name}:{n}", book.read(n).decode("utf-8")) for n in book.namelist()]
    text = data.decode("utf-8-sig")
    return [(path.name, text.replace("\r\n", "\n") if path.suffix == ".csv" else text)]


def _edit(folder: Path) -> list[str]:
    """Open the folder in the editor engine, change one name, save: only EditError,
    SaveConflict or a usage error may stop it."""
    from flowmap.config_file import ConfigError
    from flowmap.edit import EditError, EditSession, SaveConflict
    from flowmap.workspace import UsageError

    try:
        session = EditSession.open([str(folder)])
        org = session.workspace.org
        targets = [*org.units, *org.roles, *org.processes]
        if targets:
            session.set_field(targets[0], "name", "Renamed by the fuzzer")
            session.save()
    except (EditError, SaveConflict, UsageError, ConfigError):
        return []
    except BaseException:  # noqa: BLE001
        return [f"edit: {traceback.format_exc()}"]
    return []


def run(examples: int) -> int:
    """Run `examples` random cases, going on past failures; print each distinct one."""
    crashes: dict[str, tuple[str, Case]] = {}
    done = [0]

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(hostile_case(), hostile_bpmn_case()))
    def one(case: Case) -> None:
        done[0] += 1
        with tempfile.TemporaryDirectory() as scratch:
            for problem in drive(case, Path(scratch)):
                lines = problem.strip().splitlines()
                key = f"{case.driver.split()[0]}: {lines[-1][:200]}"
                if key not in crashes:
                    crashes[key] = (problem, case)
                    print(f"new crash after {done[0]:,} examples: {key}", flush=True)
        if done[0] % 500 == 0:
            print(f"{done[0]:,} examples, {len(crashes)} distinct crashes", flush=True)

    one()
    print(f"{done[0]:,} examples run, {len(crashes)} distinct crashes")
    for key, (problem, case) in crashes.items():
        print(f"\n== {key}\n{problem}\n{case!r}"[:6000])
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
