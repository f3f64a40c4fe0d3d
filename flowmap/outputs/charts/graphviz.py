"""Running Graphviz `dot`: which executable, with a timeout, and errors a user can act on."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable

from flowmap.outputs.registry import CHART_FORMATS as FORMATS

INSTALL_HINT = (
    "install Graphviz (Debian/Ubuntu: `sudo apt-get install graphviz`; Fedora: "
    "`sudo dnf install graphviz`; macOS: `brew install graphviz`), or name its `dot` "
    "with --dot PATH or the FLOWMAP_DOT environment variable; `--format dot` works without it"
)


CANCEL_POLL = 0.1  # seconds between two looks at whether a drawing is still wanted


class GraphvizMissing(Exception):
    """No usable `dot` executable; the message says how to install or name one."""


class GraphvizFailed(Exception):
    """`dot` ran but failed or took too long; the message holds what it said."""


def find_dot(dot: str | None = None) -> str:
    """The `dot` to run: the `dot` argument, else $FLOWMAP_DOT, else `dot` on PATH."""
    named = dot or os.environ.get("FLOWMAP_DOT")
    if named:
        found = shutil.which(named)
        if found is None:
            source = "--dot" if dot else "FLOWMAP_DOT"
            raise GraphvizMissing(
                f"Graphviz `dot` not found at {named!r} (from {source}); " + INSTALL_HINT
            )
        return found
    found = shutil.which("dot")
    if found is None:
        raise GraphvizMissing("Graphviz `dot` is not on PATH; " + INSTALL_HINT)
    return found


class GraphvizStopped(Exception):
    """`dot` was stopped because the one waiting for it no longer wants the chart."""


def run_dot(
    dot_text: str,
    fmt: str,
    dot: str | None = None,
    timeout: float = 60,
    cancelled: Callable[[], bool] | None = None,
) -> bytes:
    """Lay out `dot_text` with Graphviz and return the `fmt` output (svg, png, pdf).

    Raises GraphvizMissing when there is no `dot` to run, GraphvizFailed when it fails,
    GraphvizStopped when `cancelled` (asked every tenth of a second) says so: `dot` is then
    stopped at once (the editor draws in a worker that the user may cancel).
    """
    if fmt not in FORMATS or fmt == "dot":
        raise ValueError(f"Graphviz output format must be one of svg, png, pdf, not {fmt!r}")
    executable = find_dot(dot)
    # The DOT from a file, not a pipe: the wait below can then be cut into short waits
    # (a pipe's writer would have to be fed by each of them).
    with tempfile.TemporaryFile() as source:
        source.write(dot_text.encode("utf-8"))
        source.seek(0)
        try:
            process = subprocess.Popen(
                [executable, f"-T{fmt}"],
                stdin=source,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_environment(),
            )
        except OSError as error:  # not executable, or vanished since `which`
            raise GraphvizMissing(
                f"cannot run Graphviz `dot` at {executable!r} ({error.strerror}); " + INSTALL_HINT
            ) from error
        with process:
            stdout, stderr = _wait(process, timeout, cancelled)
    if process.returncode != 0 or not stdout:
        said = stderr.decode("utf-8", "replace").strip() or f"exit code {process.returncode}"
        raise GraphvizFailed(f"Graphviz `dot` failed: {said}")
    return _without_date(stdout) if fmt == "pdf" else stdout


def _wait(process: subprocess.Popen, timeout: float, cancelled) -> tuple[bytes, bytes]:
    """`process`'s output; it is stopped past `timeout`, or once `cancelled()` says so."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        try:
            return process.communicate(
                timeout=max(min(CANCEL_POLL, left) if cancelled else left, 0)
            )
        except subprocess.TimeoutExpired:
            stopped = cancelled is not None and cancelled()
            if stopped or time.monotonic() >= deadline:
                process.kill()
                process.communicate()
            if stopped:
                raise GraphvizStopped("Graphviz `dot` was stopped") from None
            if time.monotonic() >= deadline:
                raise GraphvizFailed(
                    f"Graphviz `dot` took longer than {timeout:g} s and was stopped; "
                    "draw a smaller view (e.g. `--view around --id ID`)"
                ) from None


