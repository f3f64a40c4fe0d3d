"""Running Graphviz `dot`: which executable, with a timeout, and errors a user can act on."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from flowmap.outputs.registry import CHART_FORMATS as FORMATS

INSTALL_HINT = (
    "install Graphviz (Debian/Ubuntu: `sudo apt-get install graphviz`; Fedora: "
    "`sudo dnf install graphviz`; macOS: `brew install graphviz`), or name its `dot` "
    "with --dot PATH or the FLOWMAP_DOT environment variable; `--format dot` works without it"
)


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


def run_dot(dot_text: str, fmt: str, dot: str | None = None, timeout: float = 60) -> bytes:
    """Lay out `dot_text` with Graphviz and return the `fmt` output (svg, png, pdf).

    Raises GraphvizMissing when there is no `dot` to run, GraphvizFailed when it fails.
    """
    if fmt not in FORMATS or fmt == "dot":
        raise ValueError(f"Graphviz output format must be one of svg, png, pdf, not {fmt!r}")
    executable = find_dot(dot)
    try:
        done = subprocess.run(
            [executable, f"-T{fmt}"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
            env=_environment(),
        )
    except subprocess.TimeoutExpired as error:
        raise GraphvizFailed(
            f"Graphviz `dot` took longer than {timeout:g} s and was stopped; "
            "draw a smaller view (e.g. `--view around --id ID`)"
        ) from error
    except OSError as error:  # not executable, or vanished since `which`
        raise GraphvizMissing(
            f"cannot run Graphviz `dot` at {executable!r} ({error.strerror}); " + INSTALL_HINT
        ) from error
    if done.returncode != 0 or not done.stdout:
        said = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
        raise GraphvizFailed(f"Graphviz `dot` failed: {said}")
    return _without_date(done.stdout) if fmt == "pdf" else done.stdout


_PDF_DATE = re.compile(rb"/CreationDate \(D:[0-9]{14}")


def _without_date(pdf: bytes) -> bytes:
    """The PDF with its creation date set to 1970, the same number of bytes long, so that
    the cross-reference offsets stay right and the same chart gives the same file (cairo
    ignores SOURCE_DATE_EPOCH before 1.18)."""
    return _PDF_DATE.sub(b"/CreationDate (D:19700101000000", pdf, count=1)


def _environment() -> dict[str, str]:
    # SOURCE_DATE_EPOCH keeps the date out of what newer cairo versions write.
    return {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0")}
