"""A second process for the report's slowest piece of Python: the workbook.

Importing openpyxl alone takes about as long as Graphviz takes to draw every chart of
`processes/` (0.4 s), and Python runs one thing at a time. So `flowmap report` forks a
helper first thing, before it reads the maps and before any thread starts (which is what
makes forking safe): the helper imports openpyxl on the other core while this process
loads, checks and draws, then writes the workbook when the tables are ready. Where fork is
not the way (not Linux), the same calls run in a thread of this process, as before.

This module imports nothing heavy, so that forking it costs nothing.
"""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor


def helper() -> Executor:
    """An executor of one worker, openpyxl already loading in it; use it in a `with`."""
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        pool: Executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    else:
        pool = ThreadPoolExecutor(1)
    pool.submit(_load_workbook_writer)
    return pool


def _load_workbook_writer() -> None:
    # The imports are the point: they are what takes the time.
    import openpyxl  # noqa: F401

    import flowmap.outputs.report.exports  # noqa: F401