# One `dot` run lays out a batch of charts, one after the other, and writes an SVG document
# for each. A run costs 12-45 ms before it lays anything out (start-up, plugins, fonts):
# 36 rows of a process drew in 0.36 s in one run against 3.3 s in 36 runs (2 cores,
# Graphviz 2.43), and a report of 1,200 processes needs thousands of charts. Graphviz 2.43
# numbers the graph group of each SVG after the first `page0,1_graph0`, and writes the
# clusters of those in an order that changes from run to run: both are set back to what a
# run of its own writes (`graph0`, clusters by number), so the same maps give the same bytes.
_SVG_START = b"<?xml "
_LATER_GRAPH = re.compile(rb'<g id="page\d+,\d+_(graph\d+)"')
_CLUSTER = re.compile(rb'<g id="clust(\d+)" class="cluster">')


def run_dot_many(texts: list[str], dot: str | None = None, timeout: float = 60) -> list[bytes]:
    """The SVG of each DOT text, all laid out by one `dot` run (`timeout` is per chart).

    Raises GraphvizMissing or GraphvizFailed as `run_dot` does, for the whole batch: draw
    its charts one by one then, to learn which one failed.

    >>> import shutil
    >>> svgs = run_dot_many(["digraph { a -> b }", "digraph { c }"]) if shutil.which("dot") else []
    >>> all(svg.startswith(b"<?xml") and b'<g id="graph0"' in svg for svg in svgs)
    True
    """
    if len(texts) == 1:
        return [run_dot(texts[0], "svg", dot=dot, timeout=timeout)]
    svgs = run_dot("".join(text + "\n" for text in texts), "svg", dot, timeout * len(texts))
    starts = list(_starts(svgs))
    if len(starts) != len(texts):
        raise GraphvizFailed(f"Graphviz `dot` drew {len(starts)} of {len(texts)} charts")
    ends = [*starts[1:], len(svgs)]
    pieces = zip(starts, ends, strict=True)
    return [_clusters_by_number(_LATER_GRAPH.sub(rb'<g id="\1"', svgs[a:b], 1)) for a, b in pieces]


def _clusters_by_number(svg: bytes) -> bytes:
    """The SVG with its clusters (a run of `<g class="cluster">` groups, which Graphviz
    writes one after the other, nested ones too) in the order of their numbers."""
    first = _CLUSTER.search(svg)
    if first is None:
        return svg
    clusters: list[tuple[int, bytes]] = []
    at = first.start()
    while (found := _CLUSTER.match(svg, at)) is not None:
        end = _group_end(svg, at)
        clusters.append((int(found[1]), svg[at:end]))
        at = end
    clusters.sort()
    return svg[: first.start()] + b"".join(group for _, group in clusters) + svg[at:]


def _group_end(svg: bytes, start: int) -> int:
    """Where the `<g>` that starts at `start` ends, after its `</g>` and line break."""
    depth, at = 0, start
    while True:
        opening, closing = svg.find(b"<g", at), svg.find(b"</g>", at)
        if closing == -1:
            return len(svg)
        if opening != -1 and opening < closing:
            depth, at = depth + 1, opening + 2
            continue
        depth, at = depth - 1, closing + 4
        if depth == 0:
            return at + 1 if svg[at : at + 1] == b"\n" else at


def _starts(svgs: bytes):
    at = svgs.find(_SVG_START)
    while at != -1:
        yield at
        at = svgs.find(_SVG_START, at + 1)


_PDF_DATE = re.compile(rb"/CreationDate \(D:[0-9]{14}")


def _without_date(pdf: bytes) -> bytes:
    """The PDF with its creation date set to 1970, the same number of bytes long, so that
    the cross-reference offsets stay right and the same chart gives the same file (cairo
    ignores SOURCE_DATE_EPOCH before 1.18)."""
    return _PDF_DATE.sub(b"/CreationDate (D:19700101000000", pdf, count=1)


def _environment() -> dict[str, str]:
    # SOURCE_DATE_EPOCH keeps the date out of what newer cairo versions write.
    return {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0")}
