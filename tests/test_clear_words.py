"""Hostile or odd input gets clear words, never "internal error" or a hang (issue 21, item 5):
a full disk, a FIFO with no reader, a map in JSON style, a UTF-16/32 file, a Python tag."""

from __future__ import annotations

import os

import pytest

from tests.conftest import PROCESSES, run_flowmap

needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="Linux only")


@needs_dev_full
@pytest.mark.parametrize(
    "args",
    [
        ("check", str(PROCESSES), "--format", "json"),
        ("check", str(PROCESSES)),
        ("render", str(PROCESSES), "--format", "dot"),
        ("customers", "order-clerk", str(PROCESSES)),
        ("schema",),
    ],
)
def test_a_full_disk_on_standard_output_is_no_space_left(args):
    with open("/dev/full", "wb") as full:
        import subprocess
        import sys

        done = subprocess.run(
            [sys.executable, "-m", "flowmap", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2
    assert "no space left on the device" in done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


@needs_dev_full
def test_o_naming_a_full_device_says_no_space_left(cli, project):
    result = cli("render", str(PROCESSES), "--format", "dot", "-o", "/dev/full")
    assert result.code == 2
    assert (
        result.err.strip() == "flowmap: error: cannot write /dev/full: no space left on the device"
    )


@needs_dev_full
def test_report_into_a_device_says_it_is_not_a_folder(cli, project):
    result = cli("report", str(PROCESSES), "--dot", "/nonexistent/dot", "-o", "/dev/full")
    assert result.code == 2
    assert "/dev/full: it is not a folder" in result.err
    assert "File exists" not in result.err


def test_a_map_in_json_style_is_read_as_a_map(cli, project):
    project.write(
        "maps/org.yaml",
        '{"flowmap": 1, "units": [{"id": "shop", "name": "Shop"}],\n'
        ' "roles": [{"id": "boss", "name": "Boss", "unit": "shop", "rank": 1}]}\n',
    )
    project.write(
        "maps/pretty.yml",
        '{\n  "flowmap": 1,\n  "include": ["org.yaml"],\n  "customers": []\n}\n',
    )
    result = cli("check", "maps", "--format", "json")
    assert "not a process map" not in result.out
    result = cli("customers", "boss", "maps")
    assert result.code == 0, result.err


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-16-be", "utf-32-be"])
def test_a_utf16_or_utf32_file_is_told_to_be_saved_as_utf8(cli, project, codec):
    data = "flowmap: 1\nunits:\n  - {id: shop, name: Shop}\n".encode(codec)
    if not codec.endswith("-be"):
        assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    else:
        data = ("\ufeff" + "flowmap: 1\n").encode(codec)
    project.write_bytes("wide.yaml", data)
    for named in ("wide.yaml", "."):  # named, and found by a folder scan
        result = cli("check", named)
        assert result.code == 1
        assert "save the file as UTF-8" in result.out, result.out
        assert "not a process map" not in result.out


@pytest.mark.parametrize(
    "value",
    [
        '!!python/object/apply:os.system ["echo pwned"]',  # on a list
        "!!python/object/apply:os.system {cmd: x}",  # on a mapping
        "!!python/name:os.system x",  # on a text
    ],
)
def test_a_python_tag_anywhere_is_tag_not_allowed(cli, project, value):
    project.write(
        "m.yaml",
        f"flowmap: 1\nunits:\n  - id: shop\n    name: {value}\nroles:\n  - {value}\n",
    )
    result = cli("check", "m.yaml")
    assert result.code == 1
    lines = [line for line in result.out.splitlines() if " schema " in line]
    assert lines and all("is not allowed; remove it" in line for line in lines), result.out
    assert "takes a single value" not in result.out


def test_run_flowmap_helper_is_used_for_a_plain_run(project):
    # the same program outside pytest's capture: a JSON-style map checks without a usage error
    project.write("j.yaml", '{"flowmap": 1}\n')
    result = run_flowmap("check", "j.yaml", cwd=project.root)
    assert result.code in (0, 1) and "not a process map" not in result.out
