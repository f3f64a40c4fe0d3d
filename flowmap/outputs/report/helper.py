"""A second process for the report's slowest piece of Python: the workbook.

Importing openpyxl alone takes about as long as Graphviz takes to draw every chart of
`processes/` (0.4 s), and Python runs one thing at a time. So the report forks a helper
before anything else starts (no thread exists yet, which is what makes forking safe): the
helper imports openpyxl at once, then writes the workbook when the tables are ready, while
this process draws, checks and writes the pages. Where fork is not the way (not Linux),
the same calls run in a thread of this process, as before.
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
    pool.submit(_load_openpyxl)
    return pool


def _load_openpyxl() -> None:
    import openpyxl  # noqa: F401  (the import is the point: it is what takes the time)
