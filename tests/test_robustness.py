"""Bad input never gives a traceback: mutated maps, random bytes, hostile files.

Every run must end with exit code 0 or 1 and every finding must carry a file and a 1-based
line and column. The mutations are what happens to real files: lines deleted, duplicated,
swapped or cut short, bytes garbled, a file truncated half-way.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowmap.cli import main
from tests.conftest import PROCESSES

pytestmark = pytest.mark.slow
SOURCES = [path.read_text(encoding="utf-8") for path in sorted(PROCESSES.glob("*.yaml"))]
ORG = (PROCESSES / "org.yaml").read_text(encoding="utf-8")


@st.composite
def mutated(draw) -> bytes:
    lines = draw(st.sampled_from(SOURCES)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "cut", "indent", "insert"]))
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        elif kind == "indent":
            lines[at] = " " * draw(st.integers(1, 3)) + lines[at]
        else:
            lines.insert(at, draw(st.sampled_from(_SNIPPETS)))
    data = "\n".join(lines).encode("utf-8")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.integers(0, 4)) == 0:
        garbage = draw(st.binary(min_size=1, max_size=8))
        at = draw(st.integers(0, len(data)))
        data = data[:at] + garbage + data[at:]
    return data


_SNIPPETS = [
    "  - &a {id: x, by: *a}",
    "      next: [place-order, ghost, '']",
    "        waive: {: }",
    "    steps: ~",
    "      - {id: loop, by: customer, next: [loop]}",
    "roles: {gm: 1}",
    "      operations: [[[]]]",
    "        needs: [{item: [a, b], from: {x: 1}, due: -1d, satisfaction: .nan}]",
    "goals: [{id: g, serves: g}]",
    "services: [{id: s, provider: [x], customers: '*'}]",
    "!!python/object:os.system x",
    "<<: *nothing",
    "include: [/etc/passwd, ../../x.yaml, org.yaml]",
]


def _check(folder: Path) -> list[dict]:
    """`flowmap check FOLDER --format json` in this process: its findings and waived ones."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", str(folder), "--format", "json", "--jobs", "1"])
    assert code in (0, 1)
    document = json.loads(out.getvalue())
    return document["findings"] + document["waived"]


def _assert_placed(findings: list[dict], folder: Path) -> None:
    for finding in findings:
        assert finding["file"].startswith(str(folder)), finding
        assert finding["line"] >= 1 and finding["column"] >= 1, finding
        assert finding["message"] and finding["severity"] in ("error", "warning", "info")


@settings(
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutated())
def test_mutated_maps_never_crash_and_every_finding_has_a_place(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("mutated")
    (folder / ".flowmap.toml").write_text("", encoding="utf-8")
    (folder / "org.yaml").write_text(ORG, encoding="utf-8")
    (folder / "map.yaml").write_bytes(data)
    _assert_placed(_check(folder), folder)


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.binary(max_size=400))
def test_random_bytes_are_findings_not_tracebacks(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("bytes")
    (folder / ".flowmap.toml").write_text("", encoding="utf-8")
    (folder / "map.yaml").write_bytes(b"flowmap: 1\n" + data)
    _assert_placed(_check(folder), folder)


def test_the_command_survives_a_folder_of_hostile_files(project):
    from tests.conftest import run_flowmap

    project.write_bytes("laughs.yaml", _billion_laughs())
    project.write("deep.yaml", "flowmap: 1\ntitle: " + "[" * 50_000 + "]" * 50_000 + "\n")
    project.write_bytes("latin1.yaml", "flowmap: 1\ntitle: Café\n".encode("latin-1"))
    project.write("a.yaml", "flowmap: 1\ninclude: [b.yaml]\n")
    project.write("b.yaml", "flowmap: 1\ninclude: [a.yaml]\n")
    project.write("outside.yaml", "flowmap: 1\ninclude: [../../../etc/passwd]\n")
    with (project.root / "huge.yaml").open("w", encoding="utf-8") as handle:
        handle.write("flowmap: 1\ntitle: |\n")
        line = "  " + "x" * 98 + "\n"
        handle.write(line * 210_000)  # about 21 MB
    result = run_flowmap("check", ".", "--format", "json", cwd=project.root, timeout=120)
    assert result.code == 1 and "Traceback" not in result.err
    findings = json.loads(result.out)["findings"]
    by_file = {}
    for finding in findings:
        by_file.setdefault(finding["file"], set()).add(finding["rule"])
    assert by_file["laughs.yaml"] == {"syntax"}
    assert by_file["deep.yaml"] == {"syntax"}
    assert by_file["latin1.yaml"] == {"syntax"}
    assert by_file["huge.yaml"] == {"syntax"}
    assert "include-cycle" in by_file.get("a.yaml", set()) | by_file.get("b.yaml", set())
    assert by_file["outside.yaml"] == {"unknown-reference"}


def _billion_laughs() -> bytes:
    lines = ["flowmap: 1", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append("title: *a9")
    return ("\n".join(lines) + "\n").encode()


def test_an_operation_that_lost_its_id_line(tmp_path):
    """Found by the test above: a need whose supplier has no id crashed next-step-is-customer."""
    text = (PROCESSES / "engineering-change.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "          - id: machine-parts\n            name: Machine",
        "          - item: pilot batch\n            name: Machine",
    )
    (tmp_path / ".flowmap.toml").write_text("", encoding="utf-8")
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    findings = _check(tmp_path)
    _assert_placed(findings, tmp_path)
    assert any(f["rule"] == "schema" and f["file"].endswith("map.yaml") for f in findings)


def _parses(output_format: str, out: str) -> None:
    """The output is what its readers expect, whatever bytes the maps held."""
    if output_format in ("json", "sarif"):
        json.loads(out)
    elif output_format == "junit":
        ElementTree.fromstring(out)
    elif output_format == "github":
        assert all(
            line.startswith(("::error ", "::warning ", "::notice ")) for line in out.splitlines()
        )
    else:
        assert all(line.count(":") >= 3 for line in out.splitlines())


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutated(), output_format=st.sampled_from(["text", "json", "sarif", "junit", "github"]))
def test_every_format_stays_well_formed_on_mutated_maps(tmp_path_factory, data, output_format):
    folder = tmp_path_factory.mktemp("formats")
    (folder / ".flowmap.toml").write_text("", encoding="utf-8")
    (folder / "org.yaml").write_text(ORG, encoding="utf-8")
    # a reference to a role with control characters, markup and the runner's separators in
    # its name: the findings about it quote it
    nasty = rb'"ghost\0\e[31m %25,:\r\n<&>]]>"'
    (folder / "map.yaml").write_bytes(data.replace(b": order-clerk", b": " + nasty))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", str(folder), "--format", output_format, "--show-waived"])
    assert code in (0, 1)
    _parses(output_format, out.getvalue())
