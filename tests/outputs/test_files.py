"""Output files are written atomically; a path named on the command line is written
*through* a link, FIFO or device; inside a folder nothing is written through a planted one.

`render -o`, `schema -o` and `report -o DIR` all write with flowmap.outputs.files: a temporary
file in the same folder, flushed and fsynced, renamed over the old one. A symbolic link the
user named keeps pointing at its (new) target; a FIFO or device named gets the data written
into it, and is never replaced by a regular file (as root, `render -o /dev/null` used to
replace /dev/null). Inside the report's folder a link, FIFO or device is an error naming
it, and nothing is written (tests/test_write_rule.py has the hostile cases).
"""

from __future__ import annotations

import os
import stat
import threading

import pytest

from flowmap.outputs.files import OutputError, write_output
from tests.conftest import PROCESSES


def _read_fifo_in_background(path) -> list[bytes]:
    received: list[bytes] = []

    def read() -> None:
        with open(path, "rb") as fifo:
            received.append(fifo.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    received.append(thread)  # joined by the caller
    return received


def test_a_regular_file_is_replaced_after_an_fsync_keeping_its_mode(tmp_path, monkeypatch):
    target = tmp_path / "chart.svg"
    target.write_bytes(b"old")
    target.chmod(0o640)
    synced: list[int] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))

    def replace(source, destination, *, src_dir_fd=None, dst_dir_fd=None):
        assert synced, "renamed before the data was on disk"
        assert src_dir_fd == dst_dir_fd and "/" not in source  # the same folder: one rename
        real_replace(source, destination, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)

    monkeypatch.setattr(os, "replace", replace)
    write_output(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["chart.svg"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "chart.svg"
    target.write_bytes(b"old")

    def fail(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OutputError, match="chart.svg: no space left on the device"):
        write_output(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["chart.svg"]


def test_a_symbolic_link_keeps_pointing_at_its_new_target(tmp_path):
    (tmp_path / "real.svg").write_bytes(b"old")
    os.symlink("real.svg", tmp_path / "link.svg")
    write_output(tmp_path / "link.svg", b"new")
    assert os.readlink(tmp_path / "link.svg") == "real.svg"
    assert (tmp_path / "real.svg").read_bytes() == b"new"


def test_a_fifo_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "pipe.svg"
    os.mkfifo(fifo)
    received = _read_fifo_in_background(fifo)
    write_output(fifo, b"data")
    received[0].join(10)
    assert received[1:] == [b"data"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("x" * 5000 + ".svg", "File name too long"),
        ("missing/chart.svg", "No such file or directory"),
        (".", "it is a folder; name a file"),
        ("a\0b.svg", "a file name cannot hold a NUL character"),
    ],
)
def test_a_name_that_cannot_be_written_is_an_output_error(tmp_path, monkeypatch, name, why):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError) as raised:
        write_output(name, b"data")
    assert str(raised.value).endswith(why)
    assert len(str(raised.value)) < 400


def test_a_long_target_name_gets_a_short_temporary_name(tmp_path):
    target = tmp_path / ("x" * 250 + ".svg")
    write_output(target, b"data")
    assert target.read_bytes() == b"data"


@pytest.mark.parametrize("command", ["render", "schema", "report"])
def test_every_command_that_writes_exits_2_on_a_5000_character_name(cli, project, command):
    args = {
        "render": ["render", str(PROCESSES), "--format", "dot", "-o"],
        "schema": ["schema", "-o"],
        "report": ["report", str(PROCESSES), "--dot", "/nonexistent/dot", "-o"],
    }[command]
    result = cli(*args, "y" * 5000)
    assert result.code == 2
    assert result.err.startswith("flowmap: error: cannot write")
    assert result.err.rstrip().endswith("File name too long")


@pytest.mark.parametrize("command", ["render", "schema"])
def test_dash_writes_to_standard_output(cli, project, command):
    args = ["render", str(PROCESSES), "--format", "dot"] if command == "render" else ["schema"]
    result = cli(*args, "-o", "-")
    assert result.code == 0
    assert result.out.startswith("digraph" if command == "render" else "{")


@pytest.mark.parametrize("command", ["render", "schema"])
def test_every_command_writes_through_a_fifo_and_a_link_it_names(cli, project, command):
    fifo = project.root / "pipe"
    os.mkfifo(fifo)
    os.symlink("pipe", project.root / "link")
    received = _read_fifo_in_background(fifo)
    if command == "render":
        result = cli("render", str(PROCESSES), "--format", "dot", "-o", "link")
    else:
        result = cli("schema", "-o", "link")
    received[0].join(20)
    assert result.code == 0, result.err
    assert len(received[1]) > 1000
    assert stat.S_ISFIFO(fifo.stat().st_mode)
