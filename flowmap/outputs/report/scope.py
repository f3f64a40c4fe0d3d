"""What a report covers: the map files, the processes, the date and the version of the maps.

The version is `git describe --always --dirty` of the repository the maps are in, else a
hash of the maps' bytes, so an auditor can tell later exactly which maps were audited. The
date is `SOURCE_DATE_EPOCH` when set (reproducible builds), else today (UTC).
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from flowmap.dates import today
from flowmap.i18n import _
from flowmap.model.org import Organisation

GIT_SECONDS = 10


@dataclass(frozen=True)
class Scope:
    files: list[str]
    processes: int
    steps: int
    date: str  # YYYY-MM-DD
    version: str  # "git <describe>" or "content sha256 <hex>"


def scope(org: Organisation, steps: int, date: str) -> Scope:
    files = sorted({the_map.file for the_map in org.maps})
    return Scope(files, len(org.processes), steps, date, maps_version(files))


def report_date(environ: dict[str, str] | None = None) -> str:
    """Today (UTC), or the day `SOURCE_DATE_EPOCH` names (`flowmap.dates`), as ISO text."""
    return today(environ).isoformat()


def maps_version(files: list[str]) -> str:
    described = _git_describe(files)
    if described:
        return f"git {described}"
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(Path(name).read_bytes())
        except OSError:
            digest.update(b"(unreadable)")
        digest.update(b"\0")
    return _("content sha256 {digest}").format(digest=digest.hexdigest()[:16])


def _git_describe(files: list[str]) -> str:
    """`git describe` of the one repository that tracks every file, else "" (a commit
    says nothing of a file git does not track)."""
    paths = [str(Path(name).resolve()) for name in files]
    folders = {str(Path(path).parent) for path in paths}  # maps share a few folders
    tops = {_git(folder, "rev-parse", "--show-toplevel") for folder in folders}
    if len(tops) != 1 or "" in tops:
        return ""
    top = tops.pop()
    if not _git(top, "ls-files", "--error-unmatch", "--", *paths):
        return ""
    return _git(top, "describe", "--always", "--dirty", "--tags")


def _git(folder: str, *arguments: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", folder, *arguments],
            capture_output=True,
            text=True,
            timeout=GIT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""
