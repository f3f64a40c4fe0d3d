"""The progress bar: drawn only on a terminal and only for big batches; never past 100%."""

from __future__ import annotations

import io

from flowmap.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_is_drawn_when_not_a_terminal_or_for_a_small_batch():
    not_a_tty = io.StringIO()
    progress = Progress(500, not_a_tty)
    progress.done(500)
    progress.close()
    small = Terminal()
    progress = Progress(200, small)
    progress.done(200)
    progress.close()
    assert not_a_tty.getvalue() == small.getvalue() == ""


def test_the_bar_moves_once_a_percent_and_is_wiped_at_the_end():
    terminal = Terminal()
    progress = Progress(400, terminal)
    for _ in range(400):
        progress.done()
    drawn = terminal.getvalue().split("\r")[1:]
    assert len(drawn) == 101  # 0% .. 100%, not once a file
    assert drawn[-1] == f"checking 400/400 files [{'#' * 30}] 100%"
    progress.close()
    assert terminal.getvalue().endswith("\r" + " " * 70 + "\r")


def test_included_files_read_beyond_the_named_ones_never_pass_100_percent():
    terminal = Terminal()
    progress = Progress(300, terminal)
    progress.done(299)
    progress.done(5)  # org.yaml and other included files
    assert terminal.getvalue().split("\r")[-1] == f"checking 300/300 files [{'#' * 30}] 100%"
